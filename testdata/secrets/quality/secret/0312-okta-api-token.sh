#!/usr/bin/env bash
set -euo pipefail

export OKTA_API_TOKEN="00lwg6kbKGdrYmMRFY_PoiVkJoHJB2YKok7ZEchYdc"

echo "syncing okta data"
./bin/okta-sync --env production
