package com.orchardly.integrations;

public final class NotionTokenConfig {
    public static final String BASE_URL = "https://api.notion.com/v1";
    public static final String NOTION_TOKEN = "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";

    private NotionTokenConfig() {}
}
