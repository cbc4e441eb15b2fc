# P02 Secrets through a store: no secret-like literal in workload env, Compose environment or
# workflow env / inputs; no committed Secret manifest with data. See README.md in this directory.
package gatehouse.p02

import data.gatehouse.lib
import rego.v1

literal_message(name) := sprintf("`%s` is a literal: take it from a secret store (secretKeyRef, Vault, ExternalSecret, `${{ secrets.* }}`)", [name])

violations contains lib.violation("P02.literal-secret-env", "fail", w.path, e.line, literal_message(e.name)) if {
	some w in input.facts.kubernetes.workloads
	some c in w.pod.containers
	some e in c.env
	lib.secret_like(e.name)
	lib.literal_secret(e.value)
}

violations contains lib.violation("P02.literal-secret-env", "fail", f.path, e.line, literal_message(e.name)) if {
	some f in input.facts.compose
	some s in f.services
	some e in s.environment
	lib.secret_like(e.name)
	lib.literal_secret(e.value)
}

workflow_env contains [w.path, e] if {
	some w in input.facts.workflows
	some e in w.env
}

workflow_env contains [w.path, e] if {
	some w in input.facts.workflows
	some job in w.jobs
	some e in job.env
}

workflow_env contains [w.path, e] if {
	some w in input.facts.workflows
	some job in w.jobs
	some step in job.steps
	some e in step.env
}

violations contains lib.violation("P02.literal-secret-env", "fail", path, e.line, literal_message(e.name)) if {
	some [path, e] in workflow_env
	lib.secret_like(e.name)
	lib.literal_secret(e.value)
}

violations contains lib.violation("P02.literal-secret-env", "fail", w.path, line, literal_message(name)) if {
	some w in input.facts.workflows
	some job in w.jobs
	some step in job.steps
	some name, value in step["with"]
	lib.secret_like(name)
	lib.literal_secret(value)
	line := step_line(step)
}

step_line(step) := step.uses.line if step.uses != null

else := step.line

secret_resources := [r | some r in input.facts.kubernetes.resources; r.kind == "Secret"]

violations contains lib.violation("P02.secret-manifest", "fail", r.path, r.line, msg) if {
	some r in secret_resources
	count(r.data_keys) > 0
	msg := sprintf("Secret %s is committed with its data (%s): keep it in a secret store (ExternalSecret, SealedSecret, Vault)", [r.name, concat(", ", r.data_keys)])
}

evidence := sort({w.path | some w in input.facts.kubernetes.workloads} | {f.path | some f in input.facts.compose; count(f.services) > 0} | {w.path | some w in input.facts.workflows} | {r.path | some r in secret_resources})

not_applicable := "no Kubernetes workload or Secret, Compose service or workflow" if {
	count(evidence) == 0
	not input.facts.live.vault
}

# The Vault (or OpenBao) the weekly audit read (`input.facts.live.vault`, from the live family;
# absent in `gatehouse check`).
vault := input.facts.live.vault

violations contains lib.live_violation("P02.live-vault-sealed", "fail", sprintf("%s/v1/sys/health", [vault.target]), "sealed", msg) if {
	vault.health.initialized
	vault.health.sealed
	msg := "Vault is sealed: no application can read a secret until it is unsealed"
}

violations contains lib.live_violation("P02.live-vault-sealed", "fail", sprintf("%s/v1/sys/health", [vault.target]), "uninitialized", msg) if {
	not vault.health.initialized
	msg := "Vault is not initialized: it holds no secret"
}

violations contains lib.live_violation("P02.live-login-failed", "fail", sprintf("%s/v1/auth/%s", [vault.target, login.method]), login.method, msg) if {
	some login in vault.logins
	login.status != 200
	msg := sprintf("%s: HTTP %d%s", [login_what(login.method), login.status, lib.detail(login.error)])
}

login_what("approle") := "AppRole login (VAULT_ROLE_ID, VAULT_SECRET_ID) refused"

login_what("token") := "VAULT_TOKEN refused by auth/token/lookup-self"

violations contains lib.live_violation("P02.live-root-token", "fail", sprintf("%s/v1/auth/%s", [vault.target, login.method]), login.method, msg) if {
	some login in vault.logins
	login.status == 200
	"root" in login.policies
	msg := sprintf("the %s login holds the `root` policy: no pipeline or application should hold a root token", [login.method])
}

violations contains lib.live_violation("P02.live-stale-secret", "fail", sprintf("%s/%s", [vault.target, k.path]), k.path, msg) if {
	some k in vault.kv
	k.age_days > vault.rotation_max_age_days
	msg := sprintf("secret %s was last written %v days ago (version %v, %s): rotate it at least every %d days", [k.path, round(k.age_days), k.current_version, k.created_time, vault.rotation_max_age_days])
}

violations contains lib.live_violation("P02.live-secret-missing", "fail", sprintf("%s/%s", [vault.target, k.path]), k.path, msg) if {
	some k in vault.kv
	k.problem in {"missing", "not-kv-v2"}
	msg := sprintf("secret %s (live.vault.kv_paths) cannot be checked: %s", [k.path, k.error])
}

# Implemented: secrets come from a store somewhere (secretKeyRef, envFrom secretRef, Vault
# agent, a CSI secrets-store volume, ExternalSecret / SealedSecret / SecretProviderClass,
# `${{ secrets.* }}`, Compose `${VAR}`). Enforced: a pull-request workflow runs a secrets scanner.
store_kinds := {"ExternalSecret", "SealedSecret", "SecretProviderClass", "VaultStaticSecret", "VaultDynamicSecret"}

uses_store if {
	some w in input.facts.kubernetes.workloads
	some c in w.pod.containers
	some e in c.env
	e.from == "secretKeyRef"
}

uses_store if {
	some w in input.facts.kubernetes.workloads
	some c in w.pod.containers
	"secretRef" in c.env_from
}

uses_store if {
	some w in input.facts.kubernetes.workloads
	some key, _ in w.annotations
	startswith(key, "vault.hashicorp.com/agent-inject")
}

uses_store if {
	some w in input.facts.kubernetes.workloads
	some v in w.pod.volumes
	v.detail == "secrets-store.csi.k8s.io"
}

uses_store if {
	some r in input.facts.kubernetes.resources
	r.kind in store_kinds
}

uses_store if {
	some [_, e] in workflow_env
	contains(e.value, "${{ secrets.")
}

uses_store if {
	some f in input.facts.compose
	some s in f.services
	some e in s.environment
	is_string(e.value)
	contains(e.value, "${")
}

scanner := `\b(?:gatehouse[ \t]+check|gitleaks|trufflehog|detect-secrets|ggshield)\b`

scans_pull_requests if {
	some w in input.facts.workflows
	some trigger in w.triggers
	trigger in {"pull_request", "pull_request_target"}
	some job in w.jobs
	some step in job.steps
	regex.match(scanner, concat(" ", [object.get(step, ["uses", "value"], ""), object.get(step, ["run", "text"], "")]))
}

implemented := true if {
	count(evidence) > 0
	uses_store
} else := false if {
	count(evidence) > 0
}

enforced := true if {
	count(evidence) > 0
	scans_pull_requests
} else := false if {
	count(evidence) > 0
}
