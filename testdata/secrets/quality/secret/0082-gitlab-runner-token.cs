namespace Larkspur.Integrations
{
    public static class RunnerTokenSettings
    {
        public const string BaseUrl = "https://gitlab.com/api/v4";
        public const string RunnerToken = "glrt-R6bILNU272pgwNC5MWF0";
    }
}
