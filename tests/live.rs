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
    let mut command = gatehouse();
    command
        .arg("audit")
        .arg(tree)
        .args(["--only", "live,policies", "--format", "json"])
        .args(extra)
        .env_remove("POSTGRES_DSN")
        .env("GATEHOUSE_LOG", "debug");
    if let Some(dsn) = dsn {
        command.env("POSTGRES_DSN", dsn);
    }
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

/// The rules of P05's open findings.
fn p05_rules(report: &Value) -> Vec<String> {
    let mut rules: Vec<String> = findings(report)
        .iter()
        .filter(|f| f["policies"][0] == "P05" && f.get("suppressed").is_none())
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules
}

/// A checksum of every row of every table in `public`: the audit must leave them as they were.
fn checksum(pg: &Postgres, database: &str) -> String {
    let tables = pg.sql(
        database,
        "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;",
    );
    let mut sums = String::new();
    for table in tables.lines() {
        sums.push_str(table);
        sums.push(' ');
        sums.push_str(&pg.sql(
            database,
            &format!(
                "SELECT count(*) || ' ' || md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM {table} x;"
            ),
        ));
    }
    assert!(!sums.is_empty());
    sums
}

#[test]
fn isolation_that_holds_passes_and_the_audit_changes_nothing_and_says_no_password() {
    let pg = Postgres::start();
    let setup = format!("{MIGRATION}{}", roles_and_rows());
    let tree = deployment(&pg, "app", &setup, MIGRATION);
    let before = checksum(&pg, "app");
    let dsn = pg.dsn("audit", PASSWORD, "app");
    let outputs = tempfile::tempdir().unwrap();
    let mut formats = Vec::new();
    for format in ["md", "csv", "sarif", "junit", "html"] {
        let path = outputs.path().join(format!("report.{format}"));
        formats.push(format!("{format}={}", path.display()));
    }
    let mut extra: Vec<&str> = Vec::new();
    for spec in &formats {
        extra.extend(["-o", spec.as_str()]);
    }
    let (code, report, said) = audit(tree.path(), Some(&dsn), &extra);
    assert_ne!(code, 2, "{said}");
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
    assert_eq!(checksum(&pg, "app"), before);
    assert!(!said.contains(PASSWORD), "the password was printed");
    for entry in std::fs::read_dir(outputs.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains(PASSWORD), "the password is in a report");
    }
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
    assert_eq!(checksum(&pg, "app"), before);
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
    let drifted_before = checksum(&pg, "drifted");
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
        checksum(&pg, "drifted"),
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
    let before = checksum(&pg, "open");
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
        checksum(&pg, "open"),
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
    let before = checksum(&pg, "owned");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "owned")), &[]);
    assert_eq!(checksum(&pg, "owned"), before);
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
    let before = checksum(&pg, "supa");
    let (_, report, said) = audit(tree.path(), Some(&pg.dsn("audit", PASSWORD, "supa")), &[]);
    assert_eq!(checksum(&pg, "supa"), before);
    let p05 = policy(&report, "P05");
    assert_eq!(p05["status"], "PASS", "{said}");
    assert!(
        p05["evidence"]
            .to_string()
            .contains("probe of 1 table as authenticated: 0 rows of other tenants visible"),
        "{p05:#}"
    );
}
