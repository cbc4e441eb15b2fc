# Fill in and dot-source this file: . .\env.ps1
$env:API_KEY = '<paste key here>'
$env:API_REGION = 'eu'
