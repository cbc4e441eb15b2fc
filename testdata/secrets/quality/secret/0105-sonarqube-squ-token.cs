namespace Northwind.Integrations
{
    public static class SonarTokenSettings
    {
        public const string BaseUrl = "https://sonar.juniperhq.net";
        public const string SonarToken = "squ_bc519bf92d44db1925e99b97a2ae8bca791b13ff";
    }
}
