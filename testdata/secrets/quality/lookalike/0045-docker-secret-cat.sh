#!/bin/sh
export PGPASSWORD="$(cat /run/secrets/db_password)"
exec pg_dump -h db -U backup app
