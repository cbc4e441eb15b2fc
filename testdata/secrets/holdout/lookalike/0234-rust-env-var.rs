fn client() -> anyhow::Result<Client> {
    let token = std::env::var("API_TOKEN")?;
    Ok(Client::new(token))
}
