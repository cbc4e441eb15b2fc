//! End to end: `gatehouse audit` against a real PostgreSQL (a private cluster per test, on a free
//! loopback port): P05's live part, the cross-tenant probe, drift from the migrations, what a
//! missing or unreachable target gives, that nothing is left changed and no password is said.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pg::Postgres;
use common::*;
use serde_json::Value;

/// The audit role's password: it must appear in no output.
const PASSWORD: &str = concat!("Pw-9f3K", "q2Lx-audit");

/// The migrations of a tenant table with row-level security enabled, forced, and one policy on
/// the tenant key.
const MIGRATION: &str = "\
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    tenant_id int NOT NULL,
    total numeric(12, 2) NOT NULL
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON orders
    USING (tenant_id = current_setting('app.tenant_id')::int);
";

/// The roles of a deployment: `app` (the application's, what the probe acts as) and `audit`
/// (what gatehouse logs in as: BYPASSRLS to see every tenant, allowed to act as `app`), and two
/// tenants' rows.
fn roles_and_rows() -> String {
    // Roles belong to the cluster: a second database of the same test finds them there.
    format!(
        "DO $$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app NOLOGIN; END IF;
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'audit') THEN
             CREATE ROLE audit LOGIN BYPASSRLS PASSWORD '{PASSWORD}';
           END IF;
         END $$;
         GRANT SELECT, INSERT ON orders TO app;
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit;
         GRANT app TO audit;
         INSERT INTO orders VALUES (1, 1, 10.00), (2, 1, 20.00), (3, 2, 30.00), (4, 2, 40.00);"
    )
}

/// A database named `name` built from `sql`, and a tree whose migrations are `migration`.
fn deployment(pg: &Postgres, name: &str, sql: &str, migration: &str) -> tempfile::TempDir {
    pg.sql("postgres", &format!("CREATE DATABASE {name};"));
    pg.sql(name, sql);
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("db")).unwrap();
    std::fs::write(tree.path().join("db/001_orders.sql"), migration).unwrap();
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[live.postgres]\nprobe_role = \"app\"\n",
    )
    .unwrap();
    tree
}

/// `gatehouse audit TREE --only live,policies` with POSTGRES_DSN (when given); the exit code,
/// the JSON report, and everything it printed.
fn audit(tree: &Path, dsn: Option<&str>, extra: &[&str]) -> (i32, Value, String) {
    let env: Vec<(&str, &str)> = dsn.map(|dsn| ("POSTGRES_DSN", dsn)).into_iter().collect();
    live_audit(tree, &env, extra)
}

/// The rules of P05's open findings.
fn p05_rules(report: &Value) -> Vec<String> {
    open_findings(report, "P05")
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

#[test]
fn isolation_that_holds_passes_and_the_audit_changes_nothing_and_says_no_password() {
    let pg = Postgres::start();
    let setup = format!("{MIGRATION}{}", roles_and_rows());
    let tree = deployment(&pg, "app", &setup, MIGRATION);
    let before = pg.checksum("app");
    let dsn = pg.dsn("audit", PASSWORD, "app");
    let outputs = tempfile::tempdir().unwrap();
    let formats = every_format(outputs.path());
    let extra: Vec<&str> = formats.iter().map(String::as_str).collect();
    let (code, report, said) = audit(tree.path(), Some(&dsn), &extra);
    assert_ne!(code, 2, "{said}");
    assert!(errors(&report).is_empty(), "{:#}", report["errors"]);
    let p05 = policy(&report, "P05");
    assert_eq!(p05["status"], "PASS", "{p05:#}");
    let evidence = p05["evidence"].to_string();
    assert!(
        evidence.contains(&format!(
            "live: postgres postgres://127.0.0.1:{}/app, 1 table (1 with a tenant key), probe of 1 table as app: 0 rows of other tenants visible, 0 writes for another tenant accepted",
            pg.port
        )),
        "{evidence}"
    );
    assert!(p05_rules(&report).is_empty(), "{:?}", p05_rules(&report));
    // Nothing committed, nothing said about the password, in any format or log line.
    assert_eq!(pg.checksum("app"), before);
    assert!(!said.contains(PASSWORD), "the password was printed");
    assert_no_secret_in(outputs.path(), &[PASSWORD]);
    assert_eq!(
        report["run"]["families"],
        serde_json::json!(["live", "policies"])
    );

    // What a user's Rego sees as input.facts.live: `gatehouse facts --live`, valid against the
    // facts schema, with the probe's counts and no password.
    let output = gatehouse()
        .args(["facts", "--live"])
        .arg(tree.path())
        .env("POSTGRES_DSN", &dsn)
        .output()
        .unwrap();
    assert!(output.status.success());
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/facts.schema.json")),
        &facts,
        "facts --live",
    );
    let orders = &facts["live"]["postgres"]["tables"][0];
    assert_eq!(orders["name"], "public.orders");
    assert_eq!(orders["rls_enabled"], true);
    assert_eq!(orders["policies"][0]["name"], "tenant_isolation");
    assert_eq!(orders["probe"]["foreign_rows_visible"], 0);
    assert_eq!(orders["probe"]["write_other_tenant"], "refused");
    assert_eq!(orders["probe"]["tenants"], 2);
    assert!(!String::from_utf8_lossy(&output.stdout).contains(PASSWORD));
    assert!(!String::from_utf8_lossy(&output.stderr).contains(PASSWORD));
    assert_eq!(pg.checksum("app"), before);
}

#[test]
fn a_broken_isolation_fails_with_the_table_and_what_leaked() {
    let pg = Postgres::start();
    // Drift: the migrations enable row-level security, the database has it disabled.
    let drifted = format!(
        "{MIGRATION}{}ALTER TABLE orders DISABLE ROW LEVEL SECURITY;",
        roles_and_rows()
    );
    let tree = deployment(&pg, "drifted", &drifted, MIGRATION);
    let drifted_before = pg.checksum("drifted");
    let (_, report, said) = audit(
        tree.path(),
        Some(&pg.dsn("audit", PASSWORD, "drifted")),
        &[],
    );
    let p05 = policy(&report, "P05");
    assert_eq!(p05["status"], "FAIL", "{said}");
    let rules = p05_rules(&report);
    assert!(rules.contains(&"P05.live-drift".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"P05.live-cross-tenant-read".to_string()),
        "{rules:?}"
    );
    let drift = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "P05.live-drift")
        .unwrap();
    assert!(
        drift["message"].as_str().unwrap().contains(
            "the migrations enable row-level security on public.orders (db/001_orders.sql:1)"
        ),
        "{drift:#}"
    );
    assert_eq!(
        drift["location"]["path"],
        format!("postgres://127.0.0.1:{}/drifted/public.orders", pg.port)
    );
    assert_eq!(
        pg.checksum("drifted"),
        drifted_before,
        "the probe's write was rolled back"
    );

    // A policy that lets every row through: the probe, acting for tenant 1, sees tenant 2's
    // two rows, and can write a row for tenant 2 (rolled back).
    let open = "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int NOT NULL, total numeric(12, 2) NOT NULL);
        ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
        ALTER TABLE orders FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON orders USING (true);";
    let tree = deployment(
        &pg,
        "open",
        &format!("{open}{}", roles_and_rows()),
        MIGRATION,
    );
    let before = pg.checksum("open");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "open")), &[]);
    assert_eq!(policy(&report, "P05")["status"], "FAIL", "{said}");
    let read = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "P05.live-cross-tenant-read")
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        read["message"]
            .as_str()
            .unwrap()
            .contains("the probe saw 2 row(s) of other tenants in public.orders"),
        "{read:#}"
    );
    let rules = p05_rules(&report);
    assert!(
        rules.contains(&"P05.live-cross-tenant-write".to_string()),
        "{rules:?}\n{said}"
    );
    assert!(
        rules.contains(&"P05.live-policy-using-true".to_string()),
        "{rules:?}"
    );
    assert_eq!(
        pg.checksum("open"),
        before,
        "the probe's write was rolled back"
    );
    // The finding's fingerprint holds across runs: a baseline of this run makes the next pass.
    let baseline = tree.path().join("baseline.json");
    let status = gatehouse()
        .args(["baseline", "create", "--audit"])
        .arg(&baseline)
        .arg(tree.path())
        .args(["--only", "live,policies"])
        .env("POSTGRES_DSN", pg.dsn("audit", PASSWORD, "open"))
        .output()
        .unwrap();
    assert!(status.status.success());
    let (_, report, _) = audit(
        tree.path(),
        Some(&pg.dsn("audit", PASSWORD, "open")),
        &["--baseline", baseline.to_str().unwrap()],
    );
    assert!(p05_rules(&report).is_empty(), "{:?}", p05_rules(&report));
}

#[test]
fn what_the_probe_cannot_show_is_blocked_and_said() {
    let pg = Postgres::start();
    // The probe role owns the table: row-level security (not forced) does not apply to it.
    let owned = "CREATE ROLE app NOLOGIN;
        CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int NOT NULL, total numeric(12, 2) NOT NULL);
        ALTER TABLE orders OWNER TO app;
        ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON orders USING (tenant_id = current_setting('app.tenant_id')::int);";
    let audit_role = format!(
        "CREATE ROLE audit LOGIN BYPASSRLS PASSWORD '{PASSWORD}';
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit; GRANT app TO audit;"
    );
    let tree = deployment(
        &pg,
        "owned",
        &format!("{owned}{audit_role}"),
        "CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id int NOT NULL);
         ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
         CREATE POLICY tenant_isolation ON orders USING (tenant_id = current_setting('app.tenant_id')::int);",
    );
    let before = pg.checksum("owned");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "owned")), &[]);
    assert_eq!(pg.checksum("owned"), before);
    let p05 = policy(&report, "P05");
    assert_eq!(p05["status"], "BLOCKED", "{said}");
    assert!(
        p05["reason"]
            .as_str()
            .unwrap()
            .contains("the probe role app owns the table and row-level security is not forced"),
        "{p05:#}"
    );

    // No target: BLOCKED, naming the variable and the key.
    let (_, report, _) = audit(tree.path(), None, &[]);
    let reason = policy(&report, "P05")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(policy(&report, "P05")["status"], "BLOCKED");
    assert!(
        reason.contains("POSTGRES_DSN") && reason.contains("live.postgres.dsn"),
        "{reason}"
    );

    // A wrong password: BLOCKED with the server's answer, and the password is not said.
    let wrong = concat!("Wr0ng-", "pa55word-xyz");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", wrong, "owned")), &[]);
    assert_eq!(policy(&report, "P05")["status"], "BLOCKED");
    assert!(
        policy(&report, "P05")["reason"]
            .as_str()
            .unwrap()
            .contains("password authentication failed"),
        "{said}"
    );
    assert!(!said.contains(wrong));

    // Unreachable: a port nothing listens on, and a server that accepts and never answers:
    // BLOCKED within the timeout, never a hang.
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[live]\ntimeout_secs = 2\n\n[live.postgres]\nprobe_role = \"app\"\n",
    )
    .unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let (_, report, _) = audit(
        tree.path(),
        Some(&format!(
            "postgres://audit:{PASSWORD}@127.0.0.1:{closed_port}/app?sslmode=disable"
        )),
        &[],
    );
    let reason = policy(&report, "P05")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(policy(&report, "P05")["status"], "BLOCKED");
    assert!(reason.contains("cannot connect"), "{reason}");
    assert!(!reason.contains(PASSWORD));
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let clock = Instant::now();
    let (_, report, _) = audit(
        tree.path(),
        Some(&format!(
            "postgres://audit:{PASSWORD}@127.0.0.1:{silent_port}/app?sslmode=disable"
        )),
        &[],
    );
    assert!(
        clock.elapsed() < Duration::from_secs(10),
        "{:?}",
        clock.elapsed()
    );
    assert_eq!(policy(&report, "P05")["status"], "BLOCKED");
    drop(silent);
}

#[test]
fn the_supabase_tenant_context_is_set_through_jwt_claims() {
    let pg = Postgres::start();
    let migration = "CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id int NOT NULL, body text NOT NULL);
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE notes FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_notes ON notes
            USING (tenant_id = (current_setting('request.jwt.claims', true)::json ->> 'tenant_id')::int);";
    let setup = format!(
        "{migration}
         CREATE ROLE authenticated NOLOGIN;
         GRANT SELECT, INSERT ON notes TO authenticated;
         CREATE ROLE audit LOGIN BYPASSRLS PASSWORD '{PASSWORD}';
         GRANT SELECT ON notes TO audit; GRANT authenticated TO audit;
         INSERT INTO notes VALUES (1, 7, 'a'), (2, 8, 'b'), (3, 8, 'c');"
    );
    let tree = deployment(&pg, "supa", &setup, migration);
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[live.postgres]\nprobe_role = \"authenticated\"\ntenant_context = \"jwt\"\n",
    )
    .unwrap();
    let before = pg.checksum("supa");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "supa")), &[]);
    assert_eq!(pg.checksum("supa"), before);
    let p05 = policy(&report, "P05");
    assert_eq!(p05["status"], "PASS", "{said}");
    assert!(
        p05["evidence"]
            .to_string()
            .contains("probe of 1 table as authenticated: 0 rows of other tenants visible"),
        "{p05:#}"
    );
}

/// An audit table, written by the application (`app` may INSERT and SELECT), and the audit role
/// that may read the server's settings.
const AUDIT_TABLE: &str = "
    CREATE TABLE audit_log (id bigserial PRIMARY KEY, actor text NOT NULL, action text NOT NULL);
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app NOLOGIN; END IF;
    END $$;
    GRANT SELECT, INSERT ON audit_log TO app;
    INSERT INTO audit_log (actor, action) VALUES ('alice', 'login'), ('bob', 'export');";

fn audit_role(settings: bool) -> String {
    format!(
        "CREATE ROLE audit LOGIN BYPASSRLS PASSWORD '{PASSWORD}';
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit; GRANT app TO audit;{}",
        if settings {
            " GRANT pg_read_all_settings TO audit;"
        } else {
            ""
        }
    )
}

/// A tree with `gatehouse.toml` = `config` and nothing else.
fn bare_tree(config: &str) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("gatehouse.toml"), config).unwrap();
    tree
}

#[test]
fn pgaudit_loaded_and_an_append_only_audit_table_pass_p04() {
    let pg = Postgres::start_with(&[
        "shared_preload_libraries=pgaudit",
        "pgaudit.log='write, ddl'",
    ]);
    pg.sql("postgres", "CREATE DATABASE app;");
    pg.sql("app", &format!("{AUDIT_TABLE}{}", audit_role(true)));
    let before = pg.checksum("app");
    let logs = workspace().join("testdata/verify-log");
    let tree = bare_tree(&format!(
        "[live]\naudit_logs = [\"{}\"]\n[live.postgres]\nprobe_role = \"app\"\n",
        logs.join("good.jsonl").display()
    ));
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "app")), &[]);
    let p04 = policy(&report, "P04");
    assert_eq!(p04["status"], "PASS", "{p04:#}\n{said}");
    let evidence = p04["evidence"].to_string();
    assert!(
        evidence.contains(&format!(
            "live: postgres postgres://127.0.0.1:{}/app: pgaudit preloaded, pgaudit.log = write, ddl, 1 audit table",
            pg.port
        )),
        "{evidence}"
    );
    assert!(
        evidence.contains("audit logs: 1 of 1 file verify"),
        "{evidence}"
    );
    assert_eq!(pg.checksum("app"), before);
    assert!(!said.contains(PASSWORD));
}

#[test]
fn pgaudit_missing_a_writable_audit_table_and_a_broken_log_fail_p04() {
    let pg = Postgres::start();
    pg.sql("postgres", "CREATE DATABASE app;");
    pg.sql(
        "app",
        &format!(
            "{AUDIT_TABLE}{} GRANT UPDATE, DELETE ON audit_log TO app;",
            audit_role(true)
        ),
    );
    let before = pg.checksum("app");
    let logs = workspace().join("testdata/verify-log");
    let tree = bare_tree(&format!(
        "[live]\naudit_logs = [\"{}\", \"{}\"]\n[live.postgres]\nprobe_role = \"app\"\n",
        logs.join("good.jsonl").display(),
        logs.join("tampered.jsonl").display()
    ));
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "app")), &[]);
    assert_eq!(policy(&report, "P04")["status"], "FAIL", "{said}");
    let found = open_findings(&report, "P04");
    let has = |rule: &str, text: &str| found.iter().any(|(r, m)| r == rule && m.contains(text));
    assert!(
        has("P04.live-pgaudit-not-loaded", "does not preload pgaudit"),
        "{found:?}"
    );
    assert!(
        has(
            "P04.live-audit-table-writable",
            "role app may UPDATE, DELETE rows of audit table public.audit_log"
        ),
        "{found:?}"
    );
    // `audit` is a member of `app`, so it inherits the same privileges.
    assert!(
        has(
            "P04.live-audit-table-writable",
            "role audit may UPDATE, DELETE"
        ),
        "{found:?}"
    );
    assert!(
        has(
            "P04.live-log-chain-broken",
            "tampered.jsonl does not verify at line"
        ),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, m)| m.contains("good.jsonl")),
        "{found:?}"
    );
    assert_eq!(pg.checksum("app"), before);

    // An audit role that may not read shared_preload_libraries: P04's live part cannot say
    // whether pgaudit runs (BLOCKED)…
    pg.sql("postgres", "CREATE DATABASE other;");
    pg.sql(
        "other",
        "CREATE TABLE audit_trail (id int); GRANT SELECT ON audit_trail TO audit;",
    );
    pg.sql("postgres", "REVOKE pg_read_all_settings FROM audit;");
    let tree = bare_tree("[live.postgres]\nprobe_role = \"app\"\n");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "other")), &[]);
    let p04 = policy(&report, "P04");
    assert_eq!(p04["status"], "BLOCKED", "{p04:#}\n{said}");
    assert!(
        p04["reason"]
            .as_str()
            .unwrap()
            .contains("may not read shared_preload_libraries (grant it pg_read_all_settings)"),
        "{p04:#}"
    );
    // … and a writable audit table still fails it: a BLOCKED part never hides a FAIL.
    pg.sql("other", "GRANT UPDATE ON audit_trail TO app;");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "other")), &[]);
    assert_eq!(policy(&report, "P04")["status"], "FAIL", "{said}");
    assert!(
        open_findings(&report, "P04")
            .iter()
            .any(|(rule, message)| rule == "P04.live-audit-table-writable"
                && message.contains("role app may UPDATE rows of audit table public.audit_trail")),
        "{said}"
    );
}
