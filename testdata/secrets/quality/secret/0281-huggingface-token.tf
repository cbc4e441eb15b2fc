variable "hf_token" {
  type      = string
  default   = "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"
  sensitive = true
}

resource "kubernetes_secret" "huggingface" {
  metadata { name = "huggingface" }
  data = { token = var.hf_token }
}
