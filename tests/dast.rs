//! End to end: `gatehouse audit --target URL` probes real nginx sites (Debian's nginx on free
//! loopback ports, certificates from `openssl`): a hardened site passes P11; a misconfigured
//! one gives each finding it should, and none its soft 404 would fake; and what reached the
//! servers shows the probes' bounds: only GET, HEAD and OPTIONS, the request budget, the rate,
//! and never another origin, even where the target redirects there.

mod common;

use common::nginx::{Nginx, certificates};
use common::*;
use serde_json::Value;

/// `gatehouse audit --only dast,policies --target URL` with `config` as gatehouse.toml: the
/// report and what it said.
fn audit(target: &str, config: &str) -> (Value, String) {
    let (report, said, _) = audit_with(target, config, &[]);
    (report, said)
}

/// [`audit`] with `env` set: the report, what it said (stderr) and its whole stdout.
fn audit_with(target: &str, config: &str, env: &[(&str, &str)]) -> (Value, String, String) {
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("gatehouse.toml"), config).unwrap();
    let mut command = gatehouse();
    command
        .arg("audit")
        .arg(tree.path())
        .args([
            "--only",
            "dast,policies",
            "--format",
            "json",
            "--target",
            target,
        ])
        .env_remove("DAST_TARGET");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("no report: {e}\n{said}"));
    (report, said, stdout)
}

/// (rule, URL path) of each P11 finding.
fn found(report: &Value) -> Vec<(String, String)> {
    findings(report)
        .iter()
        .filter(|f| f["policies"][0] == "P11")
        .map(|f| {
            let url = f["location"]["path"].as_str().unwrap();
            let path = url.splitn(4, '/').nth(3).unwrap_or_default();
            (
                f["rule_id"].as_str().unwrap().to_string(),
                format!("/{path}"),
            )
        })
        .collect()
}

struct Sites {
    nginx: Nginx,
    www: tempfile::TempDir,
    hardened: u16,
    misconfigured: u16,
    redirecting: u16,
    elsewhere: u16,
    /// Plain HTTP that redirects to the hardened HTTPS site.
    upgrading: u16,
}

fn sites() -> Sites {
    let www = tempfile::tempdir().unwrap();
    let w = www.path();
    certificates(w);
    let page = "<!doctype html><html><head><title>app</title></head><body>app</body></html>\n";
    for site in ["hardened", "misconfigured"] {
        std::fs::create_dir_all(w.join(site).join("static")).unwrap();
        std::fs::write(w.join(site).join("index.html"), page).unwrap();
        std::fs::write(w.join(site).join("static/app.js"), "console.log(1);\n").unwrap();
    }
    let mis = w.join("misconfigured");
    std::fs::create_dir_all(mis.join(".git")).unwrap();
    std::fs::write(mis.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(
        mis.join(".env"),
        "APP_ENV=staging\nLOG_LEVEL=debug\nFEATURE_X=on\n",
    )
    .unwrap();
    std::fs::write(
        mis.join("backup.sql"),
        "-- PostgreSQL database dump\nCREATE TABLE accounts (id int);\n",
    )
    .unwrap();
    // The hardened site also holds what must not be served: denied there.
    std::fs::create_dir_all(w.join("hardened/.git")).unwrap();
    std::fs::write(w.join("hardened/.git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let ports: Vec<u16> = (0..5).map(|_| free_port()).collect();
    let upgrading = ports[4];
    let (hardened, misconfigured, redirecting, elsewhere) =
        (ports[0], ports[1], ports[2], ports[3]);
    // The misconfigured site's page links to another origin: no probe goes there.
    std::fs::write(
        mis.join("index.html"),
        format!(
            "<!doctype html><html><head><title>app</title></head><body>\
             <a href=\"http://127.0.0.1:{elsewhere}/admin\">admin</a></body></html>\n"
        ),
    )
    .unwrap();
    let d = w.display();
    let servers = vec![
        format!(
            "server {{ listen 127.0.0.1:{hardened} ssl; server_tokens off; root {d}/hardened;\n\
             ssl_certificate {d}/server.pem; ssl_certificate_key {d}/server.key;\n\
             add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;\n\
             add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" always;\n\
             add_header X-Content-Type-Options nosniff always;\n\
             add_header Referrer-Policy strict-origin-when-cross-origin always;\n\
             add_header Set-Cookie \"sessionid=opaque; Path=/; Secure; HttpOnly; SameSite=Lax\";\n\
             location ~ /\\. {{ return 404; }} }}"
        ),
        // Headers missing, the version shown, dotfiles, a dump and an index served, a status
        // page, a session cookie without attributes, CORS that reflects any origin with
        // credentials, and a soft 404 (every unknown path answers 200 with the home page).
        format!(
            "server {{ listen 127.0.0.1:{misconfigured}; server_tokens on; root {d}/misconfigured;\n\
             add_header Set-Cookie \"sessionid=opaque; Path=/\";\n\
             add_header Access-Control-Allow-Origin $http_origin;\n\
             add_header Access-Control-Allow-Credentials true;\n\
             location /static/ {{ autoindex on; }}\n\
             location = /nginx_status {{ stub_status; }}\n\
             error_page 404 =200 /index.html; }}"
        ),
        format!(
            "server {{ listen 127.0.0.1:{redirecting}; return 302 http://127.0.0.1:{elsewhere}/; }}"
        ),
        format!("server {{ listen 127.0.0.1:{elsewhere}; root {d}/misconfigured; }}"),
        format!(
            "server {{ listen 127.0.0.1:{upgrading}; return 301 https://127.0.0.1:{hardened}$request_uri; }}"
        ),
    ];
    let nginx = Nginx::start(
        &servers,
        &[misconfigured, redirecting, elsewhere, upgrading],
    );
    Sites {
        nginx,
        www,
        hardened,
        misconfigured,
        redirecting,
        elsewhere,
        upgrading,
    }
}

#[test]
fn a_hardened_site_passes_and_a_misconfigured_one_fails_on_each_problem() {
    let s = sites();
    let ca = s.www.path().join("ca.pem");
    let ca_config = format!("[dast]\nca_file = \"{}\"\n", ca.display());

    // Hardened, over HTTPS with a certificate of the configured CA: nothing found, PASS.
    let target = format!("https://127.0.0.1:{}/", s.hardened);
    let (report, said) = audit(&target, &ca_config);
    // (The verdict itself says why when it is not PASS: a probe that did not finish, say.)
    assert_eq!(
        policy(&report, "P11")["status"],
        "PASS",
        "{said}\n{:#}\n{:#?}",
        policy(&report, "P11"),
        found(&report)
    );
    assert!(found(&report).is_empty(), "{:#?}", found(&report));
    let reached = s.nginx.requests_to(s.hardened);
    assert!(
        reached
            .iter()
            .any(|r| r.uri == "/.git/HEAD" && r.status == 404),
        "the exposed-file probes reached it: {reached:?}"
    );

    // Without the CA, its certificate is not trusted: that is the finding (the HTTP probes,
    // which trust only what TLS verification trusts, did not run: the evidence says so).
    let (report, said) = audit(&target, "");
    let p11 = policy(&report, "P11");
    assert_eq!(p11["status"], "FAIL", "{said}");
    assert_eq!(
        found(&report),
        [("dast.tls-untrusted".to_string(), "/".to_string())]
    );
    assert!(
        p11["evidence"]
            .to_string()
            .contains("not run to the end: landing: the target does not answer"),
        "{p11:#}"
    );

    // Misconfigured: each problem, where it is; nothing the soft 404 would fake.
    let before = s.nginx.requests_to(s.misconfigured).len();
    let target = format!("http://127.0.0.1:{}/", s.misconfigured);
    // A proxy in the environment is not used: the requests go straight to the target (a
    // proxy on a closed port would leave nothing to find).
    let closed = format!("http://127.0.0.1:{}", free_port());
    let (report, said, _) = audit_with(
        &target,
        "",
        &[
            ("HTTP_PROXY", &closed),
            ("http_proxy", &closed),
            ("ALL_PROXY", &closed),
        ],
    );
    let got = found(&report);
    assert_eq!(policy(&report, "P11")["status"], "FAIL", "{said}\n{got:#?}");
    let mut expected: Vec<(String, String)> = [
        ("dast.plain-http", "/"),
        ("dast.csp-missing", "/"),
        ("dast.nosniff-missing", "/"),
        ("dast.clickjacking", "/"),
        ("dast.referrer-policy-missing", "/"),
        ("dast.server-version", "/"),
        ("dast.cookie-not-httponly", "/"),
        ("dast.cookie-no-samesite", "/"),
        ("dast.cors-reflected-credentials", "/"),
        ("dast.cors-null-origin", "/"),
        ("dast.exposed-git", "/.git/HEAD"),
        ("dast.exposed-env", "/.env"),
        ("dast.exposed-backup", "/backup.sql"),
        ("dast.server-status", "/nginx_status"),
        ("dast.directory-listing", "/static/"),
    ]
    .iter()
    .map(|(r, p)| (r.to_string(), p.to_string()))
    .collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    expected.sort();
    assert_eq!(got_sorted, expected);
    // Evidence: the headers that matter, never a cookie's value.
    let cookie = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "dast.cookie-not-httponly")
        .unwrap();
    let snippet = cookie["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("set-cookie: sessionid=[value not shown]") && !snippet.contains("opaque"),
        "{snippet}"
    );
    assert!(
        cookie["help"].as_str().unwrap().contains("ZAP: 10010"),
        "{cookie:#}"
    );
    // SARIF: the URL is the artifact's location.
    let tree = tempfile::tempdir().unwrap();
    let sarif = tree.path().join("r.sarif");
    let output = gatehouse()
        .arg("audit")
        .arg(tree.path())
        .args(["--only", "dast", "--format", "none", "--target", &target])
        .arg("-o")
        .arg(format!("sarif={}", sarif.display()))
        .env_remove("DAST_TARGET")
        .output()
        .unwrap();
    assert!(output.status.code().is_some());
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&format!("{target}.git/HEAD").as_str()),
        "{uris:?}"
    );

    // Nothing reached the origin its page links to.
    assert!(s.nginx.requests_to(s.elsewhere).is_empty());
    // What reached it: only safe methods.
    let reached: Vec<_> = s.nginx.requests_to(s.misconfigured)[before..].to_vec();
    assert!(
        reached
            .iter()
            .all(|r| ["GET", "HEAD", "OPTIONS"].contains(&r.method.as_str())),
        "{reached:?}"
    );
}

#[test]
fn the_budget_the_rate_and_the_origin_hold() {
    let s = sites();
    // A budget too small for every probe: exactly that many requests arrive, at the rate,
    // and P11 says which probes did not run.
    let target = format!("http://127.0.0.1:{}/", s.misconfigured);
    let (report, said) = audit(&target, "[dast]\nmax_requests = 8\nrate = 20\n");
    // (P11 fails on what was found before the budget ran out; the evidence says what did not
    // run.)
    let p11 = policy(&report, "P11");
    assert!(
        p11["evidence"].to_string().contains(
            "not run to the end: exposed-files: the request budget (dast.max_requests) is spent"
        ),
        "{p11:#}\n{said}"
    );
    assert_ne!(p11["status"], "PASS");
    let reached = s.nginx.requests_to(s.misconfigured);
    assert_eq!(reached.len(), 8, "{reached:?}");
    // The statistics count what was probed, and the HTML report draws it.
    assert_eq!(report["stats"]["dast"]["files"], 8, "{:#}", report["stats"]);
    let saved = tempfile::tempdir().unwrap();
    let json = saved.path().join("audit.json");
    std::fs::write(&json, report.to_string()).unwrap();
    let html = gatehouse()
        .arg("render")
        .arg(&json)
        .args(["--format", "html"])
        .output()
        .unwrap();
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(
        page.contains("What the audit probed") && page.contains("requests 8"),
        "{page}"
    );
    // 20 a second is 50 ms apart. nginx logs each request when it has answered it (to the
    // millisecond), so one answer a few ms slower than the next shortens that gap in the log:
    // each gap holds to within 10 ms, and the whole run to the rate.
    for pair in reached.windows(2) {
        assert!(
            pair[1].time - pair[0].time >= 0.040,
            "faster than the rate: {pair:?}"
        );
    }
    let span = reached[7].time - reached[0].time;
    assert!(span >= 7.0 * 0.050 - 0.010, "8 requests in {span} s");

    // The target redirects to another origin: recorded, not followed; nothing reaches it.
    let target = format!("http://127.0.0.1:{}/", s.redirecting);
    let output = gatehouse()
        .args(["facts", "--live"])
        .arg(tempfile::tempdir().unwrap().path())
        .env("DAST_TARGET", &target)
        .output()
        .unwrap();
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    let dast = &facts["live"]["dast"];
    assert_eq!(
        dast["redirects_elsewhere"][0],
        format!("{target} -> http://127.0.0.1:{}/", s.elsewhere),
        "{dast:#}"
    );
    assert!(
        s.nginx.requests_to(s.elsewhere).is_empty(),
        "{:?}",
        s.nginx.requests_to(s.elsewhere)
    );
    assert!(s.nginx.requests_to(s.redirecting).len() as u64 == dast["requests"].as_u64().unwrap());

    // Plain HTTP that redirects to HTTPS on the same host: no plain-HTTP finding, and P11 says
    // to give the HTTPS URL (the service is there, on another origin).
    let target = format!("http://127.0.0.1:{}/", s.upgrading);
    let (report, said) = audit(&target, "");
    assert!(
        found(&report)
            .iter()
            .all(|(rule, _)| rule != "dast.plain-http"),
        "{said}"
    );
    let p11 = policy(&report, "P11");
    assert_eq!(p11["status"], "BLOCKED", "{p11:#}");
    assert!(
        p11["reason"]
            .as_str()
            .unwrap()
            .contains("give the HTTPS URL as the target"),
        "{p11:#}"
    );
}

/// Hostile answers (10 MB bodies, endless chunked streams, a trickling body, slowloris
/// headers, a redirect loop, invalid headers, non-UTF-8 bytes) end each audit with a verdict,
/// never a hang or a panic: a watchdog kills any audit still running after a minute.
#[test]
fn hostile_answers_end_in_a_verdict_never_a_hang_or_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = std::process::Command::new("python3")
        .arg(workspace().join("tests/common/hostile-server"))
        .arg(dir.path())
        .arg(port.to_string())
        .spawn()
        .unwrap();
    assert!(
        common::http::wait_for(30, || std::net::TcpStream::connect(("127.0.0.1", port))
            .is_ok()),
        "the hostile server did not come up"
    );
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(
        tree.path().join("gatehouse.toml"),
        "[dast]\ntimeout_secs = 2\nrate = 50\n",
    )
    .unwrap();
    let mut verdicts = Vec::new();
    for mode in [
        "big",
        "endless",
        "trickle",
        "slowloris",
        "loop",
        "invalid",
        "binary",
    ] {
        let target = format!("http://127.0.0.1:{port}/{mode}/");
        let mut child = gatehouse()
            .arg("audit")
            .arg(tree.path())
            .args([
                "--only",
                "dast,policies",
                "--format",
                "json",
                "--target",
                &target,
            ])
            .env_remove("DAST_TARGET")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(60) {
                let _ = child.kill();
                panic!("{mode}: the audit hangs");
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        let output = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!said.contains("panicked"), "{mode}: {said}");
        assert!(
            matches!(status.code(), Some(0..=1)),
            "{mode}: {status:?} {said}"
        );
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        let p11 = policy(&report, "P11");
        verdicts.push((
            mode,
            p11["status"].as_str().unwrap().to_string(),
            p11.to_string(),
        ));
    }
    let _ = server.kill();
    let _ = server.wait();
    // No answer to the landing page is no verdict on the service: BLOCKED, saying why.
    for (mode, status, p11) in &verdicts {
        match *mode {
            "trickle" | "slowloris" | "invalid" => {
                assert_eq!(status, "BLOCKED", "{mode}: {p11}");
                assert!(p11.contains("does not answer"), "{mode}: {p11}");
            }
            // A body cut at 256 KiB, a loop left after 6 redirects, odd bytes: judged.
            _ => assert_ne!(status, "PASS", "{mode}: {p11}"),
        }
    }
}

/// `date -u -d OFFSET` as `openssl ca` takes dates (YYMMDDHHMMSSZ).
fn openssl_date(offset: &str) -> String {
    let output = std::process::Command::new("date")
        .args(["-u", "-d", offset, "+%y%m%d%H%M%SZ"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// TLS sites: each with one problem (old protocol versions accepted, an expired certificate,
/// one expiring in 10 days, a self-signed one, one for another host, a 1024-bit RSA key), and
/// the hardened one with none. gatehouse finds exactly each site's problem.
#[test]
fn each_tls_problem_is_found_on_its_site_and_none_on_the_hardened_one() {
    use common::nginx::{issue, self_signed};
    let s = sites();
    let w = s.www.path();
    let (yesterday, in_ten_days, in_a_year) = (
        openssl_date("-1 day"),
        openssl_date("+10 days"),
        openssl_date("+365 days"),
    );
    issue(
        w,
        "expired",
        "ec",
        "IP:127.0.0.1",
        ("200101000000Z", "200201000000Z"),
    );
    issue(
        w,
        "expiring",
        "ec",
        "IP:127.0.0.1",
        (&yesterday, &in_ten_days),
    );
    issue(
        w,
        "elsewhere",
        "ec",
        "DNS:other.example",
        (&yesterday, &in_a_year),
    );
    issue(
        w,
        "weak",
        "rsa:1024",
        "IP:127.0.0.1",
        (&yesterday, &in_a_year),
    );
    self_signed(w, "self");
    let d = w.display();
    let sites: Vec<(&str, &str, &str, Option<&str>)> = vec![
        // (name, certificate, extra directives, the one finding expected)
        (
            "old-protocols",
            "server",
            "ssl_protocols TLSv1 TLSv1.1 TLSv1.2; ssl_ciphers DEFAULT:@SECLEVEL=0;",
            Some("dast.tls-old-protocol"),
        ),
        ("expired", "expired", "", Some("dast.tls-cert-expired")),
        ("expiring", "expiring", "", Some("dast.tls-cert-expiring")),
        ("self-signed", "self", "", Some("dast.tls-untrusted")),
        (
            "other-host",
            "elsewhere",
            "",
            Some("dast.tls-hostname-mismatch"),
        ),
        (
            "weak-key",
            "weak",
            "ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers DEFAULT:@SECLEVEL=0;",
            Some("dast.tls-weak-key"),
        ),
        ("modern", "server", "ssl_protocols TLSv1.2 TLSv1.3;", None),
    ];
    let ports: Vec<u16> = sites.iter().map(|_| free_port()).collect();
    let servers: Vec<String> = sites
        .iter()
        .zip(&ports)
        .map(|((_, cert, extra, _), port)| {
            format!(
                "server {{ listen 127.0.0.1:{port} ssl; server_tokens off; root {d}/hardened;\n\
                 ssl_certificate {d}/{cert}.pem; ssl_certificate_key {d}/{cert}.key; {extra}\n\
                 add_header Strict-Transport-Security \"max-age=31536000\" always;\n\
                 add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" always;\n\
                 add_header X-Content-Type-Options nosniff always;\n\
                 add_header Referrer-Policy no-referrer always;\n\
                 location ~ /\\. {{ return 404; }} }}"
            )
        })
        .collect();
    let nginx = Nginx::start(&servers, &ports);
    let config = format!("[dast]\nca_file = \"{}\"\n", w.join("ca.pem").display());
    for ((name, _, _, expected), port) in sites.iter().zip(&ports) {
        let target = format!("https://127.0.0.1:{port}/");
        let (report, said) = audit(&target, &config);
        let tls: Vec<String> = found(&report)
            .into_iter()
            .map(|(rule, _)| rule)
            .filter(|r| r.starts_with("dast.tls-"))
            .collect();
        let expected: Vec<String> = expected.iter().map(|r| r.to_string()).collect();
        assert_eq!(tls, expected, "{name}: {said}");
        // sslyze, on the same site, with the same CA: the same verdicts.
        let theirs = sslyze(*port, &w.join("ca.pem"));
        let mut ours = tls.clone();
        ours.sort();
        assert_eq!(ours, theirs, "{name}: gatehouse and sslyze disagree");
    }
    drop(nginx);
}

/// sslyze's verdicts on 127.0.0.1:PORT, as the rules of gatehouse they correspond to: TLS 1.0
/// or 1.1 supported; the leaf's notAfter past or within 30 days; an RSA key under 2048 bits;
/// path validation against `ca` failing for the host name, or otherwise (not for its dates).
fn sslyze(port: u16, ca: &std::path::Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("sslyze.json");
    let status = std::process::Command::new(tools_dir().join("sslyze-venv/bin/sslyze"))
        .args(["--tlsv1", "--tlsv1_1", "--certinfo"])
        .arg(format!("--certinfo_ca_file={}", ca.display()))
        .arg(format!("--json_out={}", json.display()))
        .arg(format!("127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("sslyze runs (scripts/test installs it)");
    assert!(status.success());
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let scan = &report["server_scan_results"][0]["scan_result"];
    let mut rules = Vec::new();
    if ["tls_1_0_cipher_suites", "tls_1_1_cipher_suites"]
        .iter()
        .any(|k| scan[k]["result"]["is_tls_version_supported"] == true)
    {
        rules.push("dast.tls-old-protocol".to_string());
    }
    let deployment = &scan["certificate_info"]["result"]["certificate_deployments"][0];
    let leaf = &deployment["received_certificate_chain"][0];
    let not_after = leaf["not_valid_after"].as_str().unwrap();
    let (past, soon) = (openssl_date("now"), openssl_date("+30 days"));
    // Both as YYMMDDHHMMSSZ: comparable as text within a century.
    let not_after = format!(
        "{}{}",
        &not_after[2..4],
        not_after[5..19].replace(['-', 'T', ':'], "")
    ) + "Z";
    if not_after < past {
        rules.push("dast.tls-cert-expired".to_string());
    } else if not_after < soon {
        rules.push("dast.tls-cert-expiring".to_string());
    }
    if leaf["public_key"]["algorithm"] == "RSAPublicKey"
        && leaf["public_key"]["key_size"].as_u64().unwrap() < 2048
    {
        rules.push("dast.tls-weak-key".to_string());
    }
    let supplied = deployment["path_validation_results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["trust_store"]["name"] == "Supplied CA file")
        .unwrap();
    if supplied["was_validation_successful"] != true {
        let error = supplied["validation_error"]
            .as_str()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // The reason, without the "(encountered processing <Certificate(subject=<Name(…" tail.
        let error = error.split(" (encountered").next().unwrap_or_default();
        eprintln!("sslyze on {port}: {error}");
        if error.contains("name") {
            rules.push("dast.tls-hostname-mismatch".to_string());
        } else if !error.contains("expired") && !error.contains("not valid") {
            rules.push("dast.tls-untrusted".to_string());
        }
    }
    rules.sort();
    rules
}

/// The test API's OpenAPI document (3.0, YAML): what `tests/common/api-server` declares.
const API: &str = r##"openapi: 3.0.3
info: {title: gatehouse test API, version: "1"}
servers: [{url: /}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: the items
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Item"}}
    post:
      operationId: createItem
      responses: {"201": {description: created}}
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{name: id, in: path, required: true, schema: {type: integer, example: 1}}]
      responses:
        "200":
          description: one item
          content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
  /status:
    get:
      operationId: getStatus
      responses: {"200": {description: up}}
  /profile:
    get:
      operationId: getProfile
      responses:
        "200":
          description: the profile
          content:
            application/json:
              schema:
                type: object
                required: [name, nickname]
                properties:
                  name: {type: string}
                  nickname: {type: string, nullable: true}
  /me:
    get:
      operationId: getMe
      security: [{bearer: []}]
      responses:
        "200":
          description: who
          content:
            application/json:
              schema: {type: object, required: [user], properties: {user: {type: string}}}
        "401": {description: no credentials}
  /admin:
    get:
      operationId: getAdmin
      security: [{bearer: []}]
      responses:
        "200": {description: the users}
        "401": {description: no credentials}
  /reports/{year}:
    get:
      operationId: getReport
      parameters: [{name: year, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: a report}}
"##;

struct ApiServer {
    server: std::process::Child,
    redis: std::process::Child,
    dir: tempfile::TempDir,
    url: String,
}

impl ApiServer {
    fn start() -> ApiServer {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("openapi.yaml"), API).unwrap();
        let redis_port = free_port();
        let redis = std::process::Command::new("redis-server")
            .args(["--port", &redis_port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server starts (scripts/test installs it)");
        let port = free_port();
        let server = std::process::Command::new("python3")
            .arg(workspace().join("tests/common/api-server"))
            .arg(dir.path())
            .arg(port.to_string())
            .arg(redis_port.to_string())
            .spawn()
            .unwrap();
        for p in [redis_port, port] {
            assert!(
                common::http::wait_for(30, || std::net::TcpStream::connect(("127.0.0.1", p))
                    .is_ok()),
                "port {p} did not open"
            );
        }
        ApiServer {
            server,
            redis,
            dir,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }

    fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("requests.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        for child in [&mut self.server, &mut self.redis] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The OpenAPI probes against a real API (Python) with a Redis-backed rate limiter: the
/// nonconformant operations, the one that does not enforce its authentication, and the
/// endpoints without a rate limit (or without Retry-After) are found; the share of conforming
/// operations is in the evidence; only GETs arrive.
#[test]
fn the_openapi_probes_find_what_the_api_does_not_declare_enforce_or_limit() {
    let api = ApiServer::start();
    let spec = api.dir.path().join("openapi.yaml");
    let config = format!(
        "[dast]\nopenapi = \"{}\"\nrate = 50\nauth = {{ header = \"Authorization\", env = \"GATEHOUSE_TEST_DAST_TOKEN\" }}\n\
         [dast.rate_limit]\nburst = 8\nendpoints = [\"/login\", \"/login-no-retry\", \"/search\"]\n",
        spec.display()
    );
    let (report, said, stdout) = audit_with(
        &api.url,
        &config,
        &[("GATEHOUSE_TEST_DAST_TOKEN", "Bearer test-token")],
    );
    // The credentials appear nowhere: not in what it says, not in the report.
    assert!(!said.contains("test-token"), "{said}");
    assert!(!stdout.contains("test-token"));
    let mut got: Vec<(String, String)> = found(&report)
        .into_iter()
        .filter(|(rule, _)| {
            rule.contains("schema") || rule.contains("auth") || rule.contains("rate")
        })
        .collect();
    got.sort();
    let mut expected: Vec<(String, String)> = [
        ("dast.auth-not-enforced", "/admin"),
        ("dast.no-rate-limit", "/search"),
        ("dast.rate-limit-no-retry-after", "/login-no-retry"),
        ("dast.schema-nonconformant", "/items/1"),
        ("dast.schema-nonconformant", "/status"),
    ]
    .iter()
    .map(|(r, p)| (r.to_string(), p.to_string()))
    .collect();
    expected.sort();
    assert_eq!(got, expected, "{said}");
    let p11 = policy(&report, "P11");
    assert!(
        p11["evidence"].to_string().contains(
            "API schema validation: 4/6 operations conform (8 in the document; 2 secured, 1 refused without credentials)"
        ),
        "{p11:#}"
    );
    let messages: Vec<String> = findings(&report)
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("getStatus answered HTTP 204, which it does not declare")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("getItem answered HTTP 200 with a body its schema refuses: /id")),
        "{messages:#?}"
    );
    // Only GETs (and the probes' HEAD/OPTIONS) arrived: POST /items was not sent.
    assert!(
        api.requests().iter().all(|r| r.starts_with("GET ")),
        "{:?}",
        api.requests()
    );
    // schemathesis, on the same API and document: every operation gatehouse calls
    // nonconformant, it flags too. It also flags getReport, which gatehouse does not probe (its
    // path parameter has no example; schemathesis makes one up, and the API answers 404, which
    // the document does not declare).
    let flagged = schemathesis(&spec, &api.url);
    assert_eq!(
        flagged,
        ["GET /items/{id}", "GET /reports/{year}", "GET /status"],
        "schemathesis's nonconformant operations"
    );

    // Without credentials, the secured operations are not probed for conformance.
    let (report, _) = audit(&api.url, &config.replace("auth = {", "# auth = {"));
    assert!(
        policy(&report, "P11")["evidence"]
            .to_string()
            .contains("API schema validation: 2/4 operations conform"),
        "{:#}",
        policy(&report, "P11")
    );
}

/// The operations schemathesis finds nonconformant (undeclared status, body against the
/// schema), GETs only, from its JUnit report: `METHOD /path` each, sorted.
fn schemathesis(spec: &std::path::Path, url: &str) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let junit = out.path().join("junit.xml");
    // In a directory of its own: schemathesis keeps a cache (.schemathesis/) where it runs.
    let status = std::process::Command::new(tools_dir().join("schemathesis-venv/bin/st"))
        .current_dir(out.path())
        .arg("run")
        .arg(spec)
        .args(["--url", url.trim_end_matches('/')])
        .args([
            "--checks",
            "status_code_conformance,response_schema_conformance",
            "--include-method",
            "GET",
            "--phases",
            "examples,fuzzing",
            "-n",
            "5",
            "--seed",
            "1",
            "--report",
            "junit",
            "--no-color",
        ])
        .arg("--report-junit-path")
        .arg(&junit)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("schemathesis runs (scripts/test installs it)");
    assert!(status.code().is_some());
    let xml = std::fs::read_to_string(&junit).unwrap();
    let mut flagged: Vec<String> = xml
        .split("<testcase")
        .skip(1)
        .filter(|case| {
            let body = case.split("</testcase>").next().unwrap_or_default();
            body.contains("<failure") || body.contains("<error")
        })
        .filter_map(|case| {
            let name = case.split("name=\"").nth(1)?.split('"').next()?;
            Some(name.replace("&#123;", "{").replace("&#125;", "}"))
        })
        .collect();
    flagged.sort();
    flagged
}

/// A target URL holding credentials is refused (they would go out as basic auth and into every
/// finding's location), without repeating them.
#[test]
fn a_target_with_credentials_in_its_url_is_refused_without_repeating_them() {
    let (report, said, stdout) = audit_with(
        concat!("http://probe-user:", "probe-secret@127.0.0.1:9/"),
        "",
        &[],
    );
    let p11 = policy(&report, "P11");
    assert_eq!(p11["status"], "BLOCKED");
    assert!(
        p11["reason"]
            .as_str()
            .unwrap()
            .contains("holds credentials"),
        "{p11:#}"
    );
    assert!(!said.contains("probe-secret") && !stdout.contains("probe-secret"));
}
