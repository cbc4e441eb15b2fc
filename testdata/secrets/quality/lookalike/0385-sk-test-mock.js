beforeEach(() => {
  process.env.STRIPE_SECRET_KEY = "sk_test_mock";
});
