//! End to end: P06's live part against real backups — `pg_dump` files of a real PostgreSQL (a
//! private cluster per test on a free loopback port): the newest backup's age and checksum, and
//! the restore test (`--restore-test`: `pg_restore` or `psql` into a scratch database, row
//! counts compared with the source, the scratch database dropped even when the restore fails).

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::pg::Postgres;
use common::*;
use serde_json::Value;

const PASSWORD: &str = concat!("Bk-7pQ2", "xZr4-audit");
const RESTORER: &str = concat!("Rs-4mW8", "tLp1-scratch");

/// A database `app` with two tables, an `audit` role that reads it, and a `restorer` role that
/// may create databases (the scratch server's account).
fn source() -> Postgres {
    let pg = Postgres::start();
    pg.sql("postgres", "CREATE DATABASE app;");
    pg.sql(
        "app",
        &format!(
            "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
             CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers, total numeric);
             INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 25) g;
             INSERT INTO orders SELECT g, 1 + g % 25, g * 1.5 FROM generate_series(1, 60) g;
             CREATE ROLE audit LOGIN PASSWORD '{PASSWORD}';
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit;
             CREATE ROLE restorer LOGIN CREATEDB PASSWORD '{RESTORER}';"
        ),
    );
    pg
}

/// The SHA-256 of a file, as `sha256sum` prints it.
fn sha256(path: &Path) -> String {
    let output = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// A tree whose gatehouse.toml points `live.backups.path` at `backups/*.dump`.
fn backups_tree() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("backups")).unwrap();
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[live.backups]\npath = \"backups/*.dump\"\n",
    )
    .unwrap();
    tree
}

/// Dump `app` into the tree's backups, with a `.sha256` file beside it.
fn backup(pg: &Postgres, tree: &Path, name: &str, options: &[&str]) -> std::path::PathBuf {
    let path = tree.join("backups").join(name);
    pg.dump("app", options, &path);
    std::fs::write(
        tree.join("backups").join(format!("{name}.sha256")),
        format!("{}  {name}\n", sha256(&path)),
    )
    .unwrap();
    path
}

fn scratch_databases(pg: &Postgres) -> String {
    pg.sql(
        "postgres",
        "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'gatehouse_restore_%';",
    )
    .trim()
    .to_string()
}

/// The audit with `--restore-test` (and RESTORE_DSN when `restore`); it must leave the source
/// database as it was.
fn run(pg: &Postgres, tree: &Path, restore: bool) -> (Value, String) {
    let before = pg.checksum("app");
    let dsn = pg.dsn("audit", PASSWORD, "app");
    let restore_dsn = pg.dsn("restorer", RESTORER, "postgres");
    let mut env = vec![("POSTGRES_DSN", dsn.as_str())];
    if restore {
        env.push(("RESTORE_DSN", restore_dsn.as_str()));
    }
    let (code, report, said) = live_audit(tree, &env, &["--restore-test"]);
    assert_ne!(code, 2, "{said}");
    assert!(
        !said.contains(PASSWORD) && !said.contains(RESTORER),
        "a password was said"
    );
    assert_eq!(
        pg.checksum("app"),
        before,
        "the audit changed the source database"
    );
    (report, said)
}

fn p06(report: &Value) -> Vec<(String, String)> {
    open_findings(report, "P06")
}

#[test]
fn a_fresh_verified_backup_that_restores_with_the_same_rows_passes() {
    let pg = source();
    let tree = backups_tree();
    // An older backup first, then the newest (the one checked).
    let old = backup(&pg, tree.path(), "app-1.dump", &["-Fc"]);
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    backup(&pg, tree.path(), "app-2.dump", &["-Fc"]);
    let (report, said) = run(&pg, tree.path(), true);
    assert!(errors(&report).is_empty(), "{:#}", report["errors"]);
    let p = policy(&report, "P06");
    assert_eq!(p["status"], "PASS", "{p:#}\n{said}");
    let evidence = p["evidence"].to_string();
    assert!(
        evidence.contains("backups backups/*.dump: 2 files, newest ")
            && evidence.contains(
                "app-2.dump (0.0 h old, hash match); restore complete, 2 tables compared, 0 differ"
            ),
        "{evidence}"
    );
    assert_eq!(
        scratch_databases(&pg),
        "",
        "the scratch database was dropped"
    );

    // A plain-SQL dump (without ownership, as the scratch account is no superuser) restores
    // through psql.
    let plain = backups_tree();
    backup(&pg, plain.path(), "app.dump", &["-Fp", "--no-owner"]);
    let (report, said) = run(&pg, plain.path(), true);
    assert_eq!(policy(&report, "P06")["status"], "PASS", "{said}");
    let facts_restore = policy(&report, "P06")["evidence"].to_string();
    assert!(
        facts_restore.contains("restore complete"),
        "{facts_restore}"
    );
    assert_eq!(scratch_databases(&pg), "");
}

#[test]
fn stale_damaged_unrestorable_and_diverging_backups_fail() {
    let pg = source();
    // Stale: written two days ago.
    let stale = backups_tree();
    let path = backup(&pg, stale.path(), "app.dump", &["-Fc"]);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(48 * 3600))
        .unwrap();
    let (report, _) = run(&pg, stale.path(), false);
    let found = p06(&report);
    assert!(
        found.iter().any(|(r, m)| r == "P06.live-backup-stale"
            && m.contains("app.dump, is 48 hours old")
            && m.contains("the limit is 26 hours")),
        "{found:?}"
    );

    // A checksum that does not match, and one missing.
    let damaged = backups_tree();
    let path = backup(&pg, damaged.path(), "app.dump", &["-Fc"]);
    std::fs::write(
        damaged.path().join("backups/app.dump.sha256"),
        format!("{}  app.dump\n", "0".repeat(64)),
    )
    .unwrap();
    let (report, _) = run(&pg, damaged.path(), false);
    let found = p06(&report);
    assert!(
        found
            .iter()
            .any(|(r, m)| r == "P06.live-checksum-mismatch" && m.contains(&sha256(&path))),
        "{found:?}"
    );
    std::fs::remove_file(damaged.path().join("backups/app.dump.sha256")).unwrap();
    let (report, _) = run(&pg, damaged.path(), false);
    assert!(
        p06(&report)
            .iter()
            .any(|(r, _)| r == "P06.live-no-checksum"),
        "{:?}",
        p06(&report)
    );

    // A backup whose checksum does not verify is not restored.
    let (report, _) = run(&pg, damaged.path(), true);
    let p = policy(&report, "P06");
    assert!(!p["evidence"].to_string().contains("restore"), "{p:#}");
    assert!(
        !p06(&report)
            .iter()
            .any(|(r, _)| r == "P06.live-restore-failed"),
        "{:?}",
        p06(&report)
    );

    // A plain dump that tries psql meta-commands (a shell command, even after lifting a
    // restriction of its own) runs none of them: the restore fails, nothing is executed.
    let tampered = backups_tree();
    let marker = tampered.path().join("pwned");
    let path = tampered.path().join("backups/app.dump");
    std::fs::write(
        &path,
        format!(
            "\\restrict k1\nCREATE TABLE t (id int);\n\\unrestrict k1\n\\! touch {}\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::write(
        tampered.path().join("backups/app.dump.sha256"),
        format!("{}  app.dump\n", sha256(&path)),
    )
    .unwrap();
    let (report, said) = run(&pg, tampered.path(), true);
    assert!(!marker.exists(), "the dump's shell command ran");
    let found = p06(&report);
    assert!(
        found.iter().any(|(r, m)| r == "P06.live-restore-failed"
            && m.contains("plain format")
            && m.contains("backslash commands are restricted")),
        "{found:?}\n{said}"
    );
    assert_eq!(scratch_databases(&pg), "");

    // A dump that does not restore: FAIL with pg_restore's words, and no scratch database left.
    let broken = backups_tree();
    let path = broken.path().join("backups/app.dump");
    std::fs::write(&path, b"PGDMP\x01\x0e\x00 this is not a dump").unwrap();
    std::fs::write(
        broken.path().join("backups/SHA256SUMS"),
        format!("{}  app.dump\n", sha256(&path)),
    )
    .unwrap();
    let (report, said) = run(&pg, broken.path(), true);
    let found = p06(&report);
    assert_eq!(policy(&report, "P06")["status"], "FAIL", "{said}");
    assert!(
        found.iter().any(|(r, m)| r == "P06.live-restore-failed"
            && m.contains("custom format")
            && m.contains("pg_restore failed")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(r, _)| r == "P06.live-no-checksum"),
        "{found:?}"
    );
    assert_eq!(
        scratch_databases(&pg),
        "",
        "dropped after a failed restore too"
    );

    // The source moved on after the backup: the counts differ, named by table.
    let diverged = backups_tree();
    backup(&pg, diverged.path(), "app.dump", &["-Fc"]);
    pg.sql(
        "app",
        "INSERT INTO customers VALUES (26, 'late'), (27, 'later');",
    );
    let (report, _) = run(&pg, diverged.path(), true);
    let found = p06(&report);
    assert!(
        found.iter().any(|(r, m)| r == "P06.live-row-counts-differ"
            && m.contains("table public.customers: 27 rows in the source database, 25 rows in the restored backup")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, m)| m.contains("public.orders")),
        "{found:?}"
    );
    // … within a tolerance, they agree.
    std::fs::write(
        diverged.path().join("gatehouse.toml"),
        "[live.backups]\npath = \"backups/*.dump\"\nrow_count_tolerance_percent = 10\n",
    )
    .unwrap();
    let (report, _) = run(&pg, diverged.path(), true);
    assert!(p06(&report).is_empty(), "{:?}", p06(&report));
    assert_eq!(scratch_databases(&pg), "");
}

#[test]
fn a_restore_test_without_a_scratch_server_or_backups_is_blocked() {
    let pg = source();
    let tree = backups_tree();
    backup(&pg, tree.path(), "app.dump", &["-Fc"]);
    let (report, _) = run(&pg, tree.path(), false);
    let p = policy(&report, "P06");
    assert_eq!(p["status"], "BLOCKED", "{p:#}");
    let reason = p["reason"].as_str().unwrap();
    assert!(
        reason.contains("RESTORE_DSN") && reason.contains("live.backups.restore_dsn"),
        "{reason}"
    );
    // An audit role that row-level security would filter cannot count the source's rows: a
    // count that would be wrong is not compared, and the restore test is BLOCKED, saying why.
    pg.sql("app", "ALTER TABLE customers ENABLE ROW LEVEL SECURITY;");
    let (report, said) = run(&pg, tree.path(), true);
    let p = policy(&report, "P06");
    assert_eq!(p["status"], "BLOCKED", "{p:#}\n{said}");
    let reason = p["reason"].as_str().unwrap();
    assert!(
        reason.contains("the source's row counts could not be read")
            && reason.contains("row-level security"),
        "{reason}"
    );
    assert!(p06(&report).is_empty(), "{:?}", p06(&report));
    assert_eq!(scratch_databases(&pg), "");

    // A glob that matches nothing: no backup is a FAIL, not a PASS.
    let empty = backups_tree();
    let (report, _) = run(&pg, empty.path(), false);
    assert!(
        p06(&report).iter().any(|(r, m)| r == "P06.live-no-backup"
            && m.contains("no backup file matches live.backups.path `backups/*.dump`")),
        "{:?}",
        p06(&report)
    );
}
