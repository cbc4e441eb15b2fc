import { createClient } from "./dockerhub-client";

export const config = {
  baseUrl: "https://hub.docker.com/v2",
  dockerhubToken: "dckr_pat_qvY0nWWSFROXOiHluS0MGeCwzyW",
  retries: 2,
};

export default createClient(config);
