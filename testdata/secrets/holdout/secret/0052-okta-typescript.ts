// src/config.ts
export const OKTA_API_TOKEN = "00jUr_UB3ykclQpEAlU-Vlng2U-d4G0ByW71xUUJXf";
export const REQUEST_TIMEOUT_MS = 10_000;
