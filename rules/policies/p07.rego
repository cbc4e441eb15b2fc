# P07 Observability and alerting: rule files are valid as promtool judges them, the required
# alerts exist, and each alert has `for`, a severity, a summary and a runbook. See README.md.
package gatehouse.p07

import data.gatehouse.lib
import rego.v1

files := input.facts.prometheus.files

alerts contains [file, rule] if {
	some file in files
	some group in file.groups
	some rule in group.rules
	rule.alert != null
}

violations contains lib.violation("P07.invalid-rule", "fail", file.path, problem.line, problem.message) if {
	some file in files
	some problem in file.problems
}

violations contains lib.violation("P07.invalid-rule", "fail", file.path, rule.line, msg) if {
	some file in files
	some group in file.groups
	some rule in group.rules
	count(rule.problems) > 0
	msg := sprintf("rule %s: %s", [rule_name(rule), concat("; ", rule.problems)])
}

rule_name(rule) := rule.alert if rule.alert != null
else := rule.record if rule.record != null
else := "(unnamed)"

violations contains lib.violation("P07.alert-without-for", "fail", file.path, rule.line, msg) if {
	some [file, rule] in alerts
	not has_for(rule)
	msg := sprintf("alert %s has no `for`: it fires on the first evaluation, flapping included", [rule.alert])
}

has_for(rule) if {
	rule["for"] != null
	not regex.match(`^(0+(ms|y|w|d|h|m|s)?)+$`, rule["for"])
}

violations contains lib.violation("P07.alert-without-severity", "fail", file.path, rule.line, msg) if {
	some [file, rule] in alerts
	not rule.labels.severity
	msg := sprintf("alert %s has no `severity` label to route it by", [rule.alert])
}

violations contains lib.violation("P07.alert-without-summary", "fail", file.path, rule.line, msg) if {
	some [file, rule] in alerts
	not rule.annotations.summary
	not rule.annotations.description
	msg := sprintf("alert %s has neither a `summary` nor a `description` annotation", [rule.alert])
}

violations contains lib.violation("P07.alert-without-runbook", "warn", file.path, rule.line, msg) if {
	some [file, rule] in alerts
	not rule.annotations.runbook_url
	not rule.annotations.runbook
	msg := sprintf("alert %s has no `runbook_url` annotation", [rule.alert])
}

covers(kind, rule) if regex.match(concat("", ["(?i)", kind.name_pattern]), rule.alert)

covers(kind, rule) if {
	some metric in rule.metrics
	metric in kind.metrics
}

covers(kind, rule) if {
	kind.metric_contains != ""
	some metric in rule.metrics
	contains(metric, kind.metric_contains)
}

first_file := sort([file.path | some file in files])[0]

violations contains lib.violation("P07.missing-required-alert", "fail", first_file, 1, msg) if {
	count(files) > 0
	some kind in input.config.required_alerts
	not covered(kind)
	msg := sprintf("no alert covers `%s` (an alert named like /%s/ or on %s)", [kind.kind, kind.name_pattern, kind_metrics(kind)])
}

covered(kind) if {
	some [_, rule] in alerts
	covers(kind, rule)
}

kind_metrics(kind) := concat(", ", kind.metrics) if count(kind.metrics) > 0
else := sprintf("a metric named *%s*", [kind.metric_contains]) if kind.metric_contains != ""
else := "no metric"

not_applicable := "no Prometheus rule file or PrometheusRule resource in the tree" if {
	count(files) == 0
	not input.facts.live.prometheus
}

# The Prometheus the weekly audit read (`input.facts.live.prometheus`, from the live family;
# absent in `gatehouse check`).
live := input.facts.live.prometheus

live_alerts := {r.name | some g in live.groups; some r in g.rules; r.type == "alerting"}

live_groups := {g.name | some g in live.groups}

violations contains lib.violation("P07.live-group-not-loaded", "fail", file.path, group.line, msg) if {
	live
	some file in files
	some group in file.groups
	group.name != ""
	not group.name in live_groups
	msg := sprintf("rule group %s is not loaded by the running Prometheus (%s)", [group.name, live.target])
}

violations contains lib.live_violation("P07.live-rule-error", "fail", sprintf("%s/%s", [live.target, g.file]), sprintf("%s %s", [g.name, r.name]), msg) if {
	some g in live.groups
	some r in g.rules
	rule_broken(r)
	msg := sprintf("rule %s (group %s) fails to evaluate: %s", [r.name, g.name, rule_error(r)])
}

rule_error(r) := r.last_error if r.last_error != null

else := sprintf("its health is %s", [r.health])

rule_broken(r) if r.health == "err"

rule_broken(r) if r.last_error != null

violations contains lib.live_violation("P07.live-required-alert-not-loaded", "fail", live.target, kind.kind, msg) if {
	some kind in input.config.required_alerts
	not live_covered(kind)
	msg := sprintf("the running Prometheus has no alert covering `%s` (one named like /%s/, or a rule of the tree that covers it)", [kind.kind, kind.name_pattern])
}

live_covered(kind) if {
	some name in live_alerts
	regex.match(concat("", ["(?i)", kind.name_pattern]), name)
}

live_covered(kind) if {
	some [_, rule] in alerts
	covers(kind, rule)
	rule.alert in live_alerts
}

violations contains lib.live_violation("P07.live-target-down", "warn", sprintf("%s/targets", [live.target]), sprintf("%s %s", [t.job, t.instance]), msg) if {
	some t in live.targets_down
	msg := sprintf("scrape target %s (job %s) is down%s", [t.instance, t.job, lib.detail(t.last_error)])
}

evidence := sort({file.path | some file in files})

# Implemented: alert rules exist. Enforced: every required kind of alert is covered and every
# rule loads.
implemented := count(alerts) > 0 if count(files) > 0

enforced := count([v | some v in violations; v.rule in {"P07.missing-required-alert", "P07.invalid-rule"}]) == 0 if count(files) > 0
