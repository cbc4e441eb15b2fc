#!/bin/sh
curl -s https://api.pagerduty.com/incidents?statuses[]=triggered \
  -H 'Accept: application/vnd.pagerduty+json;version=2' \
  -H 'Authorization: Token token=fbd1OpnxjeMSmmuXq6vq' | jq '.incidents[].title'
