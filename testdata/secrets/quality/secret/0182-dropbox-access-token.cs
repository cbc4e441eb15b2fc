namespace Redwoodio.Integrations
{
    public static class DropboxAccessTokenSettings
    {
        public const string BaseUrl = "https://api.dropboxapi.com/2";
        public const string DropboxAccessToken = "sl.BeOuQUGpO_s3objREgBIoUCgrKF1RBce8RM-Qcwalv1gQ8_IjymvkqVp0YrBBPnjqwVWeVJ9rHO_TYyiM_VaA5TeENF7Xk_5WzSBaSuzUMXQTS3K0KocNTPuHHvJbdobJVC1ngte";
    }
}
