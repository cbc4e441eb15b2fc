import { createClient } from "./linear-client";

export const config = {
  baseUrl: "https://api.linear.app/graphql",
  linearApiKey: "lin_api_yXNq5ZMKpvchdzNwuQSfhaVsOwzavJzV7iixYyL5",
  retries: 2,
};

export default createClient(config);
