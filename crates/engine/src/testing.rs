//! What the engine's unit tests share: a finding to start from.

use gatehouse_model::{Confidence, Finding, Fingerprint, Location, Severity};

/// A high secrets finding of `rule` at `path:line`, feeding P02, open; tests change what they
/// need with struct update syntax.
pub fn finding(rule: &str, path: &str, line: u32) -> Finding {
    Finding {
        rule_id: rule.into(),
        family: "secrets".into(),
        severity: Severity::High,
        confidence: Confidence::High,
        title: "t".into(),
        message: "m".into(),
        location: Location {
            path: path.into(),
            start_line: line,
            start_column: 1,
            end_line: line,
            end_column: 2,
            commit: None,
        },
        snippet: String::new(),
        fingerprint: Fingerprint::compute(rule, path, "x", None),
        policies: vec!["P02".into()],
        cwe: vec![],
        aliases: vec![],
        help: None,
        fix: None,
        suppressed: None,
        new: None,
        trace: Vec::new(),
        context: Vec::new(),
    }
}
