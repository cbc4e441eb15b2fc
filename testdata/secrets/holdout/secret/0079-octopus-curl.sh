#!/usr/bin/env bash
# quick health probe used by the on-call runbook
curl -sS "https://octopus.initech.co/api/projects" \
  -H "X-Octopus-ApiKey: API-PP2I9VJ5JOW2LPM3DHZZESWRGW" \
  -H "Accept: application/json" | jq .
