#!/usr/bin/env bash
set -euo pipefail

export JENKINS_API_TOKEN="111e3de4bb61ac507f33e9e03bb0abf403"

echo "syncing jenkins data"
./bin/jenkins-sync --env production
