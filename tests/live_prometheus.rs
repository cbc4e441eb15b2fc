//! End to end: `gatehouse audit` against a real Prometheus (Debian's, a private server per test
//! on a free loopback port, scraping a target the test serves so that an alert really fires):
//! P07's live part — the repository's rule groups loaded and healthy, the required alerts
//! loaded, firing alerts as evidence, targets down as a warning.

mod common;

use common::http::{Response, Server};
use common::prom::Prometheus;
use common::*;

/// The repository's alert rules (testdata/live/monitoring/alerts.yml): one alert for each kind
/// of `policies.required_alerts` but the disk, with everything the static part asks (for,
/// severity, summary, runbook). `AppErrors` fires as soon as the served target reports an error.
const ALERTS: &str = include_str!("../testdata/live/monitoring/alerts.yml");

/// A second rule file of the repository: the disk alert.
const CAPACITY: &str = include_str!("../testdata/live/monitoring/capacity.yml");

/// A group that loads but cannot evaluate: the "one" side of a group_left match has two series
/// for the same (empty) match group.
const BROKEN: &str = r#"groups:
  - name: broken
    rules:
      - record: job:duplicate:sum
        expr: vector(1) + on() group_left() (vector(1) or label_replace(vector(1), "x", "y", "", ""))
"#;

/// A target that reports three errors.
fn app() -> Server {
    Server::start(|request| {
        if request.path.starts_with("/metrics") {
            Response::new(200, "# TYPE app_errors_total counter\napp_errors_total 3\n")
                .header("Content-Type", "text/plain; version=0.0.4")
        } else {
            Response::new(404, "")
        }
    })
}

/// A tree with the repository's rule files.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tree.path().join("monitoring")).unwrap();
    for (name, text) in files {
        std::fs::write(tree.path().join("monitoring").join(name), text).unwrap();
    }
    tree
}

/// Whether Prometheus's answer at `path` satisfies `check`, within 30 s.
fn eventually(prom: &Prometheus, path: &str, check: impl Fn(&serde_json::Value) -> bool) {
    let held = http::wait_for(30, || check(&prom.api(path)));
    assert!(
        held,
        "{path} never held: {}\n{}",
        prom.api(path),
        prom.log()
    );
}

#[test]
fn loaded_healthy_rules_pass_and_the_alert_firing_now_is_evidence() {
    let app = app();
    let address = app.url.trim_start_matches("http://").to_string();
    let prom = Prometheus::start(
        &[("alerts.yml", ALERTS), ("capacity.yml", CAPACITY)],
        &[("app", &address)],
    );
    eventually(&prom, "/api/v1/alerts", |v| {
        v["data"]["alerts"]
            .as_array()
            .is_some_and(|a| a.iter().any(|a| a["state"] == "firing"))
    });
    let tree = tree(&[("alerts.yml", ALERTS), ("capacity.yml", CAPACITY)]);
    let (code, report, said) = live_audit(tree.path(), &[("PROM_URL", &prom.url)], &[]);
    assert_ne!(code, 2, "{said}");
    assert!(errors(&report).is_empty(), "{:#}", report["errors"]);
    let p07 = policy(&report, "P07");
    assert_eq!(p07["status"], "PASS", "{p07:#}\n{said}");
    let evidence = p07["evidence"].to_string();
    assert!(
        evidence.contains(
            "2 rule groups, 5 rules (0 failing), 1 target up, 0 down; firing now: AppErrors"
        ),
        "{evidence}"
    );
    assert!(open_findings(&report, "P07").is_empty());
    // The scrapes reached the target the test serves.
    assert!(
        app.requests()
            .iter()
            .any(|r| r.path.starts_with("/metrics"))
    );
}

#[test]
fn a_group_not_loaded_a_failing_rule_and_a_target_down_are_reported() {
    let app = app();
    let address = app.url.trim_start_matches("http://").to_string();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = closed.local_addr().unwrap().to_string();
    drop(closed);
    // The server loads the service alerts and a broken group, not the repository's capacity file.
    let prom = Prometheus::start(
        &[("alerts.yml", ALERTS), ("broken.yml", BROKEN)],
        &[("app", &address), ("gone", &gone)],
    );
    eventually(&prom, "/api/v1/rules", |v| {
        v["data"]["groups"]
            .as_array()
            .is_some_and(|g| g.iter().any(|g| g["rules"][0]["health"] == "err"))
    });
    eventually(&prom, "/api/v1/targets?state=active", |v| {
        v["data"]["activeTargets"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["health"] == "down"))
    });
    let tree = tree(&[("alerts.yml", ALERTS), ("capacity.yml", CAPACITY)]);
    let (_, report, said) = live_audit(tree.path(), &[("PROM_URL", &prom.url)], &[]);
    assert_eq!(policy(&report, "P07")["status"], "FAIL", "{said}");
    let found = open_findings(&report, "P07");
    let has = |rule: &str, text: &str| found.iter().any(|(r, m)| r == rule && m.contains(text));
    assert!(
        has(
            "P07.live-group-not-loaded",
            "rule group capacity is not loaded"
        ),
        "{found:?}"
    );
    assert!(
        has(
            "P07.live-rule-error",
            "rule job:duplicate:sum (group broken) fails to evaluate"
        ),
        "{found:?}"
    );
    assert!(
        has("P07.live-required-alert-not-loaded", "`disk-filling`"),
        "{found:?}"
    );
    assert!(
        has(
            "P07.live-target-down",
            &format!("scrape target {gone} (job gone) is down")
        ),
        "{found:?}"
    );
    // The group that is not loaded points at its file and line in the tree.
    let missing = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "P07.live-group-not-loaded")
        .unwrap();
    assert_eq!(missing["location"]["path"], "monitoring/capacity.yml");
    assert_eq!(missing["location"]["start_line"], 2);
    let down = findings(&report)
        .iter()
        .find(|f| f["rule_id"] == "P07.live-target-down")
        .unwrap();
    assert_eq!(down["severity"], "medium", "{down:#}");
}

#[test]
fn something_that_is_not_prometheus_is_blocked() {
    let other = Server::start(|_| Response::new(200, "<html>not an API</html>"));
    let tree = tree(&[("alerts.yml", ALERTS), ("capacity.yml", CAPACITY)]);
    let (_, report, _) = live_audit(tree.path(), &[("PROM_URL", &other.url)], &[]);
    let p07 = policy(&report, "P07");
    assert_eq!(p07["status"], "BLOCKED", "{p07:#}");
    assert!(
        p07["reason"]
            .as_str()
            .unwrap()
            .contains("not a Prometheus API"),
        "{p07:#}"
    );
    // A port nothing listens on: BLOCKED with the error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (_, report, _) = live_audit(tree.path(), &[("PROM_URL", &closed_url)], &[]);
    let p07 = policy(&report, "P07");
    assert_eq!(p07["status"], "BLOCKED", "{p07:#}");
    assert!(
        p07["reason"].as_str().unwrap().contains("cannot connect"),
        "{p07:#}"
    );

    // A URL with credentials in it: they are not said.
    let password = concat!("pr0m-", "Pa55-q9");
    let url = other
        .url
        .replace("http://", &format!("http://reader:{password}@"));
    let (_, report, said) = live_audit(tree.path(), &[("PROM_URL", &url)], &[]);
    assert_eq!(policy(&report, "P07")["status"], "BLOCKED");
    assert!(!said.contains(password), "{said}");
}
