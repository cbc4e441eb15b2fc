variable "prefect_api_key" {
  type      = string
  default   = "pnu_J44Idh3ZQ1UFnSTAyWs9ippvfO57W2iKRsQD"
  sensitive = true
}

resource "kubernetes_secret" "prefect" {
  metadata { name = "prefect" }
  data = { token = var.prefect_api_key }
}
