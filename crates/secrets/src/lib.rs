//! The secrets family: credentials committed to the tree (and, on request, to git history).
//!
//! Rules are data (`rules/secrets.toml`). A file is first searched for every rule's keywords
//! with one case-insensitive Aho-Corasick automaton; only the rules whose keywords occur run
//! their regex. A match is dropped when its secret is a placeholder (`EXAMPLE`, `xxxx`,
//! `changeme`, `${VAR}`, `<token>`, an elided `ghp_31G…`, an encrypted `ENC[…]`, a run like
//! `123456`), a credential published in documentation, matches a rule or configured allowlist,
//! is below the rule's entropy threshold, fails the rule's structural check (a JWT that does
//! not decode), or is a generic rule's value in a provider's format that provider's rule did not
//! accept. A token checksum sets the finding's confidence. Findings carry a redacted snippet
//! only and feed policy P02.

pub mod encoded;
mod history;
mod redact;
pub mod rules;
pub mod verify;

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use gatehouse_engine::config::SecretsConfig;
use gatehouse_engine::{Check, FileScan, Redactor, RepoContext, RepoScan, SourceFile};
use gatehouse_model::{Confidence, ErrorEntry, Finding, Fingerprint, Location};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use regex::bytes::Regex;

pub use redact::{redact_secret, shannon_entropy};
pub use rules::{RuleError, RuleSet};
use verify::Verdict;

/// The family name.
pub const FAMILY: &str = "secrets";

/// The policies secrets findings feed.
pub const POLICIES: &[&str] = &["P02"];

/// Lockfiles and checksum files: full of hashes, never of credentials.
const SKIPPED_FILE_NAMES: &[&str] = &[
    "go.sum",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "Cargo.lock",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "composer.lock",
    "Gemfile.lock",
    "gradle.lockfile",
];

/// Secrets that are obviously not real: documentation placeholders and template variables.
fn placeholder() -> &'static Regex {
    static PLACEHOLDER: OnceLock<Regex> = OnceLock::new();
    PLACEHOLDER.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)example|x{4,}|changeme|change_me|change-me|placeholder|dummy|redacted|",
            r"your[_-]?(?:api[_-]?)?(?:key|token|secret|password)|replace[_-]?me|fake|",
            r"\$\{[^}]*\}|\{\{[^}]*\}\}|<[^>]+>|^\$[A-Za-z_][A-Za-z0-9_]*$|\*{4,}|",
            // A format string's placeholder: Rust's and Python's `{password}`, C's `%s`.
            r"^\{[A-Za-z0-9_.:]*\}$|^%[sd]$|",
            r"0123456789|abcdefgh|",
            // An elided or masked value: `ghp_31G…`, `sk-proj-...`, `sk_live_••••4255`.
            r"…|\.\.\.|•|",
            // A marker a tool put in place of the value: Rails' `[FILTERED]`, `[REDACTED]`.
            r"^\[[A-Z_ ]+\]$|",
            // Encrypted, not the secret: SOPS, Jasypt, Spring Cloud Config, Vault transit, AWS
            // KMS ciphertext blobs, Ansible Vault.
            r"^ENC\[|^ENC\(|^\{cipher\}|^vault:v\d+:|^AQ[EI]CAH|\$ANSIBLE_VAULT|^EJ\[\d:|",
            // Vault's audit log HMACs every value; an ARM template's expressions.
            r"^hmac-sha\d+:|^\[(?i:parameters|variables|reference|concat|format|listkeys)\("
        ))
        .expect("placeholder regex compiles")
    })
}

/// The secrets check.
pub struct SecretsCheck {
    rules: RuleSet,
    allow_paths: Option<Gitignore>,
    allow_patterns: Vec<Regex>,
    history: bool,
}

/// A configuration of the secrets family that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SecretsConfigError {
    #[error(transparent)]
    Rules(#[from] RuleError),
    #[error("secrets.allow_patterns `{pattern}`: {message}")]
    Pattern { pattern: String, message: String },
    #[error("secrets.allow_paths `{pattern}`: {message}")]
    Path { pattern: String, message: String },
}

impl SecretsCheck {
    pub fn new(root: &Path, config: &SecretsConfig) -> Result<Self, SecretsConfigError> {
        let rules = RuleSet::parse(
            rules::BUILTIN_RULES,
            "rules/secrets.toml",
            &config.disable,
            Some(config.entropy),
        )?;
        let allow_patterns = config
            .allow_patterns
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| SecretsConfigError::Pattern {
                    pattern: p.clone(),
                    message: e.to_string(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let allow_paths = if config.allow_paths.is_empty() {
            None
        } else {
            let mut builder = GitignoreBuilder::new(root);
            for pattern in &config.allow_paths {
                builder
                    .add_line(None, pattern)
                    .map_err(|e| SecretsConfigError::Path {
                        pattern: pattern.clone(),
                        message: e.to_string(),
                    })?;
            }
            Some(builder.build().map_err(|e| SecretsConfigError::Path {
                pattern: config.allow_paths.join(", "),
                message: e.to_string(),
            })?)
        };
        Ok(SecretsCheck {
            rules,
            allow_paths,
            allow_patterns,
            history: config.history,
        })
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    fn path_allowed(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if SKIPPED_FILE_NAMES.contains(&name) {
            return true;
        }
        self.allow_paths
            .as_ref()
            .is_some_and(|g| g.matched_path_or_any_parents(rel, false).is_ignore())
    }

    /// The secrets in a buffer: rule and byte range of each secret value, in order. A
    /// base64-encoded value (a Kubernetes Secret's `data:`, or any value that is clearly base64
    /// of text) is decoded and its text searched too; what is found there is reported at the
    /// encoded value.
    fn hits(&self, bytes: &[u8]) -> Vec<Hit> {
        let mut hits = self.plain_hits(bytes);
        for candidate in encoded::candidates(bytes) {
            let token = candidate.range;
            let Some(decoded) = encoded::decode_text(&bytes[token.clone()]) else {
                continue;
            };
            let mut rules: Vec<usize> = encoded::searched(&candidate.key, &decoded)
                .iter()
                .flat_map(|text| self.settle(self.plain_hits(text)))
                .map(|inner| inner.rule)
                .collect();
            rules.sort_unstable();
            rules.dedup();
            hits.extend(rules.into_iter().map(|rule| Hit {
                rule,
                secret: token.clone(),
                located: token.start,
                encoded: true,
                verdict: Verdict::None,
            }));
        }
        self.settle(hits)
    }

    /// What the rules find in the text as it is.
    fn plain_hits(&self, bytes: &[u8]) -> Vec<Hit> {
        let windows = self.rules.windows(bytes);
        let mut hits: Vec<Hit> = Vec::new();
        for (index, rule) in self.rules.rules.iter().enumerate() {
            for window in &windows[index] {
                let haystack = &bytes[window.clone()];
                for caps in rule.regex().captures_iter(haystack) {
                    let Some(secret) = caps.get(rule.secret_group) else {
                        continue;
                    };
                    let text = secret.as_bytes();
                    let whole_match = caps.get(0).map_or(text, |m| m.as_bytes());
                    if (rule.placeholders && (placeholder().is_match(text) || sequential(text)))
                        || low_variety(text)
                        || rule.allows(text)
                        || rule.allows_match(whole_match)
                        || self.rules.is_published(text)
                        || (rule.generic && self.rules.has_provider_prefix(text))
                        || self.allow_patterns.iter().any(|a| a.is_match(text))
                    {
                        continue;
                    }
                    // A string of n characters has at most log2(n) bits of entropy per
                    // character, so short secrets are held to a length-adjusted bar.
                    if let Some(min) = rule.entropy
                        && shannon_entropy(text) < min.min(0.8 * (text.len() as f64).log2())
                    {
                        continue;
                    }
                    let verdict = rule.verify.map_or(Verdict::None, |v| v.judge(text));
                    if verdict == Verdict::Reject {
                        continue;
                    }
                    let whole = caps.get(0).map_or(secret.start(), |m| m.start());
                    hits.push(Hit {
                        rule: index,
                        secret: window.start + secret.start()..window.start + secret.end(),
                        located: window.start
                            + match rule.locate {
                                rules::Locate::Secret => secret.start(),
                                rules::Locate::Match => whole,
                            },
                        encoded: false,
                        verdict,
                    });
                }
            }
        }
        hits
    }

    /// A generic rule yields to a specific rule that matched the same text, and to a generic
    /// rule listed before it; one finding per rule and secret.
    fn settle(&self, mut hits: Vec<Hit>) -> Vec<Hit> {
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        let found: Vec<(usize, Range<usize>)> =
            hits.iter().map(|h| (h.rule, h.secret.clone())).collect();
        let rules = &self.rules.rules;
        hits.retain(|h| {
            found.iter().all(|(other, secret)| {
                if !overlaps(secret, &h.secret) {
                    return true;
                }
                // A rule that recognises a provider sharing another's prefix replaces that
                // one's finding; a generic rule yields to a specific one, and to a generic
                // rule listed before it.
                let yields = rules[*other].overrides.contains(&h.rule)
                    || (rules[h.rule].generic && (!rules[*other].generic || *other < h.rule));
                !yields
            })
        });
        hits.sort_by_key(|h| (h.secret.start, h.rule));
        hits.dedup_by(|a, b| a.rule == b.rule && a.secret == b.secret);
        hits
    }

    /// Find the secrets in one file. `commit` is set for history blobs.
    pub fn scan(&self, file: &SourceFile<'_>, commit: Option<&str>) -> Vec<Finding> {
        let (rel, bytes) = (file.rel, file.bytes);
        let hits = self.hits(bytes);
        if hits.is_empty() {
            return Vec::new();
        }
        let lines = file.lines();
        let secret_spans: Vec<Range<usize>> = hits.iter().map(|h| h.secret.clone()).collect();
        let mut seen: Vec<(usize, String)> = Vec::new();
        hits.iter()
            .map(|hit| {
                let rule = &self.rules.rules[hit.rule];
                let (start_line, start_column) = lines.position(bytes, hit.located);
                let (end_line, end_column) = lines.position(bytes, hit.secret.end);
                let snippet = redact::snippet(bytes, lines, start_line, &secret_spans);
                // The fingerprint must not be a hash of the secret alone (a short password
                // could be recovered from it): it hashes the redacted line and which
                // occurrence of that line this is, which survives unrelated line shifts.
                let occurrence = seen
                    .iter()
                    .filter(|(r, s)| *r == hit.rule && *s == snippet)
                    .count();
                seen.push((hit.rule, snippet.clone()));
                let identity = format!("{snippet}\u{0}{occurrence}");
                Finding {
                    rule_id: rule.id.clone(),
                    family: FAMILY.to_string(),
                    severity: rule.severity,
                    confidence: match hit.verdict {
                        Verdict::Valid => Confidence::High,
                        Verdict::Invalid => Confidence::Low,
                        Verdict::None | Verdict::Reject => rule.confidence,
                    },
                    title: rule.title.clone(),
                    message: format!(
                        "{}{}{} committed in {}; treat it as exposed: rotate it, then remove it{}",
                        rule.title,
                        if hit.encoded { " (base64-encoded)" } else { "" },
                        match hit.verdict {
                            Verdict::Valid => " (its checksum is valid)",
                            Verdict::Invalid => " (its checksum does not match: possibly mistyped or made up)",
                            Verdict::None | Verdict::Reject => "",
                        },
                        rel,
                        if commit.is_some() {
                            " (it stays in git history until the history is rewritten)"
                        } else {
                            ""
                        }
                    ),
                    location: Location {
                        path: rel.to_string(),
                        start_line,
                        start_column,
                        end_line,
                        end_column,
                        commit: commit.map(str::to_string),
                    },
                    snippet,
                    fingerprint: Fingerprint::compute(&rule.id, rel, &identity, commit),
                    policies: POLICIES.iter().map(|p| p.to_string()).collect(),
                    cwe: vec!["CWE-798".to_string()],
                    aliases: Vec::new(),
                    help: Some(rule.help.clone()),
                    fix: Some(
                        "Move the value to the secret store (Vault, the CI secret store) and read it at run time."
                            .to_string(),
                    ),
                    suppressed: None,
                    new: None,
                    trace: Vec::new(),
                    context: Vec::new(),
                }
            })
            .collect()
    }
}

/// `123456`, `abcdef`, `KLMNOP`: six or more consecutive characters in ascending order, as in
/// `1234567890abcdef…` documentation tokens. A random token holds such a run with a probability
/// of about one in ten million.
fn sequential(text: &[u8]) -> bool {
    let mut run = 1;
    for pair in text.windows(2) {
        let next = pair[0].is_ascii_alphanumeric()
            && pair[1].is_ascii_alphanumeric()
            && pair[1] == pair[0] + 1;
        run = if next { run + 1 } else { 1 };
        if run >= 6 {
            return true;
        }
    }
    false
}

/// `aaaaaaaa`, `abababab`: a value of one or two distinct bytes is filler, not a secret; so is
/// a prefix padded with one character (`npm_000000…`, `dop_v1_000000…`).
fn low_variety(text: &[u8]) -> bool {
    let mut longest = 0;
    for run in text.chunk_by(|a, b| a == b) {
        longest = longest.max(run.len());
    }
    if longest >= 8 && longest * 2 >= text.len() {
        return true;
    }
    let mut seen: Vec<u8> = Vec::with_capacity(3);
    for &b in text {
        if !seen.contains(&b) {
            seen.push(b);
            if seen.len() > 2 {
                return false;
            }
        }
    }
    true
}

struct Hit {
    rule: usize,
    /// The secret value (for a secret found in a decoded value, the encoded value).
    secret: Range<usize>,
    /// Where the finding is reported (the secret, or the start of the match).
    located: usize,
    /// Found in the text a base64 value decodes to.
    encoded: bool,
    /// What the rule's structural check says.
    verdict: Verdict,
}

impl Redactor for SecretsCheck {
    fn secret_spans(&self, file: &SourceFile<'_>) -> Vec<Range<usize>> {
        if !self.wants(file.rel) {
            return Vec::new();
        }
        self.hits(file.bytes)
            .into_iter()
            .map(|h| h.secret)
            .collect()
    }

    fn redact(&self, secret: &str) -> String {
        redact_secret(secret)
    }
}

impl Check for SecretsCheck {
    fn family(&self) -> &'static str {
        FAMILY
    }

    fn policies(&self) -> &'static [&'static str] {
        POLICIES
    }

    fn wants(&self, rel: &str) -> bool {
        !self.path_allowed(rel)
    }

    fn scan_file(&self, file: &SourceFile<'_>) -> FileScan {
        FileScan {
            findings: self.scan(file, None),
            ..FileScan::default()
        }
    }

    fn scan_repo(&self, ctx: &RepoContext<'_>) -> RepoScan {
        if !self.history {
            return RepoScan::default();
        }
        match history::scan_history(self, ctx.root, ctx.config.scan.max_file_size) {
            Ok(scan) => scan,
            Err(reason) => RepoScan {
                blocked: Some(reason.clone()),
                errors: vec![
                    ErrorEntry::new(ctx.root.display().to_string(), None, reason).in_family(FAMILY),
                ],
                ..RepoScan::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> SecretsCheck {
        SecretsCheck::new(Path::new("/repo"), &SecretsConfig::default()).unwrap()
    }

    fn scan(text: &str) -> Vec<Finding> {
        check().scan(&SourceFile::new("f.txt", text.as_bytes()), None)
    }

    fn ids(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|f| f.rule_id).collect()
    }

    #[test]
    fn finds_a_token_with_position_and_redacted_snippet() {
        let token = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
        let found = scan(&format!("line one\n  export GH_TOKEN={token}\n"));
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.rule_id, "github-pat-classic");
        assert_eq!((f.location.start_line, f.location.start_column), (2, 19));
        assert_eq!(f.location.end_column, 19 + 40);
        assert!(!f.snippet.contains(token), "{}", f.snippet);
        assert!(
            f.snippet.starts_with("export GH_TOKEN=ghp_"),
            "{}",
            f.snippet
        );
        assert_eq!(f.policies, ["P02"]);
    }

    #[test]
    fn base64_values_are_decoded_and_reported_at_the_encoded_value() {
        use base64::Engine;
        let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
        let token = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
        let manifest = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  DB_PASSWORD: {}\n  GH_TOKEN: {}\n  username: {}\n",
            b64("Zq8vT2mLp9xR4wKd"),
            b64(token),
            b64("service-account-reader"),
        );
        let found = scan(&manifest);
        let got: Vec<(&str, u32, u32)> = found
            .iter()
            .map(|f| {
                (
                    f.rule_id.as_str(),
                    f.location.start_line,
                    f.location.start_column,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("generic-secret-unquoted", 6, 16),
                ("github-pat-classic", 7, 13)
            ]
        );
        assert!(
            found[1].message.contains("(base64-encoded)"),
            "{}",
            found[1].message
        );
        for f in &found {
            assert!(!f.snippet.contains(&b64(token)), "{}", f.snippet);
            assert!(
                !f.snippet.contains(&b64("Zq8vT2mLp9xR4wKd")),
                "{}",
                f.snippet
            );
        }
    }

    #[test]
    fn a_token_checksum_sets_the_confidence_and_never_hides_the_finding() {
        // GitHub's format: 30 random characters, then their CRC32 in base62.
        let valid = concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17");
        let mistyped = concat!("ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq71");
        let found = scan(&format!("GH_TOKEN={valid}\nOLD_TOKEN={mistyped}\n"));
        let got: Vec<(&str, Confidence)> = found
            .iter()
            .map(|f| (f.rule_id.as_str(), f.confidence))
            .collect();
        assert_eq!(
            got,
            [
                ("github-pat-classic", Confidence::High),
                ("github-pat-classic", Confidence::Low)
            ]
        );
        assert!(
            found[0].message.contains("checksum is valid"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("does not match"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn a_jwt_is_reported_only_when_its_header_and_payload_decode() {
        use base64::Engine;
        let b64 = |t: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(t);
        let header = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
        let token = format!(
            "{header}.{}.Qm9vdHN0cmFwU2lnbmF0dXJlMDE",
            b64(r#"{"sub":"deploy-bot","iat":1764979200}"#)
        );
        assert_eq!(ids(&format!("SESSION={token}\n")), ["jwt"]);
        // `eyJ` twice and three dot-separated parts, but the payload is not JSON.
        let lookalike = format!(
            "{header}.eyJ{}.Qm9vdHN0cmFwU2lnbmF0dXJlMDE",
            b64("plain text, not JSON")
        );
        assert!(ids(&format!("asset={lookalike}\n")).is_empty());
    }

    #[test]
    fn ascending_runs_of_six_mark_documentation_values() {
        assert!(sequential(b"dapi1234567890abcdef"));
        assert!(sequential(b"xKLMNOPq"));
        assert!(sequential(b"abcdef"));
        assert!(!sequential(b"abcde9"));
        assert!(!sequential(b"Zq8vT2mLp9xR4wKd"));
        // `9` is not followed by `:` in a token, nor `z` by `{`: runs stop at each class's end.
        assert!(!sequential(b"56789:;"));
    }

    #[test]
    fn placeholders_and_templates_are_not_secrets() {
        assert!(ids("aws_key = AKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(ids("password = \"${DB_PASSWORD}\"").is_empty());
        assert!(ids("password = \"<your-password>\"").is_empty());
        assert!(ids("token: \"xxxxxxxxxxxxxxxxxxxx\"").is_empty());
        assert!(ids("password = \"changeme123\"").is_empty());
        assert!(ids("postgres://user:${PGPASSWORD}@db:5432/app").is_empty());
        assert!(ids("let dsn = format!(\"postgres://{user}:{password}@{host}/app\");").is_empty());
        assert!(ids("dsn = f\"postgresql://app:{pw}@db.internal:5432/app\"").is_empty());
        assert!(ids("sprintf(dsn, \"mysql://root:%s@db:3306/app\")").is_empty());
        // A password that only looks like one part of a placeholder is still a password.
        assert_eq!(
            ids(concat!(
                "postgres://app:{Kq9vT2xL}x",
                "@db.internal:5432/app"
            )),
            ["database-url-password"]
        );
    }

    #[test]
    fn generic_rule_needs_entropy_and_yields_to_specific_rules() {
        assert_eq!(
            ids(concat!("db_password = \"q8Z#", "v2Lr!x7Tn4Kw\"")),
            ["generic-secret-assignment"]
        );
        assert!(ids("password = \"password1\"").is_empty());
        assert!(ids("token_file = \"config/app.token.json\"").is_empty());
        assert_eq!(
            ids(concat!(
                "github_token = \"ghp_",
                "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK\""
            )),
            ["github-pat-classic"]
        );
    }

    #[test]
    fn two_secrets_on_one_line_are_both_redacted_in_each_snippet() {
        let a = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
        let b = concat!("glpat-", "Xq3vR8mZt2LpW9nK4bYc");
        let found = scan(&format!("tokens: {a} {b}\n"));
        assert_eq!(found.len(), 2);
        for f in &found {
            assert!(
                !f.snippet.contains(a) && !f.snippet.contains(b),
                "{}",
                f.snippet
            );
        }
    }

    #[test]
    fn lockfiles_and_allowlisted_paths_are_not_scanned() {
        let config = SecretsConfig {
            allow_paths: vec!["docs/**".into()],
            ..SecretsConfig::default()
        };
        let check = SecretsCheck::new(Path::new("/repo"), &config).unwrap();
        assert!(!check.wants("Cargo.lock"));
        assert!(!check.wants("sub/go.sum"));
        assert!(!check.wants("docs/setup.md"));
        assert!(check.wants("src/main.rs"));
    }

    #[test]
    fn allow_patterns_drop_matching_secrets() {
        let config = SecretsConfig {
            allow_patterns: vec!["^ghp_R7vQ".into()],
            ..SecretsConfig::default()
        };
        let check = SecretsCheck::new(Path::new("/repo"), &config).unwrap();
        let text = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK").as_bytes();
        assert!(check.scan(&SourceFile::new("a", text), None).is_empty());
        let bad = SecretsConfig {
            allow_patterns: vec!["(".into()],
            ..SecretsConfig::default()
        };
        assert!(SecretsCheck::new(Path::new("/repo"), &bad).is_err());
    }
}
