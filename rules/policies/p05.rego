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

not_applicable := "no SQL file in the tree" if {
	count(input.facts.sql.files) == 0
} else := reason if {
	count(tenant_tables) == 0
	reason := sprintf("no table has a tenant key (%s)", [concat(", ", input.config.tenant_keys)])
}

evidence := input.facts.sql.files

# Implemented: some tenant table has row-level security enabled. Enforced: every tenant table
# has it enabled and forced, with a tenant policy (no violation).
implemented := count([t | some t in tenant_tables; t.rls_enabled]) > 0 if count(tenant_tables) > 0

enforced := count(violations) == 0 if count(tenant_tables) > 0
