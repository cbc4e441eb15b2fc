#!/bin/sh
# smoke check against SendGrid
curl -fsS "https://api.sendgrid.com/v3/user" \
  -H "Authorization: Bearer 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" \
  -H "Accept: application/json"
