import { createClient } from "./launchdarkly-client";

export const config = {
  baseUrl: "https://sdk.launchdarkly.com",
  launchdarklySdkKey: "sdk-73f9ea80-3da2-4e11-b5e8-7b208d607ba1",
  retries: 2,
};

export default createClient(config);
