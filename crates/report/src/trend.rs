//! The trend over past reports (the weekly audits): open findings by severity per audit, each
//! policy's status per audit, and what appeared and what was fixed since the previous audit (by
//! fingerprint). Rendered as one self-contained HTML page, or as JSON.

use std::collections::BTreeSet;

use gatehouse_model::{Finding, Report, Severity, Status};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::RenderError;
use crate::templates::{TREND, ending_in_newline, environment};

/// One past report, as the trend shows it.
#[derive(Serialize)]
pub struct Point {
    /// Where it was read from (the file name).
    pub source: String,
    pub started: String,
    pub commit: Option<String>,
    pub gate_passed: bool,
    /// Open findings per severity, most severe first (`Severity::DESCENDING`).
    pub open: [usize; 5],
    pub open_total: usize,
}

/// A policy's status in each report (None: the report has no such policy).
#[derive(Serialize)]
pub struct PolicyRow {
    pub id: String,
    pub title: String,
    pub statuses: Vec<Option<Status>>,
}

/// A finding that appeared or was fixed.
#[derive(Serialize)]
pub struct Change {
    pub severity: Severity,
    pub rule_id: String,
    pub title: String,
    pub family: String,
    pub path: String,
    pub line: u32,
}

impl Change {
    fn of(f: &Finding) -> Change {
        Change {
            severity: f.severity,
            rule_id: f.rule_id.clone(),
            title: f.title.clone(),
            family: f.family.clone(),
            path: f.location.path.clone(),
            line: f.location.start_line,
        }
    }
}

/// A drawn rectangle of the stacked chart (SVG user units).
#[derive(Serialize)]
struct Rect {
    x: usize,
    y: usize,
    width: usize,
    height: usize,
    class: &'static str,
    title: String,
}

#[derive(Serialize)]
pub struct Trend {
    pub points: Vec<Point>,
    pub policies: Vec<PolicyRow>,
    /// Open in the latest report, not in the one before (empty with one report).
    pub appeared: Vec<Change>,
    /// Open in the report before the latest, not in the latest.
    pub fixed: Vec<Change>,
    /// Files that could not be read as reports, with why (they are left out).
    pub problems: Vec<String>,
}

/// The trend of `reports` (source name, report), in the order they ran.
pub fn build(mut reports: Vec<(String, Report)>, problems: Vec<String>) -> Trend {
    reports.sort_by(|a, b| a.1.run.started.cmp(&b.1.run.started).then(a.0.cmp(&b.0)));
    let points = reports
        .iter()
        .map(|(source, r)| {
            let counts = r.open_counts();
            let open =
                Severity::DESCENDING.map(|s| usize::try_from(counts.get(s)).unwrap_or(usize::MAX));
            Point {
                source: source.clone(),
                started: r.run.started.clone(),
                commit: r.run.commit.clone(),
                gate_passed: r.gate.passed,
                open,
                open_total: open.iter().sum(),
            }
        })
        .collect();
    // Every policy any report lists, in the order the latest lists them, then the others.
    let mut ids: Vec<(String, String)> = Vec::new();
    for (_, r) in reports.iter().rev() {
        for p in &r.policies {
            if !ids.iter().any(|(id, _)| *id == p.id) {
                ids.push((p.id.clone(), p.title.clone()));
            }
        }
    }
    let policies = ids
        .into_iter()
        .map(|(id, title)| PolicyRow {
            statuses: reports
                .iter()
                .map(|(_, r)| r.policies.iter().find(|p| p.id == id).map(|p| p.status))
                .collect(),
            id,
            title,
        })
        .collect();
    let (appeared, fixed) = match reports.as_slice() {
        [.., (_, previous), (_, latest)] => (changes(latest, previous), changes(previous, latest)),
        _ => (Vec::new(), Vec::new()),
    };
    Trend {
        points,
        policies,
        appeared,
        fixed,
        problems,
    }
}

/// The open findings of `these` whose fingerprint is not open in `those`, most severe first.
fn changes(these: &Report, those: &Report) -> Vec<Change> {
    let known: BTreeSet<&str> = those
        .open_findings()
        .map(|f| f.fingerprint.as_str())
        .collect();
    let mut out: Vec<Change> = these
        .open_findings()
        .filter(|f| !known.contains(f.fingerprint.as_str()))
        .map(Change::of)
        .collect();
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.path.cmp(&b.path))
            .then(a.line.cmp(&b.line))
    });
    out
}

const CHART_HEIGHT: usize = 160;
const CHART_WIDTH: usize = 640;

/// The stacked bars: one per report, its severities from the bottom (critical lowest).
fn bars(trend: &Trend) -> (Vec<Rect>, usize, usize) {
    let n = trend.points.len().max(1);
    let slot = (CHART_WIDTH / n).clamp(8, 80);
    let max = trend
        .points
        .iter()
        .map(|p| p.open_total)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut rects = Vec::new();
    for (i, p) in trend.points.iter().enumerate() {
        let mut top = CHART_HEIGHT;
        for (s, count) in Severity::DESCENDING.iter().zip(p.open) {
            if count == 0 {
                continue;
            }
            let height = (count * CHART_HEIGHT).div_ceil(max).max(1);
            top = top.saturating_sub(height);
            rects.push(Rect {
                x: i * slot + 2,
                y: top,
                width: slot.saturating_sub(4).max(2),
                height,
                class: s.as_str(),
                title: format!("{}: {count} {}", p.started, s.as_str()),
            });
        }
    }
    (rects, slot * n, max)
}

pub fn render_html(trend: &Trend) -> Result<String, RenderError> {
    let tmpl = environment().get_template(TREND)?;
    let (rects, width, max) = bars(trend);
    let severities: Vec<&str> = Severity::DESCENDING.iter().map(|s| s.as_str()).collect();
    let out = tmpl.render(context! {
        trend => Value::from(Serde(trend)),
        rects => Value::from(Serde(&rects)),
        chart_width => width,
        chart_height => CHART_HEIGHT,
        chart_max => max,
        severities => severities,
    })?;
    Ok(ending_in_newline(out))
}

pub fn render_json(trend: &Trend) -> Result<String, RenderError> {
    let mut out = serde_json::to_string_pretty(trend)?;
    out.push('\n');
    Ok(out)
}

/// One line per audit, newest last: when, the gate, the open findings by severity.
pub fn render_text(trend: &Trend) -> String {
    let mut out = String::new();
    for p in &trend.points {
        let counts: Vec<String> = Severity::DESCENDING
            .iter()
            .zip(p.open)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", s.as_str()))
            .collect();
        out.push_str(&format!(
            "{}  gate {:6}  {} open{}  {}\n",
            p.started,
            if p.gate_passed { "passed" } else { "failed" },
            p.open_total,
            if counts.is_empty() {
                String::new()
            } else {
                format!(" ({})", counts.join(", "))
            },
            p.source
        ));
    }
    if trend.points.len() >= 2 {
        out.push_str(&format!(
            "since the audit before: {} appeared, {} fixed\n",
            trend.appeared.len(),
            trend.fixed.len()
        ));
    }
    for problem in &trend.problems {
        out.push_str(&format!("left out: {problem}\n"));
    }
    out
}
