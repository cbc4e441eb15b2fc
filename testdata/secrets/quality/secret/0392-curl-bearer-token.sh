#!/bin/sh
curl -s \
  -H "Authorization: Bearer 4Y1snzqQIfbgURctj4wiiJ6tZPHDz05D96kwOnWF" \
  https://api.bluefin.net/v2/reports?since=7d | jq .
