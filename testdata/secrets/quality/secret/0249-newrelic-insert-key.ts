import { createClient } from "./newrelic-client";

export const config = {
  baseUrl: "https://insights-collector.newrelic.com",
  newRelicInsertKey: "NRII-l_tnVD40BfYjrwxqpbRnVkXkFB1xOou4",
  retries: 2,
};

export default createClient(config);
