//! `gatehouse verify-blob` on the sigstore-conformance bundle-verify suite
//! (`../shared/sigstore/conformance/`, read in place), run as upstream runs it: every case twice,
//! the artifact given as a path and as `sha256:<hex>`, against the case's trusted root or the
//! public-good production one, with its key or with the harness's identity and issuer.
//!
//! Every case must give its expected result; a failure is never an `unsupported:` one, so that a
//! case expected to fail fails for something it checks, not for what gatehouse cannot do.

mod common;

use common::*;

struct Case {
    name: String,
    expected_verify: bool,
    key: Option<String>,
    identity: String,
    issuer: String,
    trusted_root: String,
    artifact: String,
    digest: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(shared("sigstore/conformance/CASES.tsv"))
        .expect("../shared/sigstore/conformance/CASES.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (case, expected, key, identity, issuer, root, artifact, digest) = (
        column("case"),
        column("expected"),
        column("key"),
        column("certificate_identity"),
        column("certificate_oidc_issuer"),
        column("trusted_root"),
        column("artifact"),
        column("artifact_digest"),
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Case {
                name: f[case].to_string(),
                expected_verify: f[expected] == "verify",
                key: (f[key] != "-").then(|| f[key].to_string()),
                identity: f[identity].to_string(),
                issuer: f[issuer].to_string(),
                trusted_root: f[root].to_string(),
                artifact: f[artifact].to_string(),
                digest: f[digest].to_string(),
            }
        })
        .collect()
}

#[test]
fn every_conformance_case_gives_its_expected_result_as_a_path_and_as_a_digest() {
    let dir = shared("sigstore/conformance");
    let all = cases();
    assert_eq!(all.len(), 47, "the suite has 47 cases");
    let mut wrong = Vec::new();
    for case in &all {
        let bundle = dir
            .join("bundle-verify")
            .join(&case.name)
            .join("bundle.sigstore.json");
        for artifact in [
            dir.join(&case.artifact).display().to_string(),
            case.digest.clone(),
        ] {
            let mut command = gatehouse();
            command
                .arg("verify-blob")
                .arg(&artifact)
                .arg("--bundle")
                .arg(&bundle)
                .arg("--trusted-root")
                .arg(dir.join(&case.trusted_root));
            match &case.key {
                Some(key) => {
                    command.arg("--key").arg(dir.join(key));
                }
                None => {
                    command
                        .args(["--certificate-identity", &case.identity])
                        .args(["--certificate-oidc-issuer", &case.issuer]);
                }
            }
            let output = command.output().unwrap();
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            let code = output.status.code().unwrap_or(-1);
            assert!(
                code == 0 || code == 1 || code == 2,
                "{}: exit {code}",
                case.name
            );
            assert!(!said.contains("panicked"), "{}: {said}", case.name);
            let verified = code == 0;
            if verified != case.expected_verify || said.contains("unsupported:") {
                wrong.push(format!("{} [{artifact}]: {}", case.name, said.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "wrong results:\n{}", wrong.join("\n"));
}

/// sigstore-js (`@sigstore/verify`, npm's verifier) as an oracle: on every conformance case it
/// judges as gatehouse does, but for the two differences below, each of which is sigstore-js's.
#[test]
fn sigstore_js_judges_the_conformance_cases_as_gatehouse_does_but_where_it_is_wrong() {
    // (case, why sigstore-js differs from the suite's expected result, which gatehouse gives)
    let known: [(&str, &str); 2] = [
        (
            "rekor2-dsse-happy-path",
            "sigstore-js 3.1.1 compares a Rekor v2 hashedrekord entry of a DSSE envelope with the payload's SHA-256, not with that of the envelope's pre-authentication encoding, which is what the entry records: a valid bundle is refused",
        ),
        (
            "trust-root-tlog-missing-validity-start_fail",
            "sigstore-js accepts a trusted root whose log key has no validFor start",
        ),
    ];
    let dir = shared("sigstore/conformance");
    let mut differences = Vec::new();
    for case in cases() {
        let bundle = dir
            .join("bundle-verify")
            .join(&case.name)
            .join("bundle.sigstore.json");
        let root = dir.join(&case.trusted_root);
        let mut ours = gatehouse();
        ours.arg("verify-blob")
            .arg(dir.join(&case.artifact))
            .arg("--bundle")
            .arg(&bundle)
            .arg("--trusted-root")
            .arg(&root);
        let mut theirs = std::process::Command::new("node");
        theirs
            .arg(workspace().join("scripts/sigstore-js-verify"))
            .arg(dir.join(&case.artifact))
            .arg(&bundle)
            .arg("--trusted-root")
            .arg(&root)
            .env("NODE_PATH", tools_dir().join("sigstore-js/node_modules"));
        match &case.key {
            Some(key) => {
                ours.arg("--key").arg(dir.join(key));
                theirs.arg("--key").arg(dir.join(key));
            }
            None => {
                ours.args(["--certificate-identity", &case.identity])
                    .args(["--certificate-oidc-issuer", &case.issuer]);
                theirs
                    .args(["--identity", &case.identity])
                    .args(["--issuer", &case.issuer]);
            }
        }
        let ours = ours.output().unwrap().status.code() == Some(0);
        let output = theirs
            .output()
            .expect("node runs (scripts/test installs it)");
        let said = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(
            said.starts_with("verified") || said.starts_with("not verified"),
            "{}: sigstore-js did not run: {said}",
            case.name
        );
        let theirs = output.status.code() == Some(0);
        assert_eq!(ours, case.expected_verify, "{}", case.name);
        if ours != theirs {
            differences.push(case.name.clone());
        }
    }
    let documented: Vec<String> = known.iter().map(|(case, _)| case.to_string()).collect();
    assert_eq!(differences, documented);
}

#[test]
fn what_each_failure_is_about_is_said() {
    let dir = shared("sigstore/conformance");
    let production = dir.join("public-good-production.trusted_root.json");
    let identity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    let issuer = "https://token.actions.githubusercontent.com";
    let run = |case: &str, artifact: &str, identity: &str, issuer: &str| {
        let output = gatehouse()
            .arg("verify-blob")
            .arg(dir.join(artifact))
            .arg("--bundle")
            .arg(
                dir.join("bundle-verify")
                    .join(case)
                    .join("bundle.sigstore.json"),
            )
            .arg("--trusted-root")
            .arg(&production)
            .args([
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                issuer,
            ])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (code, said) = run("happy-path-v0.3", "bundle-verify/a.txt", identity, issuer);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.starts_with("verified: "), "{said}");
    assert!(
        said.contains(&format!(
            "signed by {identity} ({issuer}) at 2024-03-19T17:26:26Z"
        )),
        "{said}"
    );
    // The same bundle for another identity, another issuer, a regular expression.
    let (code, said) = run(
        "happy-path-v0.3",
        "bundle-verify/a.txt",
        "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main",
        issuer,
    );
    assert_eq!(code, Some(1));
    assert!(said.contains("the certificate's identity is"), "{said}");
    let (code, said) = run(
        "happy-path-v0.3",
        "bundle-verify/a.txt",
        identity,
        "https://accounts.google.com",
    );
    assert_eq!(code, Some(1));
    assert!(
        said.contains(
            "the certificate's OIDC issuer is https://token.actions.githubusercontent.com"
        ),
        "{said}"
    );
    let output = gatehouse()
        .arg("verify-blob")
        .arg(dir.join("bundle-verify/a.txt"))
        .arg("--bundle")
        .arg(dir.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"))
        .arg("--trusted-root")
        .arg(&production)
        .args([
            "--certificate-identity-regexp",
            "https://github.com/sigstore-conformance/.*",
        ])
        .args(["--certificate-oidc-issuer", issuer])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    // Another artifact, and a CT log key the trusted root does not have.
    let (code, said) = run(
        "wrong-material_fail",
        "bundle-verify/wrong-material_fail/artifact",
        identity,
        issuer,
    );
    assert_eq!(code, Some(1));
    assert!(
        said.contains("the log entry is for another artifact"),
        "{said}"
    );
    let output = gatehouse()
        .arg("verify-blob")
        .arg(dir.join("bundle-verify/a.txt"))
        .arg("--bundle")
        .arg(dir.join("bundle-verify/invalid-ct-key_fail/bundle.sigstore.json"))
        .arg("--trusted-root")
        .arg(dir.join("bundle-verify/invalid-ct-key_fail/trusted_root.json"))
        .args([
            "--certificate-identity",
            identity,
            "--certificate-oidc-issuer",
            issuer,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("no signed certificate timestamp of the certificate verifies"),
        "{said}"
    );

    // Rekor v2: the time comes from a timestamp authority of the trusted root, over this
    // signature.
    for (case, reason) in [
        ("rekor2-happy-path", "verified: "),
        (
            "rekor2-timestamp-payload-mismatch_fail",
            "the timestamp is not over this signature",
        ),
        (
            "rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail",
            "not signed by a timestamp authority of the trusted root",
        ),
        ("rekor2-no-timestamp_fail", "no verified time"),
    ] {
        let output = gatehouse()
            .arg("verify-blob")
            .arg(dir.join("bundle-verify/a.txt"))
            .arg("--bundle")
            .arg(
                dir.join("bundle-verify")
                    .join(case)
                    .join("bundle.sigstore.json"),
            )
            .arg("--trusted-root")
            .arg(
                dir.join("bundle-verify")
                    .join(case)
                    .join("trusted_root.json"),
            )
            .args([
                "--certificate-identity",
                identity,
                "--certificate-oidc-issuer",
                issuer,
            ])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stdout);
        let verifies = reason == "verified: ";
        assert_eq!(
            output.status.code(),
            Some(if verifies { 0 } else { 1 }),
            "{case}: {said}"
        );
        if verifies {
            assert!(said.starts_with(reason), "{case}: {said}");
        } else {
            assert!(
                said.starts_with("not verified: ") && said.contains(reason),
                "{case}: {said}"
            );
        }
    }

    // Usage errors: exit 2, saying what is wrong.
    let output = gatehouse()
        .args([
            "verify-blob",
            "sha256:abc",
            "--bundle",
            "x.json",
            "--key",
            "k.pub",
            "--trusted-root",
            "r.json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not sha256:<64 hex digits>"));
    let output = gatehouse()
        .args([
            "verify-blob",
            "a.txt",
            "--bundle",
            "x.json",
            "--key",
            "k.pub",
        ])
        .output()
        .unwrap();
    // No --trusted-root is no usage error (the embedded public-good root is the default); an
    // artifact that cannot be read is.
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read a.txt"));
    let output = gatehouse()
        .args([
            "verify-blob",
            "a.txt",
            "--bundle",
            "x.json",
            "--trusted-root",
            "r.json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "neither a key nor an identity"
    );
}

#[test]
fn truncated_and_corrupted_bundles_and_roots_give_errors_never_a_panic() {
    use gatehouse_signatures::bundle::Bundle;
    use gatehouse_signatures::trust::TrustedRoot;
    use gatehouse_signatures::verify::{Artifact, Matcher, Policy, verify};
    let dir = shared("sigstore/conformance");
    let bundle_text =
        std::fs::read_to_string(dir.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"))
            .unwrap();
    let root_text =
        std::fs::read_to_string(dir.join("public-good-production.trusted_root.json")).unwrap();
    let root = TrustedRoot::from_json(&root_text).unwrap();
    let artifact = Artifact::Bytes(std::fs::read(dir.join("bundle-verify/a.txt")).unwrap());
    let policy = Policy::Identity {
        identity: Matcher::regex(".*").unwrap(),
        issuer: Matcher::regex(".*").unwrap(),
    };
    let bundle = Bundle::from_json(&bundle_text).unwrap();
    assert!(verify(&bundle, &artifact, &policy, &root).is_ok());
    let bytes = bundle_text.as_bytes();
    let step = (bytes.len() / 400).max(1);
    let mut errors = 0;
    for at in (0..bytes.len()).step_by(step) {
        // Cut short here, and one character changed here.
        let cut = String::from_utf8_lossy(&bytes[..at]).into_owned();
        assert!(
            Bundle::from_json(&cut).is_err(),
            "a bundle cut at {at} parsed"
        );
        let mut changed = bytes.to_vec();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8_lossy(&changed).into_owned();
        if let Ok(bundle) = Bundle::from_json(&changed)
            && verify(&bundle, &artifact, &policy, &root).is_err()
        {
            errors += 1;
        }
    }
    assert!(
        errors > 100,
        "only {errors} corrupted bundles failed to verify"
    );
    // A trusted root cut short or with a broken key is an error, not a panic.
    for at in (0..root_text.len()).step_by((root_text.len() / 200).max(1)) {
        assert!(TrustedRoot::from_json(&root_text[..at]).is_err());
    }
    let broken = root_text.replacen("\"rawBytes\": \"", "\"rawBytes\": \"!!", 1);
    assert!(TrustedRoot::from_json(&broken).is_err());
}

/// The bundles of sigstore-python's tests (`../shared/sigstore/sigstore-python/README.tsv`):
/// production and staging, Rekor v1 and v2, with and without timestamps, and its regressions.
#[test]
fn sigstore_python_bundles_give_their_expected_results() {
    let dir = shared("sigstore/sigstore-python");
    let table = std::fs::read_to_string(dir.join("README.tsv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    // The TSA cases' root: staging's, with the test TSA as its timestamp authority.
    let mut tsa_root: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("trusted_root/staging.trusted_root.json")).unwrap(),
    )
    .unwrap();
    let tsa: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("assets/tsa/ca.json")).unwrap())
            .unwrap();
    tsa_root["timestampAuthorities"] = serde_json::json!([tsa]);
    let tsa_root_path = tmp.path().join("tsa-root.json");
    std::fs::write(&tsa_root_path, tsa_root.to_string()).unwrap();
    let (mut checked, mut defaulted, mut by_digest, mut rows) = (0, 0, 0, 0);
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if f.get(col("kind")) != Some(&"bundle") {
            continue;
        }
        let expected = f[col("expected")];
        let verify = expected == "verify";
        // The artifact as a path (where it is shipped) and as its digest.
        let mut artifacts = vec![f[col("artifact_sha256")].to_string()];
        if !f[col("artifact")].starts_with("(not shipped)") {
            artifacts.push(dir.join(f[col("artifact")]).display().to_string());
        }
        let root = f[col("trusted_root")];
        let root = if root.contains("assets/tsa/ca.json") {
            tsa_root_path.clone()
        } else {
            dir.join(root)
        };
        let identity = f[col("expected_identity")];
        let issuer = f[col("expected_oidc_issuer")];
        // A production bundle gives the same result without --trusted-root: the public-good
        // root gatehouse embeds is the default.
        let production = f[col("trusted_root")] == "trusted_root/production.trusted_root.json";
        let roots = if production {
            vec![Some(&root), None]
        } else {
            vec![Some(&root)]
        };
        for (root, artifact) in roots
            .iter()
            .flat_map(|r| artifacts.iter().map(move |a| (*r, a)))
        {
            let mut command = gatehouse();
            command
                .arg("verify-blob")
                .arg(artifact)
                .arg("--bundle")
                .arg(dir.join(f[col("file")]));
            if let Some(root) = root {
                command.arg("--trusted-root").arg(root);
            }
            if identity == "-" {
                command
                    .args(["--certificate-identity-regexp", ".*"])
                    .args(["--certificate-oidc-issuer-regexp", ".*"]);
            } else {
                command
                    .args(["--certificate-identity", identity])
                    .args(["--certificate-oidc-issuer", issuer]);
            }
            let output = command.output().unwrap();
            let said = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code() == Some(0),
                verify,
                "{} (expected: {expected}; root {root:?}): {said}",
                f[col("file")]
            );
            assert!(!said.contains("unsupported:"), "{said}");
            checked += 1;
            defaulted += usize::from(root.is_none());
            by_digest += usize::from(artifact.starts_with("sha256:"));
        }
        rows += 1;
    }
    assert!(
        defaulted > 0,
        "production bundles checked with the embedded root"
    );
    assert!(
        by_digest >= rows && checked > by_digest,
        "as paths and as digests"
    );
    assert_eq!(rows, 17, "the table's bundle rows");

    // Its trusted roots: the well-formed ones load, the one with a bad media type does not.
    use gatehouse_signatures::trust::TrustedRoot;
    for (file, loads) in [
        ("trusted_root/production.trusted_root.json", true),
        ("trusted_root/staging.trusted_root.json", true),
        ("assets/trusted_root/trustedroot.v1.json", true),
        (
            "assets/trusted_root/trustedroot.v1.local_tlog_ed25519_rekor-tiles.json",
            true,
        ),
        ("assets/trusted_root/trustedroot.badtype.json", false),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(TrustedRoot::from_json(&text).is_ok(), loads, "{file}");
    }
}

/// cosign's image attestations and signatures as Sigstore bundles (OCI referrers): verified for
/// the image digest their in-toto statement names, and for no other.
#[test]
fn cosign_image_bundles_verify_for_their_image_digest_only() {
    let cases = [
        (
            "cosign/oci-attestation-keyless/oci-attestation.sigstore.json",
            "cosign/oci-attestation-keyless/trusted_root_pgi.json",
            "cody@soyland.com",
            "https://github.com/login/oauth",
            "sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4",
        ),
        (
            "sigstore-rs/cosign-v3-oci-bundle/bundle_v03.json",
            "sigstore-python/trusted_root/production.trusted_root.json",
            "https://github.com/kubewarden/kubewarden-controller/.github/workflows/release.yml@refs/tags/v1.34.0",
            "https://token.actions.githubusercontent.com",
            "sha256:c811d58de79c92f03214e63aa339484e488d694ae8a6283b5f3f17a9faf50172",
        ),
    ];
    let other = "sha256:0000000000000000000000000000000000000000000000000000000000000001";
    for (bundle, root, identity, issuer, digest) in cases {
        for (artifact, verifies) in [(digest, true), (other, false)] {
            let output = gatehouse()
                .arg("verify-blob")
                .arg(artifact)
                .arg("--bundle")
                .arg(shared(&format!("sigstore/{bundle}")))
                .arg("--trusted-root")
                .arg(shared(&format!("sigstore/{root}")))
                .args(["--certificate-identity", identity])
                .args(["--certificate-oidc-issuer", issuer])
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&output.stdout);
            assert_eq!(
                output.status.code() == Some(0),
                verifies,
                "{bundle} {artifact}: {said}"
            );
            if !verifies {
                assert!(
                    said.contains("not a subject of the in-toto statement"),
                    "{said}"
                );
            }
        }
    }
}

/// cosign's and sigstore-rs's key-signed vectors (detached signatures and DSSE attestations,
/// no transparency log): `verify-blob --signature … --key … --insecure-ignore-tlog`.
#[test]
fn detached_key_signatures_and_attestations_of_cosign_and_sigstore_rs() {
    let hashedrekord_digest = format!(
        "sha256:{}",
        std::fs::read_to_string(shared("sigstore/cosign/hashedrekord-key/digest.sha256.hex"))
            .unwrap()
            .trim()
    );
    let cases: Vec<(String, &str, &str, bool)> = vec![
        (
            "sigstore-rs/simple-signing-key/payload.json".into(),
            "sigstore-rs/simple-signing-key/payload.sig.b64",
            "sigstore-rs/simple-signing-key/cosign.pub",
            true,
        ),
        (
            "sigstore-rs/simple-signing-key/payload.json".into(),
            "sigstore-rs/simple-signing-key/payload.sig.b64",
            "sigstore-rs/simple-signing-key/wrong-key.pub",
            false,
        ),
        (
            hashedrekord_digest,
            "cosign/hashedrekord-key/signature.b64",
            "cosign/hashedrekord-key/key.pub",
            true,
        ),
        (
            "cosign/blob-attestation-key/blob".into(),
            "cosign/blob-attestation-key/slsa-provenance.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            true,
        ),
        (
            "cosign/blob-attestation-key/other-blob".into(),
            "cosign/blob-attestation-key/slsa-provenance.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            false,
        ),
        (
            "cosign/blob-attestation-key/blob".into(),
            "cosign/blob-attestation-key/empty-subject.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            false,
        ),
        (
            "cosign/blob-attestation-key/blob".into(),
            "cosign/blob-attestation-key/missing-sha256.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            false,
        ),
        (
            "cosign/blob-attestation-key/blob".into(),
            "cosign/blob-attestation-key/multiple-subjects.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            true,
        ),
        (
            "cosign/blob-attestation-key/blob".into(),
            "cosign/blob-attestation-key/multiple-subjects-invalid.dsse.json",
            "cosign/blob-attestation-key/cosign.pub",
            false,
        ),
    ];
    for (artifact, signature, key, verifies) in cases {
        let artifact = if artifact.starts_with("sha256:") {
            artifact
        } else {
            shared(&format!("sigstore/{artifact}"))
                .display()
                .to_string()
        };
        let output = gatehouse()
            .arg("verify-blob")
            .arg(&artifact)
            .arg("--signature")
            .arg(shared(&format!("sigstore/{signature}")))
            .arg("--key")
            .arg(shared(&format!("sigstore/{key}")))
            .arg("--insecure-ignore-tlog")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            output.status.code(),
            Some(if verifies { 0 } else { 1 }),
            "{signature} with {key} for {artifact}: {said}"
        );
    }
    // Without --insecure-ignore-tlog a detached signature is refused, as cosign refuses it.
    let output = gatehouse()
        .arg("verify-blob")
        .arg(shared(
            "sigstore/sigstore-rs/simple-signing-key/payload.json",
        ))
        .arg("--signature")
        .arg(shared(
            "sigstore/sigstore-rs/simple-signing-key/payload.sig.b64",
        ))
        .arg("--key")
        .arg(shared("sigstore/sigstore-rs/simple-signing-key/cosign.pub"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--insecure-ignore-tlog"));
}

/// sigstore-rs's 2021 production keyless `.sig` signature: the Rekor bundle annotation, the
/// payload, the signature and the Fulcio certificate (PEM).
fn keyless_2021() -> (String, Vec<u8>, Vec<u8>, String) {
    let dir = shared("sigstore/sigstore-rs/simple-signing-keyless-2021");
    let annotation = std::fs::read_to_string(dir.join("rekor-bundle.json")).unwrap();
    let payload = std::fs::read(dir.join("payload.json")).unwrap();
    let signature = gatehouse_signatures::keys::pem_body(
        &format!(
            "-----BEGIN X-----\n{}\n-----END X-----",
            std::fs::read_to_string(dir.join("payload.sig.b64"))
                .unwrap()
                .trim()
        ),
        "X",
    )
    .unwrap();
    let cert = std::fs::read_to_string(dir.join("cert.pem")).unwrap();
    (annotation, payload, signature, cert)
}

/// The Rekor evidence cosign attaches to a `.sig` signature (sigstore-rs's 2021 production
/// vector): the signed entry timestamp verifies against the production root, for this payload,
/// signature and key, and not for another payload or key.
#[test]
fn a_cosign_rekor_bundle_annotation_verifies_for_its_payload_signature_and_key_only() {
    use gatehouse_signatures::trust::TrustedRoot;
    use gatehouse_signatures::verify::verify_cosign_rekor_bundle;
    let (annotation, payload, signature, cert) = keyless_2021();
    let cert_der = gatehouse_signatures::keys::pem_body(&cert, "CERTIFICATE").unwrap();
    let spki = gatehouse_signatures::keys::spki_of_certificate(&cert_der).unwrap();
    let root = TrustedRoot::from_json(
        &std::fs::read_to_string(shared(
            "sigstore/sigstore-python/trusted_root/production.trusted_root.json",
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        verify_cosign_rekor_bundle(&annotation, &payload, &signature, &spki, &root),
        Ok(1634714717)
    );
    let mut other = payload.clone();
    other.push(b' ');
    assert!(verify_cosign_rekor_bundle(&annotation, &other, &signature, &spki, &root).is_err());
    let other_key = gatehouse_signatures::keys::pem_body(
        &std::fs::read_to_string(shared("sigstore/sigstore-rs/simple-signing-key/cosign.pub"))
            .unwrap(),
        "PUBLIC KEY",
    )
    .unwrap();
    assert!(
        verify_cosign_rekor_bundle(&annotation, &payload, &signature, &other_key, &root).is_err()
    );
    let forged = annotation.replacen("783607", "783608", 1);
    assert_ne!(forged, annotation, "the vector's logIndex");
    assert!(verify_cosign_rekor_bundle(&forged, &payload, &signature, &spki, &root).is_err());
}

/// The whole keyless `.sig` check on sigstore-rs's 2021 production vector: the log's promise,
/// the chain to Fulcio's first root (in the public-good root gatehouse embeds), the
/// certificate's validity at the logged time all hold; the certificate predates Fulcio's CT log
/// and OIDC-issuer extension, so as today's cosign does, gatehouse refuses it for want of an
/// SCT, and with the SCT waived (--insecure-ignore-sct) for want of an issuer.
#[test]
fn a_keyless_cosign_signature_of_2021_is_checked_as_cosign_checks_it_today() {
    use gatehouse_signatures::trust::TrustedRoot;
    use gatehouse_signatures::verify::{Matcher, Policy, verify_cosign_keyless};
    let (annotation, payload, signature, cert) = keyless_2021();
    let root = TrustedRoot::public_good().unwrap();
    let anyone = [Policy::Identity {
        identity: Matcher::regex(".*").unwrap(),
        issuer: Matcher::regex(".*").unwrap(),
    }];
    let check = |payload: &[u8], annotation: Option<&str>, policies: &[Policy], sct: bool| {
        verify_cosign_keyless(payload, &signature, &cert, annotation, policies, &root, sct)
            .map_err(|e| e.0)
    };
    let said = check(&payload, Some(&annotation), &anyone, true).unwrap_err();
    assert!(said.contains("no signed certificate timestamp"), "{said}");
    let said = check(&payload, Some(&annotation), &anyone, false).unwrap_err();
    assert!(said.contains("OIDC issuer is missing"), "{said}");
    let someone_else = [Policy::Identity {
        identity: Matcher::Exact("someone@example.com".to_string()),
        issuer: Matcher::regex(".*").unwrap(),
    }];
    let said = check(&payload, Some(&annotation), &someone_else, false).unwrap_err();
    assert!(
        said.contains("the certificate's identity is flavio@castelli.me"),
        "{said}"
    );
    // Another payload is not what the log promised; no promise, no time to check the
    // certificate at; a root without Fulcio's first CA does not vouch for it.
    let mut other = payload.clone();
    other.push(b' ');
    let said = check(&other, Some(&annotation), &anyone, false).unwrap_err();
    assert!(said.contains("not for this payload"), "{said}");
    let said = check(&payload, None, &anyone, false).unwrap_err();
    assert!(said.contains("no transparency log evidence"), "{said}");
    let mut later: serde_json::Value =
        serde_json::from_str(gatehouse_signatures::trust::PUBLIC_GOOD).unwrap();
    later["certificateAuthorities"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let later = TrustedRoot::from_json(&later.to_string()).unwrap();
    let said = verify_cosign_keyless(
        &payload,
        &signature,
        &cert,
        Some(&annotation),
        &anyone,
        &later,
        false,
    )
    .unwrap_err()
    .0;
    assert!(
        said.contains("does not chain to a certificate authority"),
        "{said}"
    );
}

#[test]
fn an_identity_regexp_cannot_escape_its_anchors() {
    use gatehouse_signatures::verify::Matcher;
    assert!(Matcher::regex("x)|(.*").is_err());
    let dir = shared("sigstore/conformance");
    let output = gatehouse()
        .arg("verify-blob")
        .arg(dir.join("bundle-verify/a.txt"))
        .arg("--bundle")
        .arg(dir.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"))
        .arg("--trusted-root")
        .arg(dir.join("public-good-production.trusted_root.json"))
        .args(["--certificate-identity-regexp", "x)|(.*"])
        .args(["--certificate-oidc-issuer-regexp", ".*"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    // Anchored: a prefix of the identity is not the identity.
    let output = gatehouse()
        .arg("verify-blob")
        .arg(dir.join("bundle-verify/a.txt"))
        .arg("--bundle")
        .arg(dir.join("bundle-verify/happy-path-v0.3/bundle.sigstore.json"))
        .arg("--trusted-root")
        .arg(dir.join("public-good-production.trusted_root.json"))
        .args([
            "--certificate-identity-regexp",
            "https://github.com/sigstore-conformance",
        ])
        .args(["--certificate-oidc-issuer-regexp", ".*"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}
