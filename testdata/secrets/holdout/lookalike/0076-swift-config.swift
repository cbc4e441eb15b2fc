enum Config {
    // TODO: move to the keychain before release
    static let apiKey = "YOUR-API-KEY"
}
