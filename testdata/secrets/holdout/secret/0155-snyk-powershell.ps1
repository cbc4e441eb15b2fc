# set up the release environment
$ErrorActionPreference = 'Stop'
$env:SNYK_TOKEN = 'e581ef94-2665-4511-ae84-89974df516f3'
& .\build.ps1 -Configuration Release
