variable "trigger_token" {
  type      = string
  default   = "glptt-75bc449a77f12324eae51c8b22151c95060af10c"
  sensitive = true
}

resource "kubernetes_secret" "gitlab" {
  metadata { name = "gitlab" }
  data = { token = var.trigger_token }
}
