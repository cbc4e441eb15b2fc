#!/usr/bin/env bash
set -euo pipefail

export GH_TOKEN="ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"

echo "syncing gh data"
./bin/gh-sync --env production
