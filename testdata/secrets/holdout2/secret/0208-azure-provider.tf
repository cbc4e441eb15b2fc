provider "azurerm" {
  features {}
  subscription_id = "d164f7ad-63b7-43b4-8098-d03c35172c25"
  tenant_id       = "dfec44ad-1abc-4610-b1e2-91cf645a1bf8"
  client_id       = "c0a5569c-d13a-4176-82da-5e599fc8fc31"
  client_secret   = "kdN3Q~k2I~s4t~sVvWUYOxtQdCdOxCQ0fZffSXMU"
}
