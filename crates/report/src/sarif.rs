//! SARIF 2.1.0: one run, rule metadata in `tool.driver.rules`, `partialFingerprints`, severity as
//! `level` plus `properties.security-severity` (read by GitHub code scanning), suppressed
//! findings with `suppressions`, and run problems as tool execution notifications.

use std::collections::BTreeMap;

use gatehouse_model::{Finding, Report, SuppressionKind};
use serde_json::{Value, json};

use crate::RenderError;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/gatehouse-dev/gatehouse";

pub fn render(report: &Report) -> Result<String, RenderError> {
    // Rule metadata from the findings themselves; the most severe finding of a rule sets its
    // default level.
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for finding in &report.findings {
        rules
            .entry(finding.rule_id.as_str())
            .and_modify(|f| {
                if finding.severity > f.severity {
                    *f = finding;
                }
            })
            .or_insert(finding);
    }
    let rule_index: BTreeMap<&str, usize> =
        rules.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules_json: Vec<Value> = rules
        .values()
        .map(|f| {
            let mut tags = vec![Value::from("security"), Value::from(f.family.as_str())];
            tags.extend(f.cwe.iter().map(|c| Value::from(c.as_str())));
            let help = f.help.clone().unwrap_or_else(|| f.title.clone());
            json!({
                "id": f.rule_id,
                "name": f.title,
                "shortDescription": { "text": f.title },
                "fullDescription": { "text": f.title },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": { "level": f.severity.sarif_level() },
                "properties": {
                    "tags": tags,
                    "precision": f.confidence.as_str(),
                    "security-severity": f.severity.security_severity(),
                    "problem.severity": f.severity.sarif_level(),
                    "policies": f.policies,
                }
            })
        })
        .collect();

    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule_id,
                "ruleIndex": rule_index.get(f.rule_id.as_str()).copied().unwrap_or(0),
                "level": f.severity.sarif_level(),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&f.location.path),
                        "region": {
                            "startLine": f.location.start_line.max(1),
                            "startColumn": f.location.start_column.max(1),
                            "endLine": f.location.end_line.max(f.location.start_line).max(1),
                            "endColumn": f.location.end_column.max(1),
                            "snippet": { "text": f.snippet },
                        }
                    }
                }],
                "partialFingerprints": { "gatehouse/v1": f.fingerprint.as_str() },
                "properties": {
                    "severity": f.severity.as_str(),
                    "confidence": f.confidence.as_str(),
                    "family": f.family,
                    "policies": f.policies,
                    "security-severity": f.severity.security_severity(),
                }
            });
            // The lines around it (redacted), as SARIF's context region: only where they hold the
            // whole region and more (SARIF asks a proper superset; a long finding's context is its
            // first lines).
            let (start, end) = (
                f.location.start_line,
                f.location.end_line.max(f.location.start_line),
            );
            if let (Some(first), Some(last)) = (f.context.first(), f.context.last())
                && first.line <= start
                && last.line >= end
                && (first.line < start || last.line > end)
            {
                let text: Vec<&str> = f.context.iter().map(|l| l.snippet.as_str()).collect();
                result["locations"][0]["physicalLocation"]["contextRegion"] = json!({
                    "startLine": first.line.max(1),
                    "endLine": last.line.max(first.line).max(1),
                    "snippet": { "text": text.join("\n") },
                });
            }
            // A data-flow finding's path, source to sink, as one thread flow.
            if !f.trace.is_empty() {
                let last = f.trace.len() - 1;
                let steps: Vec<Value> = f
                    .trace
                    .iter()
                    .enumerate()
                    .map(|(i, step)| {
                        let what = match i {
                            0 => "source",
                            i if i == last => "sink",
                            _ => "step",
                        };
                        json!({
                            "location": {
                                "physicalLocation": {
                                    "artifactLocation": artifact_location(&f.location.path),
                                    "region": {
                                        "startLine": step.line.max(1),
                                        "snippet": { "text": step.snippet },
                                    }
                                },
                                "message": { "text": what },
                            }
                        })
                    })
                    .collect();
                result["codeFlows"] = json!([{ "threadFlows": [{ "locations": steps }] }]);
            }
            if let Some(commit) = &f.location.commit {
                result["properties"]["commit"] = Value::from(commit.as_str());
            }
            // `--new-only`: new since the diff base, or there before it.
            if let Some(new) = f.new {
                result["baselineState"] = Value::from(if new { "new" } else { "unchanged" });
            }
            if let Some(s) = &f.suppressed {
                let kind = match s.kind {
                    SuppressionKind::Inline => "inSource",
                    SuppressionKind::Exception | SuppressionKind::Baseline => "external",
                };
                let mut suppression = json!({ "kind": kind, "status": "accepted" });
                let justification = match (&s.reason, &s.expires) {
                    (Some(r), Some(e)) => Some(format!("{} ({}; expires {e})", r, s.kind.as_str())),
                    (Some(r), None) => Some(format!("{r} ({})", s.kind.as_str())),
                    (None, _) => Some(format!("({})", s.kind.as_str())),
                };
                if let Some(j) = justification {
                    suppression["justification"] = Value::from(j);
                }
                result["suppressions"] = json!([suppression]);
            }
            result
        })
        .collect();

    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let mut n = json!({
                "level": "warning",
                "message": { "text": e.message },
            });
            if !e.path.is_empty() {
                let mut physical = json!({
                    "artifactLocation": { "uri": uri(&e.path), "uriBaseId": "SRCROOT" }
                });
                if let Some(line) = e.line.filter(|l| *l > 0) {
                    physical["region"] = json!({ "startLine": line });
                }
                n["locations"] = json!([{ "physicalLocation": physical }]);
            }
            n
        })
        .collect();

    let mut run = json!({
        "tool": {
            "driver": {
                "name": "gatehouse",
                "semanticVersion": report.run.tool_version,
                "version": report.run.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules_json,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": true,
            "startTimeUtc": report.run.started,
            "toolExecutionNotifications": notifications,
        }],
        "properties": {
            "gate": report.gate,
            "policies": report.policies,
        }
    });
    // The repository URI is not known offline, so the commit goes in the run's properties
    // rather than in `versionControlProvenance` (which requires one).
    if let Some(commit) = &report.run.commit {
        run["properties"]["commit"] = Value::from(commit.as_str());
    }
    let sarif = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut out = serde_json::to_string_pretty(&sarif)?;
    out.push('\n');
    Ok(out)
}

/// Where a finding is: a file of the tree (relative to SRCROOT), or the URL a live probe read
/// (an absolute URI of its own).
fn artifact_location(path: &str) -> Value {
    if path.starts_with("https://") || path.starts_with("http://") {
        json!({ "uri": path })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "SRCROOT" })
    }
}

/// A relative path as a URI reference: percent-encode everything but unreserved characters and
/// `/`.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("src/a b/ü.rs"), "src/a%20b/%C3%BC.rs");
        assert_eq!(uri("x#y?.txt"), "x%23y%3F.txt");
        assert_eq!(
            artifact_location("https://app.test/.git/HEAD?x=1"),
            json!({ "uri": "https://app.test/.git/HEAD?x=1" })
        );
        assert_eq!(
            artifact_location("http:/x"),
            json!({ "uri": "http%3A/x", "uriBaseId": "SRCROOT" })
        );
    }
}
