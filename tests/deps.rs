//! End to end: the dependency audit family on Cargo.lock files, against our fixture RustSec
//! database (testdata/deps/db) and the real snapshot in ../shared/advisory-db.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture_repo() -> tempfile::TempDir {
    fixture("deps/repo")
}

fn fixture_db_source() -> PathBuf {
    workspace().join("testdata/deps/db")
}

/// A copy of the fixture database: a scan writes its index into the database directory.
fn fixture_db() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_db_source(), dir.path());
    dir
}

fn summary(report: &Value) -> Vec<(String, String, u64, String)> {
    findings(report)
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["location"]["path"].as_str().unwrap().to_string(),
                f["location"]["start_line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn cargo_lock_advisories_match_like_cargo_audit() {
    let repo = fixture_repo();
    let (code, report) = deps_json(repo.path(), fixture_db().path(), &[]);
    assert_eq!(code, 1, "a critical advisory fails the gate");
    let mut found = summary(&report);
    found.sort();
    // widget 1.4.1 and 1.0.0 are affected, 2.0.1 is patched; gizmo 0.2.0 is affected (no CVSS:
    // default medium), 0.3.0 patched; oskit is OS-scoped and reported whatever the host, as
    // cargo-audit does; informational advisories at their default severities (unsound low,
    // unmaintained info). Not reported: the withdrawn widget advisory and the path crate
    // named like an advisory's crate.
    let expected: Vec<(String, String, u64, String)> = [
        ("RUSTSEC-2099-0001", "Cargo.lock", 40, "critical"),
        ("RUSTSEC-2099-0001", "tools/Cargo.lock", 20, "critical"),
        ("RUSTSEC-2099-0003", "Cargo.lock", 18, "medium"),
        ("RUSTSEC-2099-0005", "Cargo.lock", 28, "medium"),
        ("RUSTSEC-2099-0006", "Cargo.lock", 34, "info"),
        ("RUSTSEC-2099-0007", "Cargo.lock", 18, "low"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), *c, d.to_string()))
    .collect();
    assert_eq!(found, expected, "{found:#?}");

    let widget = findings(&report)
        .iter()
        .find(|f| f["location"]["path"] == "Cargo.lock" && f["rule_id"] == "RUSTSEC-2099-0001")
        .unwrap();
    let message = widget["message"].as_str().unwrap();
    assert!(
        message.starts_with("widget 1.4.1: Heap overflow"),
        "{message}"
    );
    assert!(
        message.contains("CVE-2099-1001") && message.contains("GHSA-wdgt-0001-aaaa"),
        "{message}"
    );
    assert_eq!(widget["fix"], "Upgrade widget to 1.4.2 or later.");
    assert!(message.contains("; direct: app > widget"), "{message}");
    let transitive = findings(&report)
        .iter()
        .find(|f| f["location"]["path"] == "tools/Cargo.lock")
        .unwrap();
    assert!(
        transitive["message"]
            .as_str()
            .unwrap()
            .contains("; transitive: tool > gizmo > widget"),
        "{transitive}"
    );
    assert_eq!(widget["policies"], serde_json::json!(["P10"]));
    let gizmo = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "RUSTSEC-2099-0003")
        .unwrap();
    assert!(
        gizmo["message"]
            .as_str()
            .unwrap()
            .contains("no CVSS score given, so severity is the default (medium)")
    );

    // The malformed lockfile is a located error; the others were still audited.
    let broken: Vec<&Value> = errors(&report)
        .iter()
        .filter(|e| e["path"] == "sub/Cargo.lock")
        .collect();
    assert_eq!(broken.len(), 1, "{:#?}", errors(&report));
    assert_eq!(broken[0]["line"], 5);
    assert_eq!(policy(&report, "P10")["status"], "FAIL");
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &report,
        "report",
    );
}

#[test]
fn an_unreadable_lockfile_blocks_p10_and_the_others_are_still_audited() {
    let repo = fixture_repo();
    std::fs::remove_file(repo.path().join("Cargo.lock")).unwrap();
    let (code, report) = deps_json(repo.path(), fixture_db().path(), &["--fail-on", "none"]);
    assert_eq!(code, 0, "BLOCKED warns by default");
    assert_eq!(summary(&report).len(), 1, "tools/Cargo.lock still audited");
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "BLOCKED");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("1 lockfile could not be audited") && reason.contains("sub/Cargo.lock"),
        "{reason}"
    );
}

#[test]
fn no_database_blocks_p10_with_what_to_do_and_blocked_fail_fails_the_gate() {
    let repo = fixture_repo();
    let nowhere = tempfile::tempdir().unwrap();
    let (code, report) = deps_json(repo.path(), nowhere.path(), &[]);
    assert_eq!(code, 0);
    assert!(findings(&report).is_empty());
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "BLOCKED");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("no crates.io advisory database at"),
        "{reason}"
    );
    assert!(reason.contains("--db-dir"), "{reason}");

    std::fs::write(repo.path().join("gatehouse.toml"), "blocked = \"fail\"\n").unwrap();
    let (code, _) = deps_json(repo.path(), nowhere.path(), &[]);
    assert_eq!(code, 1);

    // deps.db_dir in the configuration, relative to the root.
    let db_copy = repo.path().join("advisories");
    copy_tree(&fixture_db_source(), &db_copy);
    std::fs::write(
        repo.path().join("gatehouse.toml"),
        "[deps]\ndb_dir = \"advisories\"\n",
    )
    .unwrap();
    let (code, report) = check_json(repo.path(), &["--only", "deps"]);
    assert_eq!(code, 1);
    assert_eq!(summary(&report).len(), 6);
}

#[test]
fn informational_advisories_take_their_configured_severity_or_none() {
    let repo = fixture_repo();
    std::fs::write(
        repo.path().join("gatehouse.toml"),
        "[deps.informational]\nunmaintained = \"off\"\nunsound = \"high\"\n",
    )
    .unwrap();
    let (_, report) = deps_json(repo.path(), fixture_db().path(), &[]);
    let found = summary(&report);
    assert!(
        !found.iter().any(|f| f.0 == "RUSTSEC-2099-0006"),
        "{found:#?}"
    );
    let unsound = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "RUSTSEC-2099-0007")
        .unwrap();
    assert_eq!(unsound["severity"], "high");
    assert!(
        unsound["message"]
            .as_str()
            .unwrap()
            .contains("informational: unsound")
    );

    std::fs::write(
        repo.path().join("gatehouse.toml"),
        "[deps.informational]\nunsound = \"loud\"\n",
    )
    .unwrap();
    let output = gatehouse().arg("check").arg(repo.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("gatehouse.toml:2") && stderr.contains("deps.informational.unsound"),
        "{stderr}"
    );
}

#[test]
fn without_lockfiles_p10_is_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.py"), "print(1)\n").unwrap();
    let nowhere = tempfile::tempdir().unwrap();
    let (code, report) = deps_json(dir.path(), nowhere.path(), &[]);
    assert_eq!(code, 0);
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "N/A");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("deps: no lockfile in the tree (Cargo.lock, package-lock.json"),
        "{reason}"
    );
}

#[test]
fn the_real_rustsec_snapshot_opens_and_finds_a_known_advisory() {
    let db = shared("advisory-db/crates/smallvec/RUSTSEC-2019-0009.md");
    // …/advisory-db/crates/smallvec/FILE: a database directory of our own holds a link to
    // the snapshot (the scan writes its index beside it, never into ../shared).
    let db_dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        db.ancestors().nth(3).unwrap(),
        db_dir.path().join("advisory-db"),
    )
    .unwrap();
    let db_dir = db_dir.path();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"smallvec\",\n]\n\n[[package]]\nname = \"smallvec\"\nversion = \"0.6.9\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"c4488ae950c49d403731982257768f48fada354a5203fe81f9bb6f43ca9002be\"\n",
    )
    .unwrap();
    let (code, report) = deps_json(dir.path(), db_dir, &[]);
    assert_eq!(code, 1);
    let double_free = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "RUSTSEC-2019-0009")
        .expect("smallvec 0.6.9 has RUSTSEC-2019-0009");
    assert_eq!(double_free["severity"], "critical");
    assert_eq!(double_free["location"]["start_line"], 11);
    assert!(
        double_free["message"]
            .as_str()
            .unwrap()
            .contains("CVE-2019-15551")
    );
    // This repository's own lockfile audits without errors against the same snapshot.
    let (_, own) = deps_json(&workspace(), db_dir, &["--fail-on", "none"]);
    assert!(
        errors(&own).iter().all(|e| e["family"] != "deps"),
        "{:#?}",
        errors(&own)
    );
    assert_ne!(policy(&own, "P10")["status"], "BLOCKED");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@localhost"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn db_update(db_dir: &Path, url: &str) -> std::process::Output {
    gatehouse()
        .args(["db", "update", "--db-dir"])
        .arg(db_dir)
        .args(["--rustsec-url", url, "--sources", "rustsec"])
        .output()
        .unwrap()
}

/// `gatehouse db update` from `upstream`, which must record upstream's HEAD as the revision.
fn update_to_upstream_head(db: &Path, upstream: &Path) {
    let output = db_update(db, upstream.to_str().unwrap());
    assert!(output.status.success(), "{output:?}");
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(db.join("gatehouse-db.json")).unwrap())
            .unwrap();
    assert_eq!(
        state["rustsec"]["revision"],
        git(upstream, &["rev-parse", "HEAD"])
    );
}

#[test]
fn db_update_clones_then_refreshes_and_records_the_revision() {
    // A local git repository stands in for the published advisory-db.
    let upstream = tempfile::tempdir().unwrap();
    copy_tree(&fixture_db_source().join("advisory-db"), upstream.path());
    git(upstream.path(), &["init", "-q"]);
    git(upstream.path(), &["add", "-A"]);
    git(upstream.path(), &["commit", "-q", "-m", "advisories"]);
    let db = tempfile::tempdir().unwrap();

    update_to_upstream_head(db.path(), upstream.path());
    let repo = fixture_repo();
    let (_, report) = deps_json(repo.path(), db.path(), &[]);
    assert_eq!(summary(&report).len(), 6);
    assert_eq!(policy(&report, "P10")["status"], "FAIL");

    // A new upstream advisory arrives with the next update.
    let dir = upstream.path().join("crates/widget");
    std::fs::write(
        dir.join("RUSTSEC-2099-0008.md"),
        "```toml\n[advisory]\nid = \"RUSTSEC-2099-0008\"\npackage = \"widget\"\ndate = \"2099-08-01\"\n\n[versions]\npatched = [\">= 2.0.2\"]\nunaffected = [\"< 2.0.0\"]\n```\n\n# Widget 2.0 leaks frames\n\nA gatehouse test fixture.\n",
    )
    .unwrap();
    git(upstream.path(), &["add", "-A"]);
    git(upstream.path(), &["commit", "-q", "-m", "new advisory"]);
    update_to_upstream_head(db.path(), upstream.path());
    let (_, report) = deps_json(repo.path(), db.path(), &[]);
    assert!(
        summary(&report)
            .iter()
            .any(|f| f.0 == "RUSTSEC-2099-0008" && f.2 == 46),
        "{:#?}",
        summary(&report)
    );
}

#[test]
fn a_stale_database_makes_p10_warn_saying_how_old() {
    let db = tempfile::tempdir().unwrap();
    copy_tree(&fixture_db_source(), db.path());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.lock"),
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    // No record of an update: no age is claimed.
    let (_, report) = deps_json(dir.path(), db.path(), &[]);
    assert_eq!(policy(&report, "P10")["status"], "PASS");

    let updated = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(30 * 24 + 1);
    std::fs::write(
        db.path().join("gatehouse-db.json"),
        format!(
            "{{\"rustsec\": {{\"url\": \"/x\", \"revision\": \"abc\", \"updated\": \"{updated}\"}}}}"
        ),
    )
    .unwrap();
    let (code, report) = deps_json(dir.path(), db.path(), &[]);
    assert_eq!(code, 0);
    let p10 = policy(&report, "P10");
    assert_eq!(p10["status"], "WARN");
    let reason = p10["reason"].as_str().unwrap();
    assert!(
        reason.contains("30 days old") && reason.contains("gatehouse db update"),
        "{reason}"
    );
    std::fs::write(
        dir.path().join("gatehouse.toml"),
        "[deps]\nmax_age_days = 31\n",
    )
    .unwrap();
    let (_, report) = deps_json(dir.path(), db.path(), &[]);
    assert_eq!(report["policies"][9]["status"], "PASS");
}

#[test]
fn a_failed_update_names_the_step_and_never_prints_credentials() {
    let db = tempfile::tempdir().unwrap();
    // Nothing listens on the discard port: the clone fails at once.
    let output = db_update(
        db.path(),
        concat!("http://bot:", "sekrit-token@127.0.0.1:9/advisory-db.git"),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("git clone"), "{stderr}");
    assert!(stderr.contains("http://****@127.0.0.1:9/"), "{stderr}");
    assert!(!stderr.contains("sekrit"), "{stderr}");
}

#[test]
fn the_table_shows_the_fix_and_an_inline_comment_names_an_advisory_by_any_of_its_ids() {
    let repo = fixture("deps/poly/py");
    let db = fixture_db();
    let output = gatehouse()
        .arg("check")
        .arg(repo.path())
        .args(["--only", "deps", "--db-dir"])
        .arg(db.path())
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        table.contains("fix: Upgrade Django_Thing to 2.2.28 or later."),
        "{table}"
    );
    // The GHSA finding, silenced in requirements.txt by its CVE alias on the line above.
    let path = repo.path().join("requirements.txt");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "Django_Thing==",
        "# gatehouse:ignore CVE-2099-3001 -- patched in our fork\nDjango_Thing==",
    );
    std::fs::write(&path, text).unwrap();
    let (_, report) = deps_json(repo.path(), db.path(), &[]);
    let django = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "GHSA-djth-0001-aaaa")
        .unwrap();
    assert_eq!(django["suppressed"]["kind"], "inline", "{django:#}");
    assert_eq!(django["suppressed"]["reason"], "patched in our fork");
}
