#!/usr/bin/env bash
set -euo pipefail

export ALGOLIA_ADMIN_API_KEY="adf9298a67a35ea89063ad91a67a91db"

echo "syncing algolia data"
./bin/algolia-sync --env production
