import { createClient } from "./jwt-client";

export const config = {
  baseUrl: "https://api.jwt.io",
  jwtSecret: "TODO",
  retries: 2,
};

export default createClient(config);
