#!/bin/sh
# smoke check against Yandex Cloud
curl -fsS "https://llm.api.cloud.yandex.net/account" \
  -H "Authorization: Api-Key AQVNyqImf-jY1OgIOaeqYJi2YJJoLViaVNX-6b0w" \
  -H "Accept: application/json"
