import Config

config :shop, Shop.Repo,
  username: "payments",
  password: "26L4F4WB~+=m~3~BV_XLo",
  hostname: "db-prod-01.internal",
  database: "billing",
  pool_size: 15
