#!/bin/sh
# Physical base backup of the events cluster into /backups/base-<timestamp>.
set -eu

target="/backups/base-$(date +%Y%m%dT%H%M)"
pg_basebackup --pgdata="$target" --format=tar --gzip --wal-method=stream --checkpoint=fast --progress

# Keep the newest $BACKUP_KEEP base backups.
ls -1dt /backups/base-* | tail -n +"$((BACKUP_KEEP + 1))" | xargs -r rm -rf
