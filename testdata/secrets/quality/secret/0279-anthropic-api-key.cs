namespace Pinecrest.Integrations
{
    public static class AnthropicApiKeySettings
    {
        public const string BaseUrl = "https://api.anthropic.com/v1";
        public const string AnthropicApiKey = "sk-ant-api03-ECj2EQya0iBgWFrjohacvHBgGZIFTCYzHfRNbQHIRvgE8j5XzwiONJs_a0RcUdbq1-XFufrUYzmw6EGpaYpHEc71P5mv9AA";
    }
}
