//! Helpers for the end-to-end tests: the real binary, fixture copies, report parsing.
#![allow(dead_code)]

pub mod bao;
pub mod http;
pub mod nginx;
pub mod pg;
pub mod prom;
pub mod registry;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use serde_json::Value;

/// The binary under test, with no log filter or colour from the environment. Its output is
/// captured and its stdin closed, as by `Command::output`.
pub fn gatehouse() -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_gatehouse"));
    cmd.env_remove("GATEHOUSE_LOG").env("NO_COLOR", "1");
    cmd
}

/// `.assert()` on a command: run it to the end and check how it exited. (A few lines, where a
/// dev-dependency for it would turn on features of dependencies the binary shares, and so
/// rebuild them for the tests.)
pub trait RunExt {
    fn assert(&mut self) -> Ran;
}

impl RunExt for Process {
    fn assert(&mut self) -> Ran {
        let output = self
            .output()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.get_program()));
        Ran(output)
    }
}

/// A command that ran: its output, and assertions on its exit status that show what it printed
/// when they fail.
pub struct Ran(Output);

impl Ran {
    pub fn get_output(&self) -> &Output {
        &self.0
    }

    pub fn success(self) -> Self {
        assert!(self.0.status.success(), "expected success: {}", self.said());
        self
    }

    pub fn failure(self) -> Self {
        assert!(
            !self.0.status.success(),
            "expected failure: {}",
            self.said()
        );
        self
    }

    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.0.status.code(), Some(code), "{}", self.said());
        self
    }

    fn said(&self) -> String {
        format!(
            "{}\nstdout:\n{}\nstderr:\n{}",
            self.0.status,
            String::from_utf8_lossy(&self.0.stdout),
            String::from_utf8_lossy(&self.0.stderr)
        )
    }
}

pub fn workspace() -> PathBuf {
    // Read when the test runs, not compiled in: a test binary reused from a build in another
    // checkout (a shared target directory) must still read this checkout's files.
    PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
}

/// A file (or directory) of the shared reference data that sits beside the checkout
/// (`../shared`), or under `$GATEHOUSE_SHARED`.
pub fn shared(path: &str) -> PathBuf {
    let base = std::env::var_os("GATEHOUSE_SHARED")
        .map_or_else(|| workspace().join("../shared"), PathBuf::from);
    let file = base.join(path);
    assert!(
        file.exists(),
        "{} is missing: the tests need the shared reference data beside the checkout \
         (or GATEHOUSE_SHARED pointing at it)",
        file.display()
    );
    file
}

/// Copy a directory tree (fixtures are copied so that the repository's own ignore files and git
/// state do not apply to them).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of testdata/secrets/repo.
/// A copy of a fixture tree of `testdata/` (scans write nothing into the checkout, and the
/// checkout's own ignore files do not apply).
pub fn fixture(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("testdata").join(rel), dir.path());
    dir
}

pub fn secrets_fixture() -> tempfile::TempDir {
    fixture("secrets/repo")
}

pub fn expected_secrets() -> toml::Table {
    let text = std::fs::read_to_string(workspace().join("testdata/secrets/expected.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Run `gatehouse check PATH --format json ARGS…` and parse the report; returns (exit code, report).
pub fn check_json(path: &Path, args: &[&str]) -> (i32, Value) {
    let output = gatehouse()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report (exit {code}): {e}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (code, report)
}

/// Run the dependency family only, against the database directory `db`; returns (exit code,
/// report).
pub fn deps_json(root: &Path, db: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["--only", "deps", "--db-dir", db.to_str().unwrap()];
    args.extend_from_slice(extra);
    check_json(root, &args)
}

/// The result of the policy with this id in a report.
pub fn policy<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no policy {id} in the report"))
}

pub fn validator(schema_path: &Path) -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

pub fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path().as_str()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate:\n{}",
        errors.join("\n")
    );
}

pub fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

pub fn errors(report: &Value) -> &Vec<Value> {
    report["errors"].as_array().unwrap()
}

/// A command with a committer identity (the test machine may have none configured).
pub fn identified(mut command: Process) -> Process {
    command
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    command
}

pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut command = identified(Process::new("git"));
    command.arg("-C").arg(dir).args(args).output().unwrap()
}

pub fn git_ok(dir: &Path, args: &[&str]) {
    let output = git(dir, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The environment variables the live family reads: removed from every live test's run, so
/// that only what a test gives reaches the audit.
pub const LIVE_ENV: &[&str] = &[
    "POSTGRES_DSN",
    "VAULT_ADDR",
    "VAULT_TOKEN",
    "VAULT_ROLE_ID",
    "VAULT_SECRET_ID",
    "VAULT_NAMESPACE",
    "PROM_URL",
    "PROM_TOKEN",
    "RESTORE_DSN",
];

/// `gatehouse audit TREE --only live,policies --format json` with `env` (and debug logging):
/// the exit code, the JSON report, and everything it printed.
pub fn live_audit(tree: &Path, env: &[(&str, &str)], extra: &[&str]) -> (i32, Value, String) {
    let mut command = gatehouse();
    command
        .arg("audit")
        .arg(tree)
        .args(["--only", "live,policies", "--format", "json"])
        .args(extra)
        .env("GATEHOUSE_LOG", "debug");
    for name in LIVE_ENV {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let output = command.output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON report: {e}\n{said}"));
    (output.status.code().unwrap_or(-1), report, said)
}

/// The open (unsuppressed) findings of a policy, as (rule, message).
pub fn open_findings(report: &Value, policy: &str) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = findings(report)
        .iter()
        .filter(|f| f["policies"][0] == policy && f.get("suppressed").is_none())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    list.sort();
    list
}

/// A free loopback port, for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Where scripts/test installs the PyPI tools it keeps in virtual environments of their own
/// (`$GATEHOUSE_TOOLS_DIR`, else `~/.cache/gatehouse-tools`).
pub fn tools_dir() -> PathBuf {
    std::env::var_os("GATEHOUSE_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(".cache/gatehouse-tools")
        })
}

/// `-o FORMAT=DIR/report.FORMAT` for every report format written to a file.
pub fn every_format(dir: &Path) -> Vec<String> {
    let mut args = Vec::new();
    for format in ["md", "csv", "sarif", "junit", "html", "json"] {
        args.push("-o".to_string());
        args.push(format!(
            "{format}={}",
            dir.join(format!("report.{format}")).display()
        ));
    }
    args
}

/// Panics when any file of `dir` holds one of `secrets`.
pub fn assert_no_secret_in(dir: &Path, secrets: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} is in {}", path.display());
        }
    }
}
