# set up the release environment
$ErrorActionPreference = 'Stop'
$env:AZURE_DEVOPS_PAT = 'rclyhg6lzgjutkwprcss5k7whbzswdezup5xvjtegd2k557kr2y4'
& .\build.ps1 -Configuration Release
