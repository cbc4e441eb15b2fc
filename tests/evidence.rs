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
    assert!(said.contains("not signed by this key"), "{said}");

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
