//! Findings on the lines of the diff: a check run with annotations (sent 50 at a time, as the
//! Checks API takes them), or, where the token may not create check runs, `::error` and
//! `::warning` workflow commands for the top findings.

use gatehouse_model::{Finding, Report, Severity};
use serde_json::{Value, json};

use crate::api::{Api, ApiError};

/// The Checks API takes at most 50 annotations per request.
pub const BATCH: usize = 50;
/// The most annotations one check run gets.
pub const MAX_ANNOTATIONS: usize = 1000;
/// GitHub shows 10 error and 10 warning annotations from the commands of one step.
pub const MAX_COMMANDS: usize = 10;

/// The open findings that can be pinned to a line of the checked-out tree, most severe first
/// (findings of the git history point at other commits, so they are left to the comment).
pub fn annotatable(report: &Report) -> Vec<&Finding> {
    let mut findings = report.open_by_attention();
    findings.retain(|f| f.location.commit.is_none() && !f.location.path.is_empty());
    findings
}

/// `failure` at or above the gate's threshold, `warning` for medium, else `notice`.
fn level(report: &Report, finding: &Finding) -> &'static str {
    match report.gate.fail_on.threshold() {
        Some(threshold) if finding.severity >= threshold => "failure",
        _ if finding.severity >= Severity::Medium => "warning",
        _ => "notice",
    }
}

fn annotation(report: &Report, f: &Finding) -> Value {
    let start = f.location.start_line.max(1);
    let end = f.location.end_line.max(start);
    let mut a = json!({
        "path": f.location.path,
        "start_line": start,
        "end_line": end,
        "annotation_level": level(report, f),
        "title": truncate(&title(f), 255),
        "message": truncate(&f.message, 64 * 1024),
    });
    // Columns only on one line, as the API requires.
    if start == end
        && f.location.start_column > 0
        && f.location.end_column >= f.location.start_column
    {
        a["start_column"] = json!(f.location.start_column);
        a["end_column"] = json!(f.location.end_column);
    }
    if !f.snippet.is_empty() {
        a["raw_details"] = json!(truncate(&f.snippet, 64 * 1024));
    }
    a
}

/// `CRITICAL github-pat-classic: GitHub personal access token (classic)`.
fn title(f: &Finding) -> String {
    format!(
        "{} {}: {}",
        f.severity.as_str().to_uppercase(),
        f.rule_id,
        f.title
    )
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// What the check run got.
pub struct CheckRun {
    pub url: Option<String>,
    pub annotations: usize,
    pub left_out: usize,
}

/// Create a completed check run for `sha` with the matrix as its summary and the findings as
/// annotations: the first 50 with the creation, the rest by updates of 50.
pub fn create_check_run(
    api: &Api,
    repo_path: &str,
    sha: &str,
    name: &str,
    report: &Report,
    summary: &str,
) -> Result<CheckRun, ApiError> {
    let findings = annotatable(report);
    let sent: Vec<Value> = findings
        .iter()
        .take(MAX_ANNOTATIONS)
        .map(|f| annotation(report, f))
        .collect();
    let title = if report.gate.passed {
        "gate passed".to_string()
    } else {
        format!("gate failed: {}", report.gate.reasons.join("; "))
    };
    let title = truncate(&title, 255);
    let output = |batch: &[Value]| {
        json!({
            "title": title,
            "summary": summary,
            "annotations": batch,
        })
    };
    let mut batches = sent.chunks(BATCH);
    let first = batches.next().unwrap_or(&[]);
    let created = api.post(
        &format!("{repo_path}/check-runs"),
        &json!({
            "name": name,
            "head_sha": sha,
            "status": "completed",
            "conclusion": if report.gate.passed { "success" } else { "failure" },
            "output": output(first),
        }),
    )?;
    let id = created
        .body
        .get("id")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::Setup("the created check run has no id".into()))?;
    for batch in batches {
        api.patch(
            &format!("{repo_path}/check-runs/{id}"),
            &json!({ "output": output(batch) }),
        )?;
    }
    Ok(CheckRun {
        url: created
            .body
            .get("html_url")
            .and_then(Value::as_str)
            .map(str::to_string),
        annotations: sent.len(),
        left_out: findings.len() - sent.len(),
    })
}

/// `::error file=…,line=…::message` lines for the top findings: up to 10 at or above the
/// threshold as errors, up to 10 others as warnings (what GitHub shows of one step).
pub fn workflow_commands(report: &Report) -> Vec<String> {
    let (mut errors, mut warnings) = (0, 0);
    let mut lines = Vec::new();
    for f in annotatable(report) {
        let command = if level(report, f) == "failure" {
            errors += 1;
            if errors > MAX_COMMANDS {
                continue;
            }
            "error"
        } else {
            warnings += 1;
            if warnings > MAX_COMMANDS {
                continue;
            }
            "warning"
        };
        let start = f.location.start_line.max(1);
        let end = f.location.end_line.max(start);
        lines.push(format!(
            "::{command} file={},line={start},endLine={end},title={}::{}",
            escape_property(&f.location.path),
            escape_property(&title(f)),
            escape_data(&f.message),
        ));
    }
    let shown = errors.min(MAX_COMMANDS) + warnings.min(MAX_COMMANDS);
    if errors + warnings > shown {
        lines.push(format!(
            "::notice::gatehouse: {} more finding(s) are not annotated; the job summary and the report have them all",
            errors + warnings - shown
        ));
    }
    lines
}

/// A workflow command's message: `%`, CR and LF escaped, as the runner's toolkit does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_cannot_be_broken_out_of() {
        assert_eq!(
            escape_property("a,b:c%\n::error::x"),
            "a%2Cb%3Ac%25%0A%3A%3Aerror%3A%3Ax"
        );
        assert_eq!(
            escape_data("50%\r\n::set-output"),
            "50%25%0D%0A::set-output"
        );
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
