resource "tls_locally_signed_cert" "svc" {
  cert_request_pem   = file("svc.csr")
  ca_private_key_pem = <<-EOT
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgG6gJoU3moQwb5Iw2
    0ZVbDS3uxYSZ3jTkJ6IAaJhSdv2hRANCAASFNMIU/70tPSaV+js/TUBLOrkaR1cc
    KjGsZ2fbMr17p573TEANEM50BZdT9EQWE13S7DJX3YF0m0hJE++pv1lL
    -----END PRIVATE KEY-----
  EOT
  ca_cert_pem        = file("ca.crt")
}
