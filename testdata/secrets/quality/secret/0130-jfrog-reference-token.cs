namespace Cobaltbay.Integrations
{
    public static class JfrogAccessTokenSettings
    {
        public const string BaseUrl = "https://northwind.jfrog.io";
        public const string JfrogAccessToken = "cmVmdGtuOjAxOjE3Njc4OTUyNjM6RU54dmM1TTlUWjdoYXpxZHp5Z0dQdE5ZZWNY";
    }
}
