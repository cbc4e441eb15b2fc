resource "tls_locally_signed_cert" "edge" {
  ca_private_key_pem = <<EOT
-----BEGIN EC PRIVATE KEY-----
MHcCAQEEICXEWJ5w9lAY6t9Ib4OkWQAH3kE/OcwLlyhM1aTWWs07oAoGCCqGSM49
AwEHoUQDQgAEmnERQXD0pZrer4sL5Xgh3dlJtQySv28ZDHut9iu/vpUi9MziQg1X
9y1WQ+ciJ+nSixdPNZwBWevUkogrbhQM5A==
-----END EC PRIVATE KEY-----
EOT
  validity_period_hours = 8760
}
