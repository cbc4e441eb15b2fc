//! `gatehouse render --trend DIR_OR_GLOB`: the trend over past JSON reports.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use gatehouse_report::Format;
use gatehouse_report::trend;

use crate::cli::OutputArgs;

/// The report files `pattern` names: a directory's `*.json` files, or the files a glob
/// (`audits/*.json`, `history/**/gatehouse-audit.json`) matches, sorted by path.
fn files(pattern: &str) -> Result<Vec<PathBuf>> {
    let path = Path::new(pattern);
    if path.is_dir() {
        let mut out: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("--trend: cannot read {pattern}"))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        out.sort();
        return Ok(out);
    }
    if !pattern.contains(['*', '?', '[', '{']) {
        bail!("--trend {pattern}: no such directory, and not a glob");
    }
    let matcher = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .with_context(|| format!("--trend {pattern}"))?
        .compile_matcher();
    // Walk from the longest leading part without a wildcard.
    let base: PathBuf = path
        .components()
        .take_while(|c| {
            !c.as_os_str()
                .to_string_lossy()
                .contains(['*', '?', '[', '{'])
        })
        .collect();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut out = Vec::new();
    let mut pending = vec![base];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let shown = p.strip_prefix("./").unwrap_or(&p);
            if p.is_dir() {
                pending.push(p);
            } else if matcher.is_match(shown) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn run(pattern: &str, args: &OutputArgs, targets: &[(Format, String)]) -> Result<()> {
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for file in files(pattern)? {
        match crate::read_report(&file) {
            Ok(report) => reports.push((file.display().to_string(), report)),
            Err(e) => {
                eprintln!("gatehouse: --trend: left out: {e:#}");
                problems.push(format!("{e:#}"));
            }
        }
    }
    if reports.is_empty() {
        bail!("--trend {pattern}: no gatehouse JSON report found");
    }
    let trend = trend::build(reports, problems);
    let render = |format: Format| -> Result<String> {
        match format {
            Format::Html => Ok(trend::render_html(&trend)?),
            Format::Json => Ok(trend::render_json(&trend)?),
            Format::Table => Ok(trend::render_text(&trend)),
            other => bail!("--trend renders html, json or table, not {other}"),
        }
    };
    for (format, path) in targets {
        let text = render(*format)?;
        std::fs::write(path, text).with_context(|| format!("cannot write {path}"))?;
    }
    if args.format != "none" {
        let format: Format = args.format.parse().map_err(anyhow::Error::msg)?;
        crate::write_stdout(&render(format)?)?;
    }
    Ok(())
}
