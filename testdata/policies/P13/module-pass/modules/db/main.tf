variable "identifier" {
  type = string
}

variable "storage_encrypted" {
  type    = bool
  default = false
}

resource "aws_db_instance" "this" {
  identifier                  = var.identifier
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = var.storage_encrypted
  publicly_accessible         = false
  skip_final_snapshot         = true
}

output "endpoint" {
  value = aws_db_instance.this.endpoint
}
