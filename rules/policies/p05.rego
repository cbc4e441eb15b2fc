# P05 Tenant isolation: every table with a tenant key has row-level security enabled and
# forced, and a policy on that key. See README.md in this directory for each rule.
package gatehouse.p05

import data.gatehouse.lib
import rego.v1

tables := input.facts.sql.tables

keys_of(table) := {key | some key in input.config.tenant_keys; key in table.columns}

tenant_tables contains table if {
	some table in tables
	count(keys_of(table)) > 0
}

key_text(table) := concat(", ", sort(keys_of(table)))

violations contains lib.violation("P05.rls-not-enabled", "fail", t.path, t.line, msg) if {
	some t in tenant_tables
	not t.rls_enabled
	msg := sprintf("table %s has tenant key %s but row-level security is not enabled (ALTER TABLE %s ENABLE ROW LEVEL SECURITY)", [t.name, key_text(t), t.name])
}

violations contains lib.violation("P05.no-tenant-policy", "fail", t.path, t.line, msg) if {
	some t in tenant_tables
	t.rls_enabled
	not has_tenant_policy(t)
	msg := sprintf("table %s has row-level security enabled but no policy whose USING or WITH CHECK mentions %s", [t.name, key_text(t)])
}

violations contains lib.violation("P05.rls-not-forced", "warn", t.path, t.line, msg) if {
	some t in tenant_tables
	t.rls_enabled
	not t.rls_forced
	msg := sprintf("table %s: row-level security is not forced, so the table owner bypasses it (ALTER TABLE %s FORCE ROW LEVEL SECURITY)", [t.name, t.name])
}

violations contains lib.violation("P05.policy-using-true", "fail", p.path, p.line, msg) if {
	some p in input.facts.sql.policies
	p.always_true
	some t in tenant_tables
	t.name == p.table
	msg := sprintf("policy %s on %s lets every row through (USING/WITH CHECK true)", [p.name, p.table])
}

has_tenant_policy(t) if {
	some p in input.facts.sql.policies
	p.table == t.name
	some key in keys_of(t)
	some ident in array.concat(p.using_identifiers, p.with_check_identifiers)
	ident == key
}

# The database itself, when the weekly audit read it (`input.facts.live.postgres`, from the
# live family; absent in `gatehouse check`). Its violations point at
# postgres://HOST:PORT/DB/schema.table and carry a `key`, so that their fingerprints survive
# reruns whatever the counts in their messages.
live := input.facts.live.postgres

live_tenant_tables contains t if {
	some t in live.tables
	count(t.tenant_keys) > 0
}

live_violation(rule, level, t, key, message) := {
	"rule": rule,
	"level": level,
	"path": sprintf("%s/%s", [live.target, t.name]),
	"line": 0,
	"message": message,
	"key": key,
}

# Row-level security as the migrations leave it, by table.
migrations_enable(name) if {
	some t in tenant_tables
	t.name == name
	t.rls_enabled
}

migrations_force(name) if {
	some t in tenant_tables
	t.name == name
	t.rls_forced
}

migration_table(name) := t if {
	some t in tables
	t.name == name
}

violations contains live_violation("P05.live-rls-not-enabled", "fail", t, t.name, msg) if {
	some t in live_tenant_tables
	not t.rls_enabled
	not migrations_enable(t.name)
	msg := sprintf("in the database, table %s has tenant key %s but row-level security is not enabled", [t.name, concat(", ", t.tenant_keys)])
}

violations contains live_violation("P05.live-drift", "fail", t, sprintf("rls-disabled %s", [t.name]), msg) if {
	some t in live_tenant_tables
	not t.rls_enabled
	migrations_enable(t.name)
	m := migration_table(t.name)
	msg := sprintf("drift: the migrations enable row-level security on %s (%s:%d) but it is disabled in the database", [t.name, m.path, m.line])
}

violations contains live_violation("P05.live-drift", "fail", t, sprintf("not-forced %s", [t.name]), msg) if {
	some t in live_tenant_tables
	t.rls_enabled
	not t.rls_forced
	migrations_force(t.name)
	m := migration_table(t.name)
	msg := sprintf("drift: the migrations force row-level security on %s (%s:%d) but the database does not force it", [t.name, m.path, m.line])
}

violations contains live_violation("P05.live-drift", "fail", t, sprintf("policy-missing %s %s", [t.name, p.name]), msg) if {
	some p in input.facts.sql.policies
	some t in live_tenant_tables
	t.name == p.table
	not live_has_policy(t, p.name)
	msg := sprintf("drift: policy %s on %s is in the migrations (%s:%d) but not in the database", [p.name, t.name, p.path, p.line])
}

live_has_policy(t, name) if {
	some p in t.policies
	p.name == name
}

violations contains live_violation("P05.live-policy-using-true", "fail", t, sprintf("%s %s", [t.name, p.name]), msg) if {
	some t in live_tenant_tables
	some p in t.policies
	some expression in [p.using, p.with_check]
	expression == "true"
	msg := sprintf("in the database, policy %s on %s lets every row through (true)", [p.name, t.name])
}

violations contains live_violation("P05.live-cross-tenant-read", "fail", t, t.name, msg) if {
	some t in live_tenant_tables
	t.probe.foreign_rows_visible > 0
	msg := sprintf("cross-tenant read: acting for one tenant as %s, the probe saw %d row(s) of other tenants in %s", [live.probe.role, t.probe.foreign_rows_visible, t.name])
}

violations contains live_violation("P05.live-cross-tenant-write", "fail", t, t.name, msg) if {
	some t in live_tenant_tables
	t.probe.write_other_tenant == "accepted"
	detail := object.get(t.probe, "detail", null)
	msg := sprintf("cross-tenant write: acting for one tenant as %s, the probe could write a row of another tenant into %s (rolled back)%s", [live.probe.role, t.name, write_detail(detail)])
}

write_detail(detail) := "" if detail == null

write_detail(detail) := sprintf("; %s", [detail]) if detail != null

not_applicable := "no SQL file in the tree" if {
	count(input.facts.sql.files) == 0
	count(live_tenant_tables) == 0
} else := reason if {
	count(tenant_tables) == 0
	count(live_tenant_tables) == 0
	reason := sprintf("no table has a tenant key (%s)", [concat(", ", input.config.tenant_keys)])
}

evidence := input.facts.sql.files

# Implemented: some tenant table has row-level security enabled. Enforced: every tenant table
# has it enabled and forced, with a tenant policy (no violation).
implemented := count([t | some t in tenant_tables; t.rls_enabled]) > 0 if count(tenant_tables) > 0

enforced := count(violations) == 0 if count(tenant_tables) > 0
