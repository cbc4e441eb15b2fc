#!/bin/sh
# purge everything after a release
curl -s -X POST -H 'Fastly-Key: MHR8fZfGmXV2mWDABs96CXSGdrF9oyf2' \
  https://api.fastly.com/service/PAxYDSFrb7XjuV6hshz8ZM/purge_all
