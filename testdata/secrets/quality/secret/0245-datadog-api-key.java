package com.orchardly.integrations;

public final class DdApiKeyConfig {
    public static final String BASE_URL = "https://api.datadoghq.com/api/v1";
    public static final String DD_API_KEY = "488f92fa7a8f018b82d1da63162e87c9";

    private DdApiKeyConfig() {}
}
