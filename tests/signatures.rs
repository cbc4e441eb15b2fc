//! End to end: `gatehouse audit` verifies the deployed images' signatures in a real registry
//! (Debian's docker-registry on a free loopback port; images made with umoci and pushed with
//! skopeo; signed in cosign's format by scripts/cosign-sign, independently of gatehouse): P01's
//! live part.

mod common;

use common::http::{Response, Server};
use common::registry::Registry;
use common::*;
use serde_json::Value;

/// A tree trusting the key in `keys` (if any) and naming `images` in `signatures.images`.
fn configured(registry: &str, images: &[&str], keys: &std::path::Path) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    let list: Vec<String> = images.iter().map(|i| format!("\"{i}\"")).collect();
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        format!(
            "[signatures]\ninsecure_registries = [\"{registry}\"]\ntimeout_secs = 3\nimages = [{}]\nkeys = [\"{}\"]\n",
            list.join(", "),
            keys.join("cosign.pub").display()
        ),
    )
    .unwrap();
    tree
}

/// A tree whose deployment references `images` (one container each), trusting the key in
/// `keys` (if any).
fn tree(registry: &str, images: &[&str], keys: Option<&std::path::Path>) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("deploy")).unwrap();
    let mut manifest = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n",
    );
    for (i, image) in images.iter().enumerate() {
        manifest.push_str(&format!("        - name: c{i}\n          image: {image}\n"));
    }
    std::fs::write(tree.path().join("deploy/app.yaml"), manifest).unwrap();
    // The test signer uploads to no transparency log (cosign's --tlog-upload=false).
    let mut config = format!(
        "[signatures]\ninsecure_registries = [\"{registry}\"]\ntimeout_secs = 3\ninsecure_ignore_tlog = true\n"
    );
    if let Some(keys) = keys {
        config.push_str(&format!(
            "keys = [\"{}\"]\n",
            keys.join("cosign.pub").display()
        ));
    }
    std::fs::write(tree.path().join("gatehouse.toml"), config).unwrap();
    tree
}

fn audit(tree: &std::path::Path) -> (Value, String) {
    let output = gatehouse()
        .arg("audit")
        .arg(tree)
        .args(["--only", "signatures,policies", "--format", "json"])
        .env_remove("COSIGN_KEY_PATH")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("no report: {e}\n{said}"));
    (report, said)
}

#[test]
fn signed_unsigned_untrusted_moved_and_forged_images_in_a_real_registry() {
    let registry = Registry::start();
    let host = registry.host.clone();
    let trusted = registry.keygen("trusted");
    let other = registry.keygen("other");
    let signed = registry.push("app", "v1", "signed");
    registry.sign("app", &signed, &trusted, None);
    let unsigned = registry.push("app", "unsigned", "unsigned");
    let foreign = registry.push("app", "foreign", "foreign");
    registry.sign("app", &foreign, &other, None);
    // A signature by the trusted key whose payload names another image.
    let forged = registry.push("app", "forged", "forged");
    registry.sign("app", &forged, &trusted, Some(&signed));

    // Signed by the trusted key, pinned by digest (a tag alone is P01's static finding): PASS.
    let tree_ok = tree(
        &host,
        &[
            &format!("{host}/app@{signed}"),
            &format!("{host}/app:v1@{signed}"),
        ],
        Some(&trusted),
    );
    let (report, said) = audit(tree_ok.path());
    let p01 = policy(&report, "P01");
    assert_eq!(p01["status"], "PASS", "{p01:#}\n{said}");
    assert!(
        p01["evidence"].to_string().contains(
            "signatures of 2 images verified in their registries (2 signed by a trusted signer)"
        ),
        "{p01:#}"
    );

    // What a user's Rego sees: `facts --live`, valid against the facts schema.
    let output = gatehouse()
        .args(["facts", "--live"])
        .arg(tree_ok.path())
        .env_remove("COSIGN_KEY_PATH")
        .output()
        .unwrap();
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/facts.schema.json")),
        &facts,
        "facts --live",
    );
    let images = facts["live"]["signatures"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    assert!(
        images
            .iter()
            .all(|i| i["status"] == "verified" && i["digest"] == signed.as_str())
    );
    assert!(images[0]["signer"].as_str().unwrap().starts_with("key "));

    // Each way of not being signed by the trusted key, at its manifest line.
    let tree_bad = tree(
        &host,
        &[
            &format!("{host}/app:unsigned"),
            &format!("{host}/app:foreign"),
            &format!("{host}/app:forged"),
        ],
        Some(&trusted),
    );
    let (report, said) = audit(tree_bad.path());
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    let found: Vec<(String, String, u64, String)> = findings(&report)
        .iter()
        .filter(|f| f["policies"][0] == "P01")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |rule: &str, severity: &str, line: u64, text: &str| {
        found
            .iter()
            .any(|(r, s, l, m)| r == rule && s == severity && *l == line && m.contains(text))
    };
    assert!(
        has("P01.live-unsigned", "high", 10, &unsigned),
        "{found:#?}"
    );
    assert!(
        has(
            "P01.live-untrusted-signature",
            "high",
            12,
            "signed by no trusted key"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "P01.live-digest-mismatch",
            "critical",
            14,
            &format!("is for {signed} (its payload's docker-manifest-digest), not {forged}")
        ),
        "{found:#?}"
    );

    // The tag moves to another image after signing: what it names now is unsigned.
    let tree_tag = tree(&host, &[&format!("{host}/app:v1")], Some(&trusted));
    let (report, _) = audit(tree_tag.path());
    assert!(
        !findings(&report)
            .iter()
            .any(|f| f["rule_id"] == "P01.live-unsigned"),
        "signed before the move"
    );
    registry.push("app", "v1", "moved");
    let (report, said) = audit(tree_tag.path());
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    assert!(
        findings(&report)
            .iter()
            .any(|f| f["rule_id"] == "P01.live-unsigned"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("{host}/app:v1"))),
        "{:#}",
        report["findings"]
    );

    // Without transparency-log evidence a key's signature does not count unless the
    // configuration waives it, as cosign verify requires --insecure-ignore-tlog.
    let strict = tree(&host, &[&format!("{host}/app@{signed}")], Some(&trusted));
    let config_path = strict.path().join("gatehouse.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    std::fs::write(
        &config_path,
        config.replace("insecure_ignore_tlog = true\n", ""),
    )
    .unwrap();
    let (report, said) = audit(strict.path());
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    assert!(
        findings(&report)
            .iter()
            .any(|f| f["rule_id"] == "P01.live-untrusted-signature"
                && f["message"]
                    .as_str()
                    .unwrap()
                    .contains("no transparency log evidence")),
        "{:#}",
        report["findings"]
    );

    // A Sigstore bundle attached as a referrer (through the referrers tag schema: this
    // registry has no referrers API) is found and read; an attestation, even one that names
    // another image, is not a signature of this one.
    let attested = registry.push("app", "attested", "attested");
    registry.attach_bundle(
        "app",
        &attested,
        &shared("sigstore/cosign/oci-attestation-keyless/oci-attestation.sigstore.json"),
    );
    let tree_attested = tree(&host, &[&format!("{host}/app@{attested}")], Some(&trusted));
    let (report, said) = audit(tree_attested.path());
    let found = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "P01.live-untrusted-signature")
        .unwrap_or_else(|| panic!("{said}\n{:#}", report["findings"]));
    let message = found["message"].as_str().unwrap();
    assert!(
        message.contains("none of its 1 signature(s)")
            && message.contains(
                "an attestation (https://cosign.sigstore.dev/attestation/v1), not a signature"
            ),
        "{message}"
    );

    // No trusted key: BLOCKED, saying what to set.
    let tree_nokey = tree(&host, &[&format!("{host}/app@{signed}")], None);
    let (report, _) = audit(tree_nokey.path());
    let p01 = policy(&report, "P01");
    assert_eq!(p01["status"], "BLOCKED");
    assert!(
        p01["reason"].as_str().unwrap().contains("COSIGN_KEY_PATH"),
        "{p01:#}"
    );
}

/// Keyless `.sig` signatures (`cosign sign` without a key: a Fulcio certificate and Rekor's
/// promise in the layer's annotations), made by scripts/cosign-sign with a Sigstore instance of
/// the test's own: they count for the configured identity and issuer under that instance's
/// trusted root only.
#[test]
fn keyless_signatures_count_for_the_trusted_identity_under_the_trusted_root_only() {
    let registry = Registry::start();
    let host = registry.host.clone();
    let instance = registry.instance();
    let actions = "https://token.actions.githubusercontent.com";
    let release = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1";
    let keyless = registry.push("app", "keyless", "keyless");
    registry.sign_keyless("app", &keyless, &instance, release, actions, true);
    let fork = registry.push("app", "fork", "fork");
    registry.sign_keyless(
        "app",
        &fork,
        &instance,
        "https://github.com/evil/app/.github/workflows/release.yml@refs/heads/main",
        actions,
        true,
    );
    let other_issuer = registry.push("app", "other-issuer", "other-issuer");
    registry.sign_keyless(
        "app",
        &other_issuer,
        &instance,
        release,
        "https://accounts.google.com",
        true,
    );
    let no_sct = registry.push("app", "no-sct", "no-sct");
    registry.sign_keyless("app", &no_sct, &instance, release, actions, false);

    let configured = |images: &[&str], extra: &str| {
        let tree = tempfile::tempdir().unwrap();
        let list: Vec<String> = images
            .iter()
            .map(|i| format!("\"{host}/app@{i}\""))
            .collect();
        std::fs::write(
            tree.path().join("gatehouse.toml"),
            format!(
                "[signatures]\ninsecure_registries = [\"{host}\"]\ntimeout_secs = 3\nimages = [{}]\n\
                 identities = [{{ identity_regexp = \"https://github.com/acme/app/.*\", issuer = \"{actions}\" }}]\n{extra}",
                list.join(", "),
            ),
        )
        .unwrap();
        tree
    };
    let root = format!(
        "trusted_root = \"{}\"\n",
        instance.join("trusted_root.json").display()
    );
    let messages = |report: &Value| -> Vec<String> {
        findings(report)
            .iter()
            .filter(|f| f["policies"][0] == "P01")
            .map(|f| format!("{}: {}", f["rule_id"], f["message"]))
            .collect()
    };

    // The trusted identity, its certificate from the trusted root's CA, with an SCT: PASS.
    let ok = configured(&[&keyless], &root);
    let (report, said) = audit(ok.path());
    assert_eq!(
        policy(&report, "P01")["status"],
        "PASS",
        "{said}\n{:?}",
        messages(&report)
    );
    let output = gatehouse()
        .args(["facts", "--live"])
        .arg(ok.path())
        .env_remove("COSIGN_KEY_PATH")
        .output()
        .unwrap();
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        facts["live"]["signatures"]["images"][0]["signer"],
        format!("{release} ({actions})")
    );

    // Another identity, another issuer, no SCT: each says why it does not count.
    let bad = configured(&[&fork, &other_issuer, &no_sct], &root);
    let (report, said) = audit(bad.path());
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    let found = messages(&report);
    for (image, why) in [
        (
            &fork,
            "the certificate's identity is https://github.com/evil/app/",
        ),
        (
            &other_issuer,
            "the certificate's OIDC issuer is https://accounts.google.com",
        ),
        (&no_sct, "carries no signed certificate timestamp"),
    ] {
        assert!(
            found
                .iter()
                .any(|m| m.starts_with("\"P01.live-untrusted-signature\"")
                    && m.contains(image.as_str())
                    && m.contains(why)),
            "{image}: {why}\n{found:#?}"
        );
    }
    // cosign's --insecure-ignore-sct, for certificates older than Fulcio's CT log.
    let lenient = configured(&[&no_sct], &format!("{root}insecure_ignore_sct = true\n"));
    let (report, said) = audit(lenient.path());
    assert_eq!(
        policy(&report, "P01")["status"],
        "PASS",
        "{said}\n{:?}",
        messages(&report)
    );

    // Under the default root (the public-good one), the test instance's log is no one's.
    let public = configured(&[&keyless], "");
    let (report, said) = audit(public.path());
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    let found = messages(&report);
    assert!(
        found
            .iter()
            .any(|m| m.contains("the Rekor bundle's log is not in the trusted root")),
        "{found:#?}"
    );
}

/// A registry with the OCI 1.1 referrers API (Debian's docker-registry 2.8 has none, and no
/// registry that has one installs here: a local server speaks the distribution spec's
/// referrers API, and the test asserts what it was asked), holding cosign v3's real production
/// signature of ghcr.io/kubewarden/kubewarden-controller:v1.34.0 as a Sigstore bundle referrer:
/// verified for the release workflow's identity against the embedded public-good root, and for
/// no other identity.
#[test]
fn a_cosign_v3_signature_is_found_through_the_referrers_api_and_verified() {
    let bundle = std::fs::read(shared(
        "sigstore/sigstore-rs/cosign-v3-oci-bundle/bundle_v03.json",
    ))
    .unwrap();
    let image = "sha256:c811d58de79c92f03214e63aa339484e488d694ae8a6283b5f3f17a9faf50172";
    let sha = |bytes: &[u8]| {
        use sha2::Digest;
        format!(
            "sha256:{}",
            gatehouse_model::hex(&sha2::Sha256::digest(bytes))
        )
    };
    let bundle_type = "application/vnd.dev.sigstore.bundle.v0.3+json";
    let layer = sha(&bundle);
    let referrer = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "artifactType": bundle_type,
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "size": 2,
                   "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
        "layers": [{"mediaType": bundle_type, "size": bundle.len(), "digest": layer}],
        "subject": {"mediaType": "application/vnd.oci.image.index.v1+json", "size": 1, "digest": image},
    })
    .to_string();
    let referrer_digest = sha(referrer.as_bytes());
    let index = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            // An SBOM referrer first: not a signature, filtered out.
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 10,
             "digest": format!("sha256:{}", "0".repeat(64)), "artifactType": "application/spdx+json"},
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": referrer.len(),
             "digest": referrer_digest, "artifactType": bundle_type},
        ],
    })
    .to_string();
    let repo = "/v2/kubewarden/kubewarden-controller";
    let (served_referrer, served_bundle) = (referrer.clone(), bundle.clone());
    let (referrer_path, layer_path) = (
        format!("{repo}/manifests/{referrer_digest}"),
        format!("{repo}/blobs/{layer}"),
    );
    let referrers_path = format!("{repo}/referrers/{image}");
    let server = Server::start(move |request| {
        let path = request.path.split('?').next().unwrap_or_default();
        if path == referrers_path {
            Response::new(200, index.clone())
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
        } else if path == referrer_path {
            Response::new(200, served_referrer.clone())
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .header("Docker-Content-Digest", &referrer_digest)
        } else if path == layer_path {
            Response::new(200, served_bundle.clone())
        } else {
            Response::new(404, r#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#)
                .header("Content-Type", "application/json")
        }
    });
    let host = server.url.trim_start_matches("http://").to_string();
    let audit_for = |identity: &str| {
        let tree = tempfile::tempdir().unwrap();
        std::fs::write(
            tree.path().join("gatehouse.toml"),
            format!(
                "[signatures]\ninsecure_registries = [\"{host}\"]\ntimeout_secs = 3\n\
                 images = [\"{host}/kubewarden/kubewarden-controller@{image}\"]\n\
                 identities = [{{ identity = \"{identity}\", issuer = \"https://token.actions.githubusercontent.com\" }}]\n"
            ),
        )
        .unwrap();
        audit_with(tree.path(), &[])
    };
    let release = "https://github.com/kubewarden/kubewarden-controller/.github/workflows/release.yml@refs/tags/v1.34.0";
    let (report, said) = audit_for(release);
    assert_eq!(policy(&report, "P01")["status"], "PASS", "{said}");
    let asked: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        asked.iter().any(|p| p
            == &format!("{repo}/referrers/{image}?artifactType=application%2Fvnd.dev.sigstore.bundle.v0.3%2Bjson")),
        "{asked:#?}"
    );
    assert!(
        !asked.iter().any(|p| p.contains("/manifests/sha256:0000")),
        "the SBOM referrer is not read: {asked:#?}"
    );

    let (report, said) = audit_for(
        "https://github.com/kubewarden/kubewarden-controller/.github/workflows/ci.yml@refs/heads/main",
    );
    assert_eq!(policy(&report, "P01")["status"], "FAIL", "{said}");
    assert!(
        findings(&report).iter().any(|f| f["rule_id"] == "P01.live-untrusted-signature"
            && f["message"].as_str().unwrap().contains("the certificate's identity is https://github.com/kubewarden/kubewarden-controller/.github/workflows/release.yml@refs/tags/v1.34.0")),
        "{:#}",
        report["findings"]
    );
}

/// `gatehouse audit` with only the registry credentials in `env` (an empty Docker
/// configuration otherwise).
fn audit_with(tree: &std::path::Path, env: &[(&str, &str)]) -> (Value, String) {
    let empty = tempfile::tempdir().unwrap();
    let mut command = gatehouse();
    command
        .arg("audit")
        .arg(tree)
        .args(["--only", "signatures,policies", "--format", "json"])
        .env_remove("COSIGN_KEY_PATH")
        .env_remove("REGISTRY_AUTH_FILE")
        .env_remove("GATEHOUSE_REGISTRY")
        .env_remove("GATEHOUSE_REGISTRY_USERNAME")
        .env_remove("GATEHOUSE_REGISTRY_PASSWORD")
        .env("DOCKER_CONFIG", empty.path());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("no report: {e}\n{said}"));
    (report, said + &String::from_utf8_lossy(&output.stdout))
}

/// The same real registry behind HTTP basic auth, then behind bearer tokens (Docker's token
/// protocol, from a token service of the test's): read with the credentials of the environment,
/// `REGISTRY_AUTH_FILE` or Docker's config.json; refused without them (BLOCKED, saying where
/// credentials come from, never what they are).
#[test]
fn registries_behind_basic_and_token_auth_are_read_with_the_credentials_given() {
    use common::registry::Auth;
    let mut registry = Registry::start();
    let host = registry.host.clone();
    let trusted = registry.keygen("trusted");
    let signed = registry.push("app", "v1", "signed");
    registry.sign("app", &signed, &trusted, None);
    let tree = tree(&host, &[&format!("{host}/app@{signed}")], Some(&trusted));
    let password = "s3cret-registry-password";
    let files = tempfile::tempdir().unwrap();
    let right = files.path().join("right.json");
    registry.auth_file(&right, "ci", password);
    let wrong = files.path().join("wrong.json");
    registry.auth_file(&wrong, "ci", "not-the-password");
    let docker = files.path().join("docker");
    std::fs::create_dir(&docker).unwrap();
    registry.auth_file(&docker.join("config.json"), "ci", password);
    let docker = docker.display().to_string();
    let (right, wrong) = (right.display().to_string(), wrong.display().to_string());
    let env_for = |registry: &str| {
        vec![
            ("GATEHOUSE_REGISTRY", registry.to_string()),
            ("GATEHOUSE_REGISTRY_USERNAME", "ci".to_string()),
            ("GATEHOUSE_REGISTRY_PASSWORD", password.to_string()),
        ]
    };
    let status = |env: &[(&str, String)]| {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (report, said) = audit_with(tree.path(), &env);
        assert!(
            !said.contains(password),
            "the password is never said: {said}"
        );
        let p01 = policy(&report, "P01");
        (
            p01["status"].as_str().unwrap().to_string(),
            format!("{p01}\n{said}"),
        )
    };

    for auth in [
        Auth::Basic {
            user: "ci".to_string(),
            password: password.to_string(),
        },
        Auth::Token {
            user: "ci".to_string(),
            password: password.to_string(),
            anonymous_pull: false,
        },
    ] {
        let token = matches!(auth, Auth::Token { .. });
        registry.restart_with_auth(auth);
        // No credentials: BLOCKED, saying where they would come from.
        let (got, said) = status(&[]);
        assert_eq!(got, "BLOCKED", "{said}");
        assert!(
            said.contains("no credentials: GATEHOUSE_REGISTRY"),
            "{said}"
        );
        // Each source of credentials.
        for env in [
            env_for(&host),
            vec![("REGISTRY_AUTH_FILE", right.clone())],
            vec![("DOCKER_CONFIG", docker.clone())],
        ] {
            let (got, said) = status(&env);
            assert_eq!(got, "PASS", "{env:?}: {said}");
        }
        // Credentials for another registry are not sent to this one.
        let (got, said) = status(&env_for("ghcr.io"));
        assert_eq!(got, "BLOCKED", "{said}");
        // Wrong ones: BLOCKED, naming where they came from.
        let (got, said) = status(&[("REGISTRY_AUTH_FILE", wrong.clone())]);
        assert_eq!(got, "BLOCKED", "{said}");
        assert!(
            said.contains(&format!("the credentials from {wrong}")),
            "{said}"
        );
        if token {
            let asked = registry.token_requests();
            assert!(
                asked
                    .lines()
                    .any(|l| l == "ci gatehouse-test-registry repository:app:pull"),
                "{asked}"
            );
        }
    }

    // A public image behind a token service (as Docker Hub's): anonymous tokens for pull.
    registry.restart_with_auth(Auth::Token {
        user: "ci".to_string(),
        password: password.to_string(),
        anonymous_pull: true,
    });
    let (got, said) = status(&[]);
    assert_eq!(got, "PASS", "{said}");
    assert!(
        registry
            .token_requests()
            .lines()
            .any(|l| l == "anonymous gatehouse-test-registry repository:app:pull"),
        "{}",
        registry.token_requests()
    );
}

#[test]
fn an_unreachable_or_hostile_registry_is_blocked_with_the_error() {
    let keys = tempfile::tempdir().unwrap();
    std::fs::write(
        keys.path().join("cosign.pub"),
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMu6Omz2Jh\nfwlMW+gIutNKVRaMyS4rQKvgngc5p8UbLj55pVHhIoAxi/SRgURZI0J3Xw==\n-----END PUBLIC KEY-----\n",
    )
    .unwrap();
    // Down: nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let down = closed.local_addr().unwrap().to_string();
    drop(closed);
    let t = configured(&down, &[&format!("{down}/app:v1")], keys.path());
    let (report, _) = audit(t.path());
    let p01 = policy(&report, "P01");
    assert_eq!(p01["status"], "BLOCKED", "{p01:#}");
    assert!(
        p01["reason"].as_str().unwrap().contains("cannot connect"),
        "{p01:#}"
    );

    // A 10 MB manifest, and a redirect loop: errors, not hangs or panics.
    let hostile = Server::start(|request| {
        if request.path.contains("/manifests/html") {
            Response::new(200, "{\"schemaVersion\": 2}").header("Content-Type", "text/html")
        } else if request.path.contains("/manifests/truncated") {
            Response::new(200, "{\"schemaVersion\": 2, \"layers\": [")
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        } else if request.path.contains("/manifests/big") {
            Response::new(200, vec![b' '; 10 * 1024 * 1024])
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        } else {
            Response::new(302, "").header("Location", &request.path)
        }
    });
    let host = hostile.url.trim_start_matches("http://").to_string();
    let t = configured(
        &host,
        &[
            &format!("{host}/app:big"),
            &format!("{host}/app:loop"),
            &format!("{host}/app:truncated"),
            &format!("{host}/app:html"),
        ],
        keys.path(),
    );
    let (report, said) = audit(t.path());
    let p01 = policy(&report, "P01");
    assert_eq!(p01["status"], "BLOCKED", "{p01:#}\n{said}");
    let reason = p01["reason"].as_str().unwrap();
    assert!(reason.contains("larger than 4 MiB"), "{reason}");
    assert!(reason.contains("too many redirects"), "{reason}");
    assert!(
        reason.contains("manifest truncated is not JSON"),
        "{reason}"
    );
}
