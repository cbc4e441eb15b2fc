# P03 Safe automation: a job that deploys runs in a protected environment, or after a dry run
# or plan in the same job, or only by hand. See README.md in this directory.
package gatehouse.p03

import data.gatehouse.lib
import rego.v1

# (ASCII classes: Unicode ones make the combined regex too large to compile.)
# The subcommand is the first word after the tool and its flags (`kubectl -n prod apply`);
# `helm plugin install` installs a plugin, not a release.
flags := `(?:-{1,2}[A-Za-z0-9_.-]+(?:=[^ \t]+)?[ \t]+(?:[^- \t][^ \t]*[ \t]+)?)*`

deploy_pattern := concat("", [`\b(?:kubectl[ \t]+`, flags, `(?:apply|create|replace|delete|rollout)|helm[ \t]+`, flags, `(?:install|upgrade)|(?:terraform|tofu)[ \t]+`, flags, `(?:apply|destroy)|pulumi[ \t]+`, flags, `(?:up|destroy)|argocd\s+app\s+sync|flux\s+reconcile)\b`])

plan_pattern := concat("", [`\b(?:(?:terraform|tofu)[ \t]+`, flags, `plan|kubectl[ \t]+`, flags, `diff|helm[ \t]+`, flags, `diff|pulumi\s+preview)\b|\b(?:kubectl|helm)\b.*--dry-run`])

is_deploy(text) if {
	regex.match(deploy_pattern, text)
	not contains(text, "--dry-run")
}

# [workflow, job, step index, line] of every deploy command.
deploys contains [w, job, i, line] if {
	some w in input.facts.workflows
	some job in w.jobs
	some i, step in job.steps
	some line in step.run.lines
	is_deploy(line.text)
}

manual_only(w) if {
	count(w.triggers) > 0
	every trigger in w.triggers {
		trigger == "workflow_dispatch"
	}
}

# A plan or dry run earlier in the job: in an earlier step, or earlier in the same script.
planned(job, i, line) if {
	some j, step in job.steps
	j < i
	some earlier in step.run.lines
	regex.match(plan_pattern, earlier.text)
}

planned(job, i, line) if {
	some earlier in job.steps[i].run.lines
	earlier.line < line.line
	regex.match(plan_pattern, earlier.text)
}

violations contains lib.violation("P03.deploy-without-approval", "fail", w.path, line.line, msg) if {
	some [w, job, i, line] in deploys
	job.environment == null
	not manual_only(w)
	not planned(job, i, line)
	msg := sprintf("job %s deploys with no protected environment, no dry run or plan before it, and automatic triggers (%s)", [job.id, concat(", ", w.triggers)])
}

not_applicable := "no deploy step (kubectl apply, helm upgrade, terraform apply, …) in any workflow" if count(deploys) == 0

evidence := sort({w.path | some [w, _, _, _] in deploys})

# Implemented: some deploy is guarded (environment, plan or dry run, manual trigger). Enforced:
# every deploy is.
guarded contains [w, job, i, line] if {
	some [w, job, i, line] in deploys
	guarded_deploy(w, job, i, line)
}

guarded_deploy(w, job, _, _) if job.environment != null

guarded_deploy(w, _, _, _) if manual_only(w)

guarded_deploy(_, job, i, line) if planned(job, i, line)

implemented := count(guarded) > 0 if count(deploys) > 0

enforced := count(guarded) == count(deploys) if count(deploys) > 0
