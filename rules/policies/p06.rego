# P06 Backup and restore: a database has a backup job that runs at least daily, with retention,
# and a job that tests a restore. See README.md in this directory.
package gatehouse.p06

import data.gatehouse.lib
import rego.v1

backups := input.facts.backups

jobs := backups.jobs

violations contains lib.violation("P06.no-backup-job", "fail", db.path, 1, msg) if {
	count(jobs) == 0
	count(backups.databases) > 0
	db := backups.databases[0]
	msg := sprintf("the tree has a database (%s) and no backup job (CronJob, scheduled workflow, crontab or Velero Schedule running pg_dump, pg_basebackup, wal-g, pgBackRest, restic, velero)", [concat(", ", sort({d.path | some d in backups.databases}))])
}

daily_jobs := [j | some j in jobs; j.schedule.at_least_daily]

schedule_line(job) := job.schedule.line if job.schedule != null

else := job.line

violations contains lib.violation("P06.backup-not-daily", "fail", job.path, schedule_line(job), msg) if {
	count(daily_jobs) == 0
	some job in jobs
	msg := describe(job)
}

describe(job) := sprintf("backup job %s (%s) is not scheduled", [job.name, job.source]) if job.schedule == null

else := sprintf("backup job %s (%s) runs on `%s`, which skips days", [job.name, job.source, job.schedule.expr])

violations contains lib.violation("P06.no-restore-test", "fail", jobs[0].path, jobs[0].line, msg) if {
	count(jobs) > 0
	count(backups.restore_tests) == 0
	msg := "backups are taken but no job tests a restore (pg_restore, velero restore create, restic restore, gatehouse audit --restore-test, a restore* script)"
}

violations contains lib.violation("P06.no-retention", "warn", jobs[0].path, jobs[0].line, msg) if {
	count(jobs) > 0
	every job in jobs {
		job.retention == null
	}
	msg := "no backup job sets retention (Velero ttl, restic forget --keep-*, pgBackRest repo retention, wal-g delete retain, a *RETENTION* setting)"
}

evidence := sort({j.path | some j in jobs} | {j.path | some j in backups.restore_tests})

not_applicable := "no database and no backup job" if {
	count(jobs) == 0
	count(backups.databases) == 0
	not input.facts.live.backups
}

# The backups themselves, when the weekly audit read them (`input.facts.live.backups`, from the
# live family; absent in `gatehouse check`).
live := input.facts.live.backups

# They point at live.backups.path (not at the newest file, whose name changes with each
# backup), so that their fingerprints hold from one audit to the next.
violations contains lib.live_violation("P06.live-no-backup", "fail", live.pattern, "none", msg) if {
	live.newest == null
	msg := sprintf("no backup file matches live.backups.path `%s`", [live.pattern])
}

violations contains lib.live_violation("P06.live-backup-stale", "fail", live.pattern, "stale", msg) if {
	live.newest.age_hours > live.max_age_hours
	msg := sprintf("the newest backup, %s, is %v hours old (written %s): the limit is %d hours", [live.newest.path, round(live.newest.age_hours), live.newest.modified, live.max_age_hours])
}

violations contains lib.live_violation("P06.live-checksum-mismatch", "fail", live.pattern, "checksum", msg) if {
	live.newest.checksum.matches == false
	msg := sprintf("the SHA-256 of the newest backup, %s, is %s but %s says %s: the file is damaged or not the one that was checked", [live.newest.path, live.newest.sha256, live.newest.checksum.file, live.newest.checksum.expected])
}

violations contains lib.live_violation("P06.live-no-checksum", "fail", live.pattern, "checksum", msg) if {
	live.newest != null
	live.newest.checksum == null
	msg := sprintf("the newest backup, %s, has no checksum beside it (NAME.sha256 or a SHA256SUMS manifest): a damaged backup goes unnoticed until the day it is needed", [live.newest.path])
}

violations contains lib.live_violation("P06.live-restore-failed", "fail", live.pattern, "restore", msg) if {
	live.restore.status == "failed"
	msg := sprintf("restoring the newest backup, %s (%s format), into a scratch database failed: %s", [live.newest.path, live.restore.format, live.restore.error])
}

violations contains lib.live_violation("P06.live-row-counts-differ", "fail", live.pattern, sprintf("rows %s", [t.name]), msg) if {
	live.restore.status == "restored"
	live.restore.source_counted
	some t in live.restore.tables
	not counts_agree(t)
	msg := sprintf("table %s: %s in the source database, %s in the restored backup %s", [t.name, rows(t.source_rows), rows(t.restored_rows), live.newest.path])
}

counts_agree(t) if {
	t.source_rows != null
	t.restored_rows != null
	abs(t.source_rows - t.restored_rows) <= (live.row_count_tolerance_percent * t.source_rows) / 100
}

rows(null) := "missing"

rows(n) := sprintf("%d rows", [n]) if n != null

# Implemented: a backup job exists. Enforced: one runs at least daily and a restore is tested.
implemented := count(jobs) > 0 if not not_applicable

enforced := true if {
	count(daily_jobs) > 0
	count(backups.restore_tests) > 0
} else := false if {
	not not_applicable
}
