#!/usr/bin/env bash
set -euo pipefail

export PAGERDUTY_API_TOKEN="53s9FVQBO1LcX+RrVW11"

echo "syncing pagerduty data"
./bin/pagerduty-sync --env production
