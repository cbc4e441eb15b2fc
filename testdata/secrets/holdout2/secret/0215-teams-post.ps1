param([string]$Message)
$hook = "https://lumenfield.webhook.office.com/webhookb2/33b0755b-18cb-4f2b-9208-fd225201b72b@f67063f0-a53b-4af4-b2f5-af1ccaf99710/IncomingWebhook/fcf90288cb407d31c8894c79dc1b7f06/546d3ad2-bde2-44f2-9439-0c1850e1930b"
$body = @{ text = $Message } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri $hook -Body $body -ContentType 'application/json'
