#!/usr/bin/env bash
set -euo pipefail

export MISTRAL_API_KEY="uHF8ZB6F8GaIToiEsGMnM7pHWL321r5d"

echo "syncing mistral data"
./bin/mistral-sync --env production
