provider "azurerm" {
  features {}
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
}

resource "azurerm_resource_group" "data" {
  name     = "rg-data-prod"
  location = "westeurope"
}

resource "azurerm_mssql_server" "main" {
  name                          = "acme-sql-prod"
  resource_group_name           = azurerm_resource_group.data.name
  location                      = azurerm_resource_group.data.location
  version                       = "12.0"
  administrator_login           = "sqladmin"
  administrator_login_password  = var.sql_admin_password
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}

resource "azurerm_mssql_database" "legacy" {
  name                                = "legacy"
  server_id                           = azurerm_mssql_server.main.id
  sku_name                            = "S1"
  transparent_data_encryption_enabled = false
}

resource "azurerm_mssql_database" "app" {
  name      = "app"
  server_id = azurerm_mssql_server.main.id
  sku_name  = "S2"
}

resource "azurerm_mssql_database" "audit" {
  name                                = "audit"
  server_id                           = azurerm_mssql_server.main.id
  sku_name                            = "S1"
  transparent_data_encryption_enabled = true
}
