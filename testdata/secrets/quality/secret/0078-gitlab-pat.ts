import { createClient } from "./gitlab-client";

export const config = {
  baseUrl: "https://gitlab.com/api/v4",
  gitlabToken: "glpat-fKCA5bpEElCOdOHZGNd7",
  retries: 2,
};

export default createClient(config);
