variable "assets_acl" {
  description = "Canned ACL of the assets bucket (terraform.tfvars sets it)"
  type        = string
  default     = "private"
}

variable "public_website" {
  description = "Whether the website bucket is world-readable (terraform.tfvars sets it)"
  type        = bool
  default     = false
}

variable "backups_acl" {
  description = "Canned ACL of the backups bucket (terraform.tfvars overrides this default)"
  type        = string
  default     = "public-read"
}

variable "reports_db_public" {
  type    = bool
  default = true
}

variable "encrypt_volumes" {
  description = "deploy.auto.tfvars sets it"
  type        = bool
  default     = true
}

variable "rotate_keys" {
  type    = bool
  default = false
}

variable "ssh_source_ranges" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}
