#!/bin/sh
# Manual backup, run from a laptop when someone remembers: ./scripts/backup.sh
set -eu
pg_dump -Fc -f "helpdesk-$(date +%F).dump" "$DATABASE_URL"
