package com.meridian.integrations;

public final class GoogleAccessTokenConfig {
    public static final String BASE_URL = "https://www.googleapis.com";
    public static final String GOOGLE_ACCESS_TOKEN = "ya29.a0-KEm5tb4w8baw8OLvSyMdqXxfVPXFzXv9DgaRKnfpLd1tgb_reCeCRI9lr93ZxaEv3Mz2c-IQUnyiJm2bi60tuYxm5J8fU6WAj9qZ0LRb-FQwh4xtQugXIplN1OmozkpdWGxN2iP1XELaQ97dI7JpDY9JCoqlybEYiBTCqi0OBPucG7giLud";

    private GoogleAccessTokenConfig() {}
}
