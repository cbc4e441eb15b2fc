//! The files GitHub runs: action.yml and the workflows validate with check-jsonschema's GitHub
//! schemas, zizmor finds nothing above low in them, gatehouse's own P08 passes on them; the
//! Action's scripts install a release binary only when its SHA-256 matches and run the gate
//! with its outputs; `gatehouse init` writes its files once and never overwrites.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::http::{Response, Server};
use common::{RunExt, check_json, gatehouse, policy, workspace};
use serde_json::Value;

const PLANTED: &str = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");

fn workflows() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(workspace().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

fn check_jsonschema(schema: &str, files: &[PathBuf]) {
    let output = Command::new("check-jsonschema")
        .args(["--builtin-schema", schema])
        .args(files)
        .output()
        .expect("check-jsonschema runs (scripts/test installs it from PyPI)");
    assert!(
        output.status.success(),
        "check-jsonschema {schema}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_action_and_workflows_validate_with_check_jsonschema() {
    let files = workflows();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["ci.yml", "gate.yml", "release.yml", "weekly-audit.yml"]
    );
    check_jsonschema("vendor.github-workflows", &files);
    check_jsonschema("vendor.github-actions", &[workspace().join("action.yml")]);
}

#[test]
fn zizmor_reports_nothing_above_low() {
    let above_low = zizmor_above_low(&[
        workspace().join(".github/workflows"),
        workspace().join("action.yml"),
    ]);
    assert!(above_low.is_empty(), "zizmor: {above_low:#?}");
}

/// What `zizmor --offline` reports above low severity on these files or directories.
fn zizmor_above_low(paths: &[std::path::PathBuf]) -> Vec<String> {
    let output = Command::new("zizmor")
        .args(["--offline", "--format", "json"])
        .args(paths)
        .output()
        .expect("zizmor runs (scripts/test installs it from PyPI)");
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "zizmor's JSON: {e}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    findings
        .iter()
        .filter(|f| {
            let severity = f["determinations"]["severity"].as_str().unwrap_or("");
            !matches!(severity, "Informational" | "Unknown" | "Low")
        })
        .map(|f| format!("{} {}", f["ident"], f["determinations"]))
        .collect()
}

#[test]
fn gatehouse_p08_passes_on_its_own_workflows() {
    let (_, report) = check_json(&workspace(), &["--only", "policies"]);
    let p08 = policy(&report, "P08");
    assert_eq!(p08["status"], "PASS", "{p08:#}");
    assert_eq!(
        p08["enforced"], true,
        "the gate runs on pull requests: {p08:#}"
    );
}

/// The Rust target name the action's install script picks for this machine.
fn target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-gnu",
        ("linux", "aarch64") => "aarch64-unknown-linux-gnu",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        other => panic!("no release target for {other:?}"),
    }
}

/// A release archive of the binary under test, served with the given checksum file.
fn release_server(dir: &Path, checksum: Option<&str>) -> Server {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    // A stand-in for the release binary (the debug build is hundreds of megabytes to gzip):
    // what is under test is the script that fetches, checks and installs it.
    std::fs::write(
        stage.join("gatehouse"),
        "#!/bin/sh\necho \"gatehouse 9.9.9 (release stand-in)\"\n",
    )
    .unwrap();
    std::fs::set_permissions(
        stage.join("gatehouse"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let archive = dir.join("gatehouse.tar.gz");
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&stage)
        .arg("gatehouse")
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&archive).unwrap();
    let sha = {
        let out = Command::new("sha256sum").arg(&archive).output().unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let sum = format!(
        "{}  gatehouse-{}.tar.gz\n",
        checksum.unwrap_or(&sha),
        target()
    );
    let asset = format!("/download/v9.9.9/gatehouse-{}.tar.gz", target());
    Server::start(move |r| {
        if r.path == asset {
            Response::new(200, bytes.clone())
        } else if r.path == format!("{asset}.sha256") {
            Response::new(200, sum.clone())
        } else {
            Response::new(404, "not found")
        }
    })
}

fn install(dir: &Path, server: &Server) -> std::process::Output {
    std::fs::create_dir_all(dir.join("runner")).unwrap();
    Command::new("bash")
        .arg(workspace().join("scripts/action-install"))
        .env("GATEHOUSE_VERSION", "v9.9.9")
        .env("GATEHOUSE_RELEASES", &server.url)
        .env("GATEHOUSE_ACTION_PATH", dir.join("no-source-here"))
        .env("RUNNER_TEMP", dir.join("runner"))
        .env("GITHUB_PATH", dir.join("github_path"))
        .output()
        .unwrap()
}

#[test]
fn the_action_installs_a_release_binary_only_when_its_checksum_matches() {
    let dir = tempfile::tempdir().unwrap();
    let server = release_server(dir.path(), None);
    let out = install(dir.path(), &server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = dir.path().join("runner/gatehouse-bin/gatehouse");
    assert!(bin.is_file());
    assert!(stdout.contains("release v9.9.9"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("github_path"))
            .unwrap()
            .trim(),
        dir.path()
            .join("runner/gatehouse-bin")
            .display()
            .to_string()
    );
    let version = Command::new(&bin).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        "gatehouse 9.9.9 (release stand-in)\n"
    );

    let dir = tempfile::tempdir().unwrap();
    let server = release_server(dir.path(), Some(&"0".repeat(64)));
    let out = install(dir.path(), &server);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error title=gatehouse::checksum mismatch"),
        "{stdout}"
    );
    assert!(!dir.path().join("runner/gatehouse-bin/gatehouse").exists());
}

#[test]
fn the_action_runs_the_gate_sets_its_outputs_and_annotates() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("repo");
    std::fs::create_dir_all(tree.join("app")).unwrap();
    std::fs::write(
        tree.join("app/settings.py"),
        format!("TOKEN = \"{PLANTED}\"\n"),
    )
    .unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gatehouse")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let outputs = dir.path().join("outputs");
    let out = Command::new("bash")
        .arg(workspace().join("scripts/action-run"))
        .current_dir(&tree)
        .env("PATH", path)
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_STEP_SUMMARY", dir.path().join("summary.md"))
        .env("INPUT_PATH", ".")
        .env("INPUT_FORMATS", " sarif=gatehouse.sarif , md=gatehouse.md")
        .env("INPUT_COMMENT", "auto")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the gate's exit code");
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    let report = dir.path().join("gatehouse/report.json");
    assert_eq!(
        outputs,
        format!(
            "exit-code=1\nreport-json={}\nsarif=gatehouse.sarif\n",
            report.display()
        )
    );
    assert!(tree.join("gatehouse.sarif").is_file() && tree.join("gatehouse.md").is_file());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error file=app/settings.py,line=1,"),
        "{stdout}"
    );
    assert!(!stdout.contains(PLANTED));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("pull request #"),
        "a push gets no comment: {stderr}"
    );
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(summary.contains("gate failed"));

    // `command: audit` runs the weekly audit (its report lists the live family; with no target
    // given, P05's live part is BLOCKED naming POSTGRES_DSN); another command is refused.
    let run = |command: &str, evidence: &str| {
        Command::new("bash")
            .arg(workspace().join("scripts/action-run"))
            .current_dir(&tree)
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("RUNNER_TEMP", dir.path())
            .env_remove("GITHUB_OUTPUT")
            .env("GITHUB_EVENT_NAME", "schedule")
            .env("INPUT_COMMAND", command)
            .env("INPUT_EVIDENCE", evidence)
            .env_remove("ACTIONS_ID_TOKEN_REQUEST_URL")
            .env_remove("SIGSTORE_ID_TOKEN")
            .env("INPUT_COMMENT", "false")
            .env_remove("GITHUB_TOKEN")
            .env_remove("POSTGRES_DSN")
            .output()
            .unwrap()
    };
    let out = run("audit", "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(
        report["run"]["families"]
            .as_array()
            .unwrap()
            .contains(&"live".into())
    );
    assert!(
        policy(&report, "P05")["reason"]
            .as_str()
            .unwrap()
            .contains("POSTGRES_DSN")
    );
    let out = run("deploy", "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("the command input is check or audit"));
    // The evidence input: for the audit only; signed keyless, so a job without id-token:
    // write (no OIDC token) is told what it lacks.
    let out = run("check", "evidence");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("the evidence input needs command: audit")
    );
    let out = run("audit", "evidence");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("id-token: write"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_writes_its_files_once_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join(".pre-commit-config.yaml"), "repos: []  # mine\n").unwrap();
    let out = gatehouse().arg("init").arg(root).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("wrote   gatehouse.toml"), "{stdout}");
    assert!(stdout.contains("wrote   .github/workflows/gatehouse.yml"));
    assert!(stdout.contains("wrote   .github/workflows/gatehouse-audit.yml"));
    assert!(stdout.contains("kept    .pre-commit-config.yaml"));
    assert!(
        stdout.contains("entry: gatehouse check --staged"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".pre-commit-config.yaml")).unwrap(),
        "repos: []  # mine\n"
    );

    let workflow = root.join(".github/workflows/gatehouse.yml");
    let audit = root.join(".github/workflows/gatehouse-audit.yml");
    check_jsonschema(
        "vendor.github-workflows",
        &[workflow.clone(), audit.clone()],
    );
    // The weekly audit passes each live target's repository secret in the step's environment.
    let audit_text = std::fs::read_to_string(&audit).unwrap();
    for name in [
        "POSTGRES_DSN",
        "VAULT_ADDR",
        "VAULT_ROLE_ID",
        "VAULT_SECRET_ID",
        "PROM_URL",
        "RESTORE_DSN",
    ] {
        assert!(
            audit_text.contains(&format!("{name}: ${{{{ secrets.{name} }}}}")),
            "{name}: {audit_text}"
        );
    }
    assert!(audit_text.contains("gatehouse audit . -o html=gatehouse-audit.html"));
    // Each audit's JSON report joins the history carried from run to run, which feeds the
    // trend page.
    assert!(audit_text.contains("-o json=gatehouse-audit.json"));
    assert!(audit_text.contains("--name gatehouse-history"));
    assert!(
        audit_text
            .contains("gatehouse render --trend gatehouse-history -o html=gatehouse-trend.html")
    );
    assert!(audit_text.contains("name: gatehouse-history\n          path: gatehouse-history/"));
    // As a development build writes them, the gate passes on the new files (the first commit
    // of init's own files must not fail P08): the configuration loads and P08 finds the
    // workflow sound and gating pull requests. The step says what to edit.
    assert!(stdout.contains("Edit the gatehouse steps"), "{stdout}");
    let text = std::fs::read_to_string(&workflow).unwrap();
    assert!(text.contains("# EDIT THIS STEP."), "{text}");
    let (code, report) = check_json(root, &[]);
    assert_eq!(code, 0, "{:#}", report["gate"]);
    assert_eq!(policy(&report, "P08")["status"], "PASS");
    assert_eq!(policy(&report, "P08")["enforced"], true);
    let above_low = zizmor_above_low(&[workflow.clone(), audit.clone()]);
    assert!(above_low.is_empty(), "zizmor: {above_low:#?}");
    // Edited as its comment says (the Action pinned to a commit, as a release build writes
    // it), it still passes.
    let start = text.find("        # EDIT THIS STEP.").unwrap();
    let end = text.find("      - name: Upload the SARIF").unwrap();
    let pinned = format!(
        "{}        uses: acme/gatehouse@0123456789abcdef0123456789abcdef01234567 # v0.1.0\n        with:\n          formats: sarif=gatehouse.sarif\n{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&workflow, &pinned).unwrap();
    check_jsonschema("vendor.github-workflows", std::slice::from_ref(&workflow));
    let (code, report) = check_json(root, &[]);
    assert_eq!(code, 0, "{:#}", report["gate"]);
    assert_eq!(policy(&report, "P08")["status"], "PASS");

    // A second init keeps every file as it is.
    std::fs::write(root.join("gatehouse.toml"), "fail_on = \"low\"\n").unwrap();
    std::fs::remove_file(root.join(".pre-commit-config.yaml")).unwrap();
    let out = gatehouse().arg("init").arg(root).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("kept    gatehouse.toml"));
    assert!(stdout.contains("wrote   .pre-commit-config.yaml"));
    assert_eq!(
        std::fs::read_to_string(root.join("gatehouse.toml")).unwrap(),
        "fail_on = \"low\"\n"
    );
    assert_eq!(std::fs::read_to_string(&workflow).unwrap(), pinned);
    let hook = std::fs::read_to_string(root.join(".pre-commit-config.yaml")).unwrap();
    assert!(hook.contains("entry: gatehouse check --staged"));
}
