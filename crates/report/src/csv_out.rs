//! CSV: one row per finding (suppressed ones included, marked), for spreadsheets and BI tools;
//! with `--framework`, one row per control of that framework instead (the compliance matrix).
//! Cells that a spreadsheet would run as a formula are prefixed with `'`.

use gatehouse_model::{Compliance, Report};

use crate::RenderError;

const HEADER: [&str; 18] = [
    "severity",
    "rule_id",
    "family",
    "title",
    "path",
    "start_line",
    "start_column",
    "end_line",
    "end_column",
    "commit",
    "message",
    "snippet",
    "fingerprint",
    "policies",
    "cwe",
    "confidence",
    "suppressed",
    "suppression_reason",
];

pub fn render(report: &Report) -> Result<String, RenderError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    match &report.compliance {
        Some(compliance) => controls(&mut writer, report, compliance)?,
        None => findings(&mut writer, report)?,
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| RenderError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| RenderError::Csv(e.to_string()))
}

/// The control matrix of `--framework`: a row per control.
fn controls(
    writer: &mut csv::Writer<Vec<u8>>,
    report: &Report,
    compliance: &Compliance,
) -> Result<(), RenderError> {
    let fail = |e: csv::Error| RenderError::Csv(e.to_string());
    writer
        .write_record([
            "framework",
            "control",
            "title",
            "status",
            "policies",
            "policy_statuses",
        ])
        .map_err(fail)?;
    for control in &compliance.controls {
        let statuses: Vec<String> = control
            .policies
            .iter()
            .filter_map(|id| report.policies.iter().find(|p| &p.id == id))
            .map(|p| format!("{}={}", p.id, p.status))
            .collect();
        let row = [
            compliance.name.clone(),
            control.id.clone(),
            control.title.clone(),
            control.status.to_string(),
            control.policies.join(" "),
            statuses.join(" "),
        ];
        writer
            .write_record(row.iter().map(|cell| defuse(cell)))
            .map_err(fail)?;
    }
    Ok(())
}

/// A row per finding.
fn findings(writer: &mut csv::Writer<Vec<u8>>, report: &Report) -> Result<(), RenderError> {
    let fail = |e: csv::Error| RenderError::Csv(e.to_string());
    writer.write_record(HEADER).map_err(fail)?;
    for f in &report.findings {
        let row = [
            f.severity.as_str().to_string(),
            f.rule_id.clone(),
            f.family.clone(),
            f.title.clone(),
            f.location.path.clone(),
            f.location.start_line.to_string(),
            f.location.start_column.to_string(),
            f.location.end_line.to_string(),
            f.location.end_column.to_string(),
            f.location.commit.clone().unwrap_or_default(),
            f.message.clone(),
            f.snippet.clone(),
            f.fingerprint.to_string(),
            f.policies.join(" "),
            f.cwe.join(" "),
            f.confidence.as_str().to_string(),
            f.suppressed
                .as_ref()
                .map_or(String::new(), |s| s.kind.as_str().to_string()),
            f.suppressed
                .as_ref()
                .and_then(|s| s.reason.clone())
                .unwrap_or_default(),
        ];
        writer
            .write_record(row.iter().map(|cell| defuse(cell)))
            .map_err(fail)?;
    }
    Ok(())
}

/// Neutralise spreadsheet formula injection (CWE-1236).
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("-----BEGIN"), "'-----BEGIN");
        assert_eq!(defuse("plain"), "plain");
    }
}
