variable "mongo_url" {
  type      = string
  default   = "mongodb+srv://etl_loader:JIV3uIQJ7C35w~Ucf9c0.seW@cluster0.f051a.mongodb.net/ledger?retryWrites=true&w=majority"
  sensitive = true
}

resource "kubernetes_secret" "mongo" {
  metadata { name = "mongo" }
  data = { token = var.mongo_url }
}
