export const mockConfig = {
  apiKey: "fake-api-key",
  endpoint: "http://localhost:4010",
};
