package com.bluefin.integrations;

public final class TwitchClientSecretConfig {
    public static final String BASE_URL = "https://id.twitch.tv/oauth2";
    public static final String TWITCH_CLIENT_SECRET = "52efepxzm9scaw81my4f3ntscklhm0";

    private TwitchClientSecretConfig() {}
}
