import { createClient } from "./discord-client";

export const config = {
  baseUrl: "https://discord.com/api/v10",
  discordToken: "OTY1NzcyOTY0ODI3OTk5NzMzMQ.GItxRs.0qfqKS8sAKZJwB_V9RKGdT_sX90",
  retries: 2,
};

export default createClient(config);
