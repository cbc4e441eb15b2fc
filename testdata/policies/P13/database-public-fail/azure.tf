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

resource "azurerm_postgresql_flexible_server_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

# The special "Allow access to Azure services" rule.
resource "azurerm_postgresql_flexible_server_firewall_rule" "azure_services" {
  name             = "allow-azure-services"
  server_id        = azurerm_postgresql_flexible_server.main.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_mysql_flexible_server" "main" {
  name                   = "acme-mysql-prod"
  resource_group_name    = azurerm_resource_group.data.name
  location               = azurerm_resource_group.data.location
  sku_name               = "GP_Standard_D2ds_v4"
  administrator_login    = "mysqladmin"
  administrator_password = var.db_admin_password
}

resource "azurerm_mysql_flexible_server_firewall_rule" "everyone" {
  name                = "everyone"
  resource_group_name = azurerm_resource_group.data.name
  server_name         = azurerm_mysql_flexible_server.main.name
  start_ip_address    = "0.0.0.0"
  end_ip_address      = "255.255.255.255"
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

resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "everyone"
  server_id        = azurerm_mssql_server.main.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_mssql_server.main.id
  start_ip_address = "203.0.113.10"
  end_ip_address   = "203.0.113.20"
}

# Single servers (deprecated resources, still found in older code).
resource "azurerm_postgresql_server" "legacy" {
  name                         = "acme-pg-legacy"
  resource_group_name          = azurerm_resource_group.data.name
  location                     = azurerm_resource_group.data.location
  sku_name                     = "GP_Gen5_2"
  version                      = "11"
  administrator_login          = "pgadmin"
  administrator_login_password = var.db_admin_password
  ssl_enforcement_enabled      = true
}

resource "azurerm_postgresql_firewall_rule" "everyone" {
  name                = "everyone"
  resource_group_name = azurerm_resource_group.data.name
  server_name         = azurerm_postgresql_server.legacy.name
  start_ip_address    = "0.0.0.0"
  end_ip_address      = "255.255.255.255"
}

resource "azurerm_mysql_server" "legacy" {
  name                         = "acme-mysql-legacy"
  resource_group_name          = azurerm_resource_group.data.name
  location                     = azurerm_resource_group.data.location
  sku_name                     = "GP_Gen5_2"
  version                      = "8.0"
  administrator_login          = "mysqladmin"
  administrator_login_password = var.db_admin_password
  ssl_enforcement_enabled      = true
}

resource "azurerm_mysql_firewall_rule" "office" {
  name                = "office"
  resource_group_name = azurerm_resource_group.data.name
  server_name         = azurerm_mysql_server.legacy.name
  start_ip_address    = "203.0.113.10"
  end_ip_address      = "203.0.113.20"
}
