variable "teams_webhook_url" {
  type      = string
  default   = "https://kestrel.webhook.office.com/webhookb2/356aec83-2ca4-4e29-8dd3-0f0efbaee969@1faa69f4-c2fd-4da6-95ae-9ec314354520/IncomingWebhook/651c582c7b9ef417642bc16f62df2345/713a1294-0ee5-4c74-9ffe-9825f45dc069"
  sensitive = true
}

resource "kubernetes_secret" "teams" {
  metadata { name = "teams" }
  data = { token = var.teams_webhook_url }
}
