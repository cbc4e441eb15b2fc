import { createClient } from "./sops-client";

export const config = {
  baseUrl: "https://github.com",
  sopsAgeKey: "AGE-SECRET-KEY-13YSPVM2UAC8E6DJ32YJQVD6YM9Q44GTTJSQRRU5HKGW2LZUEMP7XTYSLRR",
  retries: 2,
};

export default createClient(config);
