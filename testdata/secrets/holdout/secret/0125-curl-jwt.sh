#!/usr/bin/env bash
TOKEN="eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkM2Q1ZDJiOS0wMThhLTQ0N2MtODBkYy1iODIwNDdmOTA0NDkiLCJlbWFpbCI6ImFuYUB2YW5kZWxheS5hcHAiLCJyb2xlIjoib3duZXIiLCJpYXQiOjE3MTgzNTkwNzQsImV4cCI6MTcyMDk1MTA3NH0.vDJhepYYGa6WimgjXnYL9nXOxe85ncp-cEotPOO-Opc"
curl -sS -H "Authorization: Bearer $TOKEN" https://api.vandelay.app/v1/exports | jq '.items | length'
