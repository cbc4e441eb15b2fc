$ErrorActionPreference = 'Stop'
$env:AZURE_DEVOPS_EXT_PAT = 'f6zhdbodi2oyedu2bxkzbh3massuedhzzkafqp2lloyobyi2d75i'
az devops configure --defaults organization=https://dev.azure.com/saltmarsh project=Platform
az pipelines run --name nightly-build --branch main
