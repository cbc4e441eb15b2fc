package com.cyberdyne.config;

public final class ApiCredentials {
    public static final String DATABRICKS_TOKEN = "dapid3e4a9623cfa2fa4b00d5df96c2c38da";

    private ApiCredentials() {}
}
