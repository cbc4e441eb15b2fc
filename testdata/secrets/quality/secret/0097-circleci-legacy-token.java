package com.foxglove.integrations;

public final class CircleciTokenConfig {
    public static final String BASE_URL = "https://circleci.com/api/v2";
    public static final String CIRCLECI_TOKEN = "c2536d20b1d5b940b539de8d8281d4e75a36b9f1";

    private CircleciTokenConfig() {}
}
