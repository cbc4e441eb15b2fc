//! End to end: the SAST family in `gatehouse check`, and `gatehouse rules test|list|explain`.

mod common;

use common::*;
use serde_json::Value;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn sast_findings(report: &Value) -> Vec<&Value> {
    findings(report)
        .iter()
        .filter(|f| f["family"] == "sast")
        .collect()
}

#[test]
fn sast_findings_feed_p09_with_cwe_and_respect_inline_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app/jobs.py",
        "import os, subprocess\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n    os.system(\"uptime\")\n    # gatehouse:ignore python-os-system -- cmd is an allow-listed constant\n    os.system(cmd)\n",
    );
    write(
        dir.path(),
        "bin/deploy",
        "#!/usr/bin/env python3\nimport os, sys\nos.popen(sys.argv[1])\n",
    );
    let (code, report) = check_json(dir.path(), &["--only", "sast"]);
    assert_eq!(code, 1);
    let found = sast_findings(&report);
    let summary: Vec<(String, u64, bool)> = found
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}",
                    f["location"]["path"].as_str().unwrap(),
                    f["rule_id"].as_str().unwrap()
                ),
                f["location"]["start_line"].as_u64().unwrap(),
                f.get("suppressed").is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "app/jobs.py:python-subprocess-shell-true".to_string(),
                4,
                false
            ),
            ("app/jobs.py:python-os-system".to_string(), 7, true),
            ("bin/deploy:python-os-system".to_string(), 3, false),
        ],
        "{summary:#?}"
    );
    assert_eq!(found[0]["cwe"], serde_json::json!(["CWE-78"]));
    assert_eq!(found[0]["policies"], serde_json::json!(["P09"]));
    let p09 = policy(&report, "P09");
    assert_eq!(p09["status"], "FAIL");
    assert_eq!(p09["counts"]["suppressed"], 1);
    assert_valid(
        &validator(&workspace().join("schemas/report.schema.json")),
        &report,
        "report",
    );
}

#[test]
fn sarif_carries_sast_rule_help_and_cwe_tags() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.py",
        "import subprocess\n\ndef run(x):\n    subprocess.call(x, shell=True)\n",
    );
    let out = dir.path().join("out.sarif");
    gatehouse()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "none", "-o"])
        .arg(format!("sarif={}", out.display()))
        .assert()
        .code(1);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_valid(
        &validator(&shared("schemas/sarif-2.1.0.json")),
        &sarif,
        "SARIF",
    );
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "python-subprocess-shell-true");
    assert!(
        rule["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("CWE-78"))
    );
    let help = rule["help"]["text"].as_str().unwrap();
    assert!(help.contains("Fix: Pass the command as a list"), "{help}");
    assert!(help.contains("docs.python.org"), "{help}");
}

#[test]
fn minified_and_unparsable_files_are_errors_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gen.py",
        &format!(
            "DATA = \"{}\"\nimport os\nos.system(cmd)\n",
            "a".repeat(5000)
        ),
    );
    write(
        dir.path(),
        "broken.py",
        "def f(:\n    pass\nimport os\nos.system(input())\n",
    );
    write(dir.path(), "ok.py", "import os\nos.system(input())\n");
    // A hand-written module with one 9 KB HTML template in a string is analysed all the same.
    let mut app = format!("import os\nPAGE = \"{}\"\n", "<p>row</p>".repeat(900));
    for i in 0..40 {
        app.push_str(&format!("def view_{i}(request):\n    return PAGE\n"));
    }
    app.push_str("os.system(input())\n");
    write(dir.path(), "app.py", &app);
    let (code, report) = check_json(dir.path(), &["--only", "sast"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = sast_findings(&report)
        .iter()
        .map(|f| f["location"]["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"ok.py"), "{paths:?}");
    assert!(
        paths.contains(&"app.py"),
        "one long line is not minified code: {paths:?}"
    );
    assert!(
        !paths.contains(&"gen.py"),
        "minified file skipped: {paths:?}"
    );
    let gen_error = errors(&report)
        .iter()
        .find(|e| e["path"] == "gen.py")
        .unwrap();
    assert!(gen_error["message"].as_str().unwrap().contains("minified"));
    assert_eq!(gen_error["line"], 1);
    let broken = errors(&report)
        .iter()
        .find(|e| e["path"] == "broken.py")
        .unwrap();
    assert!(
        broken["message"].as_str().unwrap().contains("syntax error"),
        "{broken}"
    );
    assert_eq!(
        report["stats"]["sast"]["skipped"]["minified or generated"],
        1
    );
}

const RULE: &str = "id: custom-eval\nlanguage: python\ntitle: eval\nseverity: medium\nmessage: eval of $X\nrule:\n  pattern: eval($X)\n";

#[test]
fn user_rule_directories_are_loaded_and_bad_rule_files_exit_2_with_location() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gatehouse.toml",
        "[sast]\nrules = [\"policy/sast\"]\n",
    );
    write(dir.path(), "policy/sast/eval.yml", RULE);
    write(dir.path(), "src/x.py", "eval(payload)\n");
    let (code, report) = check_json(dir.path(), &["--only", "sast", "--fail-on", "critical"]);
    assert_eq!(code, 0);
    assert!(
        sast_findings(&report)
            .iter()
            .any(|f| f["rule_id"] == "custom-eval")
    );

    write(
        dir.path(),
        "policy/sast/eval.yml",
        &format!(
            "{RULE}---\nid: broken\nlanguage: python\ntitle: t\nseverity: high\nrule:\n  patern: x\n"
        ),
    );
    let output = gatehouse().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("eval.yml:9: rule `broken`"), "{stderr}");
}

#[test]
fn rules_test_passes_good_rules_and_fails_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "eval.yml", RULE);
    write(
        dir.path(),
        "eval.test.py",
        "# gatehouse-expect: custom-eval\neval(a)\n# gatehouse-expect: custom-eval\nx = eval(b)\n# gatehouse-ok: custom-eval\nast.literal_eval(a)\n# gatehouse-ok: custom-eval\nevaluate(a)\n",
    );
    let output = gatehouse()
        .args(["rules", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("PASS custom-eval (2 expect, 2 ok)"),
        "{stdout}"
    );

    write(
        dir.path(),
        "eval.test.py",
        "# gatehouse-ok: custom-eval\neval(a)\n",
    );
    let output = gatehouse()
        .args(["rules", "test"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL custom-eval"), "{stdout}");
    assert!(
        stdout.contains("eval.test.py:2: expected no finding, got one"),
        "{stdout}"
    );
}

#[test]
fn builtin_rule_tests_pass_and_rules_can_be_listed_and_explained() {
    let output = gatehouse().args(["rules", "test"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");

    let list = gatehouse().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("python-subprocess-shell-true"));
    assert!(text.contains("github-pat-classic"));

    let explain = gatehouse()
        .args(["rules", "explain", "python-os-system"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("CWE-78"), "{text}");
    assert!(text.contains("examples"), "{text}");
    gatehouse()
        .args(["rules", "explain", "no-such-rule"])
        .assert()
        .code(2);
}

#[test]
fn secrets_in_lines_of_other_families_findings_are_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let token = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
    write(
        dir.path(),
        "fetch.py",
        &format!(
            "import subprocess\n\ndef fetch(url):\n    subprocess.run(f\"curl -H 'Authorization: token {token}' {{url}}\", shell=True)\n"
        ),
    );
    // Even with the secrets family not selected, SAST output must not carry the token.
    for only in ["sast", "sast,secrets"] {
        let (_, report) = check_json(dir.path(), &["--only", only]);
        let sast = sast_findings(&report);
        assert_eq!(sast.len(), 1, "{only}");
        assert!(
            sast[0]["snippet"].as_str().unwrap().contains("ghp_****"),
            "{}",
            sast[0]["snippet"]
        );
        assert!(!report.to_string().contains(token), "{only}: token leaked");
    }
}

#[test]
fn data_flow_findings_carry_their_path_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        "from flask import request\n\n\ndef view():\n    name = request.args.get(\"f\")\n    path = \"/srv/\" + name\n    return open(path).read()\n",
    );
    let (code, report) = check_json(dir.path(), &["--only", "sast"]);
    assert_eq!(code, 1);
    let flow = sast_findings(&report)
        .into_iter()
        .find(|f| f["rule_id"] == "python-path-traversal")
        .expect("the flow is reported");
    let lines: Vec<u64> = flow["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [5, 6, 7], "source, step, sink");
    assert_eq!(
        flow["trace"][1]["snippet"].as_str().unwrap().trim(),
        "path = \"/srv/\" + name"
    );

    let out = dir.path().join("out");
    let ran = gatehouse()
        .arg("check")
        .arg(dir.path())
        .args(["--only", "sast", "--format", "table", "-o"])
        .arg(format!("sarif={}", out.with_extension("sarif").display()))
        .arg("-o")
        .arg(format!("md={}", out.with_extension("md").display()))
        .arg("-o")
        .arg(format!("html={}", out.with_extension("html").display()))
        .assert()
        .code(1);
    let table = String::from_utf8_lossy(&ran.get_output().stdout).into_owned();
    assert!(table.contains("data flow: lines 5 → 6 → 7"), "{table}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(out.with_extension("sarif")).unwrap())
            .unwrap();
    assert_valid(
        &validator(&shared("schemas/sarif-2.1.0.json")),
        &sarif,
        "SARIF",
    );
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "python-path-traversal")
        .unwrap();
    let steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    let described: Vec<(u64, &str)> = steps
        .iter()
        .map(|s| {
            (
                s["location"]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                s["location"]["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(described, [(5, "source"), (6, "step"), (7, "sink")]);
    let md = std::fs::read_to_string(out.with_extension("md")).unwrap();
    assert!(md.contains("data flow: lines 5 → 6 → 7"), "{md}");
    let html = std::fs::read_to_string(out.with_extension("html")).unwrap();
    assert!(html.contains("line 6: <code>"), "{html}");
}
