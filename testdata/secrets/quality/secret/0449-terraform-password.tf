resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t4g.medium"
  username       = "dbadmin"
  password       = "8Wd_zx%#292pfe"
}
