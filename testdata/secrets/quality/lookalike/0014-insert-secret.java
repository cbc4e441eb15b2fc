package com.pinecrest.integrations;

public final class ClientSecretConfig {
    public static final String BASE_URL = "https://api.client.io";
    public static final String CLIENT_SECRET = "<insert-client-secret-here>";

    private ClientSecretConfig() {}
}
