//! `gatehouse render --trend`: the trend over past JSON reports (the weekly audits).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

/// Scan `tree` and keep its JSON report as `out/NAME.json`.
fn audit(tree: &Path, out: &Path, name: &str) -> Value {
    let path = out.join(format!("{name}.json"));
    gatehouse()
        .arg("check")
        .arg(tree)
        .args(["--format", "none", "--fail-on", "none", "-o"])
        .arg(format!("json={}", path.display()))
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn open_fingerprints(report: &Value) -> BTreeSet<String> {
    findings(report)
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_trend_shows_each_audit_and_what_appeared_and_was_fixed() {
    let tree = tempfile::tempdir().unwrap();
    let history = tempfile::tempdir().unwrap();
    let token = concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17");
    let slack = concat!("xoxb-", "2048613907-4410839102873-kQ8vT2mLp9xR4wKdZr7YhN3s");
    std::fs::write(tree.path().join("a.env"), format!("GH_TOKEN={token}\n")).unwrap();
    let first = audit(tree.path(), history.path(), "2026-11-16");
    std::fs::write(tree.path().join("b.env"), format!("SLACK_TOKEN={slack}\n")).unwrap();
    let second = audit(tree.path(), history.path(), "2026-11-23");
    std::fs::remove_file(tree.path().join("a.env")).unwrap();
    let third = audit(tree.path(), history.path(), "2026-11-30");
    // Not a report: left out, said so, the rest goes on.
    std::fs::write(
        history.path().join("notes.json"),
        "{\"not\": \"a report\"}\n",
    )
    .unwrap();

    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("trend.json");
    let html = out.path().join("trend.html");
    let run = gatehouse()
        .args(["render", "--trend"])
        .arg(history.path())
        .args(["--format", "table", "-o"])
        .arg(format!("json={}", json.display()))
        .arg("-o")
        .arg(format!("html={}", html.display()))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("notes.json"), "{stderr}");
    let table = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        table.lines().filter(|l| l.contains("gate ")).count(),
        3,
        "{table}"
    );
    assert!(
        table.contains("since the audit before: 0 appeared, 1 fixed"),
        "{table}"
    );

    let trend: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let points = trend["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    let started: Vec<&str> = points
        .iter()
        .map(|p| p["started"].as_str().unwrap())
        .collect();
    assert_eq!(
        started,
        [&first, &second, &third].map(|r| r["run"]["started"].as_str().unwrap())
    );
    let open: Vec<u64> = points
        .iter()
        .map(|p| p["open_total"].as_u64().unwrap())
        .collect();
    assert_eq!(
        open,
        [&first, &second, &third].map(|r| open_fingerprints(r).len() as u64)
    );
    // By fingerprint: the third audit fixed the GitHub token and brought nothing new.
    let fixed: Vec<&str> = trend["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(fixed, ["github-pat-classic"]);
    assert_eq!(trend["appeared"], serde_json::json!([]));
    assert_eq!(trend["problems"].as_array().unwrap().len(), 1);
    let p02 = trend["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "P02")
        .unwrap();
    // Under --fail-on none a failing policy only warns.
    assert_eq!(p02["statuses"], serde_json::json!(["WARN", "WARN", "WARN"]));

    // A glob picks the same reports (and not the notes).
    let glob = format!("{}/2026-*.json", history.path().display());
    let run = gatehouse()
        .args(["render", "--trend", &glob, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let by_glob: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(by_glob["points"].as_array().unwrap().len(), 3);
    assert_eq!(by_glob["problems"], serde_json::json!([]));

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Fixed since the audit before (1)"), "{page}");
    assert!(!page.contains(token) && !page.contains(slack));
    assert!(!page.contains("<script") && !page.contains(" src=\""));

    // Formats the trend has no form for, and no report at all, are errors.
    let md = gatehouse()
        .args(["render", "--trend"])
        .arg(history.path())
        .args(["--format", "md"])
        .output()
        .unwrap();
    assert_eq!(md.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let none = gatehouse()
        .args(["render", "--trend"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no gatehouse JSON report"));
}
