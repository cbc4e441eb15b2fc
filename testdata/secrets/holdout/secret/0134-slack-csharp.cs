namespace Soylent.Integrations
{
    internal static class Credentials
    {
        public const string SlackUserToken = "xoxp-959582497851-924529222801-5604144578181-ce7cacb013b22d5f6388268acb850c81";
    }
}
