//! `gatehouse audit --evidence DIR --evidence-key KEY` writes a signed evidence archive;
//! `gatehouse evidence verify` accepts it untouched and names the file when one byte of any
//! file, or of the manifest, changes. The bundle is also verified by sigstore-js, independently
//! of gatehouse, as `cosign verify-blob --key --insecure-ignore-tlog` would verify it.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use common::registry::python;
use common::*;

fn keygen(dir: &Path) {
    let status = Command::new(python())
        .arg(workspace().join("scripts/cosign-sign"))
        .arg("keygen")
        .arg(dir)
        .status()
        .unwrap();
    assert!(status.success());
}

/// The archive's entries.
fn entries(archive: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

fn write_archive(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn verify(archive: &Path, key: &Path) -> (i32, String) {
    let output = gatehouse()
        .args(["evidence", "verify"])
        .arg(archive)
        .arg("--key")
        .arg(key)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn the_evidence_archive_verifies_untouched_and_names_any_changed_file() {
    let work = tempfile::tempdir().unwrap();
    let keys = work.path().join("keys");
    let other = work.path().join("other");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    keygen(&keys);
    keygen(&other);
    let tree = fixture("policies/P04/audit-log-valid");
    // A live probe of this run (an image in a registry that is down): its result is evidence.
    let closed = free_port();
    let image = format!("127.0.0.1:{closed}/app@sha256:{}", "ab".repeat(32));
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        format!(
            "[signatures]\nimages = [\"{image}\"]\ninsecure_registries = [\"127.0.0.1:{closed}\"]\nkeys = [\"{}\"]\n",
            keys.join("cosign.pub").display()
        ),
    )
    .unwrap();
    let out = work.path().join("evidence");
    let output = gatehouse()
        .arg("audit")
        .arg(tree.path())
        .args([
            "--only",
            "policies,signatures",
            "--format",
            "none",
            "--evidence",
        ])
        .arg(&out)
        .arg("--evidence-key")
        .arg(keys.join("signing.pem"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("signed evidence written to"), "{said}");
    let archive = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("an archive");
    let files = entries(&archive);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "report.json",
            "report.md",
            "report.csv",
            "report.sarif",
            "report.html",
            "facts.json",
            "SHA256SUMS",
            "SHA256SUMS.sigstore.json"
        ]
    );

    // The facts: the tree's, and what this run's live probes read (not probed again).
    let facts: serde_json::Value = serde_json::from_slice(&files[5].1).unwrap();
    assert!(facts["audit"].is_object(), "{facts:#}");
    let probed = &facts["live"]["signatures"]["images"][0];
    assert_eq!(probed["reference"], image.as_str(), "{facts:#}");
    assert_eq!(probed["status"], "error", "{probed:#}");
    let report: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    let p01 = report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "P01")
        .unwrap();
    assert_eq!(p01["status"], "BLOCKED", "{p01:#}");

    let (code, said) = verify(&archive, &keys.join("cosign.pub"));
    assert_eq!(code, 0, "{said}");
    assert!(
        said.contains("verified: ") && said.contains("6 files"),
        "{said}"
    );
    let (code, said) = verify(&archive, &other.join("cosign.pub"));
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("not signed by this signer"), "{said}");

    // An independent verifier: sigstore-js (@sigstore/verify, npm's), offline, with the key,
    // as cosign verify-blob --key --insecure-ignore-tlog checks a blob's bundle; it refuses
    // another key and a changed manifest.
    let manifest = work.path().join("SHA256SUMS");
    let bundle = work.path().join("bundle.json");
    std::fs::write(&manifest, &files[6].1).unwrap();
    std::fs::write(&bundle, &files[7].1).unwrap();
    let sigstore_js = |artifact: &Path, key: &Path| {
        let output = Command::new("node")
            .arg(workspace().join("scripts/sigstore-js-verify"))
            .arg(artifact)
            .arg(&bundle)
            .arg(key)
            .env("NODE_PATH", tools_dir().join("sigstore-js/node_modules"))
            .output()
            .expect("node runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (code, said) = sigstore_js(&manifest, &keys.join("cosign.pub"));
    assert_eq!((code, said.trim()), (Some(0), "verified"), "{said}");
    let (code, said) = sigstore_js(&manifest, &other.join("cosign.pub"));
    assert_eq!(code, Some(1), "{said}");
    let changed = work.path().join("SHA256SUMS.changed");
    let mut text = files[6].1.clone();
    text[0] ^= 1;
    std::fs::write(&changed, text).unwrap();
    let (code, said) = sigstore_js(&changed, &keys.join("cosign.pub"));
    assert_eq!(code, Some(1), "{said}");

    // One byte changed in any file: not verified, naming it.
    for i in 0..files.len() {
        let mut changed = files.clone();
        let bytes = &mut changed[i].1;
        let at = bytes.len() / 2;
        bytes[at] ^= 0x20;
        let path = work.path().join(format!("changed-{i}.zip"));
        write_archive(&path, &changed);
        let (code, said) = verify(&path, &keys.join("cosign.pub"));
        assert_eq!(code, 1, "{}: {said}", files[i].0);
        let name = match files[i].0.as_str() {
            "SHA256SUMS.sigstore.json" => "SHA256SUMS",
            other => other,
        };
        assert!(said.contains(name), "{}: {said}", files[i].0);
    }
    // A file added beside the manifest's.
    let mut more = files.clone();
    more.push(("extra.txt".to_string(), b"x".to_vec()));
    let path = work.path().join("more.zip");
    write_archive(&path, &more);
    let (code, said) = verify(&path, &keys.join("cosign.pub"));
    assert_eq!(code, 1);
    assert!(
        said.contains("extra.txt is not in the signed manifest"),
        "{said}"
    );
}

/// The test's own Sigstore instance and its services (`scripts/cosign-sign serve`: GitHub
/// Actions' OIDC token endpoint, Fulcio, Rekor, by their documented protocols), stopped when
/// dropped.
struct Services {
    child: std::process::Child,
    dir: tempfile::TempDir,
    url: String,
}

impl Services {
    fn start() -> Services {
        let dir = tempfile::tempdir().unwrap();
        let script = workspace().join("scripts/cosign-sign");
        let status = Command::new(python())
            .arg(&script)
            .arg("instance")
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        let port = free_port();
        let child = Command::new(python())
            .arg(&script)
            .arg("serve")
            .arg(dir.path())
            .arg(port.to_string())
            .arg("the-request-token")
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        assert!(
            common::http::wait_for(30, || common::http::get(&format!("{url}/token")).is_some()),
            "the Sigstore services did not come up"
        );
        Services { child, dir, url }
    }

    fn root(&self) -> std::path::PathBuf {
        self.dir.path().join("trusted_root.json")
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("requests.log")).unwrap_or_default()
    }
}

impl Drop for Services {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keyless evidence signing in GitHub Actions: the job's OIDC token, a Fulcio certificate for
/// an ephemeral key, the signature logged in Rekor, all from the test's own instance by the
/// services' documented protocols (the public-good services are out of this machine's reach).
/// The archive verifies for the workflow's identity, with gatehouse and with sigstore-js, and
/// for no other identity or root.
#[test]
fn keyless_evidence_is_signed_through_fulcio_and_rekor_and_verifies_for_the_workflow_only() {
    let services = Services::start();
    let tree = fixture("policies/P04/audit-log-valid");
    let out = tempfile::tempdir().unwrap();
    let audit = |request_token: Option<&str>| {
        let mut command = gatehouse();
        command
            .arg("audit")
            .arg(tree.path())
            .args(["--only", "policies", "--format", "none", "--evidence"])
            .arg(out.path())
            .args(["--fulcio-url", &services.url, "--rekor-url", &services.url])
            .arg("--trusted-root")
            .arg(services.root())
            .env_remove("SIGSTORE_ID_TOKEN")
            .env_remove("ACTIONS_ID_TOKEN_REQUEST_URL")
            .env_remove("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if let Some(token) = request_token {
            command
                .env(
                    "ACTIONS_ID_TOKEN_REQUEST_URL",
                    format!("{}/token?api-version=2.0", services.url),
                )
                .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", token);
        }
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    // Outside GitHub Actions, no token: a clear error, no archive.
    let (code, said) = audit(None);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("no identity token for keyless signing"),
        "{said}"
    );
    // A request token GitHub would refuse: the token endpoint's refusal, the token unsaid.
    let (code, said) = audit(Some("not-the-request-token"));
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("GitHub Actions' token endpoint: HTTP 401"),
        "{said}"
    );
    assert!(!said.contains("not-the-request-token"), "{said}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    let workflow = "https://github.com/acme/app/.github/workflows/audit.yml@refs/heads/main";
    let actions = "https://token.actions.githubusercontent.com";
    let (code, said) = audit(Some("the-request-token"));
    assert_ne!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!("evidence signed by {workflow} ({actions})")),
        "{said}"
    );
    let archive = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("an archive");
    let files = entries(&archive);
    let manifest = &files.iter().find(|(n, _)| n == "SHA256SUMS").unwrap().1;
    let asked = services.requests();
    for line in [
        "GET /token audience=sigstore authorized=True".to_string(),
        "POST /api/v2/signingCert audience=sigstore proof=valid".to_string(),
        format!("POST /api/v1/log/entries kind=hashedrekord hash={}", {
            use sha2::Digest;
            gatehouse_model::hex(&sha2::Sha256::digest(manifest))
        }),
    ] {
        assert!(asked.lines().any(|l| l == line), "{line}\n{asked}");
    }

    let verify_as = |identity: &str, root: Option<&Path>| {
        let mut command = gatehouse();
        command
            .args(["evidence", "verify"])
            .arg(&archive)
            .args(["--certificate-identity", identity])
            .args(["--certificate-oidc-issuer", actions]);
        if let Some(root) = root {
            command.arg("--trusted-root").arg(root);
        }
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (code, said) = verify_as(workflow, Some(&services.root()));
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains(&format!("signed by {workflow} ({actions})")),
        "{said}"
    );
    let (code, said) = verify_as(
        "https://github.com/evil/app/.github/workflows/audit.yml@refs/heads/main",
        Some(&services.root()),
    );
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("the certificate's identity is"), "{said}");
    // The public-good root does not vouch for the test's instance.
    let (code, said) = verify_as(workflow, None);
    assert_eq!(code, Some(1), "{said}");

    // sigstore-js, independently, with the same root and identity.
    let work = tempfile::tempdir().unwrap();
    let (manifest_path, bundle_path) = (work.path().join("SHA256SUMS"), work.path().join("b.json"));
    std::fs::write(&manifest_path, manifest).unwrap();
    std::fs::write(
        &bundle_path,
        &files
            .iter()
            .find(|(n, _)| n == "SHA256SUMS.sigstore.json")
            .unwrap()
            .1,
    )
    .unwrap();
    let output = Command::new("node")
        .arg(workspace().join("scripts/sigstore-js-verify"))
        .arg(&manifest_path)
        .arg(&bundle_path)
        .arg("--trusted-root")
        .arg(services.root())
        .args(["--identity", workflow, "--issuer", actions])
        .env("NODE_PATH", tools_dir().join("sigstore-js/node_modules"))
        .output()
        .expect("node runs");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "verified",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
