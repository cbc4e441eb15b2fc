variable "gocardless_access_token" {
  description = "Credential used by the scheduler module"
  type        = string
  default     = "live_FtyhEu7vbNsxb07v9-52tQjpQomPpjy-IaRoKiXa"
}
