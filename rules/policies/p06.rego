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
	msg := "backups are taken but no job tests a restore (pg_restore, velero restore create, restic restore, a restore* script)"
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
}

# Implemented: a backup job exists. Enforced: one runs at least daily and a restore is tested.
implemented := count(jobs) > 0 if not not_applicable

enforced := true if {
	count(daily_jobs) > 0
	count(backups.restore_tests) > 0
} else := false if {
	not not_applicable
}
