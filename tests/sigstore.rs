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
        assert!(said.contains(reason), "{case}: {said}");
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
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--trusted-root"));
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
