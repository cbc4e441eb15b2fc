object ApiConfig {
    // Get a key at https://console.developer.provider.com
    const val API_KEY = "YOUR_API_KEY_HERE"
}
