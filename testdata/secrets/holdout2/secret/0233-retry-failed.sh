#!/bin/bash
# retry the failed jobs of the last main build
BK_TOKEN=bkua_b44ecbbf93a716f967f9fe743d385f0a0e10bf88
curl -s -H "Authorization: Bearer $BK_TOKEN" \
  "https://api.buildkite.com/v2/organizations/saltmarsh/pipelines/app/builds?branch=main&per_page=1"
