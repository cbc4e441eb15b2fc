//! `gatehouse rules list|test|explain`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use gatehouse_sast::lang::LANGUAGES;
use gatehouse_sast::rules::{RuleSource, builtin_sources, sources_in};
use gatehouse_sast::testing::{EXPECT_MARKER, OK_MARKER};
use gatehouse_sast::{RuleSet, SastRule};

use crate::cli::RulesCommand;

pub fn run(command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::List => list(),
        RulesCommand::Test { dir } => {
            let sources = match &dir {
                Some(dir) => sources_in(dir)
                    .with_context(|| format!("cannot read rules in {}", dir.display()))?,
                None => builtin_sources(),
            };
            test(&sources)
        }
        RulesCommand::Explain { id } => explain(&id),
    }
}

/// SAST rules grouped by id: (first variant, languages).
fn grouped(set: &RuleSet) -> BTreeMap<&str, (&SastRule, Vec<&'static str>)> {
    let mut by_id: BTreeMap<&str, (&SastRule, Vec<&'static str>)> = BTreeMap::new();
    for rule in &set.rules {
        by_id
            .entry(rule.id.as_str())
            .or_insert_with(|| (rule, Vec::new()))
            .1
            .push(LANGUAGES[rule.language].name);
    }
    by_id
}

fn list() -> Result<ExitCode> {
    let set = RuleSet::builtin()?;
    let by_id = grouped(&set);
    let mut out = String::new();
    writeln!(
        out,
        "{:<48} {:<8} {:<9} {:<28} TITLE",
        "RULE", "FAMILY", "SEVERITY", "LANGUAGES / CWE"
    )?;
    for (id, (rule, langs)) in &by_id {
        writeln!(
            out,
            "{:<48} {:<8} {:<9} {:<28} {}",
            id,
            "sast",
            rule.severity,
            format!("{} {}", langs.join(","), rule.cwe.join(",")),
            rule.title
        )?;
    }
    let secrets = gatehouse_secrets::RuleSet::builtin()?;
    for rule in &secrets.rules {
        writeln!(
            out,
            "{:<48} {:<8} {:<9} {:<28} {}",
            rule.id, "secrets", rule.severity, "CWE-798", rule.title
        )?;
    }
    for rule in gatehouse_dast::rules::RULES {
        writeln!(
            out,
            "{:<48} {:<8} {:<9} {:<28} {}",
            rule.id, "dast", rule.severity, rule.cwe, rule.title
        )?;
    }
    eprintln!(
        "{} SAST rules ({} language variants), {} secret rules, {} DAST rules",
        by_id.len(),
        set.rules.len(),
        secrets.rules.len(),
        gatehouse_dast::rules::RULES.len()
    );
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn test(sources: &[RuleSource]) -> Result<ExitCode> {
    if sources.is_empty() {
        bail!("no rule files (*.yml) found");
    }
    let results = gatehouse_sast::testing::run(sources)?;
    let mut out = String::new();
    let mut failed = 0;
    for result in &results {
        if result.passed() {
            writeln!(
                out,
                "PASS {} ({} expect, {} ok)",
                result.id, result.positives, result.negatives
            )?;
        } else {
            failed += 1;
            writeln!(out, "FAIL {}", result.id)?;
            for failure in &result.failures {
                writeln!(out, "     {failure}")?;
            }
        }
    }
    writeln!(out, "{} passed, {} failed", results.len() - failed, failed)?;
    crate::write_stdout(&out)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn explain(id: &str) -> Result<ExitCode> {
    let set = RuleSet::builtin()?;
    let mut out = String::new();
    if let Some((rule, langs)) = grouped(&set).get(id) {
        writeln!(out, "{id}: {}", rule.title)?;
        writeln!(out, "  family:     sast")?;
        writeln!(out, "  languages:  {}", langs.join(", "))?;
        writeln!(
            out,
            "  severity:   {} (confidence {})",
            rule.severity,
            rule.confidence.as_str()
        )?;
        writeln!(out, "  policies:   {}", rule.policies.join(", "))?;
        if !rule.cwe.is_empty() {
            writeln!(out, "  cwe:        {}", rule.cwe.join(", "))?;
        }
        if !rule.owasp.is_empty() {
            writeln!(out, "  owasp:      {}", rule.owasp.join(", "))?;
        }
        writeln!(out, "  defined in: {}:{}", rule.origin.0, rule.origin.1)?;
        let template = rule.message_template();
        let sources = builtin_sources();
        match gatehouse_sast::testing::example_message(id, &sources) {
            Some(example) if example != template => {
                writeln!(out, "\nmessage: {example}")?;
                writeln!(
                    out,
                    "         (on its first example; {} filled in from the matched code)",
                    metavariables(template)
                )?;
            }
            _ => writeln!(out, "\nmessage: {template}")?,
        }
        writeln!(out, "\n{}", gatehouse_sast::help_text(rule))?;
        write_examples(&mut out, id, &sources)?;
        crate::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let secrets = gatehouse_secrets::RuleSet::builtin()?;
    if let Some(rule) = secrets.rules.iter().find(|r| r.id == id) {
        writeln!(out, "{id}: {}", rule.title)?;
        writeln!(out, "  family:     secrets")?;
        writeln!(
            out,
            "  severity:   {} (confidence {})",
            rule.severity,
            rule.confidence.as_str()
        )?;
        writeln!(out, "  policies:   P02")?;
        writeln!(out, "  cwe:        CWE-798")?;
        writeln!(out, "  keywords:   {}", rule.keywords.join(", "))?;
        writeln!(out, "\n{}", rule.help)?;
        crate::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(rule) = gatehouse_dast::rules::rule(id) {
        writeln!(out, "{id}: {}", rule.title)?;
        writeln!(out, "  family:     dast (gatehouse audit --target URL)")?;
        writeln!(out, "  severity:   {}", rule.severity)?;
        writeln!(out, "  policies:   P11")?;
        writeln!(out, "  cwe:        {}", rule.cwe)?;
        writeln!(out, "  zap:        {}", rule.zap)?;
        writeln!(out, "\n{}", rule.help)?;
        crate::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(policy) = policy_of_rule(id) {
        // A rule of the policy checklist: its row of the policy's specification.
        let title = gatehouse_engine::policy::catalog()
            .iter()
            .find(|p| p.id == policy)
            .map_or("", |p| p.title.as_str());
        writeln!(
            out,
            "{id}: a rule of the policy checklist, {policy} {title}"
        )?;
        writeln!(out, "  family:     policies")?;
        if let Some((level, when, line)) = crate::policies_cmd::rule_row(policy, id) {
            let severity = match level.as_str() {
                "critical" => "critical: fails the policy whatever --fail-on",
                "fail" => "high: fails the policy whatever --fail-on",
                _ => "medium: warns, fails the policy at --fail-on medium or lower",
            };
            writeln!(out, "  level:      {level} (finding severity {severity})")?;
            writeln!(out, "  points at:  {line}")?;
            writeln!(
                out,
                "
when: {when}"
            )?;
        }
        writeln!(
            out,
            "
`gatehouse policies explain {policy}` explains the whole policy, its other rules \
             and the controls it maps to."
        )?;
        crate::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    bail!(
        "no rule `{id}` (see `gatehouse rules list`, and `gatehouse policies list` for the policy checklist's rules)"
    )
}

/// The policy a checklist rule id belongs to (`P08.script-injection` → P08), when a built-in
/// policy reports it.
fn policy_of_rule(id: &str) -> Option<&'static str> {
    let (policy, _) = id.split_once('.')?;
    gatehouse_engine::policy::catalog()
        .iter()
        .map(|p| p.id.as_str())
        .find(|p| *p == policy)
        .filter(|p| {
            crate::policies_cmd::builtin_rules(p)
                .iter()
                .any(|(rule, _)| rule == id)
        })
}

/// The metavariables of a message template, for saying where they come from: "`$FN` is",
/// "`$A` and `$B` are".
fn metavariables(template: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (at, _) in template.match_indices('$') {
        let name = &template[at..];
        let end = name[1..]
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .map_or(name.len(), |i| i + 1);
        if end > 1 && !names.contains(&&name[..end]) {
            names.push(&name[..end]);
        }
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => "the message is".to_string(),
        1 => format!("{} is", quoted[0]),
        _ => format!("{} are", quoted.join(" and ")),
    }
}

/// The lines marked for this rule in its test files.
fn write_examples(out: &mut String, id: &str, sources: &[RuleSource]) -> std::fmt::Result {
    for source in sources {
        for (path, text) in &source.tests {
            let lines: Vec<&str> = text.lines().collect();
            let mut shown = Vec::new();
            for (i, line) in lines.iter().enumerate() {
                for (marker, label) in [(EXPECT_MARKER, "finding"), (OK_MARKER, "no finding")] {
                    if line.contains(marker)
                        && line.split(marker).nth(1).map(str::trim) == Some(id)
                        && let Some(next) = lines.get(i + 1)
                    {
                        shown.push(format!("  {label:<10} | {}", next.trim()));
                    }
                }
            }
            if !shown.is_empty() {
                writeln!(out, "\nexamples ({path}):")?;
                for line in shown {
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}
