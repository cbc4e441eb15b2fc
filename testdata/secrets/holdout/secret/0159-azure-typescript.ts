// src/config.ts
export const AZURE_CLIENT_SECRET = "HMN8Q~TuUjh0Ls3pgan_Fu_Xvt5h04BB~geTJ5Xl";
export const REQUEST_TIMEOUT_MS = 10_000;
