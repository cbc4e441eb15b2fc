import { createClient } from "./braintree-client";

export const config = {
  baseUrl: "https://payments.braintree-api.com/graphql",
  braintreeAccessToken: "access_token$production$16nlc6pxld7rc4j6$a82e590a0edb62642b429f72c39f8d4a",
  retries: 2,
};

export default createClient(config);
