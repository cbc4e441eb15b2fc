provider "azurerm" {
  features {}
  subscription_id = "de5b1092-9aff-41b4-9013-ba001de22527"
}
