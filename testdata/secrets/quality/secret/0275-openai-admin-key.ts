import { createClient } from "./openai-client";

export const config = {
  baseUrl: "https://api.openai.com/v1",
  openaiAdminKey: "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",
  retries: 2,
};

export default createClient(config);
