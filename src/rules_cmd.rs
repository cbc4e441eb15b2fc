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
    eprintln!(
        "{} SAST rules ({} language variants), {} secret rules",
        by_id.len(),
        set.rules.len(),
        secrets.rules.len()
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
        writeln!(out, "\nmessage: {}", rule.message_template())?;
        writeln!(out, "\n{}", gatehouse_sast::help_text(rule))?;
        write_examples(&mut out, id, &builtin_sources())?;
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
    bail!("no rule `{id}` (see `gatehouse rules list`)")
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
