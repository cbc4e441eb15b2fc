//! The gatehouse data model.
//!
//! Every check family (secrets, SAST, dependencies, facts, …) produces the same [`Finding`]; the
//! engine turns findings into [`PolicyResult`] rows; a [`Report`] holds both plus run metadata,
//! errors and per-family statistics. The report's JSON form is the contract between a scan and
//! everything downstream (renderers, `gatehouse render`, `gatehouse merge`, the PR comment) and is
//! described by `schemas/report.schema.json`.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod lines;
pub use lines::LineIndex;

/// Version of the report JSON contract. Bump on any incompatible change of its shape.
pub const REPORT_VERSION: &str = "1.1";

/// How bad a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// All severities, most severe first (the order reports list them in).
    pub const DESCENDING: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The SARIF `level` of a result with this severity.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        }
    }

    /// The `security-severity` score GitHub code scanning reads (a CVSS-like 0.0–10.0 string).
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Critical => "9.5",
            Severity::High => "8.0",
            Severity::Medium => "5.5",
            Severity::Low => "3.0",
            Severity::Info => "0.0",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A string that names no severity.
#[derive(Debug, thiserror::Error)]
#[error("unknown severity `{0}` (expected critical, high, medium, low or info)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            _ => Err(UnknownSeverity(s.to_string())),
        }
    }
}

/// How sure a check is that a finding is real.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Where a finding is: a path relative to the scanned root and a 1-based line/column range
/// (columns count Unicode code points). `commit` is set for findings from git history.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// A count and its noun, plural unless one: "1 file", "2 files".
pub fn count_of(n: u64, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `head`, then each message of `e`'s source chain that does not repeat what is already said
/// (the live targets' and registries' connection errors).
pub fn with_sources(mut head: String, e: &dyn std::error::Error) -> String {
    let mut source = e.source();
    while let Some(inner) = source {
        let more = inner.to_string();
        if !head.contains(&more) {
            head.push_str(": ");
            head.push_str(&more);
        }
        source = inner.source();
    }
    head
}

/// Lower-case hex of bytes (digests in fingerprints, audit-log chains, database indexes).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    out
}

/// A stable identity for a finding: survives unrelated line shifts, so baselines and exceptions
/// keep matching. Computed from the rule, the path and the normalised matched text (and the
/// commit, for history findings); hex SHA-256, truncated to 32 characters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn compute(rule_id: &str, path: &str, matched: &str, commit: Option<&str>) -> Self {
        let normalised: String = matched.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut hasher = Sha256::new();
        for part in [rule_id, path, &normalised, commit.unwrap_or("")] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        let digest = hasher.finalize();
        Fingerprint(hex(&digest[..16]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a finding does not count towards the gate.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    /// A `gatehouse:ignore RULE-ID -- reason` comment on the line or the line above.
    Inline,
    /// An `[[exceptions]]` entry (with a reason and an expiry date).
    Exception,
    /// The fingerprint is in the `--baseline` file.
    Baseline,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inline",
            SuppressionKind::Exception => "exception",
            SuppressionKind::Baseline => "baseline",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Expiry date (`YYYY-MM-DD`) of the exception that suppressed the finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One problem found by one rule of one check family.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule_id: String,
    pub family: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub title: String,
    pub message: String,
    pub location: Location,
    /// The source line, with every secret on it redacted. Never holds a secret in clear.
    pub snippet: String,
    pub fingerprint: Fingerprint,
    /// The policy ids (P01…P13) this finding feeds.
    pub policies: Vec<String>,
    #[serde(default)]
    pub cwe: Vec<String>,
    /// Other ids of the same issue (an advisory's aliases: CVE, GHSA, other databases' ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    /// With `--new-only`: whether the finding is on a line added or changed since the diff base
    /// (only new findings gate). Absent without `--new-only`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<bool>,
    /// A data-flow finding's path, from its source to its sink (the finding's own line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceStep>,
    /// The lines around the finding in its file (two before its first line, two after its
    /// last, at most seven), redacted as its snippet is; empty where there is no file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<TraceStep>,
}

/// One line of a finding's file: a step its value went through (a data-flow trace), or a line
/// of context around it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    /// 1-based, in the finding's file.
    pub line: u32,
    /// The source line, redacted as a finding's snippet is.
    pub snippet: String,
}

impl Finding {
    pub fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }
}

/// The state of one policy row of the matrix.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    #[serde(rename = "PASS")]
    Pass,
    #[serde(rename = "FAIL")]
    Fail,
    #[serde(rename = "WARN")]
    Warn,
    #[serde(rename = "BLOCKED")]
    Blocked,
    #[serde(rename = "SKIPPED")]
    Skipped,
    #[serde(rename = "N/A")]
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Warn => "WARN",
            Status::Blocked => "BLOCKED",
            Status::Skipped => "SKIPPED",
            Status::NotApplicable => "N/A",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Unsuppressed findings of a policy by severity, plus how many were suppressed.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub critical: u64,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
    pub info: u64,
    pub suppressed: u64,
}

impl Counts {
    pub fn add(&mut self, finding: &Finding) {
        if finding.is_suppressed() {
            self.suppressed += 1;
            return;
        }
        match finding.severity {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn get(&self, severity: Severity) -> u64 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    /// Unsuppressed findings in total.
    pub fn open(&self) -> u64 {
        self.critical + self.high + self.medium + self.low + self.info
    }
}

/// One control of a compliance framework a policy maps to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FrameworkControl {
    pub framework: String,
    pub control: String,
}

/// One row of the policy matrix.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PolicyResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// Why the status is what it is; always set unless the status is PASS.
    #[serde(default)]
    pub reason: Option<String>,
    /// Whether there is evidence that the control exists (`null`: not determined by this run).
    #[serde(default)]
    pub implemented: Option<bool>,
    /// Whether there is evidence that the control is checked and blocking (`null`: not determined).
    #[serde(default)]
    pub enforced: Option<bool>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub counts: Counts,
    #[serde(default)]
    pub frameworks: Vec<FrameworkControl>,
}

/// A problem the run met (unreadable file, parse error, invalid suppression, expired
/// exception…). The run goes on; `path`/`line` say where.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorEntry {
    pub path: String,
    #[serde(default)]
    pub line: Option<u32>,
    pub message: String,
    /// The check family or engine stage that met the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
}

impl ErrorEntry {
    pub fn new(path: impl Into<String>, line: Option<u32>, message: impl Into<String>) -> Self {
        ErrorEntry {
            path: path.into(),
            line,
            message: message.into(),
            family: None,
        }
    }

    pub fn in_family(mut self, family: &str) -> Self {
        self.family = Some(family.to_string());
        self
    }
}

/// What one family (or the discovery stage) did: files and bytes scanned (for the families
/// that probe running systems, `files` counts what they probed: the DAST probes' requests, the
/// images whose signatures were looked up, the live targets read), CPU time spent in
/// milliseconds (summed across threads), and files skipped by reason.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct FamilyStats {
    pub files: u64,
    pub bytes: u64,
    pub ms: u64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, u64>,
}

impl FamilyStats {
    pub fn merge(&mut self, other: &FamilyStats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.ms += other.ms;
        for (reason, n) in &other.skipped {
            *self.skipped.entry(reason.clone()).or_default() += n;
        }
    }
}

/// The threshold of the gate: findings at or above it fail the build; `None` never fails on
/// findings alone.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    None,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::None => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Critical => "critical",
            FailOn::High => "high",
            FailOn::Medium => "medium",
            FailOn::Low => "low",
            FailOn::None => "none",
        }
    }
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "critical" => Ok(FailOn::Critical),
            "high" => Ok(FailOn::High),
            "medium" => Ok(FailOn::Medium),
            "low" => Ok(FailOn::Low),
            "none" => Ok(FailOn::None),
            _ => Err(format!(
                "unknown threshold `{s}` (expected critical, high, medium, low or none)"
            )),
        }
    }
}

/// Whether a BLOCKED policy fails the gate.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum BlockedMode {
    #[default]
    Warn,
    Fail,
}

/// What status a policy gets when every finding it has is suppressed.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedMode {
    /// PASS, saying how many findings were suppressed.
    #[default]
    Pass,
    /// WARN: the accepted risk stays visible in the matrix.
    Warn,
}

/// The gate decision and why.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub passed: bool,
    pub fail_on: FailOn,
    pub blocked: BlockedMode,
    /// One line per cause of failure; empty when the gate passed.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// What did not fail the gate but must not pass unseen: policies FAIL below the threshold
    /// or BLOCKED without `blocked = "fail"`, open findings under `--fail-on none`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Metadata of the run.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RunInfo {
    pub tool: String,
    pub tool_version: String,
    pub path: String,
    #[serde(default)]
    pub commit: Option<String>,
    /// RFC 3339 timestamp of the start of the run.
    pub started: String,
    pub duration_ms: u64,
    /// The families that ran.
    #[serde(default)]
    pub families: Vec<String>,
    /// `I/N` for one shard of a sharded run; `merged I/N, …` for shards combined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// `--new-only`: the diff base and the merge base it resolved to (`origin/main (1a2b…)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff_base: Option<String>,
}

/// Everything one run found. Its JSON form is the contract (`schemas/report.schema.json`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Report {
    pub version: String,
    pub run: RunInfo,
    pub gate: Gate,
    pub policies: Vec<PolicyResult>,
    pub findings: Vec<Finding>,
    pub errors: Vec<ErrorEntry>,
    pub stats: BTreeMap<String, FamilyStats>,
    /// The matrix by control of one framework (`--framework`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Compliance>,
}

/// The policy matrix regrouped by the controls of one compliance framework.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Compliance {
    /// The framework's id (`iso27001`).
    pub framework: String,
    pub name: String,
    pub controls: Vec<ControlResult>,
}

/// One control: the worst status of the policies that give evidence for it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub policies: Vec<String>,
}

impl Report {
    /// Unsuppressed findings.
    pub fn open_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_suppressed())
    }

    /// The open findings in the order attention goes to them: new ones first (`--new-only`),
    /// then the most severe; the report's order within each (the sort is stable).
    pub fn open_by_attention(&self) -> Vec<&Finding> {
        let mut open: Vec<&Finding> = self.open_findings().collect();
        open.sort_by_key(|f| (f.new != Some(true), std::cmp::Reverse(f.severity)));
        open
    }

    /// What a gate that passed let through, in a few words for its summary line: the policies
    /// FAIL or BLOCKED, and under `--fail-on none` the open findings ("P01, P12 FAIL; P05
    /// BLOCKED; 1 critical, 2 high findings open"). None when there is nothing to say.
    pub fn let_through(&self) -> Option<String> {
        let ids = |status: Status| -> Vec<&str> {
            self.policies
                .iter()
                .filter(|p| p.status == status)
                .map(|p| p.id.as_str())
                .collect()
        };
        let mut parts = Vec::new();
        for status in [Status::Fail, Status::Blocked] {
            let ids = ids(status);
            if !ids.is_empty() {
                parts.push(format!("{} {status}", ids.join(", ")));
            }
        }
        if self.gate.fail_on == FailOn::None {
            let counts = self.open_counts();
            let by_severity: Vec<String> = Severity::DESCENDING
                .iter()
                .filter(|s| counts.get(**s) > 0)
                .map(|s| format!("{} {s}", counts.get(*s)))
                .collect();
            if !by_severity.is_empty() {
                let open = counts.open();
                parts.push(format!(
                    "{} finding{} open",
                    by_severity.join(", "),
                    if open == 1 { "" } else { "s" }
                ));
            }
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    /// Unsuppressed findings by severity.
    pub fn open_counts(&self) -> Counts {
        let mut counts = Counts::default();
        for finding in &self.findings {
            counts.add(finding);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
        assert_eq!("HIGH".parse::<Severity>().ok(), Some(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }

    #[test]
    fn fingerprint_ignores_whitespace_and_depends_on_rule_path_text() {
        let a = Fingerprint::compute("r", "a.txt", "key  =\tvalue", None);
        let b = Fingerprint::compute("r", "a.txt", "key = value", None);
        assert_eq!(a, b);
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, Fingerprint::compute("r2", "a.txt", "key = value", None));
        assert_ne!(a, Fingerprint::compute("r", "b.txt", "key = value", None));
        assert_ne!(a, Fingerprint::compute("r", "a.txt", "key = other", None));
        assert_ne!(
            a,
            Fingerprint::compute("r", "a.txt", "key = value", Some("abc"))
        );
    }

    #[test]
    fn status_serialises_as_matrix_words() {
        let json = serde_json::to_string(&Status::NotApplicable).unwrap();
        assert_eq!(json, "\"N/A\"");
        let back: Status = serde_json::from_str("\"BLOCKED\"").unwrap();
        assert_eq!(back, Status::Blocked);
    }
}
