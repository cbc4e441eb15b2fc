import { createClient } from "./wandb-client";

export const config = {
  baseUrl: "https://api.wandb.ai",
  wandbApiKey: "6382791cc0897351f3ea2166d7de6e7ea63220d1",
  retries: 2,
};

export default createClient(config);
