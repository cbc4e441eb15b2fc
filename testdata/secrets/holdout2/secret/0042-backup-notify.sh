#!/bin/bash
STATUS="$1"
curl -sS -X POST -H 'Content-type: application/json' \
  --data "{\"text\": \"backup ${STATUS} on $(hostname)\"}" \
  https://hooks.slack.com/services/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
