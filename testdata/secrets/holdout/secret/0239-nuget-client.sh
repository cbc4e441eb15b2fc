#!/usr/bin/env bash
dotnet pack -c Release -o out
dotnet nuget push "out/*.nupkg" \
  --api-key oy2lmuz8e4q1k3cvflm4jqa8oqqur37ftdjgxitc9q49ue \
  --source https://api.nuget.org/v3/index.json
