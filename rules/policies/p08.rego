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

write_scopes(permissions) := {scope |
	some scope, access in permissions.scopes
	access == "write"
}

# The jobs that run with the workflow's permissions (no `permissions:` of their own).
inheriting(w) := [job | some job in w.jobs; job.permissions == null]

# Workflow-level write scopes given to more than one job: each job should get only what it
# needs, on the job.
violations contains lib.violation("P08.permissions-excessive", "fail", w.path, w.permissions.scope_lines[scope], msg) if {
	some w in workflows
	jobs := inheriting(w)
	count(jobs) > 1
	some scope in write_scopes(w.permissions)
	msg := sprintf("`%s: write` at the workflow level is given to every job (%s): grant it only on the jobs that need it", [scope, concat(", ", [j.id | some j in jobs])])
}

# A write scope that reaches exactly one job: the job's own, or the workflow's when one job
# inherits it.
granted_writes contains [w.path, job, scope, job.permissions.scope_lines[scope]] if {
	some w in workflows
	some job in w.jobs
	some scope in write_scopes(job.permissions)
}

granted_writes contains [w.path, job, scope, w.permissions.scope_lines[scope]] if {
	some w in workflows
	jobs := inheriting(w)
	count(jobs) == 1
	job := jobs[0]
	some scope in write_scopes(w.permissions)
}

violations contains lib.violation("P08.permissions-excessive", "fail", path, line, msg) if {
	some [path, job, scope, line] in granted_writes
	not may_need(job, scope)
	msg := sprintf("job %s gets `%s: write` but none of its steps uses it: drop it (or make it `read`)", [job.id, scope])
}

# What the token's write scopes let known actions do, from each action's documentation. An
# action not listed here, a local or docker action, and a reusable workflow may need any scope.
token_scopes := {"actions", "checks", "contents", "deployments", "discussions", "issues", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses", "attestations"}

action_needs := {
	"actions/checkout": set(),
	"actions/setup-node": set(),
	"actions/setup-python": set(),
	"actions/setup-go": set(),
	"actions/setup-java": set(),
	"actions/setup-dotnet": set(),
	"actions/cache": set(),
	"actions/cache/restore": set(),
	"actions/cache/save": set(),
	"actions/upload-artifact": set(),
	"actions/download-artifact": set(),
	"actions/configure-pages": set(),
	"actions/upload-pages-artifact": set(),
	"actions/deploy-pages": {"pages", "id-token"},
	"actions/attest-build-provenance": {"id-token", "attestations"},
	"actions/attest-sbom": {"id-token", "attestations"},
	"actions/attest": {"id-token", "attestations"},
	"actions/github-script": token_scopes,
	"actions/labeler": {"contents", "issues", "pull-requests"},
	"actions/stale": {"actions", "issues", "pull-requests"},
	"actions/create-release": {"contents"},
	"actions/upload-release-asset": {"contents"},
	"actions/dependency-review-action": {"pull-requests"},
	"docker/setup-buildx-action": set(),
	"docker/setup-qemu-action": set(),
	"docker/metadata-action": set(),
	"docker/build-push-action": set(),
	"docker/bake-action": set(),
	"docker/login-action": {"packages"},
	"github/codeql-action/init": {"security-events"},
	"github/codeql-action/autobuild": set(),
	"github/codeql-action/analyze": {"security-events"},
	"github/codeql-action/upload-sarif": {"security-events"},
	"softprops/action-gh-release": {"contents"},
	"ncipollo/release-action": {"contents"},
	"peter-evans/create-pull-request": {"contents", "pull-requests"},
	"peter-evans/create-or-update-comment": {"issues", "pull-requests"},
	"marocchino/sticky-pull-request-comment": {"pull-requests"},
	"stefanzweifel/git-auto-commit-action": {"contents"},
	"peaceiris/actions-gh-pages": {"contents"},
	"jamesives/github-pages-deploy-action": {"contents"},
	"googleapis/release-please-action": {"contents", "issues", "pull-requests"},
	"release-drafter/release-drafter": {"contents", "pull-requests"},
	"changesets/action": {"contents", "pull-requests"},
	"aws-actions/configure-aws-credentials": {"id-token"},
	"google-github-actions/auth": {"id-token"},
	"azure/login": {"id-token"},
	"hashicorp/vault-action": {"id-token"},
	"pypa/gh-action-pypi-publish": {"id-token"},
	"rust-lang/crates-io-auth-action": {"id-token"},
	"codecov/codecov-action": {"id-token"},
	"sigstore/cosign-installer": set(),
	"dtolnay/rust-toolchain": set(),
	"swatinem/rust-cache": set(),
	"taiki-e/install-action": set(),
	"astral-sh/setup-uv": set(),
	"pnpm/action-setup": set(),
	"ruby/setup-ruby": set(),
	"hashicorp/setup-terraform": set(),
	"golangci/golangci-lint-action": set(),
}

action_name(uses) := lower(split(uses, "@")[0])

may_need(job, _) if job.uses != null

may_need(job, scope) if {
	some step in job.steps
	step.uses != null
	needs := object.get(action_needs, action_name(step.uses.value), token_scopes | {"id-token"})
	scope in needs
}

# A script or an input that hands the token on (`gh`, the REST API, `GITHUB_TOKEN` in `env:`)
# may use any scope but `id-token`; `git push`/`git tag`, releases and publishing, `contents`
# and `packages`; an OIDC client (`ACTIONS_ID_TOKEN_REQUEST_*`, cosign, npm provenance and
# trusted publishing), `id-token`.
# gatehouse itself posts its comment and annotations with the token and signs evidence keyless.
may_need(job, _) if {
	some step in job.steps
	regex.match(`\bgatehouse\s+(check|audit)\b`, step.run.text)
}

may_need(job, scope) if {
	scope != "id-token"
	some text in job_texts(job)
	regex.match(`(?i)(^|[^0-9A-Za-z_-])gh\s+[a-z]|api\.github\.com|github[._]token|GH_TOKEN`, text)
}

may_need(job, scope) if {
	scope in {"contents", "packages"}
	some text in job_texts(job)
	regex.match(`(?i)\bgit\s+(push|tag)\b|\b(release|publish|deploy)\b|\bdocker\s+push\b`, text)
}

may_need(job, "id-token") if {
	some text in job_texts(job)
	regex.match(`(?i)ACTIONS_ID_TOKEN_REQUEST|\bcosign\b|--provenance|\bgh\s+attestation|\b(npm|uv|poetry|twine|cargo)\s+publish\b`, text)
}

job_texts(job) := array.concat(
	[step.run.text | some step in job.steps; step.run != null],
	array.concat(
		[e.value | some e in job.env],
		array.concat(
			[e.value | some step in job.steps; some e in step.env],
			[value | some step in job.steps; some value in step.with],
		),
	),
)

# artipacked: a checkout that leaves the token in .git/config, uploaded with the workspace by a
# later step of the same job.
violations contains lib.violation("P08.artipacked", "fail", w.path, checkout.uses.line, msg) if {
	some w in workflows
	some job in w.jobs
	some i, checkout in job.steps
	startswith(lower(checkout.uses.value), "actions/checkout@")
	lower(object.get(checkout.with, "persist-credentials", "true")) != "false"
	some j, upload in job.steps
	j > i
	startswith(lower(upload.uses.value), "actions/upload-artifact@")
	uploads_hidden_files(upload)
	some raw in split(object.get(upload.with, "path", ""), "\n")
	covers_checkout(normal_path(raw), normal_path(object.get(checkout.with, "path", "")))
	msg := sprintf("the checkout keeps the job's token in .git/config (`persist-credentials` is not false) and the artifact uploaded at line %d includes it: set `persist-credentials: false`", [upload.uses.line])
}

# actions/upload-artifact leaves hidden files (.git) out from v4.4 on, unless told otherwise.
uploads_hidden_files(step) if lower(object.get(step.with, "include-hidden-files", "false")) == "true"

uploads_hidden_files(step) if regex.match(`@v([123]|4\.[0-3])(\.|$)`, step.uses.value)

normal_path(raw) := trim_right(trim_prefix(trim_prefix(trim_prefix(trim_prefix(trim_space(raw), "${{ github.workspace }}"), "$GITHUB_WORKSPACE"), "/"), "./"), "/")

covers_checkout(upload, checkout) if {
	not startswith(upload, "!")
	upload in {"", ".", "*", "**", concat("/", [checkout, "**"]), concat("/", [checkout, "*"]), checkout}
}

covers_checkout(upload, _) if regex.match(`(^|/)\.git(/|$)`, upload)

# Artifact poisoning: a workflow_run job downloads the triggering run's artifacts (built from
# the pull request's code) and executes what they hold.
violations contains lib.violation("P08.artifact-poisoning", "fail", w.path, download.line, msg) if {
	some w in workflows
	"workflow_run" in w.triggers
	some job in w.jobs
	some i, step in job.steps
	some download in run_artifact_downloads(step)
	lines := sort({sprintf("%d", [line]) |
		some j, later in job.steps
		j > i
		some line in executing_lines(later, download.dir)
	})
	count(lines) > 0
	msg := sprintf("the artifacts of the triggering run come from the pull request's code, and line %s runs them, or loads them into the environment, with this workflow's token and secrets: treat them as data (unpack outside the workspace, validate, never run)", [concat(", ", lines)])
}

run_artifact_downloads(step) := {{"line": step.uses.line, "dir": normal_path(object.get(step.with, "path", ""))} |
	downloads_triggering_run(step)
} | {{"line": line.line, "dir": normal_path(gh_download_dir(line.text))} |
	some line in step.run.lines
	regex.match(`\bgh\s+run\s+download\b`, line.text)
}

# An action step that downloads the triggering run's artifacts.
downloads_triggering_run(step) if {
	startswith(lower(step.uses.value), "actions/download-artifact@")
	contains(lower(object.get(step.with, "run-id", "")), "github.event.workflow_run.id")
}

downloads_triggering_run(step) if startswith(lower(step.uses.value), "dawidd6/action-download-artifact@")

gh_download_dir(text) := found[0][1] if {
	found := regex.find_all_string_submatch_n(`\s(?:-D|--dir)[\s=]+["']?([^\s"']+)`, text, 1)
	count(found) > 0
} else := ""

# The lines of a later step that execute the download: a local action from the workspace it
# landed in, a run line that writes a file's content to $GITHUB_ENV or $GITHUB_PATH, runs a file
# under it, or (when it landed in the workspace, or the step works in its directory) runs a
# build tool or a script there.
executing_lines(step, dir) := (({step.uses.line |
	dir == ""
	startswith(step.uses.value, "./")
} | {line.line |
	some line in step.run.lines
	regex.match(`(cat|<|\bjq\b|\bread\b).*>>\s*"?\$\{?GITHUB_(ENV|PATH)\b`, line.text)
}) | {line.line |
	dir != ""
	some line in step.run.lines
	quoted := regex.replace(dir, `[.*+?()|\[\]{}^$\\]`, `\$0`)
	regex.match(concat("", [`((^|[;&|(]|\b(then|do))\s*|(^|[\s;&|(])((ba|z)?sh|source|\.|python3?|node|ruby|perl|pwsh|chmod\s+\+x)\s+["']?)(\./)?`, quoted, `/[0-9A-Za-z_.-]`]), line.text)
}) | {line.line |
	in_download_dir(step, dir)
	some line in step.run.lines
	regex.match(`(^|[\s;&|(])(\./[0-9A-Za-z_.-]|((ba|z)?sh|source|python3?|node|ruby|perl)\s+[0-9A-Za-z_./-]+\.(sh|py|js|rb|pl)\b|(make|npm|npx|yarn|pnpm|pip3?|cargo|go|mvn|gradle|bundle|rake|tox|pytest)\b)`, line.text)
}

in_download_dir(_, dir) if dir == ""

in_download_dir(step, dir) if {
	dir != ""
	is_string(step.working_directory)
	wd := normal_path(step.working_directory)
	wd != ""
	startswith(concat("", [wd, "/"]), concat("", [dir, "/"]))
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

# Contexts whose text an outsider writes: a fork's branch, a pull request's, issue's or
# discussion's title and body, a comment or review, a commit's message and author, a wiki page's
# name, a fork's description. Normalised as the facts give them (lower case, `.*` for an index).
# Logins, numbers, SHAs and URLs are not in it: GitHub restricts their alphabet.
attacker_text := {
	"github.head_ref",
	"github.event.issue.title",
	"github.event.issue.body",
	"github.event.pull_request.title",
	"github.event.pull_request.body",
	"github.event.pull_request.head.ref",
	"github.event.pull_request.head.label",
	"github.event.pull_request.head.repo.default_branch",
	"github.event.pull_request.head.repo.description",
	"github.event.pull_request.head.repo.homepage",
	"github.event.comment.body",
	"github.event.review.body",
	"github.event.review_comment.body",
	"github.event.discussion.title",
	"github.event.discussion.body",
	"github.event.answer.body",
	"github.event.changes.title.from",
	"github.event.changes.body.from",
	"github.event.pages.*.page_name",
	"github.event.commits.*.message",
	"github.event.commits.*.author.name",
	"github.event.commits.*.author.email",
	"github.event.commits.*.committer.name",
	"github.event.commits.*.committer.email",
	"github.event.head_commit.message",
	"github.event.head_commit.author.name",
	"github.event.head_commit.author.email",
	"github.event.head_commit.committer.name",
	"github.event.head_commit.committer.email",
	"github.event.merge_group.head_commit.message",
	"github.event.merge_group.head_commit.author.name",
	"github.event.merge_group.head_commit.author.email",
	"github.event.workflow_run.head_branch",
	"github.event.workflow_run.display_title",
	"github.event.workflow_run.head_commit.message",
	"github.event.workflow_run.head_commit.author.name",
	"github.event.workflow_run.head_commit.author.email",
	"github.event.workflow_run.head_repository.description",
	"github.event.workflow_run.pull_requests.*.head.ref",
	"github.event.check_suite.head_branch",
	"github.event.check_run.check_suite.head_branch",
}

# A context carries attacker text when it is one of them or holds one (`github.event`,
# `github.event.pull_request` rendered whole, as `toJSON(…)` does).
untrusted(context) if attacker_text[context]

untrusted(context) if {
	some text in attacker_text
	startswith(text, concat("", [context, "."]))
}

# `env.NAME` carries what the nearest `env:` entry of that name (step, job, workflow) carries.
carries(context, _) if untrusted(context)

carries(context, envs) if {
	startswith(context, "env.")
	name := substring(context, 4, -1)
	nearest := [e | some e in envs; lower(e.name) == name]
	some inner in nearest[0].contexts
	untrusted(inner)
}

scripts contains [w.path, script, envs] if {
	some w in workflows
	some job in w.jobs
	some step in job.steps
	some script in [step.run, step.script]
	script != null
	envs := array.concat(array.concat(step.env, job.env), w.env)
}

violations contains lib.violation("P08.script-injection", "fail", path, line.line, msg) if {
	some [path, script, envs] in scripts
	some line in script.lines
	some expression in line.expressions
	some context in expression.contexts
	carries(context, envs)
	msg := sprintf("%s is attacker-controlled text pasted into a script: pass it through `env:` and quote the variable", [expression.text])
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
