//! `gatehouse verify-log`: the hash-chained JSONL audit log and `sha256sum` manifests of
//! `testdata/verify-log/` (written by `make.py` there, cross-checked with `jq -cS | sha256sum`
//! and `sha256sum -c`), and a chain Python writes in the test itself.

mod common;

use common::{gatehouse, workspace};

/// Exit code and stdout of `verify-log` on a file of `testdata/verify-log/`.
fn verify(name: &str) -> (i32, String) {
    let output = gatehouse()
        .arg("verify-log")
        .arg(workspace().join("testdata/verify-log").join(name))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).to_string(),
    )
}

#[test]
fn a_good_chain_verifies_and_prints_its_last_hash() {
    let (code, out) = verify("good.jsonl");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("6 records"), "{out}");
    assert!(
        out.contains("1117db08dd0a0dde3b7bdba93609d9cbeb884839c317ffb8fff8b82fb0c98acf"),
        "{out}"
    );
}

#[test]
fn each_kind_of_damage_is_named_at_its_line() {
    for (name, line, reason) in [
        ("tampered.jsonl", 4, "hash mismatch"),
        ("broken-chain.jsonl", 5, "chain broken"),
        ("not-json.jsonl", 2, "not JSON"),
    ] {
        let (code, out) = verify(name);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            out.contains(&format!("{name}:{line}: {reason}")),
            "{name}: {out}"
        );
    }
    let (code, _) = verify("missing.jsonl");
    assert_eq!(code, 2);
}

#[test]
fn manifests_verify_each_file() {
    let (code, out) = verify("manifest/SHA256SUMS.sha256");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("OK, 2 files verified"), "{out}");
    let (code, out) = verify("manifest-bad/SHA256SUMS.sha256");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("SHA256SUMS.sha256:2: 2024-06-02.log: digest mismatch"),
        "{out}"
    );
}

/// A chain written by Python's `json.dumps(sort_keys=True, separators=(",", ":"),
/// ensure_ascii=False)` as the format documents, with records the fixtures do not have
/// (escapes, deep nesting, unicode keys); then the same log with one record edited.
#[test]
fn a_chain_python_writes_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let script = r#"
import hashlib, json, sys
records = [
    {"actor": "zoë", "action": "login", "meta": {"b": [1, {"y": None, "x": True}], "a": "tab\there"}},
    {"actor": "ops", "action": "grant", "quote": "\"q\" \\ back", "ünïcode-key": "✓"},
    {"actor": "ops", "action": "revoke", "n": -12, "empty": {}, "list": []},
]
prev = "0" * 64
out = []
for r in records:
    r["prev_hash"] = prev
    h = hashlib.sha256(json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
    r["hash"] = h
    out.append(json.dumps(r, ensure_ascii=False))
    prev = h
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
bad = out[:]
bad[1] = bad[1].replace("grant", "grunt")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(bad) + "\n")
"#;
    let good = dir.path().join("audit.jsonl");
    let bad = dir.path().join("audit-bad.jsonl");
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&good)
        .arg(&bad)
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let output = gatehouse().arg("verify-log").arg(&good).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let output = gatehouse().arg("verify-log").arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains(":2: hash mismatch"));
}
