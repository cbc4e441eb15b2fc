provider "azurerm" {
  features {}
}

variable "db_admin_password" {
  type      = string
  sensitive = true
}

resource "azurerm_resource_group" "data" {
  name     = "rg-data-prod"
  location = "westeurope"
}

resource "azurerm_mssql_server" "main" {
  name                         = "acme-sql-prod"
  resource_group_name          = azurerm_resource_group.data.name
  location                     = azurerm_resource_group.data.location
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = var.db_admin_password
  minimum_tls_version          = "1.2"
}

resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_mssql_server.main.id
  start_ip_address = "203.0.113.10"
  end_ip_address   = "203.0.113.20"
}

resource "azurerm_mysql_flexible_server" "main" {
  name                   = "acme-mysql-prod"
  resource_group_name    = azurerm_resource_group.data.name
  location               = azurerm_resource_group.data.location
  sku_name               = "GP_Standard_D2ds_v4"
  administrator_login    = "mysqladmin"
  administrator_password = var.db_admin_password
}

resource "azurerm_mysql_flexible_server_firewall_rule" "vpn" {
  name                = "vpn"
  resource_group_name = azurerm_resource_group.data.name
  server_name         = azurerm_mysql_flexible_server.main.name
  start_ip_address    = "198.51.100.7"
  end_ip_address      = "198.51.100.7"
}

resource "azurerm_postgresql_flexible_server" "main" {
  name                   = "acme-pg-prod"
  resource_group_name    = azurerm_resource_group.data.name
  location               = azurerm_resource_group.data.location
  version                = "16"
  sku_name               = "GP_Standard_D2ds_v5"
  storage_mb             = 65536
  administrator_login    = "pgadmin"
  administrator_password = var.db_admin_password
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = "203.0.113.10"
  end_ip_address   = "203.0.113.20"
}
