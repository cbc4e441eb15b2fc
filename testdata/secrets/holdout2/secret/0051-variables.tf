variable "db_password" {
  type        = string
  description = "Master password for the RDS instance"
  default     = "GIaIZxqDVtjvaMJUoQpqJlSwg8m"
}
