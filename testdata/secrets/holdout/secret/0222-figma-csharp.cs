namespace Initech.Integrations
{
    internal static class Credentials
    {
        public const string FigmaToken = "figd_rKsq0X8ti6Q9uZCA6R0g5oEWWeAhYvaaPXBrATIe";
    }
}
