variable "vault_token" {
  type      = string
  default   = "s.DFWQFNxPHq8X1OXwYVNBAe2M"
  sensitive = true
}

resource "kubernetes_secret" "vault" {
  metadata { name = "vault" }
  data = { token = var.vault_token }
}
