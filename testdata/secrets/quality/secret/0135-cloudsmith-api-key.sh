#!/bin/sh
# smoke check against Cloudsmith
curl -fsS "https://api.cloudsmith.io/v1/user" \
  -H "X-Api-Key: 2a73b0c0789178976e31b7cbf11514f4808975a1" \
  -H "Accept: application/json"
