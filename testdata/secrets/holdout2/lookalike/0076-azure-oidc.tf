provider "azurerm" {
  features {}
  subscription_id = "ab93fa40-423c-4aa5-85c9-efc7a99e2ab8"
  tenant_id       = "4e1b37bb-3d5c-4da0-b728-dd3894072c9f"
  use_oidc        = true
}
