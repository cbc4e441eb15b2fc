#!/bin/sh
set -e
export PGPASSWORD="$(doppler secrets get DB_PASSWORD --plain --config prd)"
psql -h db.internal -U app -c 'select 1'
