variable "shopify_access_token" {
  type      = string
  default   = "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"
  sensitive = true
}

resource "kubernetes_secret" "shopify" {
  metadata { name = "shopify" }
  data = { token = var.shopify_access_token }
}
