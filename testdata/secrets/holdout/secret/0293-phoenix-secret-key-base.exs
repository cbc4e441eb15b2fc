import Config

config :shop, ShopWeb.Endpoint,
  url: [host: "shop.oscorp.tech", port: 443],
  secret_key_base: "D2TYgR5kTubzJDLrTYbsd0wdp6GWepkjJsDZswHjRKlNWRYJNDv8a+/AEvH7Y3vQ"
