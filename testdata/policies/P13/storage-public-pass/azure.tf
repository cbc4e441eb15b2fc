provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "storage" {
  name     = "rg-storage-prod"
  location = "westeurope"
}

resource "azurerm_storage_account" "documents" {
  name                            = "acmedocuments"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_container" "contracts" {
  name                  = "contracts"
  storage_account_id    = azurerm_storage_account.documents.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "scans" {
  name               = "scans"
  storage_account_id = azurerm_storage_account.documents.id
}
