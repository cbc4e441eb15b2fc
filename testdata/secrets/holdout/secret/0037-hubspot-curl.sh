#!/usr/bin/env bash
# quick health probe used by the on-call runbook
curl -sS "https://api.hubapi.com/crm/v3/objects/contacts" \
  -H "Authorization: Bearer pat-na1-d7c272a4-37d9-4aba-991f-ccef8e4f6f43" \
  -H "Accept: application/json" | jq .
