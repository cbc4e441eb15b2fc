# P01 Signed artifacts: workflows that push images sign them; Kubernetes workloads pin their
# images by digest. See README.md in this directory.
package gatehouse.p01

import data.gatehouse.lib
import rego.v1

push_pattern := `\b(?:docker|podman|buildah)[ \t]+(?:image[ \t]+)?push\b|\bdocker[ \t]+buildx[ \t]+(?:build|bake)\b.*--push\b|\bko[ \t]+(?:build|publish)\b`

sign_pattern := `\bcosign[ \t]+(?:sign|attest)\b|\bnotation[ \t]+sign\b`

# [workflow, job, line] of every push.
pushes contains [w, job, line.line] if {
	some w in input.facts.workflows
	some job in w.jobs
	some step in job.steps
	some line in step.run.lines
	regex.match(push_pattern, line.text)
}

pushes contains [w, job, step.uses.line] if {
	some w in input.facts.workflows
	some job in w.jobs
	some step in job.steps
	startswith(step.uses.value, "docker/build-push-action@")
	lower(step["with"].push) == "true"
}

signs(job) if {
	some step in job.steps
	some line in step.run.lines
	regex.match(sign_pattern, line.text)
}

signs(job) if {
	some step in job.steps
	some prefix in ["actions/attest-build-provenance@", "actions/attest@"]
	startswith(step.uses.value, prefix)
}

# The job and every job that needs it, directly or not.
downstream(w, job) := graph.reachable({j.id: {k.id | some k in w.jobs; j.id in k.needs} | some j in w.jobs}, {job.id})

violations contains lib.violation("P01.image-not-signed", "fail", w.path, line, msg) if {
	some [w, job, line] in pushes
	after := downstream(w, job)
	not signed_in(w, after)
	msg := sprintf("job %s pushes an image that no step signs (cosign sign, notation sign, actions/attest-build-provenance) in it or a job that needs it", [job.id])
}

signed_in(w, ids) if {
	some j in w.jobs
	j.id in ids
	signs(j)
}

violations contains lib.violation("P01.image-not-pinned", "fail", w.path, c.image.line, msg) if {
	some w in input.facts.kubernetes.workloads
	some c in w.pod.containers
	c.image.digest == null
	msg := sprintf("image `%s` is deployed by tag, not by digest (`@sha256:…`): a signature cannot be tied to what runs", [c.image.value])
}

evidence := sort({w.path | some [w, _, _] in pushes} | {w.path | some w in input.facts.kubernetes.workloads})

not_applicable := "no workflow pushes an image and no Kubernetes workload" if {
	count(evidence) == 0
	not input.facts.live.signatures
}

# The deployed images' signatures, when the weekly audit verified them in their registries
# (`input.facts.live.signatures`, from the signatures family; absent in `gatehouse check`).
# They point at the manifest line that references the image (or gatehouse.toml).
image_violation(rule, level, img, message) := {
	"rule": rule,
	"level": level,
	"path": img.path,
	"line": img.line,
	"message": message,
	"key": img.reference,
}

violations contains image_violation("P01.live-unsigned", "fail", img, msg) if {
	some img in input.facts.live.signatures.images
	img.status == "unsigned"
	msg := sprintf("image %s (%s) carries no signature: no cosign signature tag, no Sigstore bundle referrer", [img.reference, img.digest])
}

violations contains image_violation("P01.live-untrusted-signature", "fail", img, msg) if {
	some img in input.facts.live.signatures.images
	img.status == "untrusted"
	msg := sprintf("image %s (%s): none of its %d signature(s) is by a trusted signer (%s)", [img.reference, img.digest, img.signatures, img.detail])
}

violations contains image_violation("P01.live-digest-mismatch", "critical", img, msg) if {
	some img in input.facts.live.signatures.images
	img.status == "digest-mismatch"
	msg := sprintf("image %s (%s): %s", [img.reference, img.digest, img.detail])
}

# Implemented: some push is signed, or some workload pins its image by digest. Enforced: a
# signature is verified before use (`cosign verify` / `notation verify` in a workflow, or a
# sigstore policy-controller ClusterImagePolicy).
signed_pushes := {[w.path, line] |
	some [w, job, line] in pushes
	signed_in(w, downstream(w, job))
}

pinned_images := [c |
	some w in input.facts.kubernetes.workloads
	some c in w.pod.containers
	c.image.digest != null
]

verifies if {
	some w in input.facts.workflows
	some job in w.jobs
	some step in job.steps
	some line in step.run.lines
	regex.match(`\b(?:cosign|notation)[ \t]+verify`, line.text)
}

verifies if {
	some r in input.facts.kubernetes.resources
	r.kind in {"ClusterImagePolicy", "ImagePolicy"}
}

implemented := count(signed_pushes) + count(pinned_images) > 0 if count(evidence) > 0

enforced := true if {
	count(evidence) > 0
	verifies
} else := false if {
	count(evidence) > 0
}
