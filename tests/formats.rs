//! End to end: every output format from one scan; redaction, schema validity, re-rendering.

mod common;

use common::*;
use serde_json::Value;

const FORMATS: [&str; 7] = ["table", "md", "json", "csv", "sarif", "junit", "html"];

/// Scan the fixture once, writing every format; returns (outputs dir, fixture, stdout, stderr).
fn scan_all_formats() -> (tempfile::TempDir, tempfile::TempDir, String, String) {
    let fixture = secrets_fixture();
    let out = tempfile::tempdir().unwrap();
    let mut cmd = gatehouse();
    cmd.arg("check").arg(fixture.path());
    for format in FORMATS {
        cmd.arg("-o").arg(format!(
            "{format}={}",
            out.path().join(format!("report.{format}")).display()
        ));
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    (
        out,
        fixture,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn no_format_contains_a_planted_secret() {
    let (out, _fixture, stdout, stderr) = scan_all_formats();
    let parts: Vec<String> = expected_secrets()["planted"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert!(parts.len() > 100);
    let mut outputs = vec![
        ("stdout".to_string(), stdout),
        ("stderr".to_string(), stderr),
    ];
    for format in FORMATS {
        let text = std::fs::read_to_string(out.path().join(format!("report.{format}"))).unwrap();
        assert!(text.len() > 500, "{format} output is suspiciously small");
        outputs.push((format.to_string(), text));
    }
    for (name, text) in &outputs {
        for part in &parts {
            assert!(
                !text.contains(part.as_str()),
                "{name} leaks planted secret part {part}"
            );
        }
    }
    // The redacted snippets are there, so the check above looked at real findings.
    assert!(outputs[2].1.contains("ghp_****"));
}

#[test]
fn sarif_validates_against_the_oasis_schema_and_carries_rule_metadata() {
    let (out, _fixture, _, _) = scan_all_formats();
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.sarif")).unwrap())
            .unwrap();
    let schema = shared("schemas/sarif-2.1.0.json");
    assert_valid(&validator(&schema), &sarif, "SARIF");

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(rules.len() >= 60);
    let mut with_context = 0;
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            result["partialFingerprints"]["gatehouse/v1"]
                .as_str()
                .unwrap()
                .len()
                == 32
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        // The lines around a finding, as a context region strictly holding its region.
        let location = &result["locations"][0]["physicalLocation"];
        let context = &location["contextRegion"];
        if let Some(start) = context["startLine"].as_u64() {
            with_context += 1;
            let (first, last) = (
                location["region"]["startLine"].as_u64().unwrap(),
                location["region"]["endLine"].as_u64().unwrap(),
            );
            let end = context["endLine"].as_u64().unwrap();
            assert!(start <= first && end >= last && (start < first || end > last));
            let text = context["snippet"]["text"].as_str().unwrap();
            assert_eq!(text.split('\n').count() as u64, end - start + 1, "{text}");
        }
    }
    // Every finding on a few lines of a file has them.
    assert!(
        with_context * 10 >= results.len() * 9,
        "{with_context} of {}",
        results.len()
    );
    let pat = rules
        .iter()
        .find(|r| r["id"] == "github-pat-classic")
        .unwrap();
    assert_eq!(pat["properties"]["security-severity"], "9.5");
    assert_eq!(pat["defaultConfiguration"]["level"], "error");
    assert!(pat["help"]["text"].as_str().unwrap().contains("Revoke"));
    let low = rules
        .iter()
        .find(|r| r["id"] == "stripe-test-secret-key")
        .unwrap();
    assert_eq!(low["defaultConfiguration"]["level"], "note");
}

#[test]
fn report_json_validates_against_its_schema() {
    let (out, _fixture, _, _) = scan_all_formats();
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &report,
        "report",
    );
    assert_eq!(report["version"], gatehouse_model::REPORT_VERSION);
    assert_eq!(report["policies"].as_array().unwrap().len(), 13);
    assert!(report["stats"]["secrets"]["files"].as_u64().unwrap() >= 30);
}

#[test]
fn render_reproduces_every_format_from_the_json_without_rescanning() {
    let (out, fixture, _, _) = scan_all_formats();
    drop(fixture); // the scanned tree is gone; render must not need it
    let json = out.path().join("report.json");
    for format in ["md", "sarif", "csv", "junit", "html", "json"] {
        let rendered = out.path().join(format!("rendered.{format}"));
        gatehouse()
            .args(["render"])
            .arg(&json)
            .args(["--format", "none", "-o"])
            .arg(format!("{format}={}", rendered.display()))
            .assert()
            .success();
        let original =
            std::fs::read_to_string(out.path().join(format!("report.{format}"))).unwrap();
        let again = std::fs::read_to_string(&rendered).unwrap();
        assert_eq!(original, again, "{format} differs after render");
    }
}

#[test]
fn junit_csv_html_and_markdown_have_their_shape() {
    let (out, _fixture, stdout, _) = scan_all_formats();
    let read = |f: &str| std::fs::read_to_string(out.path().join(format!("report.{f}"))).unwrap();

    let junit = read("junit");
    assert!(junit.contains("tests=\"13\""), "{junit}");
    // P02 (the planted secrets) and P09 (the fixture's hard-coded Django SECRET_KEY).
    assert!(junit.contains("failures=\"2\""), "{junit}");
    assert!(junit.contains("P02 Secrets through Vault"));
    assert!(junit.contains("python-hardcoded-secret-key app/settings.py:3"));
    // Every policy but P02, P09 (findings) and P08 (the fixture's release workflow runs no
    // gate on pull requests: a warning) is SKIPPED or N/A.
    assert_eq!(junit.matches("<skipped").count(), 9);

    let csv = read("csv");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("severity,rule_id,family,title,path")
    );
    assert_eq!(lines.count(), findings_in(&read("json")));

    let html = read("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Self-contained: one inline script (the filters) and no script, stylesheet or image from
    // elsewhere; the fixture's `<script src=…>` line shows up escaped. (tests/report_browser.rs
    // checks in Chromium that opening it requests nothing.)
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script>\n(function () {"));
    assert!(!html.contains("<link") && !html.contains(" src=\""));
    assert!(html.contains("&lt;script src=&quot;"));
    assert!(html.contains("<style>"));

    let md = read("md");
    assert!(
        md.contains("| **P02** Secrets through Vault | ❌ FAIL |"),
        "{md}"
    );
    // The compact picture on top: counts by severity and family, a status per policy.
    let open = findings_in(&read("json"));
    assert!(
        md.contains(&format!("**{open} open findings** · 🟥 ")),
        "{md}"
    );
    assert!(md.contains("· ❌ P02 ·") && md.contains("⏭️ P11"), "{md}");
    assert!(
        md.contains("| **P11** Runtime exposure | ⏭️ SKIPPED |"),
        "{md}"
    );
    assert!(md.contains("| **P01** Signed artifacts | ➖ N/A |"), "{md}");

    assert!(
        stdout.contains("P02 Secrets through Vault       FAIL"),
        "{stdout}"
    );
    assert!(stdout.contains("gate FAILED (fail-on high)"));
    assert!(
        !stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

fn findings_in(json: &str) -> usize {
    let report: Value = serde_json::from_str(json).unwrap();
    report["findings"].as_array().unwrap().len()
}

/// `--framework`: the matrix by control in every format, each control as bad as its worst
/// policy, the JSON still valid against the report schema; and from a saved report too.
#[test]
fn the_matrix_by_control_of_a_framework() {
    let (out, _fixture, _, _) = scan_all_formats();
    let json = out.path().join("report.json");
    let render = |format: &str| -> String {
        let output = gatehouse()
            .arg("render")
            .arg(&json)
            .args(["--framework", "iso", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let report: Value = serde_json::from_str(&render("json")).unwrap();
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &report,
        "report with compliance",
    );
    let compliance = &report["compliance"];
    assert_eq!(compliance["framework"], "iso27001");
    let status_of = |id: &str| -> String {
        report["policies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // A.5.17 (authentication information) rests on P02 alone, which the planted secrets fail.
    let a517 = compliance["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "A.5.17")
        .unwrap();
    assert_eq!(a517["policies"], serde_json::json!(["P02"]));
    assert_eq!(a517["status"].as_str().unwrap(), status_of("P02"));
    assert_eq!(a517["status"], "FAIL");
    assert!(render("md").contains("| **A.5.17** | ❌ FAIL | P02 | Authentication information |"));
    assert!(
        render("html").contains(
            "<th scope=\"row\">A.5.17</th><td><span class=\"cell FAIL\">FAIL</span></td>"
        )
    );
    let csv = render("csv");
    assert!(csv.starts_with("framework,control,title,status,policies,policy_statuses\n"));
    assert!(csv.contains("ISO/IEC 27001:2022,A.5.17,Authentication information,FAIL,P02,P02=FAIL"));
    assert!(render("table").contains("ISO/IEC 27001:2022 by control"));
    let output = gatehouse()
        .arg("render")
        .arg(&json)
        .args(["--framework", "hipaa"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("known: nist-csf-2"));
}
