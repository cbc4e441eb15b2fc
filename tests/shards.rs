//! Shards: `check --shard I/N` splits the files; `gatehouse merge` of the shards' reports gives
//! what one run over the whole tree gives.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

/// A tree for every family: planted secrets, SAST findings, a lockfile, manifests.
fn tree() -> tempfile::TempDir {
    let dir = secrets_fixture();
    copy_tree(
        &workspace().join("testdata/policies/P12/multi-document"),
        &dir.path().join("deploy"),
    );
    copy_tree(
        &workspace().join("testdata/policies/P06/no-restore-test"),
        &dir.path().join("ops"),
    );
    std::fs::write(
        dir.path().join("app.py"),
        "import subprocess\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n\ndef calc(expr):\n    return eval(expr)\n",
    )
    .unwrap();
    dir
}

fn findings(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{} {}",
                f["rule_id"].as_str().unwrap(),
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start_line"],
                f["fingerprint"].as_str().unwrap()
            )
        })
        .collect()
}

fn rows(report: &Value) -> Vec<(String, String, Value)> {
    report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
                p["counts"].clone(),
            )
        })
        .collect()
}

#[test]
fn merged_shards_equal_the_whole_run() {
    let tree = tree();
    let root = tree.path();
    let out = tempfile::tempdir().unwrap();
    let (whole_code, whole) = check_json(root, &[]);
    let mut shard_files = Vec::new();
    let mut secrets_files = 0;
    for i in 1..=3 {
        let (_, shard) = check_json(root, &["--shard", &format!("{i}/3")]);
        assert_eq!(shard["run"]["shard"], format!("{i}/3"));
        secrets_files += shard["stats"]["secrets"]["files"].as_u64().unwrap();
        let families: Vec<&str> = shard["run"]["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        // The whole-repository families run in the first shard only.
        assert_eq!(families.contains(&"policies"), i == 1, "{families:?}");
        let path = out.path().join(format!("shard{i}.json"));
        std::fs::write(&path, shard.to_string()).unwrap();
        shard_files.push(path);
    }
    // Every file is the secrets family's in exactly one shard.
    assert_eq!(
        secrets_files,
        whole["stats"]["secrets"]["files"].as_u64().unwrap()
    );

    let output = gatehouse()
        .arg("merge")
        .args(&shard_files)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let merged: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(output.status.code(), Some(whole_code));
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &merged,
        "merged report",
    );
    let whole_findings = findings(&whole);
    assert!(whole_findings.len() > 20, "{}", whole_findings.len());
    assert_eq!(findings(&merged), whole_findings);
    assert_eq!(rows(&merged), rows(&whole));
    assert_eq!(merged["gate"]["passed"], whole["gate"]["passed"]);
    assert_eq!(
        merged["stats"]["sast"]["files"],
        whole["stats"]["sast"]["files"]
    );
    assert!(
        merged["run"]["shard"]
            .as_str()
            .unwrap()
            .starts_with("merged 1/3, 2/3, 3/3")
    );
}

#[test]
fn a_shard_is_the_same_on_every_run_and_bad_ones_are_refused() {
    let tree = tree();
    let (_, a) = check_json(tree.path(), &["--shard", "2/4", "--only", "secrets"]);
    let (_, b) = check_json(tree.path(), &["--shard", "2/4", "--only", "secrets"]);
    assert_eq!(findings(&a), findings(&b));
    for bad in ["0/3", "4/3", "1/0", "x", "2"] {
        let output = gatehouse()
            .arg("check")
            .arg(tree.path())
            .args(["--shard", bad])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
    }
    let output = gatehouse()
        .args(["merge", "missing.json"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
