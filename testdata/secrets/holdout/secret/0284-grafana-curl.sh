#!/usr/bin/env bash
# quick health probe used by the on-call runbook
curl -sS "https://umbrella.grafana.net/api/dashboards/home" \
  -H "Authorization: Bearer glsa_Mh76ZGGYzMBrVEbIrvJjnsMdpyLEmrvm_ff5e1e6d" \
  -H "Accept: application/json" | jq .
