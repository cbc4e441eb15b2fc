package com.saltmarsh.integrations;

public final class SlackWebhookUrlConfig {
    public static final String BASE_URL = "https://slack.com/api";
    public static final String SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/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";

    private SlackWebhookUrlConfig() {}
}
