data "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/orders/db"
}

locals {
  db = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)
}
