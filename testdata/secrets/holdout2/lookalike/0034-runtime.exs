import Config

if config_env() == :prod do
  config :shop, Shop.Repo,
    password: System.fetch_env!("DB_PASSWORD")
end
