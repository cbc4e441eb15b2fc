import Config

config :shop, Shop.Repo,
  username: "shop",
  password: "cc^Hsm2YDxwIAW%h0PDWUYd%K936o",
  hostname: "pg-primary.prod.svc",
  pool_size: 15
