#!/usr/bin/env bash
set -euo pipefail

export STRIPE_SECRET_KEY="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"

echo "syncing stripe data"
./bin/stripe-sync --env production
