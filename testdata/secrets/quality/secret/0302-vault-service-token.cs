namespace Foxglove.Integrations
{
    public static class VaultTokenSettings
    {
        public const string BaseUrl = "https://vault.foxglove.net/v1";
        public const string VaultToken = "hvs.CAESIAXdw6tfhqfGpRBh6WM4gFaZU1mfI7Dpt1GH7W3R_A_AXRC43sacv76KFGVPJvJci4hodqjj3UIU_6NOht7BOqE";
    }
}
