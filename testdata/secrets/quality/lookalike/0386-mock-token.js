jest.mock("./auth", () => ({
  getToken: () => "mock-token",
}));
