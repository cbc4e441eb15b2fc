//! End to end: the command line with zero setup, argument errors and help.

mod common;

use common::*;

#[test]
fn runs_on_any_directory_with_embedded_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.py"), "print('hello')\n").unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let policies = report["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 13);
    for p in policies {
        if p["id"] == "P02" {
            assert_eq!(p["status"], "PASS");
            assert!(
                p["evidence"][0]
                    .as_str()
                    .unwrap()
                    .starts_with("secrets: 1 file,")
            );
        } else if p["id"] == "P09" {
            assert_eq!(p["status"], "PASS");
            assert!(
                p["evidence"][0]
                    .as_str()
                    .unwrap()
                    .starts_with("sast: 1 file,")
            );
        } else if p["id"] == "P10" {
            assert_eq!(p["status"], "N/A", "{p}");
            let reason = p["reason"].as_str().unwrap();
            assert!(
                reason.starts_with("deps: no lockfile in the tree (Cargo.lock, package-lock.json"),
                "{reason}"
            );
        } else if [
            "P01", "P03", "P04", "P05", "P06", "P07", "P08", "P12", "P13",
        ]
        .contains(&p["id"].as_str().unwrap())
        {
            // Nothing for the policy checklist in a tree of two source files.
            assert_eq!(p["status"], "N/A", "{p}");
            assert!(
                p["reason"].as_str().unwrap().starts_with("policies: no "),
                "{p}"
            );
        } else {
            assert_eq!(p["status"], "SKIPPED", "{p}");
            // P11 is the DAST family's alone, a live family: `gatehouse audit` runs it.
            assert_eq!(p["id"], "P11", "{p}");
            assert_eq!(
                p["reason"],
                "no family of this run checks it (the live families run in `gatehouse audit`)"
            );
        }
    }
    gatehouse().arg("check").arg(dir.path()).assert().success();
}

#[test]
fn only_unselected_families_leave_their_policies_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gatehouse.toml"),
        "[secrets]\nenabled = false\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.env"),
        concat!("GH=ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK\n"),
    )
    .unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 0);
    // P02 is fed by secrets (off) and policies (nothing to judge): N/A, and the evidence says
    // that the secrets family took no part.
    let p02 = &report["policies"][1];
    assert_eq!(p02["status"], "N/A", "{p02}");
    assert!(
        p02["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e == "not selected in this run, so not part of this verdict: secrets"),
        "{p02}"
    );
    let only_secrets = tempfile::tempdir().unwrap();
    std::fs::write(
        only_secrets.path().join("gatehouse.toml"),
        "[secrets]\nenabled = false\n[policies]\nenabled = false\n",
    )
    .unwrap();
    let (_, report) = check_json(only_secrets.path(), &[]);
    assert_eq!(report["policies"][1]["status"], "SKIPPED");
    assert!(
        report["policies"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("not selected")
    );
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "--format", "yaml"],
        vec!["check", "--fail-on", "severe"],
        vec!["check", "--only", "dast"],
        vec!["check", "-o", "sarif"],
        vec!["check", "--no-such-flag"],
        vec!["render", "/no/such/report.json"],
    ] {
        let output = gatehouse()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!output.stderr.is_empty(), "{args:?} explains itself");
    }
    gatehouse()
        .arg("check")
        .arg(dir.path().join("missing"))
        .assert()
        .code(2);
}

#[test]
fn help_documents_exit_codes() {
    let output = gatehouse().args(["check", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Exit codes:"));
    assert!(help.contains("2  gatehouse could not do its job"));
    assert!(help.contains("--fail-on"));
}

#[test]
fn a_closed_stdout_pipe_is_not_a_panic_or_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.py"), "print('hello')\n").unwrap();
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["rules", "list"],
        vec!["rules", "explain", "python-os-system"],
        vec!["check", path, "--format", "json"],
    ] {
        // The read end is closed before the child starts, so its first write fails (EPIPE).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .args(&args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn only_lists_every_family_and_accepts_each() {
    let help = gatehouse().args(["check", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
    let only = help
        .lines()
        .find(|l| l.trim_start().starts_with("--only"))
        .unwrap_or_else(|| panic!("{help}"));
    let dir = tempfile::tempdir().unwrap();
    for family in ["secrets", "sast", "deps", "policies"] {
        assert!(only.contains(family), "{only}");
        let (code, report) = check_json(dir.path(), &["--only", family]);
        assert_eq!(code, 0, "{family}");
        assert_eq!(report["run"]["families"], serde_json::json!([family]));
    }
}

#[test]
fn rules_explain_knows_policy_rules_and_fills_in_metavariables() {
    let out = gatehouse()
        .args(["rules", "explain", "P08.script-injection"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.starts_with("P08.script-injection: a rule of the policy checklist, P08"));
    assert!(text.contains("level:      fail"), "{text}");
    assert!(text.contains("`gatehouse policies explain P08`"), "{text}");
    // A rule id of no policy is still no rule.
    let out = gatehouse()
        .args(["rules", "explain", "P08.no-such-rule"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("no rule"));
    // A message with a metavariable shows it filled in from an example, and says so.
    let out = gatehouse()
        .args(["rules", "explain", "python-sqlalchemy-text-formatted"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let message = text
        .lines()
        .find(|l| l.starts_with("message:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!message.contains("$FN"), "{message}");
    assert!(message.contains("`text`"), "{message}");
    assert!(
        text.contains("`$FN` is filled in from the matched code"),
        "{text}"
    );
}
