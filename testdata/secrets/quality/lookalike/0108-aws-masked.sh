#!/usr/bin/env bash
set -euo pipefail

export AWS_ACCESS_KEY_ID="AKIA****************"

echo "syncing aws data"
./bin/aws-sync --env production
