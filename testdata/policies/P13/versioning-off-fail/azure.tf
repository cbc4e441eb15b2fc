provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "storage" {
  name     = "rg-storage-prod"
  location = "westeurope"
}

resource "azurerm_storage_account" "docs" {
  name                            = "acmedocs"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false

  blob_properties {
    versioning_enabled = false
  }
}

resource "azurerm_storage_account" "data" {
  name                            = "acmedata"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false

  blob_properties {
    versioning_enabled = true
  }
}

# No blob_properties: nothing says versioning is off.
resource "azurerm_storage_account" "queues" {
  name                            = "acmequeues"
  resource_group_name             = azurerm_resource_group.storage.name
  location                        = azurerm_resource_group.storage.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false
}
