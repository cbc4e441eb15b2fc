package com.redwoodio.integrations;

public final class StripeWebhookSecretConfig {
    public static final String BASE_URL = "https://api.stripe.com/v1";
    public static final String STRIPE_WEBHOOK_SECRET = "whsec_I1H2GSCgdUiiMhg8VUT9g5347TgODgJd";

    private StripeWebhookSecretConfig() {}
}
