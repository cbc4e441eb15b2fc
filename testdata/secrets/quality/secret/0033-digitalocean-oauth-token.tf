variable "do_oauth_token" {
  type      = string
  default   = "doo_v1_b40720c3a841cc62883b3402a0d829306ac160f3bb3a194e7c7e9245cf1e93e4"
  sensitive = true
}

resource "kubernetes_secret" "digitalocean" {
  metadata { name = "digitalocean" }
  data = { token = var.do_oauth_token }
}
