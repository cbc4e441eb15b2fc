import { createClient } from "./entra-client";

export const config = {
  baseUrl: "https://login.microsoftonline.com",
  azureClientSecret: "JO68Q~0WHqs3OTusLChcYOLBBo_.bS4~3K.sKrEY",
  retries: 2,
};

export default createClient(config);
