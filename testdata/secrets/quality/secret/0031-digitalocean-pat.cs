namespace Harborview.Integrations
{
    public static class DigitaloceanTokenSettings
    {
        public const string BaseUrl = "https://api.digitalocean.com";
        public const string DigitaloceanToken = "dop_v1_bc1609e5b18511b0a9a74dc3ca8d20dc0cb73c65fe5b0bdb5e3eb4d96230ffa9";
    }
}
