pub fn api_key() -> String {
    std::env::var("PARTNER_API_KEY").expect("PARTNER_API_KEY must be set")
}
