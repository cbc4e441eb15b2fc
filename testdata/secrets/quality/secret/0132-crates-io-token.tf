variable "cargo_registry_token" {
  type      = string
  default   = "cioUH7tNGlh5BoJDv6rDroe63ueWXx6fdia"
  sensitive = true
}

resource "kubernetes_secret" "crates" {
  metadata { name = "crates" }
  data = { token = var.cargo_registry_token }
}
