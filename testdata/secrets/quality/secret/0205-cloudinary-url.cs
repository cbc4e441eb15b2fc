namespace Tidewater.Integrations
{
    public static class CloudinaryUrlSettings
    {
        public const string BaseUrl = "https://api.cloudinary.com";
        public const string CloudinaryUrl = "cloudinary://331568616109067:cWJzrTbZbxi9rSYKGWjJfnj5ddg@saltmarsh";
    }
}
