param([string]$Version)
dotnet pack -c Release -p:Version=$Version -o out
dotnet nuget push out/*.nupkg --api-key oy2xp4g774eg9evnuljfopxg534k98tptjggoonxa2impn --source https://api.nuget.org/v3/index.json
