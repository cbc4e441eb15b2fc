//! The HTML report's view: the gate, charts (counts the template draws as inline SVG), the
//! matrix, and the findings grouped by policy, then file. One self-contained page: the styles
//! and the small filter script are inline, nothing is fetched when it opens.

use std::collections::BTreeMap;

use gatehouse_model::{Finding, Report, Severity, Status};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use crate::RenderError;
use crate::templates::{HTML, ending_in_newline, environment, open_by_family};

/// One bar of a chart.
#[derive(Serialize)]
struct Bar {
    label: String,
    count: usize,
    /// The CSS class that colours it (a severity or a status).
    class: String,
}

#[derive(Serialize)]
struct Chart {
    id: &'static str,
    title: &'static str,
    bars: Vec<Bar>,
    /// The longest bar's count (at least 1: the template divides by it).
    max: usize,
    total: usize,
}

impl Chart {
    fn new(id: &'static str, title: &'static str, bars: Vec<Bar>) -> Chart {
        let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
        let total = bars.iter().map(|b| b.count).sum();
        Chart {
            id,
            title,
            bars,
            max,
            total,
        }
    }
}

#[derive(Serialize)]
struct FileGroup<'a> {
    path: &'a str,
    open: usize,
    findings: Vec<&'a Finding>,
}

#[derive(Serialize)]
struct PolicyGroup<'a> {
    id: String,
    title: String,
    status: Option<Status>,
    open: usize,
    files: Vec<FileGroup<'a>>,
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Warn => "WARN",
        Status::Blocked => "BLOCKED",
        Status::Skipped => "SKIPPED",
        Status::NotApplicable => "NA",
    }
}

/// The findings grouped by their first policy (in the matrix's order, then policies the
/// matrix does not list by id, then findings of no policy), then by file (by path), each
/// file's findings by line.
fn groups(report: &Report) -> Vec<PolicyGroup<'_>> {
    let listed = report.policies.len();
    let mut by_policy: BTreeMap<(usize, &str), BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for f in &report.findings {
        let key = match f.policies.first() {
            Some(id) => (
                report
                    .policies
                    .iter()
                    .position(|p| &p.id == id)
                    .unwrap_or(listed),
                id.as_str(),
            ),
            None => (listed + 1, ""),
        };
        by_policy
            .entry(key)
            .or_default()
            .entry(f.location.path.as_str())
            .or_default()
            .push(f);
    }
    by_policy
        .into_iter()
        .map(|((at, id), files)| {
            let policy = report.policies.get(at);
            let files: Vec<FileGroup> = files
                .into_iter()
                .map(|(path, mut findings)| {
                    findings.sort_by_key(|f| (f.location.start_line, f.location.start_column));
                    FileGroup {
                        path,
                        open: findings.iter().filter(|f| !f.is_suppressed()).count(),
                        findings,
                    }
                })
                .collect();
            PolicyGroup {
                id: id.to_string(),
                title: match (policy, id) {
                    (Some(p), _) => p.title.clone(),
                    (None, "") => "Findings of no policy".to_string(),
                    (None, _) => String::new(),
                },
                status: policy.map(|p| p.status),
                open: files.iter().map(|f| f.open).sum(),
                files,
            }
        })
        .collect()
}

fn charts(report: &Report) -> Vec<Chart> {
    let counts = report.open_counts();
    let severity = Severity::DESCENDING
        .iter()
        .map(|&s| Bar {
            label: s.as_str().to_string(),
            count: usize::try_from(counts.get(s)).unwrap_or(usize::MAX),
            class: s.as_str().to_string(),
        })
        .collect();
    let family: Vec<Bar> = open_by_family(report)
        .into_iter()
        .map(|(label, count)| Bar {
            label,
            count,
            class: "family".to_string(),
        })
        .collect();
    let statuses = [
        Status::Fail,
        Status::Blocked,
        Status::Warn,
        Status::Pass,
        Status::Skipped,
        Status::NotApplicable,
    ];
    let status = statuses
        .iter()
        .map(|&s| Bar {
            label: match s {
                Status::NotApplicable => "N/A".to_string(),
                _ => status_class(s).to_string(),
            },
            count: report.policies.iter().filter(|p| p.status == s).count(),
            class: status_class(s).to_string(),
        })
        .collect();
    let mut charts = vec![
        Chart::new("severity", "Open findings by severity", severity),
        Chart::new("family", "Open findings by family", family),
        Chart::new("status", "Policies by status", status),
    ];
    // What the families that probe running systems probed (an audit's live half).
    let probed: Vec<Bar> = [
        ("dast", "requests"),
        ("signatures", "images"),
        ("live", "targets"),
    ]
    .iter()
    .filter_map(|(family, what)| {
        let stats = report.stats.get(*family).filter(|s| s.files > 0)?;
        Some(Bar {
            label: what.to_string(),
            count: usize::try_from(stats.files).unwrap_or(usize::MAX),
            class: "family".to_string(),
        })
    })
    .collect();
    if !probed.is_empty() {
        charts.push(Chart::new("probed", "What the audit probed", probed));
    }
    charts
}

pub fn render(report: &Report) -> Result<String, RenderError> {
    let tmpl = environment().get_template(HTML)?;
    let open = report.open_findings().count();
    let mut families: Vec<String> = report.findings.iter().map(|f| f.family.clone()).collect();
    families.sort_unstable();
    families.dedup();
    let severities: Vec<&str> = Severity::DESCENDING
        .iter()
        .filter(|s| report.findings.iter().any(|f| f.severity == **s))
        .map(|s| s.as_str())
        .collect();
    // Findings whose snippet is not one of their lines (a dependency's `name version`): shown
    // apart from the context.
    let snippet_apart: Vec<String> = report
        .findings
        .iter()
        .filter(|f| {
            let snippet = f.snippet.trim();
            !snippet.is_empty()
                && !f.context.is_empty()
                && !f.context.iter().any(|l| l.snippet.contains(snippet))
        })
        .map(|f| f.fingerprint.as_str().to_string())
        .collect();
    let out = tmpl.render(context! {
        snippet_apart => snippet_apart,
        run => Value::from(Serde(&report.run)),
        gate => Value::from(Serde(&report.gate)),
        let_through => report.let_through(),
        policies => Value::from(Serde(&report.policies)),
        findings_total => report.findings.len(),
        open_count => open,
        suppressed_count => report.findings.len() - open,
        new_marked => report.run.diff_base.is_some(),
        new_count => report.open_findings().filter(|f| f.new == Some(true)).count(),
        groups => Value::from(Serde(&groups(report))),
        charts => Value::from(Serde(&charts(report))),
        families => families,
        severities => severities,
        errors => Value::from(Serde(&report.errors)),
        stats => Value::from(Serde(&report.stats)),
        compliance => Value::from(Serde(&report.compliance)),
    })?;
    Ok(ending_in_newline(out))
}
