//! Before each commit: `gatehouse check --staged` scans the index's content of the staged
//! files only; `gatehouse hook install` writes the git hook; and the real `pre-commit` (PyPI)
//! runs the `language: system` hook of `.pre-commit-hooks.yaml` in a temporary repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::{RunExt, gatehouse, git, git_ok, identified, workspace};

/// A token that the secrets rules find, assembled so that none is committed here.
fn token() -> String {
    concat!("ghp_", "R8xk2LmQ9vTz4NwP7bYc3HdJ6fGs1AeK5uVo").to_string()
}

/// PATH with the gatehouse under test first, for hooks that call `gatehouse`.
fn path_with_gatehouse() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_gatehouse")).parent().unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A repository with one clean commit.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git_ok(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(dir.path().join("app.py"), "print('hello')\n").unwrap();
    git_ok(dir.path(), &["add", "app.py"]);
    git_ok(dir.path(), &["commit", "-q", "-m", "init"]);
    dir
}

fn staged_findings(dir: &Path) -> (i32, Vec<String>) {
    let output = gatehouse()
        .current_dir(dir)
        .args(["check", "--staged", "--only", "secrets", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["location"]["path"].as_str().unwrap(),
                f["location"]["start_line"]
            )
        })
        .collect();
    (output.status.code().unwrap_or(-1), findings)
}

#[test]
fn staged_scans_the_index_not_the_work_tree() {
    let repo = repository();
    let dir = repo.path();
    // Staged with a token, then fixed in the work tree but not re-staged: the commit would
    // still carry the token.
    std::fs::write(dir.join("config.py"), format!("TOKEN = '{}'\n", token())).unwrap();
    git_ok(dir, &["add", "config.py"]);
    std::fs::write(dir.join("config.py"), "TOKEN = read_token()\n").unwrap();
    // Not staged at all: not part of the commit, not scanned.
    std::fs::write(dir.join("scratch.py"), format!("T = '{}'\n", token())).unwrap();
    let (code, findings) = staged_findings(dir);
    assert_eq!(code, 1);
    assert_eq!(findings, ["config.py:1"]);

    // Staging the fix clears it; the unstaged scratch file still does not count.
    git_ok(dir, &["add", "config.py"]);
    let (code, findings) = staged_findings(dir);
    assert_eq!((code, findings.len()), (0, 0));

    // Run from a subdirectory, paths stay relative to the top of the work tree.
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/settings.py"), format!("K = '{}'\n", token())).unwrap();
    git_ok(dir, &["add", "pkg/settings.py"]);
    let (code, findings) = staged_findings(&dir.join("pkg"));
    assert_eq!((code, findings), (1, vec!["pkg/settings.py:1".to_string()]));
}

#[test]
fn hook_install_keeps_a_foreign_hook_unless_forced() {
    let repo = repository();
    let dir = repo.path();
    let hook = dir.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nrun-my-linter\n").unwrap();
    let output = gatehouse()
        .args(["hook", "install"])
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    // With gatehouse on PATH, no warning about it.
    let output = gatehouse()
        .args(["hook", "install", "--force"])
        .arg(dir)
        .env("PATH", path_with_gatehouse())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("not on PATH"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::write(&hook, "#!/bin/sh\nrun-my-linter\n").unwrap();
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\nrun-my-linter\n"
    );

    // Without gatehouse on PATH the hook could not run: install says so.
    let output = gatehouse()
        .args(["hook", "install", "--force"])
        .arg(dir)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("`gatehouse` is not on PATH"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(&hook).unwrap();
    assert!(written.contains("gatehouse check --staged"), "{written}");
    // Its own hook is replaced without --force (an upgrade).
    gatehouse()
        .args(["hook", "install"])
        .arg(dir)
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&hook).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }

    // The installed hook blocks a commit that stages a token (gatehouse on PATH).
    std::fs::write(dir.join("leak.py"), format!("T = '{}'\n", token())).unwrap();
    git_ok(dir, &["add", "leak.py"]);
    let output = identified(Command::new("git"))
        .arg("-C")
        .arg(dir)
        .args(["commit", "-q", "-m", "leak"])
        .env("PATH", path_with_gatehouse())
        .output()
        .unwrap();
    assert!(!output.status.success(), "the commit went through");
    // Without gatehouse on PATH the hook stops the commit saying why.
    let output = identified(Command::new("git"))
        .arg("-C")
        .arg(dir)
        .args(["commit", "-q", "-m", "leak"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(!output.status.success(), "the commit went through");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("gatehouse is not on PATH"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn staged_says_a_policy_is_not_applicable_to_the_staged_change_not_to_the_repository() {
    let repo = repository();
    let dir = repo.path();
    // A workflow in the work tree (committed), and a staged change that touches no workflow.
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::write(
        dir.join(".github/workflows/ci.yml"),
        "on: pull_request\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: gatehouse check .\n",
    )
    .unwrap();
    git_ok(dir, &["add", "."]);
    identified(Command::new("git"))
        .arg("-C")
        .arg(dir)
        .args(["commit", "-q", "-m", "ci"])
        .status()
        .unwrap();
    std::fs::write(dir.join("app.py"), "print('bye')\n").unwrap();
    git_ok(dir, &["add", "app.py"]);
    let output = gatehouse()
        .current_dir(dir)
        .args(["check", "--staged", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let p08 = report["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "P08")
        .unwrap();
    assert_eq!(p08["status"], "N/A");
    let reason = p08["reason"].as_str().unwrap();
    assert!(
        reason.contains("among the staged files: --staged checks only what the commit changes"),
        "{reason}"
    );
}

/// The real pre-commit, with this checkout's `.pre-commit-hooks.yaml` (copied into a hook
/// repository of its own, so that uncommitted changes to it are what is tested).
#[test]
fn pre_commit_runs_the_system_hook() {
    let hooks_repo = tempfile::tempdir().unwrap();
    git_ok(hooks_repo.path(), &["init", "-q", "-b", "main"]);
    std::fs::copy(
        workspace().join(".pre-commit-hooks.yaml"),
        hooks_repo.path().join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git_ok(hooks_repo.path(), &["add", ".pre-commit-hooks.yaml"]);
    git_ok(hooks_repo.path(), &["commit", "-q", "-m", "hooks"]);
    let rev = String::from_utf8(git(hooks_repo.path(), &["rev-parse", "HEAD"]).stdout)
        .unwrap()
        .trim()
        .to_string();

    let repo = repository();
    let dir = repo.path();
    std::fs::write(
        dir.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: gatehouse-system\n",
            hooks_repo.path().display()
        ),
    )
    .unwrap();
    git_ok(dir, &["add", ".pre-commit-config.yaml"]);
    let cache = tempfile::tempdir().unwrap();
    let path = path_with_gatehouse();
    let run = |args: &[&str]| {
        identified(Command::new(args[0]))
            .args(&args[1..])
            .current_dir(dir)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", cache.path())
            .output()
            .expect("pre-commit is installed (scripts/test installs it)")
    };
    let installed = run(&["pre-commit", "install"]);
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );

    // A clean commit passes.
    std::fs::write(dir.join("util.py"), "def add(a, b):\n    return a + b\n").unwrap();
    git_ok(dir, &["add", "util.py"]);
    let clean = run(&["git", "commit", "-q", "-m", "clean"]);
    assert!(
        clean.status.success(),
        "{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );

    // A commit that stages a token is blocked, and the output names the file.
    std::fs::write(dir.join("settings.py"), format!("TOKEN = '{}'\n", token())).unwrap();
    git_ok(dir, &["add", "settings.py"]);
    let blocked = run(&["git", "commit", "-q", "-m", "leak"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(!blocked.status.success(), "{said}");
    assert!(said.contains("settings.py"), "{said}");
    assert!(!said.contains(&token()), "the token is printed: {said}");
    git_ok(dir, &["reset", "-q", "settings.py"]);

    // A token in the work tree that is not staged does not block.
    std::fs::write(dir.join("notes.py"), "x = 1\n").unwrap();
    git_ok(dir, &["add", "notes.py"]);
    let unstaged = run(&["git", "commit", "-q", "-m", "notes"]);
    assert!(
        unstaged.status.success(),
        "{}{}",
        String::from_utf8_lossy(&unstaged.stdout),
        String::from_utf8_lossy(&unstaged.stderr)
    );
}
