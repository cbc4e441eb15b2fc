import { createClient } from "./vercel-client";

export const config = {
  baseUrl: "https://api.vercel.com",
  vercelToken: "7a7T4CFBol8B75avvNSKf0uk",
  retries: 2,
};

export default createClient(config);
