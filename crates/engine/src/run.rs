//! One run: discover files, read each once, show it to every check in parallel, apply
//! suppressions, evaluate policies and decide the gate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use gatehouse_model::{
    ErrorEntry, FamilyStats, Finding, LineIndex, REPORT_VERSION, Report, RunInfo,
};
use rayon::prelude::*;

use crate::check::{Check, Redactor, RepoContext, SourceFile, redact_findings};
use crate::config::Config;
use crate::discover::{DiscoveredFile, discover};
use crate::policy::{FamilyOutcome, Judging, decide, evaluate};
use crate::suppress::{Baseline, Exceptions, apply_inline};

/// Bytes looked at for a NUL to call a file binary (as git and ripgrep do).
const BINARY_SNIFF_BYTES: usize = 8192;

/// File extensions that are binary by nature: skipped without reading, counted, not reported.
const BINARY_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tif", "tiff", "psd", "pdf", "zip", "gz",
    "tgz", "bz2", "xz", "zst", "7z", "rar", "jar", "war", "ear", "class", "so", "dylib", "dll",
    "exe", "o", "a", "lib", "obj", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "mov",
    "avi", "wav", "flac", "ogg", "webm", "pyc", "pyo", "wasm", "sqlite", "sqlite3", "bin", "iso",
    "dmg", "deb", "rpm", "whl", "gem", "nupkg",
];

/// Everything a run needs.
pub struct RunRequest<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    /// Every registered check; those not selected still tell the matrix they exist.
    pub checks: &'a [Box<dyn Check>],
    /// The families to run (after `--only` and the families' `enabled` settings).
    pub selected: &'a [String],
    pub exceptions: Vec<crate::config::ExceptionRule>,
    pub baseline: Option<&'a Baseline>,
    pub today: jiff::civil::Date,
    /// Run metadata that comes from outside the engine.
    /// (The commit is filled in by the caller, which asks git beside the run.)
    pub tool_version: &'a str,
    /// Redacts secrets in every family's findings (normally the secrets check, selected or not).
    pub redactor: Option<&'a dyn Redactor>,
    /// Restrict the file scan to these files (relative paths), e.g. for staged files.
    pub file_filter: Option<&'a dyn Fn(&DiscoveredFile) -> bool>,
    /// Scan only this shard's files (families judged file by file; whole-repository families
    /// see every file, and run only in the first shard: the caller leaves them unselected in
    /// the others).
    pub shard: Option<Shard>,
    /// `--new-only`: the lines changed since the diff base; findings elsewhere do not gate.
    pub changes: Option<&'a crate::diff::Changes>,
}

/// Shard `index` (0-based) of `count`: a file belongs to the shard its path hashes to
/// (FNV-1a, so the split is the same on every machine and every run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub fn owns(&self, rel: &str) -> bool {
        let hash = rel.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        self.count <= 1 || hash % u64::from(self.count) == u64::from(self.index)
    }
}

#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    errors: Vec<ErrorEntry>,
    stats: BTreeMap<&'static str, FamilyStats>,
    skipped: BTreeMap<String, u64>,
}

impl Collected {
    fn merge(mut self, other: Collected) -> Collected {
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
        for (family, stats) in other.stats {
            self.stats.entry(family).or_default().merge(&stats);
        }
        for (reason, n) in other.skipped {
            *self.skipped.entry(reason).or_default() += n;
        }
        self
    }
}

/// Run the selected checks over `root` and build the report.
pub fn run(request: RunRequest<'_>) -> Report {
    run_with_facts(request).0
}

/// [`run`], and the live facts the live families read (what `facts --live` shows), for the
/// evidence of the run.
pub fn run_with_facts(
    request: RunRequest<'_>,
) -> (Report, serde_json::Map<String, serde_json::Value>) {
    let started_at = jiff::Timestamp::now();
    let clock = Instant::now();
    let config = request.config;
    let selected: Vec<&dyn Check> = request
        .checks
        .iter()
        .map(|c| c.as_ref())
        .filter(|c| request.selected.iter().any(|s| s == c.family()))
        .collect();

    let mut discovery = discover(request.root, &config.scan);
    if let Some(filter) = request.file_filter {
        discovery.files.retain(|f| filter(f));
    }
    let discovery_stats = FamilyStats {
        files: discovery.files.len() as u64,
        bytes: discovery.files.iter().map(|f| f.size).sum(),
        ms: 0,
        skipped: std::mem::take(&mut discovery.skipped),
    };

    let collected = discovery
        .files
        .par_iter()
        .map(|file| scan_one(file, &selected, request.redactor, request.shard))
        .reduce(Collected::default, Collected::merge);

    let mut findings = collected.findings;
    let mut errors = discovery.errors;
    errors.extend(collected.errors);
    let mut stats: BTreeMap<String, FamilyStats> = BTreeMap::new();
    let mut discovery_stats = discovery_stats;
    for (reason, n) in collected.skipped {
        *discovery_stats.skipped.entry(reason).or_default() += n;
    }
    discovery_stats.ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
    stats.insert("discovery".to_string(), discovery_stats);
    for check in &selected {
        stats.insert(
            check.family().to_string(),
            // Per-file times were summed in microseconds.
            collected
                .stats
                .get(check.family())
                .map(|s| FamilyStats {
                    ms: s.ms / 1000,
                    ..s.clone()
                })
                .unwrap_or_default(),
        );
    }

    // Whole-repository passes.
    let mut blocked: BTreeMap<&str, String> = BTreeMap::new();
    let mut not_applicable: BTreeMap<&str, String> = BTreeMap::new();
    let mut warnings: BTreeMap<&str, String> = BTreeMap::new();
    let mut verdicts: BTreeMap<&str, Vec<crate::check::PolicyVerdict>> = BTreeMap::new();
    let mut live_facts = serde_json::Map::new();
    for check in &selected {
        let repo_clock = Instant::now();
        let ctx = RepoContext {
            root: request.root,
            config,
            findings: &findings,
            live_facts: &live_facts,
        };
        let mut repo = check.scan_repo(&ctx);
        live_facts.append(&mut repo.live_facts);
        settle_repo_findings(request.root, request.redactor, &mut repo.findings);
        repo.stats.ms += u64::try_from(repo_clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        findings.append(&mut repo.findings);
        errors.append(&mut repo.errors);
        stats
            .entry(check.family().to_string())
            .or_default()
            .merge(&repo.stats);
        if let Some(reason) = repo.blocked {
            blocked.insert(check.family(), reason);
        }
        if let Some(reason) = repo.not_applicable {
            not_applicable.insert(check.family(), reason);
        }
        if let Some(reason) = repo.warning {
            warnings.insert(check.family(), reason);
        }
        if !repo.verdicts.is_empty() {
            verdicts.insert(check.family(), repo.verdicts);
        }
    }

    let exceptions = Exceptions::new(request.root, request.exceptions, request.today, &mut errors);
    exceptions.apply(&mut findings);
    if let Some(baseline) = request.baseline {
        baseline.apply(&mut findings);
    }
    if let Some(changes) = request.changes {
        changes.mark(&mut findings);
    }
    sort_findings(&mut findings);
    errors.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.line.cmp(&b.line)));

    let outcomes: Vec<FamilyOutcome> = request
        .checks
        .iter()
        .map(|check| {
            let family = check.family();
            FamilyOutcome {
                family: family.to_string(),
                policies: check.policies().iter().map(|p| p.to_string()).collect(),
                selected: selected.iter().any(|s| s.family() == family),
                blocked: blocked.get(family).cloned(),
                not_applicable: not_applicable.get(family).cloned(),
                warning: warnings.get(family).cloned(),
                verdicts: verdicts.remove(family).unwrap_or_default(),
                fails_at: check.fails_policy_at(),
                stats: stats.get(family).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let unscanned: u64 = stats.get("discovery").map_or(0, |d| {
        ["too large", "unreadable", "symlink loop"]
            .iter()
            .filter_map(|reason| d.skipped.get(*reason))
            .sum()
    });
    let policies = evaluate(
        &findings,
        &outcomes,
        Judging {
            fail_on: config.fail_on,
            suppressed: config.suppressed,
            unscanned,
        },
    );
    let gate = decide(&findings, &policies, config.fail_on, config.blocked);

    let report = Report {
        version: REPORT_VERSION.to_string(),
        run: RunInfo {
            tool: "gatehouse".to_string(),
            tool_version: request.tool_version.to_string(),
            path: display_root(request.root),
            commit: None,
            started: started_at.to_string(),
            duration_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
            families: selected.iter().map(|c| c.family().to_string()).collect(),
            shard: request
                .shard
                .map(|s| format!("{}/{}", s.index + 1, s.count)),
            diff_base: None,
        },
        gate,
        policies,
        findings,
        errors,
        stats,
        compliance: None,
    };
    (report, live_facts)
}

fn display_root(root: &Path) -> String {
    let shown: PathBuf = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root.to_path_buf()
    };
    shown.display().to_string()
}

/// Findings of a whole-repository pass point at files the engine did not hand the family one
/// by one (lockfiles, manifests, workflows, migrations): each such file is read once, its inline
/// `gatehouse:ignore` comments are applied as they are to per-file findings, and the findings'
/// messages are redacted against its secrets (a policy's message may quote what a file holds,
/// as a conftest or user policy can). A finding of the history (its commit's text was already
/// looked at) or of something that is not a file of the tree (a live target) keeps only the
/// other suppressions: exceptions and baselines.
fn settle_repo_findings(root: &Path, redactor: Option<&dyn Redactor>, findings: &mut [Finding]) {
    // By file, the work tree's findings first (the report re-sorts findings at the end).
    findings.sort_by(|a, b| {
        (&a.location.path, a.location.commit.is_some())
            .cmp(&(&b.location.path, b.location.commit.is_some()))
    });
    for group in findings.chunk_by_mut(|a, b| a.location.path == b.location.path) {
        let rel = group[0].location.path.clone();
        // Only paths inside the tree: a user's policy may name any path.
        let inside = Path::new(&rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            continue;
        }
        let full = if root.is_dir() {
            root.join(&rel)
        } else {
            root.to_path_buf()
        };
        let Ok(bytes) = std::fs::read(&full) else {
            continue;
        };
        let source = SourceFile::new(&rel, &bytes);
        let work_tree = group
            .iter()
            .take_while(|f| f.location.commit.is_none())
            .count();
        apply_inline(&mut group[..work_tree], &bytes, source.lines());
        if let Some(redactor) = redactor {
            redact_findings(redactor, &source, group);
        }
    }
}

/// The report's order of findings: most severe first, then by place and rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.location.path.cmp(&b.location.path))
            .then_with(|| a.location.start_line.cmp(&b.location.start_line))
            .then_with(|| a.location.start_column.cmp(&b.location.start_column))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
}

/// The text of a UTF-16 file: one with a byte-order mark, or without one where the NUL bytes
/// fall where UTF-16 puts them in mostly-ASCII text (every other byte, on the same side). None
/// for anything else, and for what is not valid UTF-16.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let (body, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => {
            let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
            let pairs = sniff.len() / 2;
            if pairs < 2 {
                return None;
            }
            let zeros_at = |side: usize| sniff.chunks_exact(2).filter(|p| p[side] == 0).count();
            let (even, odd) = (zeros_at(0), zeros_at(1));
            // ASCII in UTF-16LE: a zero after every character, none before.
            if odd * 10 >= pairs * 9 && even * 10 <= pairs {
                (bytes, true)
            } else if even * 10 >= pairs * 9 && odd * 10 <= pairs {
                (bytes, false)
            } else {
                return None;
            }
        }
    };
    if body.len() % 2 != 0 {
        return None;
    }
    let units = body.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let text: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;
    // Text, not binary that happens to have the pattern.
    (!text.contains('\0')).then_some(text)
}

fn scan_one(
    file: &DiscoveredFile,
    checks: &[&dyn Check],
    redactor: Option<&dyn Redactor>,
    shard: Option<Shard>,
) -> Collected {
    let mut out = Collected::default();
    let mine = shard.is_none_or(|s| s.owns(&file.rel));
    let wanting: Vec<&&dyn Check> = checks
        .iter()
        .filter(|c| (mine || c.whole_repository()) && c.wants(&file.rel))
        .collect();
    if wanting.is_empty() {
        return out;
    }
    let extension = Path::new(&file.rel)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if extension
        .as_deref()
        .is_some_and(|e| BINARY_EXTENSIONS.contains(&e))
    {
        out.skipped.insert("binary".to_string(), 1);
        return out;
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            out.skipped.insert("unreadable".to_string(), 1);
            out.errors.push(
                ErrorEntry::new(file.rel.clone(), None, format!("cannot read: {e}"))
                    .in_family("discovery"),
            );
            return out;
        }
    };
    // UTF-16 text (Windows editors and PowerShell write it) is decoded and scanned as UTF-8.
    let bytes = utf16_text(&bytes).map_or(bytes, String::into_bytes);
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if sniff.contains(&0) {
        out.skipped.insert("binary".to_string(), 1);
        out.errors.push(
            ErrorEntry::new(
                file.rel.clone(),
                None,
                "skipped: binary content (NUL bytes) in a file without a binary extension",
            )
            .in_family("discovery"),
        );
        return out;
    }
    if let Err(e) = std::str::from_utf8(&bytes) {
        let lines = LineIndex::new(&bytes);
        let line = lines.line(e.valid_up_to());
        out.errors.push(
            ErrorEntry::new(
                file.rel.clone(),
                Some(line),
                format!(
                    "not valid UTF-8 (byte {}); scanned as bytes",
                    e.valid_up_to()
                ),
            )
            .in_family("discovery"),
        );
    }
    let source = SourceFile::new(&file.rel, &bytes);
    for check in wanting {
        let clock = Instant::now();
        let mut scan = check.scan_file(&source);
        if !scan.findings.is_empty() {
            apply_inline(&mut scan.findings, &bytes, source.lines());
        }
        let stats = out.stats.entry(check.family()).or_default();
        match scan.skipped {
            Some(reason) => *stats.skipped.entry(reason.to_string()).or_default() += 1,
            None => {
                stats.files += 1;
                stats.bytes += bytes.len() as u64;
            }
        }
        stats.ms += u64::try_from(clock.elapsed().as_micros()).unwrap_or(u64::MAX);
        out.findings.append(&mut scan.findings);
        out.errors.append(&mut scan.errors);
    }
    if let Some(redactor) = redactor
        && !out.findings.is_empty()
    {
        redact_findings(redactor, &source, &mut out.findings);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{FileScan, RepoScan};
    use gatehouse_model::{Status, SuppressionKind};

    /// A family with only a repository pass, as the live families will be: one finding in a
    /// file of the tree, one about something that is not a file (a live target), one naming a
    /// path outside the tree.
    struct Probe;

    fn probe_finding(rule: &str, path: &str) -> Finding {
        Finding {
            family: "probe".into(),
            ..crate::testing::finding(rule, path, 2)
        }
    }

    impl Check for Probe {
        fn family(&self) -> &'static str {
            "probe"
        }
        fn policies(&self) -> &'static [&'static str] {
            &["P02"]
        }
        fn wants(&self, _rel: &str) -> bool {
            false
        }
        fn scan_file(&self, _file: &SourceFile<'_>) -> FileScan {
            FileScan::default()
        }
        fn scan_repo(&self, _ctx: &RepoContext<'_>) -> RepoScan {
            RepoScan {
                findings: vec![
                    probe_finding("probe.in-file", "conf/app.yaml"),
                    probe_finding("probe.live", "https://vault.internal:8200"),
                    probe_finding("probe.outside", "../outside.yaml"),
                ],
                ..RepoScan::default()
            }
        }
    }

    fn run_probe(root: &Path, baseline: Option<&Baseline>) -> Report {
        let config = Config::default();
        let checks: Vec<Box<dyn Check>> = vec![Box::new(Probe)];
        run(RunRequest {
            root,
            config: &config,
            checks: &checks,
            selected: &["probe".to_string()],
            exceptions: Vec::new(),
            baseline,
            today: "2026-06-01".parse().unwrap(),
            tool_version: "test",
            redactor: None,
            file_filter: None,
            shard: None,
            changes: None,
        })
    }

    #[test]
    fn repository_findings_are_suppressed_like_file_findings() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("conf")).unwrap();
        let ignore = "# gatehouse:ignore probe.in-file, probe.outside -- accepted\nkey: value\n";
        std::fs::write(repo.join("conf/app.yaml"), ignore).unwrap();
        // A file outside the tree says the same: it is never read.
        std::fs::write(dir.path().join("outside.yaml"), ignore).unwrap();
        let report = run_probe(&repo, None);
        let kind = |rule: &str| {
            report
                .findings
                .iter()
                .find(|f| f.rule_id == rule)
                .and_then(|f| f.suppressed.as_ref())
                .map(|s| s.kind)
        };
        assert_eq!(kind("probe.in-file"), Some(SuppressionKind::Inline));
        assert_eq!(kind("probe.live"), None);
        assert_eq!(kind("probe.outside"), None);
        assert_eq!(report.policies[1].status, Status::Fail);

        // A baseline of that run holds the live finding's fingerprint: the next run (the same
        // findings again) passes.
        let open: Vec<Finding> = report.open_findings().cloned().collect();
        let baseline = Baseline::from_findings(&open, "then".into());
        let report = run_probe(&repo, Some(&baseline));
        assert_eq!(report.open_findings().count(), 0);
        assert_eq!(report.policies[1].status, Status::Pass);
        assert_eq!(
            report.policies[1].reason.as_deref(),
            Some("3 suppressed (2 baseline, 1 inline)")
        );
        assert!(report.gate.passed);
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_text_is_decoded_with_or_without_a_byte_order_mark() {
        let text = "password = \"s3cr3t\"\r\nname = caf\u{e9} \u{1f600}\n";
        for little_endian in [true, false] {
            for bom in [true, false] {
                let bytes = utf16(text, little_endian, bom);
                assert_eq!(
                    utf16_text(&bytes).as_deref(),
                    Some(text),
                    "LE {little_endian}, BOM {bom}"
                );
            }
        }
        // Plain UTF-8, binary with NULs elsewhere, an odd length, a lone surrogate: not UTF-16.
        assert!(utf16_text(b"plain text\n").is_none());
        assert!(utf16_text(&[0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0, 1, 0, 0, 2]).is_none());
        assert!(utf16_text(&[0xFF, 0xFE, b'a']).is_none());
        assert!(utf16_text(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0]).is_none());
    }
}
