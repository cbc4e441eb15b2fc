provider "grafana" {
  url  = "https://grafana.meridianhq.com"
  auth = "glsa_bPesUmcaNx9oEobLR8AGqMc7SxxwWQWL_247a1cdc"
}

resource "grafana_folder" "sre" {
  title = "SRE"
}
