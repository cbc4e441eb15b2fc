variable "sonar_token" {
  type      = string
  default   = "sqa_9c03fb424d0a1e26e5bbc57cd5c28c2ad67837eb"
  sensitive = true
}

resource "kubernetes_secret" "sonar" {
  metadata { name = "sonar" }
  data = { token = var.sonar_token }
}
