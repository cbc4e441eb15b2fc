provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "storage" {
  name     = "rg-storage-prod"
  location = "westeurope"
}

resource "azurerm_storage_account" "cdn_origin" {
  name                            = "acmecdnorigin"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_account" "documents" {
  name                            = "acmedocuments"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

# allow_nested_items_to_be_public left out.
resource "azurerm_storage_account" "telemetry" {
  name                     = "acmetelemetry"
  resource_group_name      = azurerm_resource_group.storage.name
  location                 = azurerm_resource_group.storage.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_container" "images" {
  name                  = "images"
  storage_account_id    = azurerm_storage_account.cdn_origin.id
  container_access_type = "blob"
}

resource "azurerm_storage_container" "downloads" {
  name                  = "downloads"
  storage_account_id    = azurerm_storage_account.cdn_origin.id
  container_access_type = "container"
}

resource "azurerm_storage_container" "contracts" {
  name                  = "contracts"
  storage_account_id    = azurerm_storage_account.documents.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "raw" {
  name               = "raw"
  storage_account_id = azurerm_storage_account.telemetry.id
}
