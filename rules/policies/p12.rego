# P12 Workload hardening: Kubernetes containers, Compose services and Dockerfiles. See
# README.md in this directory for each rule.
package gatehouse.p12

import data.gatehouse.lib
import rego.v1

workloads := input.facts.kubernetes.workloads

services := [[f.path, s] | some f in input.facts.compose; some s in f.services]

containers contains [w, c] if {
	some w in workloads
	some c in w.pod.containers
}

# The effective settings: the container's, else the pod's.
run_as_user(w, c) := c.security_context.run_as_user.value if {
	c.security_context.run_as_user != null
} else := w.pod.security_context.run_as_user.value if {
	w.pod.security_context.run_as_user != null
}

run_as_non_root(w, c) := c.security_context.run_as_non_root.value if {
	c.security_context.run_as_non_root != null
} else := w.pod.security_context.run_as_non_root.value if {
	w.pod.security_context.run_as_non_root != null
}

root_message(w, c) := sprintf("container %s of %s %s may run as root: set `runAsNonRoot: true` and a non-zero `runAsUser`", [c.name, w.kind, w.name])

violations contains lib.violation("P12.run-as-root", "fail", w.path, c.line, root_message(w, c)) if {
	some [w, c] in containers
	run_as_user(w, c) == 0
}

violations contains lib.violation("P12.run-as-root", "fail", w.path, c.line, root_message(w, c)) if {
	some [w, c] in containers
	not run_as_user(w, c)
	not run_as_non_root(w, c) == true
}

violations contains lib.violation("P12.privileged", "fail", w.path, p.line, msg) if {
	some [w, c] in containers
	p := c.security_context.privileged
	p.value == true
	msg := sprintf("container %s of %s %s is privileged: it has every capability of the host", [c.name, w.kind, w.name])
}

violations contains lib.violation("P12.privileged", "fail", path, s.privileged.line, msg) if {
	some [path, s] in services
	s.privileged.value == true
	msg := sprintf("service %s is privileged: it has every capability of the host", [s.name])
}

escalation_message(w, c) := sprintf("container %s of %s %s allows privilege escalation: set `allowPrivilegeEscalation: false` (Kubernetes defaults it to true)", [c.name, w.kind, w.name])

violations contains lib.violation("P12.privilege-escalation", "fail", w.path, c.line, escalation_message(w, c)) if {
	some [w, c] in containers
	c.security_context.allow_privilege_escalation == null
}

violations contains lib.violation("P12.privilege-escalation", "fail", w.path, ape.line, escalation_message(w, c)) if {
	some [w, c] in containers
	ape := c.security_context.allow_privilege_escalation
	ape.value != false
}

violations contains lib.violation("P12.capabilities-not-dropped", "fail", w.path, c.line, msg) if {
	some [w, c] in containers
	not "ALL" in {upper(cap) | some cap in c.security_context.capabilities_drop}
	msg := sprintf("container %s of %s %s keeps the default capabilities: add `capabilities: {drop: [ALL]}`", [c.name, w.kind, w.name])
}

host_keys := {"host_network": "hostNetwork", "host_pid": "hostPID", "host_ipc": "hostIPC"}

violations contains lib.violation("P12.host-namespace", "fail", w.path, setting.line, msg) if {
	some w in workloads
	some key, name in host_keys
	setting := w.pod[key]
	setting.value == true
	msg := sprintf("%s %s shares the host's namespace (`%s: true`)", [w.kind, w.name, name])
}

violations contains lib.violation("P12.host-namespace", "fail", path, setting.line, msg) if {
	some [path, s] in services
	some key in ["network_mode", "pid", "ipc"]
	setting := s[key]
	setting.value == "host"
	msg := sprintf("service %s shares the host's namespace (`%s: host`)", [s.name, key])
}

violations contains lib.violation("P12.host-path", "fail", w.path, v.line, msg) if {
	some w in workloads
	some v in w.pod.volumes
	v.source == "hostPath"
	msg := sprintf("%s %s mounts the host path %v (volume %s)", [w.kind, w.name, v.detail, v.name])
}

latest_message(image) := sprintf("image `%s` is not pinned and has no version tag (`latest`): what runs changes under you", [image.value])

violations contains lib.violation("P12.image-latest", "fail", w.path, c.image.line, latest_message(c.image)) if {
	some [w, c] in containers
	lib.image_latest(c.image)
}

violations contains lib.violation("P12.image-latest", "fail", path, s.image.line, latest_message(s.image)) if {
	some [path, s] in services
	not s.build
	lib.image_latest(s.image)
}

violations contains lib.violation("P12.image-latest", "fail", d.path, stage.line, latest_message(stage.image)) if {
	some d in input.facts.dockerfiles
	some stage in d.stages
	lib.image_latest(stage.image)
}

violations contains lib.violation("P12.read-only-root-fs", "warn", w.path, c.line, msg) if {
	some [w, c] in containers
	not c.security_context.read_only_root_filesystem.value == true
	msg := sprintf("container %s of %s %s has a writable root filesystem: set `readOnlyRootFilesystem: true`", [c.name, w.kind, w.name])
}

violations contains lib.violation("P12.no-resource-limits", "warn", w.path, c.line, msg) if {
	some [w, c] in containers
	c.kind != "ephemeral"
	missing := [r | some r in ["cpu", "memory"]; not c.limits[r]]
	count(missing) > 0
	msg := sprintf("container %s of %s %s has no %s limit", [c.name, w.kind, w.name, concat(" or ", missing)])
}

final_stage(d) := d.stages[count(d.stages) - 1]

violations contains lib.violation("P12.dockerfile-root-user", "fail", d.path, stage.line, msg) if {
	some d in input.facts.dockerfiles
	stage := final_stage(d)
	stage.effective_user == null
	msg := "the final stage has no `USER` (nor the stage it is built from): the container runs as root"
}

violations contains lib.violation("P12.dockerfile-root-user", "fail", d.path, user.line, msg) if {
	some d in input.facts.dockerfiles
	user := final_stage(d).effective_user
	regex.match(`^(root|0)(:.*)?$`, trim_space(user.value))
	msg := sprintf("the final stage runs as `%s`", [user.value])
}

violations contains lib.violation("P12.dockerfile-add-url", "fail", d.path, add.line, msg) if {
	some d in input.facts.dockerfiles
	some stage in d.stages
	some add in stage.adds
	regex.match(`^https?://`, add.source)
	not add.checksum
	# Credentials in the URL (`https://user:token@host/…`) are not repeated in the message.
	source := regex.replace(add.source, `://[^/@]*@`, "://***@")
	msg := sprintf("`ADD %s` downloads at build time without `--checksum`: the content is not pinned", [source])
}

variables contains [d.path, v] if {
	some d in input.facts.dockerfiles
	some v in d.global_args
}

variables contains [d.path, v] if {
	some d in input.facts.dockerfiles
	some stage in d.stages
	some v in stage.variables
}

violations contains lib.violation("P12.dockerfile-secret-arg", "fail", path, v.line, msg) if {
	some [path, v] in variables
	lib.secret_like(v.name)
	msg := sprintf("`%s %s` puts a secret in the image history: use `RUN --mount=type=secret`", [v.instruction, v.name])
}

evidence := sort({path |
	some w in workloads
	path := w.path
} | {f.path | some f in input.facts.compose; count(f.services) > 0} | {d.path | some d in input.facts.dockerfiles})

not_applicable := "no Kubernetes workload, Dockerfile or Compose service" if count(evidence) == 0

# Implemented: some workload runs hardened (non-root with escalation off), or some Dockerfile's
# final stage has a non-root user. Enforced: an admission controller policy is in the tree
# (Kyverno, Gatekeeper, ValidatingAdmissionPolicy).
hardened if {
	some [w, c] in containers
	run_as_non_root(w, c) == true
	c.security_context.allow_privilege_escalation.value == false
}

hardened if {
	some d in input.facts.dockerfiles
	user := final_stage(d).effective_user
	user != null
	not regex.match(`^(root|0)(:.*)?$`, trim_space(user.value))
}

admission if {
	some r in input.facts.kubernetes.resources
	admission_resource(r)
}

admission_resource(r) if startswith(r.api_version, "kyverno.io/")

admission_resource(r) if startswith(r.api_version, "templates.gatekeeper.sh/")

admission_resource(r) if startswith(r.api_version, "constraints.gatekeeper.sh/")

admission_resource(r) if r.kind == "ValidatingAdmissionPolicy"

implemented := true if {
	count(evidence) > 0
	hardened
} else := false if {
	count(evidence) > 0
}

enforced := true if {
	count(evidence) > 0
	admission
} else := false if {
	count(evidence) > 0
}
