provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "network" {
  name     = "rg-network-prod"
  location = "westeurope"
}

resource "azurerm_network_watcher" "main" {
  name                = "nw-westeurope"
  location            = azurerm_resource_group.network.location
  resource_group_name = azurerm_resource_group.network.name
}

resource "azurerm_network_security_group" "web" {
  name                = "nsg-web"
  location            = azurerm_resource_group.network.location
  resource_group_name = azurerm_resource_group.network.name
}

resource "azurerm_network_security_group" "app" {
  name                = "nsg-app"
  location            = azurerm_resource_group.network.location
  resource_group_name = azurerm_resource_group.network.name
}

resource "azurerm_storage_account" "flow_logs" {
  name                            = "acmeflowlogs"
  resource_group_name             = azurerm_resource_group.network.name
  location                        = azurerm_resource_group.network.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_network_watcher_flow_log" "web" {
  name                 = "flow-web"
  network_watcher_name = azurerm_network_watcher.main.name
  resource_group_name  = azurerm_resource_group.network.name
  target_resource_id   = azurerm_network_security_group.web.id
  storage_account_id   = azurerm_storage_account.flow_logs.id
  enabled              = false

  retention_policy {
    enabled = true
    days    = 90
  }
}

resource "azurerm_network_watcher_flow_log" "app" {
  name                 = "flow-app"
  network_watcher_name = azurerm_network_watcher.main.name
  resource_group_name  = azurerm_resource_group.network.name
  target_resource_id   = azurerm_network_security_group.app.id
  storage_account_id   = azurerm_storage_account.flow_logs.id
  enabled              = true

  retention_policy {
    enabled = true
    days    = 90
  }
}
