import { maskKey } from "../src/mask";

it("masks live keys", () => {
  expect(maskKey("sk_live_xxxxxxxxxxxxxxxxxxxxxxxx")).toBe("sk_live_…xxxx");
});
