# No defaults and no .tfvars: the values come from the pipeline (-var / TF_VAR_*).
variable "bucket_acl" {
  type = string
}

variable "versioning_status" {
  type = string
}

variable "db_public" {
  type = bool
}

variable "db_encrypted" {
  type = bool
}

variable "admin_cidrs" {
  type = list(string)
}

variable "rotate_keys" {
  type = bool
}

variable "policy_actions" {
  type = list(string)
}

variable "sql_networks" {
  type = string
}

variable "container_access" {
  type = string
}
