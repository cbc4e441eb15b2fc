#!/usr/bin/env bash
set -euo pipefail

export VAULT_TOKEN="hvs.EXAMPLE1234567890"

echo "syncing vault data"
./bin/vault-sync --env production
