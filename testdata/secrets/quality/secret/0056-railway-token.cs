namespace Lumenworks.Integrations
{
    public static class RailwayTokenSettings
    {
        public const string BaseUrl = "https://backboard.railway.app/graphql/v2";
        public const string RailwayToken = "e10a64a4-57b5-4cba-8a23-ebc745f7c73e";
    }
}
