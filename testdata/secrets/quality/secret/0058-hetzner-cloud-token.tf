variable "hcloud_token" {
  type      = string
  default   = "mJUyyY5USUDRyxpo1F6AIPtI4LGmY3GkdzB0F0MnYcHkGDMHC6fXQ3353Vp0BecP"
  sensitive = true
}

resource "kubernetes_secret" "hcloud" {
  metadata { name = "hcloud" }
  data = { token = var.hcloud_token }
}
