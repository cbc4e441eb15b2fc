//! End to end: `gatehouse audit` against a real OpenBao (the Vault API, `bao server -dev`, a
//! private server per test on a free loopback port): P02's live part (health, AppRole login,
//! KV rotation, root tokens) and P04's Vault half (audit devices); what a missing or
//! unreachable Vault gives; and that no token, secret id or KV value is ever said.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::bao::{Bao, Deployment};
use common::*;
use serde_json::Value;

/// The value stored in the KV secret: it must appear in no output.
const KV_VALUE: &str = concat!("kv-", "Val9-Zq4Lm2Xw8");

/// A server with an `app` AppRole (reading secret/app/*), an `auditor` token and the secret
/// `secret/app/db`: the server, the role id, a secret id and the auditor's token.
fn vault(audit_device: bool) -> (Bao, String, String, String) {
    let d = Deployment::start(audit_device, "app", KV_VALUE);
    (d.bao, d.role_id, d.secret_id, d.auditor)
}

/// A tree whose gatehouse.toml is `config`.
fn tree(config: &str) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("gatehouse.toml"), config).unwrap();
    tree
}

fn audit(tree: &Path, env: &[(&str, &str)]) -> (Value, String) {
    let (code, report, said) = live_audit(tree, env, &[]);
    assert_ne!(code, 2, "{said}");
    (report, said)
}

fn rules(report: &Value, policy: &str) -> Vec<String> {
    open_findings(report, policy)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

#[test]
fn a_healthy_vault_passes_and_nothing_secret_is_said_in_any_format() {
    let (bao, role_id, secret_id, auditor) = vault(true);
    let tree = tree("[live.vault]\nkv_paths = [\"secret/app/db\"]\n");
    let outputs = tempfile::tempdir().unwrap();
    let formats = every_format(outputs.path());
    let extra: Vec<&str> = formats.iter().map(String::as_str).collect();
    let env = [
        ("VAULT_ADDR", bao.addr.as_str()),
        ("VAULT_TOKEN", auditor.as_str()),
        ("VAULT_ROLE_ID", role_id.as_str()),
        ("VAULT_SECRET_ID", secret_id.as_str()),
    ];
    let (code, report, said) = live_audit(tree.path(), &env, &extra);
    assert_ne!(code, 2, "{said}");
    assert!(errors(&report).is_empty(), "{:#}", report["errors"]);
    let p02 = policy(&report, "P02");
    assert_eq!(p02["status"], "PASS", "{p02:#}\n{said}");
    let evidence = p02["evidence"].to_string();
    let target = bao.addr.replace("http://", "vault+http://");
    assert!(
        evidence.contains(&format!("live: vault {target} unsealed (v")),
        "{evidence}"
    );
    assert!(
        evidence.contains(
            "), approle login HTTP 200, token login HTTP 200, 1 KV secret read (0 older than 90 days)"
        ),
        "{evidence}"
    );
    let p04 = policy(&report, "P04");
    assert_eq!(p04["status"], "PASS", "{p04:#}");
    assert!(
        p04["evidence"]
            .to_string()
            .contains("audit devices file/ (file)"),
        "{p04:#}"
    );
    // The AppRole login's token was taken back.
    assert!(
        bao.audit_log().contains("auth/token/revoke-self"),
        "no revoke-self in the audit device's log"
    );
    // No token, secret id or KV value in any format, message or log line.
    let secrets = [
        auditor.as_str(),
        role_id.as_str(),
        secret_id.as_str(),
        KV_VALUE,
    ];
    for secret in secrets {
        assert!(!said.contains(secret), "{secret} was printed");
    }
    assert_no_secret_in(outputs.path(), &secrets);
    // The facts a user's Rego sees, valid against the schema, without a secret.
    let mut command = gatehouse();
    command.args(["facts", "--live"]).arg(tree.path());
    for name in LIVE_ENV {
        command.env_remove(name);
    }
    let output = command.envs(env).output().unwrap();
    assert!(output.status.success());
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/facts.schema.json")),
        &facts,
        "facts --live",
    );
    let vault = &facts["live"]["vault"];
    assert_eq!(vault["health"]["sealed"], false);
    assert_eq!(vault["kv"][0]["path"], "secret/app/db");
    assert_eq!(vault["kv"][0]["current_version"], 1);
    assert_eq!(vault["logins"][0]["method"], "approle");
    assert_eq!(
        vault["logins"][0]["policies"],
        serde_json::json!(["app", "default"])
    );
    let text = String::from_utf8_lossy(&output.stdout);
    for secret in secrets {
        assert!(!text.contains(secret));
    }
}

#[test]
fn stale_secrets_refused_logins_root_tokens_and_a_sealed_vault_fail() {
    let (bao, role_id, _, auditor) = vault(true);
    // Rotation: a limit of zero days makes the secret written a moment ago too old; a path
    // that does not exist is named.
    let stale = tree(
        "[live.vault]\nkv_paths = [\"secret/app/db\", \"secret/app/gone\"]\nrotation_max_age_days = 0\n",
    );
    std::thread::sleep(Duration::from_millis(1100));
    let (report, said) = audit(
        stale.path(),
        &[("VAULT_ADDR", &bao.addr), ("VAULT_TOKEN", &auditor)],
    );
    assert_eq!(policy(&report, "P02")["status"], "FAIL", "{said}");
    let found = open_findings(&report, "P02");
    assert!(
        found
            .iter()
            .any(|(rule, message)| rule == "P02.live-stale-secret"
                && message.contains("secret secret/app/db was last written")
                && message.contains("rotate it at least every 0 days")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, message)| rule == "P02.live-secret-missing"
                && message.contains("secret/app/gone")),
        "{found:?}"
    );

    // A refused AppRole login (a secret id that was never issued), and a root token.
    let fresh = tree("[live.vault]\nkv_paths = [\"secret/app/db\"]\n");
    let wrong = concat!("0f3c1a2b-", "dead-beef-9a8b-7c6d5e4f3a2b");
    let (report, said) = audit(
        fresh.path(),
        &[
            ("VAULT_ADDR", &bao.addr),
            ("VAULT_TOKEN", &bao.root_token),
            ("VAULT_ROLE_ID", &role_id),
            ("VAULT_SECRET_ID", wrong),
        ],
    );
    assert_eq!(policy(&report, "P02")["status"], "FAIL");
    let found = open_findings(&report, "P02");
    assert!(
        found
            .iter()
            .any(|(rule, message)| rule == "P02.live-login-failed"
                && message.contains("AppRole login")
                && message.contains("HTTP 400")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(rule, message)| rule == "P02.live-root-token"
                && message.contains("the token login holds the `root` policy")),
        "{found:?}"
    );
    for secret in [wrong, bao.root_token.as_str(), role_id.as_str()] {
        assert!(!said.contains(secret), "{secret} was printed");
    }

    // Sealed: P02 fails; P04's Vault half cannot read the audit devices: BLOCKED.
    bao.cli(&["operator", "seal"]);
    let (report, said) = audit(
        fresh.path(),
        &[("VAULT_ADDR", &bao.addr), ("VAULT_TOKEN", &auditor)],
    );
    assert_eq!(rules(&report, "P02"), ["P02.live-vault-sealed"], "{said}");
    assert_eq!(policy(&report, "P04")["status"], "BLOCKED");
    assert!(
        policy(&report, "P04")["reason"]
            .as_str()
            .unwrap()
            .contains("sealed"),
        "{said}"
    );
}

#[test]
fn a_vault_without_an_audit_device_fails_p04() {
    let (bao, _, _, auditor) = vault(false);
    let tree = tree("[live.vault]\n");
    let (report, said) = audit(
        tree.path(),
        &[("VAULT_ADDR", &bao.addr), ("VAULT_TOKEN", &auditor)],
    );
    assert_eq!(policy(&report, "P04")["status"], "FAIL", "{said}");
    assert_eq!(
        rules(&report, "P04"),
        ["P04.live-vault-no-audit-device"],
        "{said}"
    );
    assert_eq!(policy(&report, "P02")["status"], "PASS", "{said}");
}

#[test]
fn a_missing_or_unreachable_vault_is_blocked_and_says_what_is_missing() {
    let tree = tree("[live]\ntimeout_secs = 2\n");
    // Nothing given: each live part names its variables and keys.
    let (report, _) = audit(tree.path(), &[]);
    let reason = |report: &Value, id: &str| {
        let p = policy(report, id);
        assert_eq!(p["status"], "BLOCKED", "{p:#}");
        p["reason"].as_str().unwrap().to_string()
    };
    let p02 = reason(&report, "P02");
    for name in [
        "VAULT_ADDR",
        "live.vault.addr",
        "VAULT_TOKEN",
        "VAULT_ROLE_ID",
        "VAULT_SECRET_ID",
    ] {
        assert!(p02.contains(name), "{name}: {p02}");
    }
    let p04 = reason(&report, "P04");
    for name in ["POSTGRES_DSN", "VAULT_ADDR", "live.audit_logs"] {
        assert!(p04.contains(name), "{name}: {p04}");
    }
    let p06 = reason(&report, "P06");
    assert!(p06.contains("live.backups.path"), "{p06}");
    let p07 = reason(&report, "P07");
    assert!(
        p07.contains("PROM_URL") && p07.contains("live.prometheus.url"),
        "{p07}"
    );

    // An address but no credentials.
    let bao = Bao::start(false);
    let (report, _) = audit(tree.path(), &[("VAULT_ADDR", &bao.addr)]);
    let p02 = reason(&report, "P02");
    assert!(
        p02.contains("no Vault credentials: set VAULT_TOKEN"),
        "{p02}"
    );

    // A port nothing listens on, and a server that accepts and never answers: BLOCKED within
    // the timeout.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_addr = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let token = concat!("s.", "Closed4Token9x");
    let (report, said) = audit(
        tree.path(),
        &[("VAULT_ADDR", &closed_addr), ("VAULT_TOKEN", token)],
    );
    let p02 = reason(&report, "P02");
    assert!(p02.contains("cannot connect"), "{p02}");
    assert!(!said.contains(token));
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = format!("http://{}", silent.local_addr().unwrap());
    let clock = Instant::now();
    let (report, _) = audit(
        tree.path(),
        &[("VAULT_ADDR", &silent_addr), ("VAULT_TOKEN", token)],
    );
    assert!(
        clock.elapsed() < Duration::from_secs(10),
        "{:?}",
        clock.elapsed()
    );
    let p02 = reason(&report, "P02");
    assert!(
        p02.contains("no answer within 2 s") || p02.contains("timed out"),
        "{p02}"
    );
    drop(silent);
}

#[test]
fn a_vault_over_tls_is_trusted_through_its_ca_file_and_refused_without_it() {
    let bao = Bao::start_with(false, true);
    let ca = bao.ca_file.clone().unwrap();
    let token = bao.cli(&["token", "create", "-policy=default", "-field=token"]);
    let trusted = tree(&format!("[live.vault]\nca_file = \"{}\"\n", ca.display()));
    let (report, said) = audit(
        trusted.path(),
        &[("VAULT_ADDR", &bao.addr), ("VAULT_TOKEN", &token)],
    );
    assert!(bao.addr.starts_with("https://"));
    let p02 = policy(&report, "P02");
    assert_eq!(p02["status"], "PASS", "{p02:#}\n{said}");
    assert!(
        p02["evidence"]
            .to_string()
            .contains("vault+https://127.0.0.1:"),
        "{p02:#}"
    );

    // Without the certificate authority, the server's certificate is not trusted: BLOCKED,
    // saying so.
    let untrusted = tree("[live.vault]\n");
    let (report, _) = audit(
        untrusted.path(),
        &[("VAULT_ADDR", &bao.addr), ("VAULT_TOKEN", &token)],
    );
    let p02 = policy(&report, "P02");
    assert_eq!(p02["status"], "BLOCKED", "{p02:#}");
    let reason = p02["reason"].as_str().unwrap();
    assert!(reason.to_lowercase().contains("certificate"), "{reason}");
    assert!(!reason.contains(&token));
}
