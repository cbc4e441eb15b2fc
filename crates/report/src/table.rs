//! The terminal view: the policy matrix, the open findings, problems, and the gate line.
//! ANSI colour only when asked (the binary asks when stdout is a terminal and NO_COLOR is unset).

use std::fmt::Write;

use gatehouse_model::{Report, Severity, Status, count_of};

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn status(&self, status: Status, width: usize) -> String {
        let text = format!("{:<width$}", status.as_str());
        let code = match status {
            Status::Pass => "32",
            Status::Fail => "1;31",
            Status::Warn => "33",
            Status::Blocked => "35",
            Status::Skipped | Status::NotApplicable => "2",
        };
        self.wrap(code, &text)
    }

    fn severity(&self, severity: Severity, width: usize) -> String {
        let text = format!("{:<width$}", severity.as_str().to_uppercase());
        let code = match severity {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.wrap(code, &text)
    }
}

/// Implemented / Enforced: yes, no, or `-` (not determined by this run).
fn mark(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    }
}

pub fn render(report: &Report, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let title_width = report
        .policies
        .iter()
        .map(|p| p.id.len() + 1 + p.title.chars().count())
        .max()
        .unwrap_or(10)
        .max(6);
    let _ = writeln!(
        out,
        "{:<title_width$}  {:<7}  {:<3} {:<3}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  REASON",
        "POLICY", "STATUS", "IMP", "ENF", "CRIT", "HIGH", "MED", "LOW", "INFO", "SUPP"
    );
    for p in &report.policies {
        let name = format!("{} {}", p.id, p.title);
        let c = &p.counts;
        let _ = writeln!(
            out,
            "{:<title_width$}  {}  {:<3} {:<3}  {:>4} {:>4} {:>4} {:>4} {:>4} {:>4}  {}",
            name,
            paint.status(p.status, 7),
            mark(p.implemented),
            mark(p.enforced),
            dot(c.critical),
            dot(c.high),
            dot(c.medium),
            dot(c.low),
            dot(c.info),
            dot(c.suppressed),
            p.reason.as_deref().unwrap_or("")
        );
    }
    if let Some(compliance) = &report.compliance {
        let _ = writeln!(out, "\n{} by control", compliance.name);
        let width = compliance
            .controls
            .iter()
            .map(|c| c.id.len())
            .max()
            .unwrap_or(7)
            .max(7);
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {:<15}  TITLE",
            "CONTROL", "STATUS", "POLICIES"
        );
        for c in &compliance.controls {
            let _ = writeln!(
                out,
                "{:<width$}  {}  {:<15}  {}",
                c.id,
                paint.status(c.status, 7),
                c.policies.join(","),
                c.title
            );
        }
    }

    let open: Vec<_> = report.open_findings().collect();
    let suppressed = report.findings.len() - open.len();
    let new = match &report.run.diff_base {
        Some(base) => format!(
            ", {} new since {base} (only new ones gate)",
            open.iter().filter(|f| f.new == Some(true)).count()
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "\nFINDINGS: {} open, {} suppressed{new}",
        open.len(),
        suppressed
    );
    for f in &open {
        let commit = f
            .location
            .commit
            .as_deref()
            .map(|c| format!(" @ {}", c.get(..12).unwrap_or(c)))
            .unwrap_or_default();
        let new = if f.new == Some(true) { "  NEW" } else { "" };
        let _ = writeln!(
            out,
            "  {} {}:{}:{}{}  {}{new}",
            paint.severity(f.severity, 8),
            f.location.path,
            f.location.start_line,
            f.location.start_column,
            commit,
            paint.wrap("1", &f.rule_id)
        );
        let _ = writeln!(out, "           {}", f.title);
        if !f.snippet.is_empty() {
            let _ = writeln!(out, "           {}", paint.wrap("2", &f.snippet));
        }
        if f.trace.len() > 1 {
            let lines: Vec<String> = f.trace.iter().map(|s| s.line.to_string()).collect();
            let _ = writeln!(out, "           data flow: lines {}", lines.join(" → "));
        }
        if let Some(fix) = f.fix.as_deref().and_then(|fix| fix.lines().next()) {
            let _ = writeln!(out, "           fix: {fix}");
        }
    }

    if !report.errors.is_empty() {
        let _ = writeln!(out, "\nPROBLEMS: {}", report.errors.len());
        for e in &report.errors {
            let at = match e.line {
                Some(line) => format!("{}:{line}", e.path),
                None => e.path.clone(),
            };
            let _ = writeln!(out, "  {at}: {}", e.message);
        }
    }

    let files = report.stats.get("discovery").map_or(0, |s| s.files);
    let verdict = if report.gate.passed {
        paint.wrap("1;32", "PASSED")
    } else {
        paint.wrap("1;31", "FAILED")
    };
    let let_through = match report.let_through() {
        Some(what) if report.gate.passed => format!(" — {what}: see the matrix"),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "\ngate {verdict} (fail-on {}) · {} · {} ms{let_through}",
        report.gate.fail_on.as_str(),
        count_of(files, "file"),
        report.run.duration_ms
    );
    for reason in &report.gate.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    for note in &report.gate.notes {
        let _ = writeln!(out, "  · {note}");
    }
    out
}

fn dot(n: u64) -> String {
    if n == 0 {
        ".".to_string()
    } else {
        n.to_string()
    }
}
