#!/usr/bin/env bash
set -euo pipefail

export GOCARDLESS_ACCESS_TOKEN="live_9SfWbzr2n9xSUj9D8mAbqyUKoIrv2hQcWMrCz4N1"

echo "syncing gocardless data"
./bin/gocardless-sync --env production
