#!/usr/bin/env bash
set -euo pipefail

rm -rf vendor/silverpine-proto
git clone --depth 1 https://x-access-token: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@github.com/silverpine/proto.git vendor/silverpine-proto
make -C vendor/silverpine-proto gen
