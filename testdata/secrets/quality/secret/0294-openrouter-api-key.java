package com.kestrel.integrations;

public final class OpenrouterApiKeyConfig {
    public static final String BASE_URL = "https://openrouter.ai/api/v1";
    public static final String OPENROUTER_API_KEY = "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";

    private OpenrouterApiKeyConfig() {}
}
