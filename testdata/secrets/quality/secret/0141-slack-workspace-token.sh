#!/usr/bin/env bash
set -euo pipefail

export SLACK_WORKSPACE_TOKEN="xoxa-2-849905243646-177721436199-1124203715767-00c2f2526aa9d6bd4bf04f86ec26c76e849024994a4064dccf6a8ab2e6c1c524"

echo "syncing slack data"
./bin/slack-sync --env production
