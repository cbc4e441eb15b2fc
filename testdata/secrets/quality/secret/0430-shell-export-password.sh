#!/bin/bash
export PGPASSWORD="qt~lIK9F*32z-ziWTqK6joJtY7DF"
pg_dump -h pg-8.prod.redwoodio.net -U backup orders > /backups/orders.sql
