package com.pinecrest.integrations;

public final class GhTokenConfig {
    public static final String BASE_URL = "https://api.github.com";
    public static final String GH_TOKEN = "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";

    private GhTokenConfig() {}
}
