#!/usr/bin/env bash
# trigger a reindex on the staging cluster
curl -sS -u admin:FOtzU.f~9F8VtA -X POST "https://es.acme.io:9200/products/_refresh"
