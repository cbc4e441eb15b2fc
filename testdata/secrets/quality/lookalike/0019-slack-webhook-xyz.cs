namespace Juniperhq.Integrations
{
    public static class SlackWebhookSettings
    {
        public const string BaseUrl = "https://api.slack.io";
        public const string SlackWebhook = "https://hooks.slack.com/services/XXX/YYY/ZZZ";
    }
}
