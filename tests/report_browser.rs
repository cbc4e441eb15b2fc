//! The HTML report in a real browser: Debian's Chromium, driven by playwright-core (npm) through
//! tests/browser/report.cjs, with axe-core for accessibility. The report of a fixture scan must
//! render with no console error and no network request, its filters and toggles must leave
//! exactly the findings they select, it must work by keyboard (`/`, Tab, `j`/`k`), on a
//! phone-width screen and with JavaScript off, and axe must find no serious or critical
//! violation. A report of 5,000 findings must paint within a second and stay under 10 MB. The
//! trend page of two audits must open as cleanly. Screenshots at desktop and phone width go to
//! `$CARGO_TARGET_TMPDIR/report-browser/`.

mod common;

use std::path::Path;
use std::process::Command as StdCommand;

use common::*;
use serde_json::{Value, json};

/// The fixture scan's JSON report, with a base for `--new-only` marks, every third open finding
/// marked new and two findings suppressed (as `gatehouse check --new-only` and an inline
/// suppression would mark them).
fn marked_report(dir: &Path) -> Value {
    let fixture = secrets_fixture();
    let json_path = dir.join("scan.json");
    gatehouse()
        .arg("check")
        .arg(fixture.path())
        .args(["--format", "none", "-o"])
        .arg(format!("json={}", json_path.display()))
        .assert()
        .code(1);
    let mut report: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    report["run"]["diff_base"] = json!("origin/main");
    let findings = report["findings"].as_array_mut().unwrap();
    for (i, f) in findings.iter_mut().enumerate() {
        f["new"] = json!(i % 3 == 0);
        if i == 1 || i == 4 {
            f["suppressed"] = json!({"kind": "inline", "reason": "rotated, kept as a test vector"});
        }
    }
    report
}

fn render_html(report: &Value, dir: &Path, name: &str) -> std::path::PathBuf {
    let json_path = dir.join(format!("{name}.json"));
    std::fs::write(&json_path, serde_json::to_vec(report).unwrap()).unwrap();
    let html = dir.join(format!("{name}.html"));
    gatehouse()
        .arg("render")
        .arg(&json_path)
        .args(["--format", "none", "-o"])
        .arg(format!("html={}", html.display()))
        .assert()
        .success();
    html
}

/// What the page must show for a filter: the findings whose rendered text holds `text`
/// (rule, path, title, message, snippet or lines of context, help, fix), of the checked
/// severities and families.
fn expected(findings: &[Value], keep: impl Fn(&Value) -> bool) -> usize {
    findings.iter().filter(|f| keep(f)).count()
}

fn text_of(f: &Value) -> String {
    let context = f["context"].as_array().into_iter().flatten();
    [
        &f["rule_id"],
        &f["location"]["path"],
        &f["title"],
        &f["message"],
        &f["snippet"],
        &f["help"],
        &f["fix"],
    ]
    .into_iter()
    .chain(context.map(|line| &line["snippet"]))
    .filter_map(|v| v.as_str())
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase()
}

#[test]
fn the_html_report_works_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let report = marked_report(dir.path());
    let html = render_html(&report, dir.path(), "report");
    let findings = report["findings"].as_array().unwrap().clone();
    assert!(findings.len() > 50, "the fixture scan should find plenty");

    // 5,000 findings: the fixture's, over and over, each in a file of its own.
    let mut large = report.clone();
    let many: Vec<Value> = (0..5000)
        .map(|i| {
            let mut f = findings[i % findings.len()].clone();
            let path = format!(
                "pkg{:03}/{}",
                i / 40,
                f["location"]["path"].as_str().unwrap()
            );
            f["location"]["path"] = json!(path);
            f["fingerprint"] = json!(format!("{i:032x}"));
            f
        })
        .collect();
    large["findings"] = json!(many);
    let large_html = render_html(&large, dir.path(), "large");
    let size = std::fs::metadata(&large_html).unwrap().len();
    assert!(size < 10 * 1024 * 1024, "5,000 findings: {size} bytes");

    let sev = |s: &'static str| move |f: &Value| f["severity"] != s;
    let filters = json!([
        {"name": "rule", "text": "github-pat-classic"},
        {"name": "path", "text": "config/"},
        {"name": "severity", "uncheck": ["high"]},
        {"name": "family", "uncheck": ["secrets"]},
        {"name": "new", "new_only": true},
        {"name": "suppressed", "no_suppressed": true},
        {"name": "combined", "text": "token", "uncheck": ["critical", "sast"]},
    ]);
    let want = [
        expected(&findings, |f| text_of(f).contains("github-pat-classic")),
        expected(&findings, |f| text_of(f).contains("config/")),
        expected(&findings, sev("high")),
        expected(&findings, |f| f["family"] != "secrets"),
        expected(&findings, |f| f["new"] == true),
        expected(&findings, |f| f["suppressed"].is_null()),
        expected(&findings, |f| {
            text_of(f).contains("token") && f["severity"] != "critical" && f["family"] != "sast"
        }),
    ];
    // Each filter must select something and leave something out, or it proves nothing.
    for (n, f) in want.iter().zip(filters.as_array().unwrap()) {
        assert!(*n > 0 && *n < findings.len(), "{f}: {n}");
    }

    // Two audits for the trend page: the second fixed a third of the findings.
    let history = dir.path().join("history");
    std::fs::create_dir(&history).unwrap();
    let mut later = report.clone();
    later["run"]["started"] = json!("2099-01-01T00:00:00Z");
    let kept: Vec<Value> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 != 1)
        .map(|(_, f)| f.clone())
        .collect();
    later["findings"] = json!(kept);
    for (name, r) in [("first", &report), ("second", &later)] {
        std::fs::write(
            history.join(format!("{name}.json")),
            serde_json::to_vec(r).unwrap(),
        )
        .unwrap();
    }
    let trend = dir.path().join("trend.html");
    gatehouse()
        .args(["render", "--trend"])
        .arg(&history)
        .args(["--format", "none", "-o"])
        .arg(format!("html={}", trend.display()))
        .assert()
        .success();

    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    let _ = std::fs::remove_dir_all(&artifacts);
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        serde_json::to_vec(&json!({
            "report": html,
            "large": large_html,
            "trend": trend,
            "artifacts": artifacts,
            "filters": filters,
        }))
        .unwrap(),
    )
    .unwrap();
    let run = StdCommand::new("node")
        .arg(workspace().join("tests/browser/report.cjs"))
        .arg(&plan)
        .env("NODE_PATH", tools_dir().join("browser/node_modules"))
        .output()
        .expect("node (scripts/test installs nodejs)");
    assert!(
        run.status.success(),
        "the browser could not be driven: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: Value = serde_json::from_slice(&run.stdout).unwrap();

    // Opened with no error and nothing fetched but the page itself.
    for (errors, requests, url) in [
        ("console_errors", "requests", "url"),
        ("large_console_errors", "large_requests", "large_url"),
        ("trend_console_errors", "trend_requests", "trend_url"),
    ] {
        assert_eq!(seen[errors], json!([]), "{seen:#}");
        assert_eq!(seen[requests], json!([seen[url]]), "{seen:#}");
    }
    assert_eq!(seen["phone_console_errors"], json!([]), "{seen:#}");

    // The filters.
    assert_eq!(seen["total"], findings.len(), "{seen:#}");
    assert_eq!(seen["initially_visible"], findings.len(), "{seen:#}");
    assert_eq!(seen["form_shown"], true);
    for (observed, n) in seen["filters"].as_array().unwrap().iter().zip(want) {
        assert_eq!(observed["shown"], n, "{observed}");
        assert_eq!(observed["said"], format!("{n} shown"), "{observed}");
        assert_eq!(observed["empty_groups_shown"], 0, "{observed}");
    }

    // Keyboard, phone width, JavaScript off.
    assert_eq!(seen["slash_focuses_filter"], true);
    assert_eq!(seen["tab_reaches_a_finding"], true);
    assert_eq!((&seen["j_twice"], &seen["then_k"]), (&json!(1), &json!(0)));
    assert_eq!(seen["phone_viewport"], 390);
    assert!(seen["phone_overflow"].as_i64().unwrap() <= 0, "{seen:#}");
    assert_eq!(seen["no_js_visible"], findings.len());
    assert_eq!(seen["no_js_form_shown"], false);

    // Accessibility.
    for page in ["axe_violations", "trend_axe_violations"] {
        let serious: Vec<&Value> = seen[page]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["impact"] == "serious" || v["impact"] == "critical")
            .collect();
        assert!(serious.is_empty(), "{page}: {serious:#?}");
    }
    assert!(seen["trend_bars"].as_u64().unwrap() >= 2, "{seen:#}");

    // 5,000 findings: painted within a second, filtered in well under one.
    assert_eq!(seen["large_total"], 5000);
    let paint = seen["large_first_contentful_paint_ms"].as_f64().unwrap();
    assert!(paint < 1000.0, "first contentful paint after {paint} ms");
    let filter = seen["large_filter_ms"].as_f64().unwrap();
    assert!(
        filter < 500.0,
        "a filter over 5,000 findings took {filter} ms"
    );

    for shot in [
        "report-desktop.png",
        "report-phone.png",
        "trend-desktop.png",
    ] {
        let len = std::fs::metadata(artifacts.join(shot)).map_or(0, |m| m.len());
        assert!(len > 10_000, "{shot}: {len} bytes");
    }
}
