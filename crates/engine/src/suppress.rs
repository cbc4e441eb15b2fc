//! Suppressions shared by every family: inline `gatehouse:ignore RULE-ID -- reason` comments,
//! `[[exceptions]]` entries with a reason and an expiry date, and baselines of fingerprints.
//! A suppressed finding stays in the report, marked with how and why it was suppressed.

use std::collections::BTreeSet;
use std::path::Path;

use gatehouse_model::{ErrorEntry, Finding, Fingerprint, LineIndex, Suppression, SuppressionKind};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::{Deserialize, Serialize};

use crate::config::ExceptionRule;

/// The marker of an inline suppression.
pub const INLINE_MARKER: &str = "gatehouse:ignore";

/// An inline suppression found on a line: the rule ids it names and its reason.
#[derive(Debug, PartialEq, Eq)]
pub struct InlineIgnore {
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

/// Parse `gatehouse:ignore RULE-ID[,RULE-ID…] [-- reason]` anywhere in a line (after any comment
/// leader). `*` names every rule.
pub fn parse_inline(line: &str) -> Option<InlineIgnore> {
    let at = line.find(INLINE_MARKER)?;
    let rest = &line[at + INLINE_MARKER.len()..];
    let (ids, reason) = match rest.split_once("--") {
        Some((ids, reason)) => (ids, Some(reason)),
        None => (rest, None),
    };
    let rules: Vec<String> = ids
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if rules.is_empty() {
        return None;
    }
    let reason = reason
        .map(|r| {
            r.trim()
                .trim_end_matches("*/")
                .trim_end_matches("-->")
                .trim()
                .to_string()
        })
        .filter(|r| !r.is_empty());
    Some(InlineIgnore { rules, reason })
}

/// Whether a line holds nothing but a comment with the marker (so that it speaks for the line
/// below it, not for itself).
fn comment_only(line: &str) -> bool {
    line.find(INLINE_MARKER).is_some_and(|at| {
        line[..at]
            .chars()
            .all(|c| c.is_whitespace() || "#/*-;<!%'".contains(c))
    })
}

/// Mark findings of one file suppressed by an inline comment on their first line, or on the
/// line above it when that line is only the comment.
pub fn apply_inline(findings: &mut [Finding], bytes: &[u8], lines: &LineIndex) {
    for finding in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
        let line = finding.location.start_line;
        for (candidate, above) in [(line, false), (line.saturating_sub(1), true)] {
            let Some(range) = lines.line_range(bytes, candidate) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes[range]);
            if above && !comment_only(&text) {
                continue;
            }
            if let Some(ignore) = parse_inline(&text)
                && ignore.rules.iter().any(|r| r == "*" || names(finding, r))
            {
                finding.suppressed = Some(Suppression {
                    kind: SuppressionKind::Inline,
                    reason: ignore.reason,
                    expires: None,
                });
                break;
            }
        }
    }
}

/// Whether `id` names the finding's rule: its id, or one of its aliases (an advisory's CVE or
/// GHSA id names the RUSTSEC finding too).
fn names(finding: &Finding, id: &str) -> bool {
    finding.rule_id == id || finding.aliases.iter().any(|alias| alias == id)
}

/// Compiled `[[exceptions]]` entries.
pub struct Exceptions {
    entries: Vec<(ExceptionRule, Option<Gitignore>, bool)>,
}

impl Exceptions {
    /// Compile the entries; an entry whose expiry date has passed (or cannot be read) is kept
    /// inactive and reported in `errors`.
    pub fn new(
        root: &Path,
        rules: Vec<ExceptionRule>,
        today: jiff::civil::Date,
        errors: &mut Vec<ErrorEntry>,
    ) -> Self {
        let mut entries = Vec::new();
        for rule in rules {
            let (origin_path, origin_line) = rule
                .origin
                .clone()
                .map_or((String::from("gatehouse.toml"), None), |(p, l)| {
                    (p, Some(l))
                });
            let active = match rule.expires.parse::<jiff::civil::Date>() {
                Ok(expires) if expires >= today => true,
                Ok(expires) => {
                    errors.push(
                        ErrorEntry::new(
                            origin_path.clone(),
                            origin_line,
                            format!(
                                "exception for {} expired on {expires}; it no longer suppresses (reason was: {})",
                                describe(&rule),
                                rule.reason
                            ),
                        )
                        .in_family("suppressions"),
                    );
                    false
                }
                Err(e) => {
                    errors.push(
                        ErrorEntry::new(
                            origin_path.clone(),
                            origin_line,
                            format!("exception expiry `{}` is not a date: {e}", rule.expires),
                        )
                        .in_family("suppressions"),
                    );
                    false
                }
            };
            let glob = match &rule.path {
                Some(pattern) => {
                    let mut builder = GitignoreBuilder::new(root);
                    match builder.add_line(None, pattern).and_then(|b| b.build()) {
                        Ok(glob) => Some(glob),
                        Err(e) => {
                            errors.push(
                                ErrorEntry::new(
                                    origin_path,
                                    origin_line,
                                    format!("exception path `{pattern}` is not a valid glob: {e}"),
                                )
                                .in_family("suppressions"),
                            );
                            continue;
                        }
                    }
                }
                None => None,
            };
            entries.push((rule, glob, active));
        }
        Exceptions { entries }
    }

    pub fn apply(&self, findings: &mut [Finding]) {
        for finding in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            let hit = self
                .entries
                .iter()
                .find(|(rule, glob, active)| *active && matches(rule, glob.as_ref(), finding));
            if let Some((rule, _, _)) = hit {
                finding.suppressed = Some(Suppression {
                    kind: SuppressionKind::Exception,
                    reason: Some(rule.reason.clone()),
                    expires: Some(rule.expires.clone()),
                });
            }
        }
    }
}

fn matches(rule: &ExceptionRule, glob: Option<&Gitignore>, finding: &Finding) -> bool {
    if let Some(fp) = &rule.fingerprint
        && fp != finding.fingerprint.as_str()
    {
        return false;
    }
    if let Some(id) = &rule.rule
        && !names(finding, id)
    {
        return false;
    }
    if let Some(glob) = glob
        && !glob
            .matched_path_or_any_parents(&finding.location.path, false)
            .is_ignore()
    {
        return false;
    }
    rule.fingerprint.is_some() || rule.rule.is_some()
}

fn describe(rule: &ExceptionRule) -> String {
    match (&rule.fingerprint, &rule.rule, &rule.path) {
        (Some(fp), _, _) => format!("fingerprint {fp}"),
        (None, Some(r), Some(p)) => format!("rule {r} in {p}"),
        (None, Some(r), None) => format!("rule {r}"),
        _ => "nothing".to_string(),
    }
}

/// A baseline: fingerprints of findings accepted at some point, hidden from later runs.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Baseline {
    pub version: u32,
    pub created: String,
    pub fingerprints: BTreeSet<Fingerprint>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: cannot read baseline: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a gatehouse baseline: {message}")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Baseline {
    pub fn from_findings(findings: &[Finding], created: String) -> Self {
        Baseline {
            version: 1,
            created,
            fingerprints: findings.iter().map(|f| f.fingerprint.clone()).collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: display.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| BaselineError::Parse {
            path: display,
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    pub fn apply(&self, findings: &mut [Finding]) {
        for finding in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
            if self.fingerprints.contains(&finding.fingerprint) {
                finding.suppressed = Some(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: Some(format!("in baseline created {}", self.created)),
                    expires: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::finding;

    #[test]
    fn parses_inline_markers() {
        assert_eq!(
            parse_inline("key = 1 # gatehouse:ignore aws-key, gh-pat -- test fixture"),
            Some(InlineIgnore {
                rules: vec!["aws-key".into(), "gh-pat".into()],
                reason: Some("test fixture".into())
            })
        );
        assert_eq!(
            parse_inline("/* gatehouse:ignore r1 -- why */").and_then(|i| i.reason),
            Some("why".into())
        );
        assert_eq!(parse_inline("// gatehouse:ignore"), None);
        assert_eq!(parse_inline("nothing here"), None);
    }

    #[test]
    fn inline_applies_on_same_line_or_line_above_only() {
        let text =
            b"# gatehouse:ignore r1 -- fixture\nsecret1\nsecret2\nsecret3 # gatehouse:ignore r2\n";
        let lines = LineIndex::new(text);
        let mut found = vec![
            finding("r1", "f", 2),
            finding("r1", "f", 3),
            finding("r2", "f", 4),
            finding("r1", "f", 4),
        ];
        apply_inline(&mut found, text, &lines);
        let suppressed: Vec<bool> = found.iter().map(|f| f.is_suppressed()).collect();
        assert_eq!(suppressed, [true, false, true, false]);
        assert_eq!(
            found[0].suppressed.as_ref().and_then(|s| s.reason.clone()),
            Some("fixture".into())
        );
    }

    #[test]
    fn inline_comments_work_in_every_comment_syntax_on_the_line_above() {
        // YAML, Dockerfile, shell, TOML, HCL and INI `#`; SQL `--`; INI `;`; HCL and C-like
        // `//` and `/* */`; HTML and XML `<!-- -->`.
        for leader in ["#", "--", ";", "//", "/*", "<!--"] {
            let text = format!("{leader} gatehouse:ignore r1 -- accepted\nsecret\n");
            let lines = LineIndex::new(text.as_bytes());
            let mut found = vec![finding("r1", "f", 2)];
            apply_inline(&mut found, text.as_bytes(), &lines);
            assert!(found[0].is_suppressed(), "{leader}");
            assert_eq!(
                found[0]
                    .suppressed
                    .as_ref()
                    .and_then(|s| s.reason.as_deref()),
                Some("accepted"),
                "{leader}"
            );
        }
        // Code before the marker on the line above: it speaks for its own line only.
        let text = b"x = 1 # gatehouse:ignore r1\nsecret\n";
        let mut found = vec![finding("r1", "f", 2)];
        apply_inline(&mut found, text, &LineIndex::new(text));
        assert!(!found[0].is_suppressed());
    }

    #[test]
    fn exceptions_match_by_rule_and_glob_and_expire() {
        let today: jiff::civil::Date = "2026-06-01".parse().unwrap();
        let rule = |r: &str, p: Option<&str>, expires: &str| ExceptionRule {
            fingerprint: None,
            rule: Some(r.into()),
            path: p.map(str::to_string),
            reason: "accepted".into(),
            expires: expires.into(),
            origin: Some(("gatehouse.toml".into(), 7)),
        };
        let mut errors = Vec::new();
        let exceptions = Exceptions::new(
            Path::new("/repo"),
            vec![
                rule("r1", Some("docs/**"), "2026-06-01"),
                rule("r2", None, "2026-05-31"),
            ],
            today,
            &mut errors,
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(7));
        assert!(errors[0].message.contains("expired on 2026-05-31"));
        let mut found = vec![
            finding("r1", "docs/a/b.md", 1),
            finding("r1", "src/a.md", 1),
            finding("r2", "docs/a.md", 1),
        ];
        exceptions.apply(&mut found);
        let suppressed: Vec<bool> = found.iter().map(|f| f.is_suppressed()).collect();
        assert_eq!(suppressed, [true, false, false]);
    }

    #[test]
    fn baseline_round_trips_and_hides_fingerprints() {
        let all = vec![finding("r1", "a", 1), finding("r2", "b", 1)];
        let baseline = Baseline::from_findings(&all[..1], "2026-01-01T00:00:00Z".into());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, serde_json::to_string(&baseline).unwrap()).unwrap();
        let loaded = Baseline::load(&path).unwrap();
        assert_eq!(loaded, baseline);
        let mut found = all.clone();
        loaded.apply(&mut found);
        assert!(found[0].is_suppressed());
        assert!(!found[1].is_suppressed());
        std::fs::write(&path, "{\n  \"version\": 1,\n  oops").unwrap();
        let err = Baseline::load(&path).unwrap_err().to_string();
        assert!(err.contains(":3:"), "{err}");
    }
}
