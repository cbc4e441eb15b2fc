package com.lumenworks.integrations;

public final class GemHostApiKeyConfig {
    public static final String BASE_URL = "https://rubygems.org";
    public static final String GEM_HOST_API_KEY = "rubygems_bf1d8ff0ac6ec8b31d4003e7d0807a4b316121458612f70e";

    private GemHostApiKeyConfig() {}
}
