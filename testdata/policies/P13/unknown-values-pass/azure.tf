provider "azurerm" {
  features {}
}

data "azurerm_storage_account" "shared" {
  name                = "acmeshared"
  resource_group_name = "rg-shared"
}

resource "azurerm_storage_container" "uploads" {
  name                  = "uploads"
  storage_account_id    = data.azurerm_storage_account.shared.id
  container_access_type = var.container_access
}
