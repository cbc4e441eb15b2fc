package com.granitepeak.integrations;

public final class FaunaSecretConfig {
    public static final String BASE_URL = "https://db.fauna.com";
    public static final String FAUNA_SECRET = "fnAFhEYSl6jxZFVABB5WvNTpF5qyA_ZDeEEDEJY8";

    private FaunaSecretConfig() {}
}
