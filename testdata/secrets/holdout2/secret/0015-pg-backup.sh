#!/bin/sh
export PGPASSWORD='bf.inCw.jN5*xTAFV5x'
pg_dump -h billing-prod.2vciaftezk3d.eu-central-1.rds.amazonaws.com -U django -Fc billing > /var/backups/billing.dump
aws s3 cp /var/backups/ s3://bluefin-db-backups/ --recursive
