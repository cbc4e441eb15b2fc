# P08 CI/CD supply chain: actions pinned by commit SHA, least-privilege permissions, no
# untrusted checkout in privileged triggers, no script injection, no curl|sh, and the gate
# running on pull requests. See README.md in this directory for each rule.
package gatehouse.p08

import data.gatehouse.lib
import rego.v1

workflows := input.facts.workflows

# Every `uses:` with where it is: steps and reusable-workflow jobs.
uses_refs contains [w.path, u] if {
	some w in workflows
	some job in w.jobs
	some step in job.steps
	u := step.uses
	u != null
}

uses_refs contains [w.path, job.uses] if {
	some w in workflows
	some job in w.jobs
	job.uses != null
}

pinned(value) if startswith(value, "./")

pinned(value) if {
	startswith(value, "docker://")
	contains(value, "@sha256:")
}

pinned(value) if {
	not startswith(value, "docker://")
	parts := split(value, "@")
	count(parts) == 2
	regex.match(`^[0-9a-f]{40}$`, parts[1])
}

violations contains lib.violation("P08.action-not-pinned", "fail", path, u.line, msg) if {
	some [path, u] in uses_refs
	not pinned(u.value)
	msg := sprintf("`%s` is not pinned to a full commit SHA: the tag or branch can be moved to other code", [u.value])
}

violations contains lib.violation("P08.permissions-missing", "warn", w.path, job.line, msg) if {
	some w in workflows
	w.permissions == null
	some job in w.jobs
	job.permissions == null
	msg := sprintf("job %s runs with the default token permissions: set `permissions` (at the top or on the job)", [job.id])
}

violations contains lib.violation("P08.permissions-write-all", "fail", w.path, w.permissions.line, msg) if {
	some w in workflows
	w.permissions.all == "write-all"
	msg := "`permissions: write-all` gives every job write access to everything"
}

violations contains lib.violation("P08.permissions-write-all", "fail", w.path, job.permissions.line, msg) if {
	some w in workflows
	some job in w.jobs
	job.permissions.all == "write-all"
	msg := sprintf("job %s has `permissions: write-all`", [job.id])
}

privileged_trigger(w) if {
	some trigger in w.triggers
	trigger in {"pull_request_target", "workflow_run"}
}

untrusted_ref(ref) if contains(ref, "github.event.pull_request.head")

untrusted_ref(ref) if contains(ref, "github.head_ref")

untrusted_ref(ref) if contains(ref, "github.event.workflow_run.head")

violations contains lib.violation("P08.untrusted-checkout", "fail", w.path, step.uses.line, msg) if {
	some w in workflows
	privileged_trigger(w)
	some job in w.jobs
	some step in job.steps
	startswith(step.uses.value, "actions/checkout@")
	untrusted_ref(step.with.ref)
	msg := sprintf("%s checks out the pull request's code (%s) with the base repository's token and secrets", [concat("/", w.triggers), step.with.ref])
}

untrusted_context := `github\.event\.(issue\.(title|body)|pull_request\.(title|body|head\.ref|head\.label|head\.repo\.default_branch)|comment\.body|review\.body|review_comment\.body|discussion\.(title|body)|pages(\.[^.\s}]+|\[[^\]]*\])\.page_name|commits(\.[^.\s}]+|\[[^\]]*\])\.(message|author\.(email|name))|head_commit\.(message|author\.(email|name))|workflow_run\.(head_branch|head_commit\.message))|github\.head_ref`

scripts contains [w.path, script] if {
	some w in workflows
	some job in w.jobs
	some step in job.steps
	some script in [step.run, step.script]
	script != null
}

violations contains lib.violation("P08.script-injection", "fail", path, line.line, msg) if {
	some [path, script] in scripts
	some line in script.lines
	some expression in regex.find_n(`\$\{\{[^}]*\}\}`, line.text, -1)
	regex.match(untrusted_context, expression)
	msg := sprintf("%s is attacker-controlled text pasted into a script: pass it through `env:` and quote the variable", [expression])
}

violations contains lib.violation("P08.secrets-inherit", "warn", w.path, job.secrets_inherit_line, msg) if {
	some w in workflows
	some job in w.jobs
	job.secrets_inherit_line != null
	msg := sprintf("job %s passes every secret to %s (`secrets: inherit`): pass only those it needs", [job.id, job.uses.value])
}

violations contains lib.violation("P08.curl-pipe-shell", "fail", w.path, line.line, msg) if {
	some w in workflows
	some job in w.jobs
	some step in job.steps
	some line in step.run.lines
	runs_download(line.text)
	msg := "a downloaded script is piped straight into a shell: download it, check its checksum, then run it"
}

# curl or wget output run by a shell: piped into it, through process substitution
# (`bash <(curl …)`, `source <(wget …)`), or `eval "$(curl …)"`. A `file://` URL is a local file,
# not a download.
runs_download(text) if {
	regex.match(`\b(curl|wget)\b[^|]*\|\s*(sudo\s+(-\S+\s+)*)?(sh|bash|zsh)\b`, text)
	not regex.match(`\b(curl|wget)\b[^|]*\bfile://[^|]*\|`, text)
}

runs_download(text) if {
	regex.match(`(\b(sh|bash|zsh|source)|(^|[;&|]\s*)\.)\s+(-\S+\s+)*<\(\s*(curl|wget)\b`, text)
}

runs_download(text) if {
	regex.match(`\beval\s+["']?\$\(\s*(curl|wget)\b`, text)
}

on_pull_requests(w) if {
	some trigger in w.triggers
	trigger in {"pull_request", "pull_request_target"}
}

runs_gate(job) if {
	some step in job.steps
	contains(lower(step.uses.value), "gatehouse")
}

runs_gate(job) if {
	some step in job.steps
	regex.match(`\bgatehouse\s+check\b`, step.run.text)
}

runs_gate(job) if contains(lower(job.uses.value), "gatehouse")

gate_on_pull_requests if {
	some w in workflows
	on_pull_requests(w)
	some job in w.jobs
	runs_gate(job)
}

violations contains lib.violation("P08.gate-not-on-pull-requests", "warn", first, 1, msg) if {
	count(workflows) > 0
	not gate_on_pull_requests
	first := sort([w.path | some w in workflows])[0]
	msg := "no workflow triggered by pull requests runs gatehouse: the gate does not guard changes before they merge"
}

not_applicable := "no GitHub workflow in .github/workflows" if count(workflows) == 0

evidence := sort({w.path | some w in workflows})

# Implemented: workflows restrict their token (`permissions`) or pin actions by SHA. Enforced:
# the gate runs on pull requests.
restricts if {
	some w in workflows
	w.permissions != null
}

restricts if {
	some [_, u] in uses_refs
	pinned(u.value)
}

implemented := true if {
	count(workflows) > 0
	restricts
} else := false if {
	count(workflows) > 0
}

enforced := true if {
	count(workflows) > 0
	gate_on_pull_requests
} else := false if {
	count(workflows) > 0
}
