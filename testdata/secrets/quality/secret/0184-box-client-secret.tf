variable "box_client_secret" {
  type      = string
  default   = "GN4UqU6tfrZHX5WZ2TvDoKz8K1QSBff6"
  sensitive = true
}

resource "kubernetes_secret" "box" {
  metadata { name = "box" }
  data = { token = var.box_client_secret }
}
