REDIS_OPTIONS = {
  host: "cache.internal",
  port: 6380,
  password: 'X9-GH0&JFexTXxM@dwicEhUhM',
  ssl: true
}.freeze
