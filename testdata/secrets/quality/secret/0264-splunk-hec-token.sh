#!/bin/sh
# smoke check against Splunk HEC
curl -fsS "https://http-inputs-orchardly.splunkcloud.com/services/collector/user" \
  -H "Authorization: Splunk cc049515-acb3-49a9-b721-5f8a0abee5bc" \
  -H "Accept: application/json"
