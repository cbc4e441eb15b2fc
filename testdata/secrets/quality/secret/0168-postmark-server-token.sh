#!/usr/bin/env bash
set -euo pipefail

export POSTMARK_SERVER_TOKEN="1ad0a067-e023-4d6c-94ac-edb705e28d07"

echo "syncing postmark data"
./bin/postmark-sync --env production
