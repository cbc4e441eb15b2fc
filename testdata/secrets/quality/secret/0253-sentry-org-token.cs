namespace Quarrylane.Integrations
{
    public static class SentryAuthTokenSettings
    {
        public const string BaseUrl = "https://sentry.io/api/0";
        public const string SentryAuthToken = "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";
    }
}
