//! `--new-only --diff-base REF`: a branch in a real git repository; only findings on lines the
//! branch added or changed gate (renamed files' old lines do not, untracked files do), and
//! every finding is still reported, marked.

mod common;

use std::path::Path;

use common::{assert_valid, check_json, findings, git_ok, policy, shared, validator};
use serde_json::Value;

const OLD: &str = concat!("ghp_", "A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6S7t8");
const MOVED: &str = concat!("ghp_", "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2");
const ADDED: &str = concat!("ghp_", "M4n5B6v7C8x9Z0a1S2d3F4g5H6j7K8l9Q0w1");
const UNTRACKED: &str = concat!("ghp_", "Q7w8E9r0T1y2U3i4O5p6A7s8D9f0G1h2J3k4");

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// main: two files with a token each; branch `feature` renames one unchanged.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    write(
        d,
        "app/old.py",
        &format!("import os\nTOKEN = \"{OLD}\"\n\n\ndef f():\n    return 1\n"),
    );
    write(
        d,
        "app/moved.py",
        &format!("# config\nKEY = \"{MOVED}\"\nA = 1\nB = 2\nC = 3\n"),
    );
    git_ok(d, &["add", "-A"]);
    git_ok(d, &["commit", "-q", "-m", "main"]);
    git_ok(d, &["checkout", "-q", "-b", "feature"]);
    git_ok(d, &["mv", "app/moved.py", "app/renamed.py"]);
    git_ok(d, &["commit", "-q", "-m", "rename"]);
    dir
}

fn new_marks(report: &Value) -> Vec<(String, u64, bool)> {
    let mut marks: Vec<(String, u64, bool)> = findings(report)
        .iter()
        .filter(|f| f["family"] == "secrets")
        .map(|f| {
            (
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["new"].as_bool().expect("every finding is marked"),
            )
        })
        .collect();
    marks.sort();
    marks
}

#[test]
fn only_new_lines_gate_and_everything_is_reported() {
    let repo = repository();
    let d = repo.path();
    let args = ["--only", "secrets", "--new-only", "--diff-base", "main"];

    // A rename alone adds nothing: both old tokens reported, neither gates.
    let (code, report) = check_json(d, &args);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        new_marks(&report),
        vec![
            ("app/old.py".to_string(), 2, false),
            ("app/renamed.py".to_string(), 2, false),
        ]
    );
    let p02 = policy(&report, "P02");
    assert_eq!(p02["status"], "WARN");
    assert!(
        p02["reason"]
            .as_str()
            .unwrap()
            .starts_with("not new since the diff base (--new-only): 2 findings at or above high"),
        "{p02}"
    );
    assert!(
        report["run"]["diff_base"]
            .as_str()
            .unwrap()
            .starts_with("main (")
    );

    // A committed line with a token, and an untracked file with one: both new, the gate fails.
    write(
        d,
        "app/old.py",
        &format!("import os\nTOKEN = \"{OLD}\"\n\nOTHER = \"{ADDED}\"\ndef f():\n    return 1\n"),
    );
    git_ok(d, &["commit", "-q", "-am", "add a token"]);
    write(d, "scratch/notes.py", &format!("T = \"{UNTRACKED}\"\n"));
    let (code, report) = check_json(d, &args);
    assert_eq!(code, 1);
    assert_eq!(
        new_marks(&report),
        vec![
            ("app/old.py".to_string(), 2, false),
            ("app/old.py".to_string(), 4, true),
            ("app/renamed.py".to_string(), 2, false),
            ("scratch/notes.py".to_string(), 1, true),
        ]
    );
    assert_eq!(policy(&report, "P02")["status"], "FAIL");
    assert_eq!(
        report["gate"]["reasons"][0], "2 unsuppressed critical findings",
        "only the new ones count: {:#}",
        report["gate"]
    );

    // Without --new-only the same tree gates on all four.
    let (code, report) = check_json(d, &["--only", "secrets"]);
    assert_eq!(code, 1);
    assert_eq!(
        report["gate"]["reasons"][0],
        "4 unsuppressed critical findings"
    );
    assert!(findings(&report).iter().all(|f| f.get("new").is_none()));

    // SARIF says so with baselineState, and stays valid.
    let sarif_path = d.join("out.sarif");
    let (_, _) = check_json(
        d,
        &[
            "--only",
            "secrets",
            "--new-only",
            "--diff-base",
            "main",
            "-o",
            &format!("sarif={}", sarif_path.display()),
        ],
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_valid(
        &validator(&shared("schemas/sarif-2.1.0.json")),
        &sarif,
        "SARIF with baselineState",
    );
    let mut states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    states.sort();
    assert_eq!(states, ["new", "new", "unchanged", "unchanged"]);
}

#[test]
fn a_bad_diff_base_is_an_error_not_a_pass() {
    let repo = repository();
    let output = common::gatehouse()
        .arg("check")
        .arg(repo.path())
        .args([
            "--only",
            "secrets",
            "--new-only",
            "--diff-base",
            "no-such-branch",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--new-only: the changes since `no-such-branch`"),
        "{stderr}"
    );
    assert!(stderr.contains("merge-base"), "{stderr}");

    let output = common::gatehouse()
        .arg("check")
        .arg(repo.path())
        .args(["--new-only"])
        .env_remove("GITHUB_BASE_REF")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--new-only needs --diff-base"));
}
