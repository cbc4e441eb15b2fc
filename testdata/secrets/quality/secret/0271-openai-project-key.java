package com.lumenworks.integrations;

public final class OpenaiApiKeyConfig {
    public static final String BASE_URL = "https://api.openai.com/v1";
    public static final String OPENAI_API_KEY = "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";

    private OpenaiApiKeyConfig() {}
}
