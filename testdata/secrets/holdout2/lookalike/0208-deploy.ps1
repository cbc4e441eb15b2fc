$ErrorActionPreference = 'Stop'
$headers = @{ Authorization = "Bearer $($env:DEPLOY_TOKEN)" }
Invoke-RestMethod -Uri $env:DEPLOY_URL -Headers $headers -Method Post
