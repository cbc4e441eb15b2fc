package com.bluefin.integrations;

public final class HerokuApiKeyConfig {
    public static final String BASE_URL = "https://api.heroku.com";
    public static final String HEROKU_API_KEY = "e5c10d04-0eac-46d3-a5b8-d948964dbb1c";

    private HerokuApiKeyConfig() {}
}
