import Config

config :ingest, :integration,
  github_token: "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",
  pool_size: 10
