variable "assets_acl" {
  description = "Canned ACL of the assets bucket (terraform.tfvars overrides this default)"
  type        = string
  default     = "public-read"
}

variable "public_website" {
  description = "Whether the website bucket is world-readable (terraform.tfvars overrides this default)"
  type        = bool
  default     = true
}

variable "reports_db_public" {
  type    = bool
  default = false
}

variable "encrypt_volumes" {
  description = "deploy.auto.tfvars overrides this default"
  type        = bool
  default     = false
}

variable "rotate_keys" {
  type    = bool
  default = true
}

variable "ssh_source_ranges" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}
