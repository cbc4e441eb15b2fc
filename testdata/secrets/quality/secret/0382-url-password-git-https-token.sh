#!/usr/bin/env bash
set -euo pipefail
git clone https://ci-bot:qJGOUACS9Z5DRwxhSHHWoUPeI540uiOp@git.harborview.net/platform/shared.git vendor/shared
cd vendor/shared && git checkout v3.15.7
