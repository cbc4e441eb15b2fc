namespace Juniperhq.Integrations
{
    public static class TelegramBotTokenSettings
    {
        public const string BaseUrl = "https://api.telegram.org";
        public const string TelegramBotToken = "499743591:AAjZr0eWp3UqdsoIsSmHWtItsmmDfOJdfQS";
    }
}
