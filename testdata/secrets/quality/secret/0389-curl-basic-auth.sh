#!/bin/sh
curl -fsS -u "ci-bot:ucKC%M6v4~GAzjq" \
  https://nexus.juniperhq.net/service/rest/v1/components?repository=releases
