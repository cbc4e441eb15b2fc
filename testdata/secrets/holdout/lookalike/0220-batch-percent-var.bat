@echo off
set PGUSER=reporting
set PGPASSWORD=%DB_PASSWORD%
psql -h db.internal -c "select 1"
