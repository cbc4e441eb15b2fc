# P04 Audit logging: the database has pgaudit configured, audit is not switched off, the log
# goes somewhere append-only, and the JSONL audit logs of the tree verify. See README.md.
package gatehouse.p04

import data.gatehouse.lib
import rego.v1

audit := input.facts.audit

postgres := [d | some d in input.facts.backups.databases; d.engine in {"sql", "postgres"}]

audit_policies := input.facts.kubernetes.audit_policies

# Every audit setting as [path, line].
settings := sort({[s.path, s.line] | some s in audit.pgaudit} | {[p.path, p.line] | some p in audit_policies} | {[f.path, f.line] | some f in audit.apiserver_flags})

violations contains lib.violation("P04.no-audit-logging", "fail", postgres[0].path, 1, msg) if {
	count(postgres) > 0
	count(audit.pgaudit) == 0
	msg := "the tree has a PostgreSQL database and no `pgaudit.log` setting: who changed what is not recorded"
}

violations contains lib.violation("P04.audit-disabled", "fail", s.path, s.line, msg) if {
	some s in audit.pgaudit
	lower(trim_space(s.value)) in {"none", ""}
	msg := sprintf("`pgaudit.log` is `%s`: nothing is audited", [s.value])
}

violations contains lib.violation("P04.audit-disabled", "fail", p.path, p.line, msg) if {
	some p in audit_policies
	count(p.levels) > 0
	every level in p.levels {
		level.value == "None"
	}
	msg := "every rule of this audit Policy is `level: None`: nothing is audited"
}

violations contains lib.violation("P04.not-append-only", "warn", settings[0][0], settings[0][1], msg) if {
	count(settings) > 0
	count(audit.append_only_sinks) == 0
	msg := "audit logging is configured but nothing makes the log append-only or ships it off the host (audit webhook, S3 Object Lock, chattr +a, syslog)"
}

violations contains lib.violation("P04.log-chain-broken", "fail", log.path, log.line, msg) if {
	some log in audit.logs
	not log.valid
	msg := sprintf("the audit log's hash chain does not verify: %s", [log.reason])
}

evidence := sort({s[0] | some s in settings} | {s.path | some s in audit.append_only_sinks} | {l.path | some l in audit.logs})

not_applicable := "no PostgreSQL database, no audit setting and no audit log" if {
	count(postgres) == 0
	count(settings) == 0
	count(audit.logs) == 0
	not input.facts.live.postgres
	not input.facts.live.vault
	not input.facts.live.audit_logs
}

# The running systems, when the weekly audit read them (`input.facts.live`, from the live
# family; absent in `gatehouse check`).
live_pg := input.facts.live.postgres

violations contains lib.live_violation("P04.live-pgaudit-not-loaded", "fail", live_pg.target, "pgaudit", msg) if {
	live_pg.pgaudit.preloaded == false
	msg := sprintf("the database does not preload pgaudit (shared_preload_libraries = '%s'): who changed what is not recorded", [live_pg.pgaudit.shared_preload_libraries])
}

violations contains lib.live_violation("P04.live-audit-disabled", "fail", live_pg.target, "pgaudit.log", msg) if {
	live_pg.pgaudit.preloaded == true
	log := object.get(live_pg.pgaudit, "log", null)
	pgaudit_off(log)
	msg := sprintf("pgaudit is loaded but `pgaudit.log` is `%v`: nothing is audited", [log])
}

pgaudit_off(null) := true

pgaudit_off(log) if {
	is_string(log)
	lower(trim_space(log)) in {"none", ""}
}

violations contains lib.live_violation("P04.live-audit-table-writable", "fail", sprintf("%s/%s", [live_pg.target, t.name]), sprintf("%s %s", [t.name, w.role]), msg) if {
	some t in live_pg.tables
	t.audit_writers != null
	some w in t.audit_writers
	msg := sprintf("role %s may %s rows of audit table %s: an audit trail must be append-only", [w.role, concat(", ", w.privileges), t.name])
}

violations contains lib.live_violation("P04.live-audit-table-writable", "fail", sprintf("%s/%s", [live_pg.target, t.name]), sprintf("%s owner", [t.name]), msg) if {
	some t in live_pg.tables
	t.audit_writers != null
	t.owner == live_pg.probe.role
	msg := sprintf("audit table %s is owned by the application's role %s, which may change and delete its rows", [t.name, t.owner])
}

violations contains lib.live_violation("P04.live-vault-no-audit-device", "fail", sprintf("%s/v1/sys/audit", [vault.target]), "audit-devices", msg) if {
	vault := input.facts.live.vault
	is_array(vault.audit_devices)
	count(vault.audit_devices) == 0
	msg := "Vault has no audit device enabled: requests to the secret store are not recorded"
}

violations contains lib.live_violation("P04.live-log-chain-broken", "fail", log.path, log.path, msg) if {
	some log in input.facts.live.audit_logs
	not log.valid
	msg := sprintf("audit log %s does not verify%s: %s", [log.path, at_line(log.line), log.reason])
}

at_line(null) := ""

at_line(line) := sprintf(" at line %d", [line]) if line != null

# Implemented: audit logging is configured (and not switched off). Enforced: the log goes
# somewhere append-only or off the host.
disabled := {[v.path, v.line] | some v in violations; v.rule == "P04.audit-disabled"}

implemented := count(settings) > count(disabled) if not not_applicable

enforced := count(audit.append_only_sinks) > 0 if not not_applicable
