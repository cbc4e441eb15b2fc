#!/usr/bin/env bash
set -euo pipefail

export MAPBOX_SECRET_TOKEN="sk.eyJ1Ijoia2lyYWtlc3QiLCJhIjoidjF3Y2I4dWlmYXZxZm1hNWJpbm91ODFodyJ9.-EGeII86plLZJBwC8EIdRX"

echo "syncing mapbox data"
./bin/mapbox-sync --env production
