locals {
  log_bucket = "acme-access-logs"
  vpn_prefix = "10.8"
  admin_cidr = "${local.vpn_prefix}.0.0/16"
  ssh_port   = 22
}
