namespace Larkspur.Integrations
{
    public static class ShopifyApiSecretSettings
    {
        public const string BaseUrl = "https://granitepeak.myshopify.com/admin/api/2024-04";
        public const string ShopifyApiSecret = "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";
    }
}
