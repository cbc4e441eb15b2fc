#!/bin/sh
set -e
export DB_PASSWORD="$(cat /run/secrets/db_password)"
exec gunicorn app:app
