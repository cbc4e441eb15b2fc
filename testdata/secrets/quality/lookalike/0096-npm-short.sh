#!/usr/bin/env bash
set -euo pipefail

export NPM_TOKEN="npm_Myv5H77Rws"

echo "syncing npm data"
./bin/npm-sync --env production
