#!/bin/bash
set -euo pipefail
DATE=$(date +%F)
mysqldump --host=mysql-2.prod.svc.cluster.local --user=root --password='fjYzqjVGBJHAHIlMW5B_uclc' --all-databases | gzip > /backups/all-$DATE.sql.gz
find /backups -mtime +14 -delete
