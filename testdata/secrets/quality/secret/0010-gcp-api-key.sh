#!/usr/bin/env bash
set -euo pipefail

export GOOGLE_MAPS_API_KEY="AIzaSyxbu-EPzmmcqX6zEXKmRDkw8mvK0hj1A7m"

echo "syncing maps data"
./bin/maps-sync --env production
