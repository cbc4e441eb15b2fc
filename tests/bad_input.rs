//! End to end: a corpus of bad input. The run completes, every problem is an entry in `errors`
//! with its path, findings elsewhere are still reported, and exit codes follow the contract.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const TOKEN: &str = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");

fn error_for<'a>(report: &'a Value, path: &str) -> Option<&'a Value> {
    errors(report).iter().find(|e| e["path"] == path)
}

fn finding_paths(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap().to_string())
        .collect()
}

/// Build the corpus under `root` (everything but the unreadable file).
fn build_corpus(root: &Path) -> String {
    // A binary without a binary extension.
    let mut binary = b"\x7fELF\x02\x01\x01\0\0\0".to_vec();
    binary.extend_from_slice(TOKEN.as_bytes());
    std::fs::write(root.join("tool"), binary).unwrap();
    // Invalid UTF-8 before a real secret: still scanned, and reported.
    let mut latin1 = b"caf\xe9 = 1\n".to_vec();
    latin1.extend_from_slice(format!("token: {TOKEN}\n").as_bytes());
    std::fs::write(root.join("latin1.conf"), latin1).unwrap();
    // UTF-16 text (PowerShell's default), with a byte-order mark and without one: decoded
    // and scanned, not skipped as binary.
    let utf16 = |text: &str, le: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    };
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend(utf16(
        &format!("# deploy\r\n$env:GH = \"{TOKEN}\"\r\n"),
        true,
    ));
    std::fs::write(root.join("deploy.ps1"), with_bom).unwrap();
    std::fs::write(
        root.join("notes.txt"),
        utf16(&format!("first line\nGH={TOKEN}\n"), false),
    )
    .unwrap();
    // 50 MB: over the default 10 MiB limit.
    let big = std::fs::File::create(root.join("big.log")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    drop(big);
    std::fs::write(root.join("big.log"), "x".repeat(50 * 1024 * 1024)).unwrap();
    // 200 directories deep, with a secret at the bottom.
    let mut deep = root.to_path_buf();
    let mut rel = String::new();
    for i in 0..200 {
        deep.push(format!("d{i}"));
        rel.push_str(&format!("d{i}/"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("deep.env"), format!("GH={TOKEN}\n")).unwrap();
    rel.push_str("deep.env");
    // A symlink loop.
    std::fs::create_dir_all(root.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", root.join("loop/back")).unwrap();
    rel
}

#[test]
fn bad_input_corpus_completes_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let deep_rel = build_corpus(root);
    std::fs::write(
        root.join("gatehouse.toml"),
        "[scan]\nfollow_symlinks = true\n",
    )
    .unwrap();

    let (code, report) = check_json(root, &[]);
    assert_eq!(code, 1, "the secrets found still fail the gate");
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &report,
        "report",
    );

    let binary = error_for(&report, "tool").expect("binary file reported");
    assert!(binary["message"].as_str().unwrap().contains("binary"));
    let utf8 = error_for(&report, "latin1.conf").expect("invalid UTF-8 reported");
    assert_eq!(utf8["line"], 1);
    assert!(utf8["message"].as_str().unwrap().contains("UTF-8"));
    let big = error_for(&report, "big.log").expect("50 MB file reported");
    assert!(big["message"].as_str().unwrap().contains("max_file_size"));
    let looped = errors(&report)
        .iter()
        .find(|e| e["message"].as_str().unwrap().contains("symlink loop"))
        .expect("symlink loop reported");
    assert!(
        looped["path"].as_str().unwrap().starts_with("loop/back"),
        "{looped}"
    );

    let paths = finding_paths(&report);
    assert!(paths.contains(&"latin1.conf".to_string()), "{paths:?}");
    assert!(
        paths.contains(&deep_rel),
        "200-deep file scanned: {paths:?}"
    );
    assert!(!paths.contains(&"tool".to_string()));
    for (path, line) in [("deploy.ps1", 2), ("notes.txt", 2)] {
        let finding = findings(&report)
            .iter()
            .find(|f| f["location"]["path"] == path)
            .unwrap_or_else(|| panic!("UTF-16 {path} scanned: {paths:?}"));
        assert_eq!(finding["location"]["start_line"], line, "{finding}");
        assert!(error_for(&report, path).is_none());
    }
    let skipped = &report["stats"]["discovery"]["skipped"];
    assert_eq!(skipped["too large"], 1);
    assert_eq!(skipped["binary"], 1);
}

#[test]
fn unreadable_file_is_an_error_entry_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("secret.env"), format!("GH={TOKEN}\n")).unwrap();
    let locked = root.join("locked.env");
    std::fs::write(&locked, format!("GH={TOKEN}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();

    // Root reads any file, so as root the scan runs as `nobody` through setpriv, with a copy
    // of the binary that nobody may execute.
    let is_root = unsafe_free_uid() == 0;
    let output = if is_root {
        {
            let path = root;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(
            root.join("secret.env"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        let bin_dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let bin = bin_dir.path().join("gatehouse");
        std::fs::copy(env!("CARGO_BIN_EXE_gatehouse"), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("check")
            .arg(root)
            .args(["--format", "json"])
            .env("NO_COLOR", "1")
            .output()
            .expect("setpriv (util-linux) is needed to test unreadable files as root");
        drop(bin_dir);
        out
    } else {
        gatehouse()
            .arg("check")
            .arg(root)
            .args(["--format", "json"])
            .output()
            .unwrap()
    };
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(output.status.code(), Some(1));
    let error = error_for(&report, "locked.env").expect("unreadable file reported");
    assert!(
        error["message"].as_str().unwrap().contains("cannot read"),
        "{error}"
    );
    assert_eq!(finding_paths(&report), ["secret.env"]);
}

fn unsafe_free_uid() -> u32 {
    let out = std::process::Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn invalid_config_exits_2_naming_file_line_key_and_expectation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.env"), format!("GH={TOKEN}\n")).unwrap();
    std::fs::write(
        dir.path().join("gatehouse.toml"),
        "fail_on = \"high\"\n\n[secrets]\nentropy = \"lots\"\nallow_pathz = []\n",
    )
    .unwrap();
    let output = gatehouse().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "no report on a config error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("gatehouse.toml:4:1: key `secrets.entropy`"),
        "{stderr}"
    );
    assert!(stderr.contains("number"), "{stderr}");
    assert!(
        stderr.contains("gatehouse.toml:5:1: key `secrets.allow_pathz`: unknown key"),
        "{stderr}"
    );
    assert!(stderr.contains("allow_paths"), "{stderr}");

    std::fs::write(dir.path().join("gatehouse.toml"), "[secrets\n").unwrap();
    let output = gatehouse().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("gatehouse.toml:1:"));
}
