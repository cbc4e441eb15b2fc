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
        concat!("const key = 'sk_test_", "9fQ2xLmR7vTk3WbN8cYd4Hpz';\n"),
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

/// One fixture of `testdata/suppressions/`: a repository whose only problem is one
/// fail-level violation of `policy`, at `file:line`.
struct PolicyCase {
    dir: &'static str,
    policy: &'static str,
    rule: &'static str,
    file: &'static str,
    line: usize,
    /// How a user silences it in the file itself: the comment leader of the file's syntax, on
    /// its own line above the finding (`above`) or at the end of the finding's line.
    leader: &'static str,
    above: bool,
}

const POLICY_CASES: [PolicyCase; 4] = [
    PolicyCase {
        dir: "kubernetes",
        policy: "P01",
        rule: "P01.image-not-pinned",
        file: "deploy.yaml",
        line: 13,
        leader: "#",
        above: true,
    },
    PolicyCase {
        // A Dockerfile has no comments at the end of an instruction: the line above it.
        dir: "dockerfile",
        policy: "P12",
        rule: "P12.dockerfile-root-user",
        file: "Dockerfile",
        line: 1,
        leader: "#",
        above: true,
    },
    PolicyCase {
        dir: "workflow",
        policy: "P08",
        rule: "P08.action-not-pinned",
        file: ".github/workflows/ci.yml",
        line: 10,
        leader: "#",
        above: false,
    },
    PolicyCase {
        dir: "sql",
        policy: "P05",
        rule: "P05.rls-not-enabled",
        file: "db/001_orders.sql",
        line: 1,
        leader: "--",
        above: true,
    },
];

/// The case's fixture, checked to fail as it is: its policy FAIL at the expected place, the
/// gate FAILED. Returns the copy and the finding's fingerprint.
fn failing_case(case: &PolicyCase) -> (tempfile::TempDir, String) {
    let dir = fixture(&format!("suppressions/{}", case.dir));
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{}: {report:#}", case.dir);
    assert_eq!(
        policy(&report, case.policy)["status"],
        "FAIL",
        "{}",
        case.dir
    );
    let open: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .collect();
    assert_eq!(open.len(), 1, "{}: one problem only: {open:#?}", case.dir);
    assert_eq!(open[0]["rule_id"], case.rule);
    assert_eq!(open[0]["location"]["path"], case.file);
    assert_eq!(open[0]["location"]["start_line"], case.line);
    let fingerprint = open[0]["fingerprint"].as_str().unwrap().to_string();
    (dir, fingerprint)
}

/// The case's policy PASS, saying that one finding was suppressed and how, and the gate PASSED.
fn assert_suppressed(case: &PolicyCase, dir: &std::path::Path, args: &[&str], kind: &str) {
    let (code, report) = check_json(dir, args);
    let row = policy(&report, case.policy);
    assert_eq!(row["status"], "PASS", "{} by {kind}: {row:#}", case.dir);
    assert_eq!(row["reason"], format!("1 suppressed (1 {kind})"));
    assert_eq!(row["counts"]["suppressed"], 1);
    assert_eq!(code, 0, "{} by {kind}: {:#}", case.dir, report["gate"]);
    assert_eq!(report["gate"]["passed"], true);
    let finding = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == case.rule)
        .unwrap();
    assert_eq!(finding["suppressed"]["kind"], kind);
}

#[test]
fn a_baseline_turns_a_failing_policy_into_a_pass() {
    for case in &POLICY_CASES {
        let (dir, _) = failing_case(case);
        let baseline = dir.path().join("baseline.json");
        gatehouse()
            .args(["baseline", "create"])
            .arg(&baseline)
            .arg(dir.path())
            .assert()
            .success();
        assert_suppressed(
            case,
            dir.path(),
            &["--baseline", baseline.to_str().unwrap()],
            "baseline",
        );
    }
}

#[test]
fn exceptions_turn_a_failing_policy_into_a_pass_until_they_expire() {
    for case in &POLICY_CASES {
        let (dir, fingerprint) = failing_case(case);
        let exceptions = dir.path().join("gatehouse.exceptions.toml");
        // By rule and path.
        std::fs::write(
            &exceptions,
            format!(
                "[[exceptions]]\nrule = \"{}\"\npath = \"{}\"\nreason = \"accepted by the platform team\"\nexpires = 2099-12-31\n",
                case.rule, case.file
            ),
        )
        .unwrap();
        assert_suppressed(case, dir.path(), &[], "exception");
        // By fingerprint.
        std::fs::write(
            &exceptions,
            format!(
                "[[exceptions]]\nfingerprint = \"{fingerprint}\"\nreason = \"accepted\"\nexpires = 2099-12-31\n"
            ),
        )
        .unwrap();
        assert_suppressed(case, dir.path(), &[], "exception");
        // Expired: it fails again, and the report says the exception expired.
        std::fs::write(
            &exceptions,
            format!(
                "[[exceptions]]\nfingerprint = \"{fingerprint}\"\nreason = \"accepted\"\nexpires = 2020-01-31\n"
            ),
        )
        .unwrap();
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{}", case.dir);
        assert_eq!(policy(&report, case.policy)["status"], "FAIL");
        assert!(
            errors(&report).iter().any(|e| e["message"]
                .as_str()
                .unwrap()
                .contains("expired on 2020-01-31")),
            "{:#}",
            report["errors"]
        );
    }
}

#[test]
fn inline_comments_turn_a_failing_policy_into_a_pass_in_each_comment_syntax() {
    for case in &POLICY_CASES {
        let (dir, _) = failing_case(case);
        let path = dir.path().join(case.file);
        let text = std::fs::read_to_string(&path).unwrap();
        let marker = format!(
            "{} gatehouse:ignore {} -- accepted: see the runbook",
            case.leader, case.rule
        );
        // A comment about another rule does not suppress it.
        let wrong = format!("{} gatehouse:ignore P99.other -- no", case.leader);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let at = case.line - 1;
        let (mut right, mut other) = (lines.clone(), lines.clone());
        if case.above {
            right.insert(at, marker.clone());
            other.insert(at, wrong.clone());
        } else {
            right[at] = format!("{} {marker}", right[at]);
            other[at] = format!("{} {wrong}", other[at]);
        }
        std::fs::write(&path, other.join("\n") + "\n").unwrap();
        let (code, report) = check_json(dir.path(), &[]);
        assert_eq!(code, 1, "{}", case.dir);
        assert_eq!(policy(&report, case.policy)["status"], "FAIL");
        std::fs::write(&path, right.join("\n") + "\n").unwrap();
        assert_suppressed(case, dir.path(), &[], "inline");
        // Two lines above is too far.
        if case.above {
            lines.insert(at, String::new());
            lines.insert(at, marker);
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            assert_eq!(check_json(dir.path(), &[]).0, 1, "{}", case.dir);
        }
    }
}

#[test]
fn accepted_risk_can_stay_visible_as_warn() {
    let case = &POLICY_CASES[0];
    let (dir, _) = failing_case(case);
    std::fs::write(
        dir.path().join("gatehouse.toml"),
        format!(
            "suppressed = \"warn\"\n\n[[exceptions]]\nrule = \"{}\"\npath = \"{}\"\nreason = \"accepted\"\nexpires = 2099-12-31\n",
            case.rule, case.file
        ),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let row = policy(&report, case.policy);
    assert_eq!(row["status"], "WARN");
    assert!(
        row["reason"]
            .as_str()
            .unwrap()
            .starts_with("accepted risk: 1 suppressed (1 exception"),
        "{row:#}"
    );
}

#[test]
fn fail_on_none_reports_only_and_names_what_it_let_through() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace().join("testdata/suppressions/workflow"),
        dir.path(),
    );
    // A migration that does not parse blocks P05; a critical secret.
    std::fs::create_dir_all(dir.path().join("db")).unwrap();
    std::fs::write(
        dir.path().join("db/001.sql"),
        "CREATE TABLE orders (id int, tenant_id int;\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deploy.env"),
        concat!(
            "aws_secret_access_key = \"h3Jq",
            "9vT2xLmR8pW4nZ6kY1cB7dF0gS5aQ/eU+oIx\"\n"
        ),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "without --fail-on none the gate fails");
    let (code, report_none) = check_json(dir.path(), &["--fail-on", "none"]);
    assert_eq!(code, 0, "{:#}", report_none["gate"]);
    for report in [&report, &report_none] {
        assert_eq!(policy(report, "P08")["status"], "FAIL");
        assert_eq!(policy(report, "P05")["status"], "BLOCKED");
        assert!(
            findings(report)
                .iter()
                .any(|f| f["severity"] == "critical" && f["family"] == "secrets")
        );
    }
    assert!(
        report_none["gate"]["reasons"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        report_none["gate"]["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("report only (--fail-on none)")
    );
    // The summary line names the FAIL policy, the BLOCKED one and the critical finding.
    let output = gatehouse()
        .arg("check")
        .arg(dir.path())
        .args(["--fail-on", "none"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let table = String::from_utf8_lossy(&output.stdout);
    let gate_line = table
        .lines()
        .find(|l| l.starts_with("gate PASSED"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(gate_line.contains("(fail-on none)"), "{gate_line}");
    assert!(gate_line.contains("P08 FAIL"), "{gate_line}");
    assert!(gate_line.contains("P05 BLOCKED"), "{gate_line}");
    assert!(gate_line.contains("1 critical"), "{gate_line}");
    // The Markdown (the PR comment's top) says the same.
    let output = gatehouse()
        .arg("check")
        .arg(dir.path())
        .args(["--fail-on", "none", "-f", "md"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&output.stdout);
    assert!(md.contains("P08 FAIL; P05 BLOCKED; 1 critical"), "{md}");
}
