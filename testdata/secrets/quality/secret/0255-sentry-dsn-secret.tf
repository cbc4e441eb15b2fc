variable "sentry_dsn" {
  type      = string
  default   = "https://434b66f9964b9e47632813d8ff59e28e:a37abac6ca705bf0e35bc654e1953cda@o133369.ingest.sentry.io/4903627"
  sensitive = true
}

resource "kubernetes_secret" "sentry" {
  metadata { name = "sentry" }
  data = { token = var.sentry_dsn }
}
