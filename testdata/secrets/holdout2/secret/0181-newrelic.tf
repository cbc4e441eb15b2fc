terraform {
  required_providers {
    newrelic = { source = "newrelic/newrelic" }
  }
}
provider "newrelic" {
  account_id = 4697690
  api_key    = "NRAK-NJMF2IZRANU5Q5BZQSX7O8SS577"
  region     = "US"
}
