template {
  data = <<EOH
{{ with secret "kv/data/orders/db" }}
DB_PASSWORD={{ .Data.data.password }}
{{ end }}
EOH
  destination = "secrets/db.env"
  env = true
}
