#!/bin/sh
# Unpack the newest base backup into a scratch data directory, start a throwaway server on it
# and run a query.
set -eu

newest=$(ls -1dt /backups/base-* | head -n 1)
scratch=$(mktemp -d)
tar -xzf "$newest/base.tar.gz" -C "$scratch"
tar -xzf "$newest/pg_wal.tar.gz" -C "$scratch/pg_wal"
chmod 0700 "$scratch"
pg_ctl -D "$scratch" -o "-p 54329 -c listen_addresses=''" -w start
psql -p 54329 -h /var/run/postgresql -tA -c 'SELECT count(*) FROM events' postgres
pg_ctl -D "$scratch" -m fast stop
