resource "random_password" "db" {
  length  = 32
  special = true
}

resource "azurerm_mssql_server" "main" {
  administrator_login          = "sqladmin"
  administrator_login_password = random_password.db.result
}
