#!/bin/sh
OKTA=https://driftwood.okta.com
curl -s -H 'Accept: application/json' -H 'Authorization: SSWS 00aEgtRMGVZAfN9yBq5j_hwAfLWRBy3LAp8-PyQYYU' \
  "$OKTA/api/v1/users?filter=status+eq+%22LOCKED_OUT%22"
