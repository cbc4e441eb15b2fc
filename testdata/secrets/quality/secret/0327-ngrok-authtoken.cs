namespace Orchardly.Integrations
{
    public static class NgrokAuthtokenSettings
    {
        public const string BaseUrl = "https://api.ngrok.com";
        public const string NgrokAuthtoken = "2oaRxx7BevueuOEr1uxjMyCvSEu_FoS4cXiJ9rnyIDH8Yu0eI";
    }
}
