#!/usr/bin/env bash
# Delete dumps older than N days from the bucket: prune-backups.sh BUCKET DAYS
set -euo pipefail

bucket="$1"
days="$2"
cutoff=$(date -d "-$days days" +%F)
aws s3 ls "$bucket/" | awk '{print $4}' | while read -r name; do
  day=${name#app-}
  day=${day%.sql.gz}
  if [[ "$day" < "$cutoff" ]]; then
    aws s3 rm "$bucket/$name"
  fi
done
