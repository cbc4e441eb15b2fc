#!/usr/bin/env bash
# Fetch the newest plain-SQL dump, load it with psql into $TARGET_URL and check a few counts.
set -euo pipefail

bucket="$1"
newest=$(aws s3 ls "$bucket/" | sort | tail -n 1 | awk '{print $4}')
aws s3 cp "$bucket/$newest" dump.sql.gz

gunzip -c dump.sql.gz | psql --set ON_ERROR_STOP=1 --quiet "$TARGET_URL"

users=$(psql -tA "$TARGET_URL" -c 'SELECT count(*) FROM users')
if [ "$users" -eq 0 ]; then
  echo "restored database has no users" >&2
  exit 1
fi
echo "restore OK: $users users"
