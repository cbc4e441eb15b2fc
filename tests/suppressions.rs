//! End to end: inline suppressions, exceptions with expiry, baselines, thresholds.

mod common;

use common::*;
use serde_json::Value;

const PAT: &str = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
const GITLAB: &str = concat!("glpat-", "Q7vX2mL9pRt4WbN8cYd3");

fn open_rules(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn inline_ignore_suppresses_but_keeps_the_finding_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ci.sh"),
        format!("# gatehouse:ignore github-pat-classic -- revoked test token\nGH={PAT}\nGL={GITLAB} # gatehouse:ignore some-other-rule -- no\n"),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(open_rules(&report), ["gitlab-pat"]);
    let suppressed = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(suppressed["suppressed"]["kind"], "inline");
    assert_eq!(suppressed["suppressed"]["reason"], "revoked test token");
    assert_eq!(report["policies"][1]["counts"]["suppressed"], 1);
}

#[test]
fn exceptions_suppress_until_they_expire_and_expiry_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/setup.md"), format!("token {PAT}\n")).unwrap();
    std::fs::write(dir.path().join("deploy.sh"), format!("GL={GITLAB}\n")).unwrap();
    std::fs::write(
        dir.path().join("gatehouse.exceptions.toml"),
        "[[exceptions]]\nrule = \"github-pat-classic\"\npath = \"docs/**\"\nreason = \"revoked; kept in the runbook\"\nexpires = 2099-12-31\n\n[[exceptions]]\nrule = \"gitlab-pat\"\npath = \"deploy.sh\"\nreason = \"rotation pending\"\nexpires = 2020-01-31\n",
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "the expired exception no longer suppresses");
    assert_eq!(open_rules(&report), ["gitlab-pat"]);
    let pat = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(pat["suppressed"]["kind"], "exception");
    assert_eq!(pat["suppressed"]["expires"], "2099-12-31");
    let expired = errors(&report)
        .iter()
        .find(|e| {
            e["message"]
                .as_str()
                .unwrap()
                .contains("expired on 2020-01-31")
        })
        .expect("expired exception reported");
    assert!(
        expired["path"]
            .as_str()
            .unwrap()
            .ends_with("gatehouse.exceptions.toml")
    );
    assert_eq!(expired["line"], 7);

    // A broken exceptions file is a configuration error.
    std::fs::write(
        dir.path().join("gatehouse.exceptions.toml"),
        "[[exceptions]]\nrule = \"x\"\npath = \"y\"\nexpires = 2099-01-01\n",
    )
    .unwrap();
    let output = gatehouse().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("gatehouse.exceptions.toml:1:"), "{stderr}");
    assert!(stderr.contains("reason"), "{stderr}");
}

#[test]
fn baseline_hides_known_findings_and_new_ones_still_fail() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    std::fs::write(repo.join("old.sh"), format!("GH={PAT}\n")).unwrap();
    let baseline = dir.path().join("baseline.json");
    gatehouse()
        .args(["baseline", "create"])
        .arg(&baseline)
        .arg(&repo)
        .assert()
        .success();
    let (code, report) = check_json(&repo, &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0]["suppressed"]["kind"], "baseline");

    std::fs::write(repo.join("new.sh"), format!("GL={GITLAB}\n")).unwrap();
    let (code, report) = check_json(&repo, &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(open_rules(&report), ["gitlab-pat"]);

    std::fs::write(&baseline, "{ not json").unwrap();
    let output = gatehouse()
        .arg("check")
        .arg(&repo)
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("baseline.json:1:"));
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pay.js"),
        concat!("const key = 'sk_test_", "4eC39HqLyjWDarjtT1zdp7dc';\n"),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0, "a low finding passes the default high threshold");
    assert_eq!(report["policies"][1]["status"], "WARN");
    let (code, report) = check_json(dir.path(), &["--fail-on", "low"]);
    assert_eq!(code, 1);
    assert_eq!(report["policies"][1]["status"], "FAIL");
    assert_eq!(report["gate"]["fail_on"], "low");
    std::fs::write(dir.path().join("gatehouse.toml"), "fail_on = \"low\"\n").unwrap();
    assert_eq!(check_json(dir.path(), &[]).0, 1);
    assert_eq!(check_json(dir.path(), &["--fail-on", "none"]).0, 0);
}
