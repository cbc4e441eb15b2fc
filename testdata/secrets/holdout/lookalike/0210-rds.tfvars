# terraform.tfvars.example
db_username = "app"
db_password = "CHANGE_ME"
