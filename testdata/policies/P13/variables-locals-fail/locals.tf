locals {
  log_bucket  = "acme-access-logs"
  anywhere    = "0.0.0.0"
  admin_cidr  = "${local.anywhere}/0"
  office_cidr = "203.0.113.0/24"
  ssh_port    = 22
  rdp_port    = 3389
}
