//! `gatehouse policies list|explain|test`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use gatehouse_engine::policy::catalog;
use gatehouse_engine::rego::BUILTIN;

use crate::cli::{PoliciesCommand, ScanArgs};

/// What each built-in check reads and how it judges, section by section.
const SPEC: &str = include_str!("../rules/policies/README.md");

pub fn run(command: PoliciesCommand) -> Result<ExitCode> {
    match command {
        PoliciesCommand::List => list(),
        PoliciesCommand::Explain { id } => explain(&id),
        PoliciesCommand::Test { dir, config } => test(&dir, config.as_deref()),
    }
}

/// (rule id, level) of every violation a built-in module can report, for one policy.
pub(crate) fn builtin_rules(policy: &str) -> Vec<(String, String)> {
    let mut rules = BTreeSet::new();
    let prefix = format!("{policy}.");
    for (_, text) in BUILTIN {
        // `lib.violation("RULE", "LEVEL", …)`, and P05's `live_violation("RULE", "LEVEL", …)`.
        for piece in text.split("violation(\"").skip(1) {
            let mut parts = piece.splitn(3, '"');
            let (Some(rule), Some(_), Some(rest)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let level = rest.split('"').next().unwrap_or_default();
            if rule.starts_with(&prefix) {
                rules.insert((rule.to_string(), level.to_string()));
            }
        }
    }
    rules.into_iter().collect()
}

fn list() -> Result<ExitCode> {
    let mut out = String::new();
    writeln!(out, "{:<5} {:<30} RULES (level)", "ID", "TITLE")?;
    for def in catalog() {
        let rules = builtin_rules(&def.id);
        let rules = if rules.is_empty() {
            "(judged from other families' findings)".to_string()
        } else {
            rules
                .iter()
                .map(|(rule, level)| format!("{rule} ({level})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "{:<5} {:<30} {}", def.id, def.title, rules)?;
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The README section of a policy: from its `## PNN` heading to the next `## `.
fn section(id: &str) -> Option<&'static str> {
    let heading = format!("\n## {id} ");
    let start = SPEC.find(&heading)? + 1;
    let end = SPEC[start + 3..]
        .find("\n## ")
        .map_or(SPEC.len(), |i| start + 3 + i);
    Some(SPEC[start..end].trim_end())
}

/// A checklist rule's row of its policy's README table: (level, when, the line it points at).
pub(crate) fn rule_row(policy: &str, rule: &str) -> Option<(String, String, String)> {
    let row = section(policy)?
        .lines()
        .find_map(|line| line.strip_prefix(&format!("| `{rule}` |")))?;
    let cells: Vec<&str> = row.trim().trim_end_matches('|').split(" | ").collect();
    let (level, rest) = cells.split_first()?;
    let (line, when) = rest.split_last()?;
    Some((
        level.trim().to_string(),
        when.join(" | ").trim().to_string(),
        line.trim().to_string(),
    ))
}

fn explain(id: &str) -> Result<ExitCode> {
    let id = id.to_ascii_uppercase();
    let Some(def) = catalog().iter().find(|d| d.id == id) else {
        bail!(
            "no policy `{id}` (known: {})",
            catalog()
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let mut out = String::new();
    writeln!(out, "{} {}\n\n{}\n", def.id, def.title, def.description)?;
    if !def.frameworks.is_empty() {
        writeln!(out, "Controls:")?;
        for f in &def.frameworks {
            writeln!(out, "  {:<20} {}", f.framework, f.control)?;
        }
        writeln!(out)?;
    }
    let module = format!("rules/policies/{}.rego", id.to_ascii_lowercase());
    match section(&id) {
        Some(text) => writeln!(out, "{text}\n\nBuilt-in check: {module}")?,
        None => writeln!(
            out,
            "No built-in Rego check: the verdict comes from the families that feed it \
             (`gatehouse check` shows them in the evidence column)."
        )?,
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// A test case's `expect.toml`.
struct Expect {
    policy: String,
    status: String,
    violations: BTreeSet<String>,
    errors: BTreeSet<String>,
    /// Optional expectations of the matrix's Implemented / Enforced columns.
    implemented: Option<bool>,
    enforced: Option<bool>,
}

fn read_expect(case: &Path) -> Result<Expect> {
    let path = case.join("expect.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let table: toml::Table = toml::from_str(&text).with_context(|| path.display().to_string())?;
    let list = |key: &str| -> Result<BTreeSet<String>> {
        match table.get(key) {
            None => Ok(BTreeSet::new()),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .with_context(|| format!("{}: `{key}` holds a non-string", path.display()))
                })
                .collect(),
            Some(_) => bail!("{}: `{key}` must be a list of strings", path.display()),
        }
    };
    let policy = match table.get("policy").and_then(|v| v.as_str()) {
        Some(policy) => policy.to_string(),
        None => case
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_ascii_uppercase())
            .unwrap_or_default(),
    };
    let status = table
        .get("status")
        .and_then(|v| v.as_str())
        .with_context(|| format!("{}: no `status`", path.display()))?
        .to_string();
    Ok(Expect {
        policy,
        status,
        violations: list("violations")?,
        errors: list("errors")?,
        implemented: table.get("implemented").and_then(toml::Value::as_bool),
        enforced: table.get("enforced").and_then(toml::Value::as_bool),
    })
}

fn find_cases(dir: &Path, cases: &mut Vec<PathBuf>) -> Result<()> {
    if dir.join("expect.toml").is_file() {
        cases.push(dir.to_path_buf());
        return Ok(());
    }
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            find_cases(&path, cases)?;
        }
    }
    Ok(())
}

/// Run one case; the differences from its expectation.
fn run_case(case: &Path, config: Option<&Path>) -> Result<Vec<String>> {
    let expect = read_expect(case)?;
    let own = case.join("gatehouse.toml");
    let args = ScanArgs {
        path: case.to_path_buf(),
        config: config
            .map(Path::to_path_buf)
            .or_else(|| own.is_file().then_some(own)),
        fail_on: Some("none".to_string()),
        baseline: None,
        exceptions: None,
        only: Some(vec![gatehouse_facts::FAMILY.to_string()]),
        history: false,
        staged: false,
        shard: None,
        new_only: false,
        diff_base: None,
        db_dir: None,
        live: false,
        restore_test: false,
        dast_target: None,
    };
    let report = crate::scan::run(&args)?;
    let mut differences = Vec::new();
    let Some(row) = report.policies.iter().find(|p| p.id == expect.policy) else {
        bail!("{}: no policy `{}`", case.display(), expect.policy);
    };
    let status = row.status.to_string();
    if status != expect.status {
        differences.push(format!(
            "status {status} ({}), expected {}",
            row.reason.as_deref().unwrap_or("no reason"),
            expect.status
        ));
    }
    for (key, got, want) in [
        ("implemented", row.implemented, expect.implemented),
        ("enforced", row.enforced, expect.enforced),
    ] {
        if want.is_some() && got != want {
            differences.push(format!("{key} {got:?}, expected {want:?}"));
        }
    }
    let prefix = format!("{}.", expect.policy);
    let got: BTreeSet<String> = report
        .findings
        .iter()
        .filter(|f| f.rule_id.starts_with(&prefix))
        .map(|f| {
            format!(
                "{} {}:{}",
                f.rule_id, f.location.path, f.location.start_line
            )
        })
        .collect();
    for missing in expect.violations.difference(&got) {
        differences.push(format!("missing {missing}"));
    }
    for extra in got.difference(&expect.violations) {
        differences.push(format!("unexpected {extra}"));
    }
    let errors: BTreeSet<String> = report
        .errors
        .iter()
        .filter(|e| e.family.as_deref() == Some(gatehouse_facts::FAMILY))
        .map(|e| format!("{}:{}", e.path, e.line.unwrap_or(0)))
        .collect();
    if errors != expect.errors {
        differences.push(format!("errors {errors:?}, expected {:?}", expect.errors));
    }
    Ok(differences)
}

fn test(dir: &Path, config: Option<&Path>) -> Result<ExitCode> {
    let mut cases = Vec::new();
    find_cases(dir, &mut cases)?;
    cases.sort();
    if cases.is_empty() {
        bail!(
            "{}: no test case (a directory with an expect.toml)",
            dir.display()
        );
    }
    let mut failed = 0;
    for case in &cases {
        let shown = case.strip_prefix(dir).unwrap_or(case).display();
        match run_case(case, config) {
            Ok(differences) if differences.is_empty() => println!("ok    {shown}"),
            Ok(differences) => {
                failed += 1;
                println!("FAIL  {shown}");
                for d in differences {
                    println!("      {d}");
                }
            }
            Err(e) => {
                failed += 1;
                println!("FAIL  {shown}\n      {e:#}");
            }
        }
    }
    println!(
        "{} cases: {} passed, {failed} failed",
        cases.len(),
        cases.len() - failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
