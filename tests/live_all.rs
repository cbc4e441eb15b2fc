//! End to end: `gatehouse audit` with all four live targets at once — PostgreSQL (with
//! pgaudit), OpenBao, Prometheus and backups with the restore test, each a real server on a
//! free loopback port — over testdata/live: every live policy passes, the matrix shows each
//! target's evidence, and no planted credential or secret value appears in any format, on the
//! terminal or in a debug log line.

mod common;

use common::bao::Deployment;
use common::http::{Response, Server};
use common::pg::Postgres;
use common::prom::Prometheus;
use common::*;
use serde_json::Value;

const AUDIT_PASSWORD: &str = concat!("Au-3kP9", "wQ7z-live");
const RESTORE_PASSWORD: &str = concat!("Rt-8nB2", "yH5c-live");
const KV_VALUE: &str = concat!("kv-", "Val3-Hq8Pw1Ld6");
const PROM_PASSWORD: &str = concat!("pm-", "Pw5-Ts2Xc9");

#[test]
fn all_four_targets_pass_and_no_secret_reaches_any_output() {
    let tree = tempfile::tempdir().unwrap();
    copy_tree(&workspace().join("testdata/live"), tree.path());
    let migration = std::fs::read_to_string(tree.path().join("db/001_orders.sql")).unwrap();

    // PostgreSQL: the migrations applied, two tenants' rows, the application's role, an audit
    // role that sees every row and may read the settings, a restore account.
    let pg = Postgres::start_with(&[
        "shared_preload_libraries=pgaudit",
        "pgaudit.log='write, ddl'",
    ]);
    pg.sql("postgres", "CREATE DATABASE app;");
    pg.sql(
        "app",
        &format!(
            "{migration}
             CREATE ROLE app NOLOGIN;
             GRANT SELECT, INSERT ON orders TO app;
             GRANT SELECT, INSERT ON audit_log TO app;
             CREATE ROLE audit LOGIN BYPASSRLS PASSWORD '{AUDIT_PASSWORD}';
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit;
             GRANT app TO audit; GRANT pg_read_all_settings TO audit;
             CREATE ROLE restorer LOGIN CREATEDB PASSWORD '{RESTORE_PASSWORD}';
             INSERT INTO orders VALUES (1, 1, 10), (2, 1, 20), (3, 2, 30);
             INSERT INTO audit_log (actor, action) VALUES ('alice', 'login');"
        ),
    );
    // The backup, with its checksum.
    std::fs::create_dir_all(tree.path().join("backups")).unwrap();
    let dump = tree.path().join("backups/app.dump");
    pg.dump("app", &["-Fc"], &dump);
    let digest = std::process::Command::new("sha256sum")
        .arg(&dump)
        .output()
        .unwrap();
    std::fs::write(
        tree.path().join("backups/SHA256SUMS"),
        String::from_utf8_lossy(&digest.stdout).replace(&dump.display().to_string(), "app.dump"),
    )
    .unwrap();

    // OpenBao: an AppRole for the application, an auditor token, a KV secret, an audit device.
    let vault = Deployment::start(true, "default", KV_VALUE);
    let (bao, role_id, secret_id, token) =
        (&vault.bao, &vault.role_id, &vault.secret_id, &vault.auditor);

    // Prometheus: the tree's rule files, scraping a target the test serves.
    let app = Server::start(|_| {
        Response::new(200, "app_errors_total 0\n").header("Content-Type", "text/plain")
    });
    let rules: Vec<(String, String)> = ["alerts.yml", "capacity.yml"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(tree.path().join("monitoring").join(f)).unwrap();
            (f.to_string(), text)
        })
        .collect();
    let rule_refs: Vec<(&str, &str)> = rules
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let address = app.url.trim_start_matches("http://").to_string();
    let prom = Prometheus::start(&rule_refs, &[("app", &address)]);
    let scraped = http::wait_for(30, || {
        prom.api("/api/v1/targets?state=active")["data"]["activeTargets"][0]["health"] == "up"
    });
    assert!(scraped, "{}", prom.log());

    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[live.postgres]\nprobe_role = \"app\"\n\
         [live.vault]\nkv_paths = [\"secret/app/db\"]\n\
         [live.backups]\npath = \"backups/*.dump\"\nrestore_test = true\n",
    )
    .unwrap();
    let before = pg.sql(
        "app",
        "SELECT count(*) || md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o;",
    );

    let outputs = tempfile::tempdir().unwrap();
    let formats = every_format(outputs.path());
    let extra: Vec<&str> = formats.iter().map(String::as_str).collect();
    let prom_url = prom
        .url
        .replace("http://", &format!("http://reader:{PROM_PASSWORD}@"));
    let postgres_dsn = pg.dsn("audit", AUDIT_PASSWORD, "app");
    let restore_dsn = pg.dsn("restorer", RESTORE_PASSWORD, "postgres");
    let env = [
        ("POSTGRES_DSN", postgres_dsn.as_str()),
        ("RESTORE_DSN", restore_dsn.as_str()),
        ("VAULT_ADDR", bao.addr.as_str()),
        ("VAULT_TOKEN", token.as_str()),
        ("VAULT_ROLE_ID", role_id.as_str()),
        ("VAULT_SECRET_ID", secret_id.as_str()),
        ("PROM_URL", prom_url.as_str()),
    ];
    let (code, report, said) = live_audit(tree.path(), &env, &extra);
    assert_eq!(code, 0, "{said}");
    assert!(errors(&report).is_empty(), "{:#}", report["errors"]);
    for id in ["P02", "P04", "P05", "P06", "P07"] {
        let p = policy(&report, id);
        assert_eq!(p["status"], "PASS", "{id}: {p:#}");
        assert!(
            p["evidence"].to_string().contains("live: "),
            "{id} shows no live evidence: {p:#}"
        );
    }
    let evidence = |id: &str| policy(&report, id)["evidence"].to_string();
    assert!(
        evidence("P02").contains("approle login HTTP 200, token login HTTP 200, 1 KV secret read")
    );
    assert!(evidence("P04").contains("pgaudit preloaded"));
    assert!(evidence("P04").contains("audit devices file/ (file)"));
    assert!(
        evidence("P05")
            .contains("0 rows of other tenants visible, 0 writes for another tenant accepted")
    );
    assert!(evidence("P06").contains("hash match); restore complete, 2 tables compared, 0 differ"));
    assert!(evidence("P07").contains("2 rule groups, 5 rules (0 failing), 1 target up, 0 down"));

    // Nothing changed in the database, and no scratch database is left.
    assert_eq!(
        pg.sql(
            "app",
            "SELECT count(*) || md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o;"
        ),
        before
    );
    assert_eq!(
        pg.sql(
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'gatehouse_restore_%';"
        )
        .trim(),
        "0"
    );

    // No planted secret anywhere: the terminal and debug log, every report, the facts.
    let secrets = [
        AUDIT_PASSWORD,
        RESTORE_PASSWORD,
        KV_VALUE,
        PROM_PASSWORD,
        token.as_str(),
        role_id.as_str(),
        secret_id.as_str(),
    ];
    let mut texts = vec![("stdout and stderr".to_string(), said)];
    assert_no_secret_in(outputs.path(), &secrets);
    let mut facts = gatehouse();
    facts
        .args(["facts", "--live"])
        .arg(tree.path())
        .env("GATEHOUSE_LOG", "debug");
    for name in LIVE_ENV {
        facts.env_remove(name);
    }
    let facts = facts.envs(env).output().unwrap();
    assert!(facts.status.success());
    texts.push((
        "facts --live".to_string(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&facts.stdout),
            String::from_utf8_lossy(&facts.stderr)
        ),
    ));
    for (name, text) in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} is in {name}");
        }
    }
    let facts: Value = serde_json::from_slice(&facts.stdout).unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/facts.schema.json")),
        &facts,
        "facts --live",
    );
    for key in ["postgres", "vault", "prometheus", "backups"] {
        assert!(
            facts["live"][key].is_object(),
            "{key} missing from facts.live"
        );
    }
    // The SARIF of a live audit is valid SARIF 2.1.0.
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(outputs.path().join("report.sarif")).unwrap(),
    )
    .unwrap();
    assert_valid(
        &validator(&shared("schemas/sarif-2.1.0.json")),
        &sarif,
        "sarif",
    );
}
