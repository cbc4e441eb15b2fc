#!/usr/bin/env bash
set -euo pipefail

export GH_TOKEN="ghu_sFzhfJb9vGFL3RlbhkL3a1mqT06TvD20DtPT"

echo "syncing github data"
./bin/github-sync --env production
