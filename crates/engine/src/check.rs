//! The `Check` trait every family implements, and what it is given and gives back.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use gatehouse_model::{ErrorEntry, FamilyStats, Finding, LineIndex, Severity, Status, TraceStep};

use crate::config::Config;

/// One file, read once by the engine and shown to every check that wants it.
pub struct SourceFile<'a> {
    /// Path relative to the scanned root, `/`-separated.
    pub rel: &'a str,
    pub bytes: &'a [u8],
    lines: OnceCell<LineIndex>,
}

impl<'a> SourceFile<'a> {
    pub fn new(rel: &'a str, bytes: &'a [u8]) -> Self {
        SourceFile {
            rel,
            bytes,
            lines: OnceCell::new(),
        }
    }

    /// The line index of the file, built on first use (most files need none).
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.bytes))
    }
}

/// What a check found in one file.
#[derive(Debug, Default)]
pub struct FileScan {
    pub findings: Vec<Finding>,
    pub errors: Vec<ErrorEntry>,
    /// Set when the check did not analyse the file; counted in the family's statistics.
    pub skipped: Option<&'static str>,
}

impl FileScan {
    pub fn skipped(reason: &'static str) -> Self {
        FileScan {
            skipped: Some(reason),
            ..FileScan::default()
        }
    }
}

/// What a check found in its whole-repository pass (git history, live probes, …).
#[derive(Debug, Default)]
pub struct RepoScan {
    pub findings: Vec<Finding>,
    pub errors: Vec<ErrorEntry>,
    /// Work done, added to the family's statistics.
    pub stats: FamilyStats,
    /// Set when the check could not do its job; the policies it feeds become BLOCKED with this
    /// reason (which should say what would unblock it).
    pub blocked: Option<String>,
    /// Set when the repository holds nothing the check applies to (no lockfile, say); the
    /// policies it alone feeds become N/A with this reason.
    pub not_applicable: Option<String>,
    /// Set when the check ran but its evidence is weak (a stale database, say); a policy it
    /// feeds that would pass is WARN with this reason.
    pub warning: Option<String>,
    /// Verdicts on single policies, for a family that judges each policy it feeds on its own
    /// (the policy checklist); they take the place of `blocked`, `not_applicable` and
    /// `warning` for those policies.
    pub verdicts: Vec<PolicyVerdict>,
    /// What a live family read off the systems it probed, for the `live` part of the facts
    /// document (one key per kind of target: `postgres`, …), which the policies judge as they
    /// judge the tree's facts.
    pub live_facts: serde_json::Map<String, serde_json::Value>,
}

/// A family's verdict on one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVerdict {
    pub policy: String,
    pub status: Status,
    /// Required for every status but PASS.
    pub reason: Option<String>,
    /// What the verdict rests on (files).
    pub evidence: Vec<String>,
    /// Evidence that the control exists (None: not determined).
    pub implemented: Option<bool>,
    /// Evidence that the control is checked or blocking (None: not determined).
    pub enforced: Option<bool>,
}

impl PolicyVerdict {
    /// A verdict that says nothing of whether the control is implemented or enforced (a live
    /// family's: what it read, or why it could not).
    pub fn new(
        policy: &str,
        status: Status,
        reason: Option<String>,
        evidence: Vec<String>,
    ) -> PolicyVerdict {
        PolicyVerdict {
            policy: policy.to_string(),
            status,
            reason,
            evidence,
            implemented: None,
            enforced: None,
        }
    }
}

/// What a whole-repository pass may look at.
pub struct RepoContext<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    /// The findings so far: every family's per-file findings, and the repository passes of
    /// the families before this one (redacted).
    pub findings: &'a [Finding],
    /// The live facts of the families before this one (see `RepoScan::live_facts`).
    pub live_facts: &'a serde_json::Map<String, serde_json::Value>,
}

/// A check family. Implementations must be cheap to share across threads: `scan_file` runs in
/// parallel on many files.
pub trait Check: Send + Sync {
    /// The family name (`secrets`, `sast`, …) used in findings, statistics and `--only`.
    fn family(&self) -> &'static str;

    /// The policy ids (P01…P13) this check produces evidence for.
    fn policies(&self) -> &'static [&'static str];

    /// Whether the check wants to see this file (by its relative path).
    fn wants(&self, _rel: &str) -> bool {
        true
    }

    /// Scan one file.
    /// Whether the family judges the repository as a whole (lockfiles against each other,
    /// facts across files), so that its files cannot be split between shards: it runs whole
    /// in the first shard. Default: no, files are judged one by one.
    fn whole_repository(&self) -> bool {
        false
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan;

    /// Findings of this family at or above this severity fail the policies they feed whatever
    /// the gate's threshold: a family whose findings are violations of a control (the policy
    /// checklist's fail-level rules) says so here. Default: none, the threshold alone decides.
    /// Either way only open findings count: suppressed ones never fail a policy.
    fn fails_policy_at(&self) -> Option<Severity> {
        None
    }

    /// Whole-repository work, run once after the files (default: none). Its findings are
    /// suppressed like per-file ones (inline comments in the file a finding points at,
    /// exceptions, baselines), so they need fingerprints that survive reruns.
    fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
        RepoScan::default()
    }
}

/// Stands for a family that is not selected in this run, so that its policies say "not
/// selected" without the family paying for its set-up (compiling rules, opening databases).
/// It is never asked to scan.
pub struct NotSelected {
    pub family: &'static str,
    pub policies: &'static [&'static str],
}

impl Check for NotSelected {
    fn family(&self) -> &'static str {
        self.family
    }
    fn policies(&self) -> &'static [&'static str] {
        self.policies
    }
    fn wants(&self, _rel: &str) -> bool {
        false
    }
    fn scan_file(&self, _file: &SourceFile<'_>) -> FileScan {
        FileScan::default()
    }
}

impl<T: Check + ?Sized> Check for Arc<T> {
    fn family(&self) -> &'static str {
        (**self).family()
    }
    fn policies(&self) -> &'static [&'static str] {
        (**self).policies()
    }
    fn wants(&self, rel: &str) -> bool {
        (**self).wants(rel)
    }
    fn whole_repository(&self) -> bool {
        (**self).whole_repository()
    }
    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        (**self).scan_file(file)
    }
    fn fails_policy_at(&self) -> Option<Severity> {
        (**self).fails_policy_at()
    }
    fn scan_repo(&self, ctx: &RepoContext<'_>) -> RepoScan {
        (**self).scan_repo(ctx)
    }
}

/// Finds secrets in a file so that the snippets and messages of *every* family can be redacted
/// (a SAST finding on a line holding a token must not show the token).
pub trait Redactor: Send + Sync {
    /// Byte ranges of the secret values in the file.
    fn secret_spans(&self, file: &SourceFile<'_>) -> Vec<Range<usize>>;
    /// How a secret is shown.
    fn redact(&self, secret: &str) -> String;
}

/// The secrets of `file` (as found by `redactor`), line by line (a multi-line secret gives
/// each of its lines), longest first so that a secret containing another is replaced whole.
pub fn secret_pieces(redactor: &dyn Redactor, file: &SourceFile<'_>) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for span in redactor.secret_spans(file) {
        let Some(bytes) = file.bytes.get(span) else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        for piece in text.split(['\n', '\r']).map(str::trim) {
            if piece.len() >= 4 && !pieces.iter().any(|p| p == piece) {
                pieces.push(piece.to_string());
            }
        }
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pieces
}

/// Replace each of `pieces` (longest first, from [`secret_pieces`]) in `text`.
pub fn redact_text(redactor: &dyn Redactor, pieces: &[String], text: &mut String) {
    for piece in pieces {
        if text.contains(piece.as_str()) {
            *text = text.replace(piece.as_str(), &redactor.redact(piece));
        }
    }
}

/// Lines of context shown before a finding's first line and after its last.
const CONTEXT_AROUND: u32 = 2;
/// The most lines of context a finding gets (a long finding shows its first lines).
const CONTEXT_MAX_LINES: u32 = 7;
/// The most characters of one context line (a minified file's line is cut).
const CONTEXT_MAX_CHARS: usize = 240;

/// Give each finding of `file` (found in the work tree, on a line) the lines around it, each
/// passed through `redact` before it is cut to length (so that no cut leaves part of a secret).
fn add_context(file: &SourceFile<'_>, findings: &mut [Finding], redact: impl Fn(&mut String)) {
    let lines = file.lines();
    // The last line that has text: a final newline ends a line, it does not start one.
    let last_line = lines.line(file.bytes.len().saturating_sub(1));
    for finding in findings {
        let loc = &finding.location;
        if loc.commit.is_some()
            || loc.start_line == 0
            || loc.path != file.rel
            || !finding.context.is_empty()
        {
            continue;
        }
        let first = loc.start_line.saturating_sub(CONTEXT_AROUND).max(1);
        let last = (loc.end_line.max(loc.start_line) + CONTEXT_AROUND)
            .min(first + CONTEXT_MAX_LINES - 1)
            .min(last_line);
        finding.context = (first..=last)
            .filter_map(|n| {
                let range = lines.line_range(file.bytes, n)?;
                let mut text = String::from_utf8_lossy(file.bytes.get(range)?).into_owned();
                redact(&mut text);
                let mut shown: String = text.chars().take(CONTEXT_MAX_CHARS).collect();
                if shown.len() < text.len() {
                    shown.push('…');
                }
                Some(TraceStep {
                    line: n,
                    snippet: shown,
                })
            })
            .collect();
    }
}

/// Give the findings of `file` their lines of context, then replace every secret of the file
/// (as found by `redactor`) in their snippets, context, traces and messages. Multi-line secrets
/// are replaced line by line.
pub fn redact_findings(redactor: &dyn Redactor, file: &SourceFile<'_>, findings: &mut [Finding]) {
    let pieces = secret_pieces(redactor, file);
    add_context(file, findings, |text| redact_text(redactor, &pieces, text));
    if pieces.is_empty() {
        return;
    }
    for finding in findings {
        redact_text(redactor, &pieces, &mut finding.snippet);
        for step in &mut finding.trace {
            redact_text(redactor, &pieces, &mut step.snippet);
        }
        redact_text(redactor, &pieces, &mut finding.title);
        redact_text(redactor, &pieces, &mut finding.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::finding;
    use gatehouse_model::Location;

    /// Finds `hunter2-secret-value` wherever it occurs, as the secrets family would.
    struct OneSecret;

    impl Redactor for OneSecret {
        fn secret_spans(&self, file: &SourceFile<'_>) -> Vec<Range<usize>> {
            let needle = b"hunter2-secret-value";
            file.bytes
                .windows(needle.len())
                .enumerate()
                .filter(|(_, w)| w == needle)
                .map(|(at, _)| at..at + needle.len())
                .collect()
        }
        fn redact(&self, secret: &str) -> String {
            format!("{}****", &secret[..4])
        }
    }

    #[test]
    fn findings_get_redacted_lines_of_context_cut_after_redaction() {
        let long = format!(
            "x = {}; key = hunter2-secret-value",
            "a".repeat(CONTEXT_MAX_CHARS - 10)
        );
        let text = format!(
            "one\ntwo\nthree = hunter2-secret-value\nfour\r\n{long}\nsix\nseven\neight\nnine\nten\n"
        );
        let file = SourceFile::new("f.py", text.as_bytes());
        let mut findings = vec![
            finding("r", "f.py", 3),
            // A long finding: its first seven lines.
            Finding {
                location: Location {
                    end_line: 10,
                    ..finding("r", "f.py", 2).location
                },
                ..finding("r", "f.py", 2)
            },
            // Found in history: its lines are another blob's.
            Finding {
                location: Location {
                    commit: Some("a".repeat(40)),
                    ..finding("r", "f.py", 3).location
                },
                ..finding("r", "f.py", 3)
            },
        ];
        redact_findings(&OneSecret, &file, &mut findings);
        let lines = |f: &Finding| f.context.iter().map(|l| l.line).collect::<Vec<_>>();
        assert_eq!(lines(&findings[0]), [1, 2, 3, 4, 5]);
        assert_eq!(lines(&findings[1]), [1, 2, 3, 4, 5, 6, 7]);
        // At the end of the file: no empty line after the last.
        let mut last = vec![finding("r", "f.py", 10)];
        redact_findings(&OneSecret, &file, &mut last);
        assert_eq!(lines(&last[0]), [8, 9, 10]);
        assert!(findings[2].context.is_empty());
        let shown: Vec<&str> = findings[0]
            .context
            .iter()
            .map(|l| l.snippet.as_str())
            .collect();
        assert_eq!(shown[2], "three = hunt****");
        assert_eq!(shown[3], "four");
        // The long line is cut after its secret was redacted: no piece of it is left.
        assert!(shown[4].ends_with('…'), "{}", shown[4]);
        assert!(!shown[4].contains("hunter2") && !shown[4].contains("secret-value"));
        assert!(shown[4].chars().count() <= CONTEXT_MAX_CHARS + 1);
    }
}
