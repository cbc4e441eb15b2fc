#!/bin/sh
# smoke check against Grafana
curl -fsS "https://kestrel.grafana.net/api/me" \
  -H "Authorization: Bearer glsa_rmDrrFFUJuVq9pddpIiEGc23bW0uqN9u_576863cf" \
  -H "Accept: application/json"
