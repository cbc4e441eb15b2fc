#!/usr/bin/env bash
set -euo pipefail

export CLOUDFLARE_ORIGIN_CA_KEY="v1.0-0b1b22ea783db2eff0b9c960-d811e2cbd66051f272c8bdb7eac95aeb1d1a8e0e4da2bec0f04586eb4b6d63adc60e355e3a3a430811c7565a841894b1e93b9b5a8c5f74eddc2809fbc60f2ce77a0c717f411b5dea87"

echo "syncing cloudflare data"
./bin/cloudflare-sync --env production
