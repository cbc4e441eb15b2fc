package com.umbrella.config;

public final class ApiCredentials {
    public static final String NPM_TOKEN = "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";

    private ApiCredentials() {}
}
