import Config

config :metrics, :integration,
  contentful_management_token: "CFPAT-_cV3nL4tA5Im9-d8lSbv36kulbXxeZ7THxmbNoMM5WD",
  pool_size: 10
