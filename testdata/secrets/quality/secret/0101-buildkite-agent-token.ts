import { createClient } from "./buildkite-client";

export const config = {
  baseUrl: "https://agent.buildkite.com",
  buildkiteAgentToken: "gay2cf50l8f810eam1xyxkhtesvfb9s5pupwmhztzpboey11ia",
  retries: 2,
};

export default createClient(config);
