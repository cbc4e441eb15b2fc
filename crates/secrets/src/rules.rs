//! Secret rules as data: the embedded `rules/secrets.toml` (and any user file of the same
//! format), compiled into regexes plus one case-insensitive keyword automaton.
//!
//! The automaton does more than gate rules per file: every keyword hit marks a *window* (the
//! hit's line, extended by the rule's `window` bytes for multi-line secrets such as PEM keys),
//! and a rule's regex runs only inside its windows. A file of ordinary code thus costs one pass
//! of the automaton plus regex work on the few lines that mention a keyword.

use std::ops::Range;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use gatehouse_model::{Confidence, Severity};
use std::sync::OnceLock;

use regex::bytes::Regex;
use serde::Deserialize;

use crate::verify::Verify;

/// The built-in rules.
pub const BUILTIN_RULES: &str = include_str!("../../../rules/secrets.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    /// Credentials published in documentation (RFCs, providers' API references): a secret
    /// holding one is an example, whatever rule finds it.
    #[serde(default)]
    published: Vec<String>,
    rule: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    title: String,
    severity: Severity,
    confidence: Confidence,
    keywords: Vec<String>,
    regex: String,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    window: Option<usize>,
    #[serde(default)]
    locate: Locate,
    #[serde(default = "yes")]
    placeholders: bool,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    allow_match: Vec<String>,
    #[serde(default)]
    generic: bool,
    verify: Option<Verify>,
    #[serde(default)]
    overrides: Vec<String>,
    help: String,
}

fn yes() -> bool {
    true
}

/// Where a finding of a rule is located.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locate {
    /// At the secret value (default).
    #[default]
    Secret,
    /// At the start of the whole match (e.g. a PEM key's `-----BEGIN` line).
    Match,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub keywords: Vec<String>,
    /// The regex's source; compiled on first use (most runs need few rules: every family's
    /// findings are redacted, but only rules whose keywords occur are ever run).
    pattern: String,
    regex: OnceLock<Regex>,
    pub secret_group: usize,
    pub entropy: Option<f64>,
    /// Bytes after the end of a keyword's line that a match may reach (multi-line secrets).
    pub window: usize,
    pub locate: Locate,
    /// Whether the placeholder filter (`EXAMPLE`, `xxxx`, …) applies; off for long random
    /// bodies such as PEM keys, where such letters occur by chance.
    pub placeholders: bool,
    /// Regexes a secret may match and still be no secret (syntax checked when read, compiled
    /// on first use, as `pattern` is).
    allow_patterns: Vec<String>,
    allow: OnceLock<Vec<Regex>>,
    /// Regexes the whole match may match and be no secret (a name such as `next_token`).
    allow_match_patterns: Vec<String>,
    allow_match: OnceLock<Vec<Regex>>,
    pub generic: bool,
    /// A structural check of each match (a token checksum, a JWT's JSON).
    pub verify: Option<Verify>,
    /// Rules (indexes) whose finding on the same secret this rule's replaces: a provider whose
    /// tokens share another's prefix, recognised by its name on the line.
    pub overrides: Vec<usize>,
    pub help: String,
}

impl Rule {
    /// The rule's compiled regex. Its syntax was checked when the rule was read; should the
    /// compiled program exceed the regex crate's size limit, the rule matches nothing and says
    /// so in the log.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| match Regex::new(&self.pattern) {
            Ok(regex) => regex,
            Err(e) => {
                tracing::error!("secrets rule {}: regex cannot be compiled: {e}", self.id);
                never()
            }
        })
    }

    /// Whether a candidate secret matches one of the rule's allow regexes. One that cannot be
    /// compiled (over the size limit) allows nothing, and says so in the log.
    pub fn allows(&self, text: &[u8]) -> bool {
        compiled(&self.allow, &self.allow_patterns, &self.id)
            .iter()
            .any(|regex| regex.is_match(text))
    }

    /// Whether a whole match (name and value) matches one of the rule's `allow_match` regexes.
    pub fn allows_match(&self, text: &[u8]) -> bool {
        compiled(&self.allow_match, &self.allow_match_patterns, &self.id)
            .iter()
            .any(|regex| regex.is_match(text))
    }
}

/// Allow regexes, compiled on first use; one that cannot be compiled is left out, and logged.
fn compiled<'a>(cell: &'a OnceLock<Vec<Regex>>, patterns: &[String], rule: &str) -> &'a [Regex] {
    cell.get_or_init(|| {
        patterns
            .iter()
            .filter_map(|pattern| match Regex::new(pattern) {
                Ok(regex) => Some(regex),
                Err(e) => {
                    tracing::error!("secrets rule {rule}: allow regex cannot be compiled: {e}");
                    None
                }
            })
            .collect()
    })
}

/// How many capturing groups (numbered or named) a parsed regex has.
fn capture_groups(ast: &regex_syntax::ast::Ast) -> usize {
    use regex_syntax::ast::{Ast, GroupKind, Visitor};
    struct Count(usize);
    impl Visitor for Count {
        type Output = usize;
        type Err = std::convert::Infallible;
        fn finish(self) -> Result<usize, Self::Err> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), Self::Err> {
            if let Ast::Group(group) = ast
                && !matches!(group.kind, GroupKind::NonCapturing(_))
            {
                self.0 += 1;
            }
            Ok(())
        }
    }
    match regex_syntax::ast::visit(ast, Count(0)) {
        Ok(n) => n,
        Err(never) => match never {},
    }
}

/// A regex that matches nothing.
fn never() -> Regex {
    static NEVER: OnceLock<Regex> = OnceLock::new();
    NEVER
        .get_or_init(|| Regex::new(r"[^\x00-\x{10FFFF}]").unwrap_or_else(|_| unreachable!()))
        .clone()
}

/// A rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{origin}: {message}")]
    Toml { origin: String, message: String },
    #[error("{origin}: rule `{rule}`: {message}")]
    Rule {
        origin: String,
        rule: String,
        message: String,
    },
}

/// The compiled rule set.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Keyword automaton; pattern `i` is `keyword_rules[i]`'s keyword.
    pub keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables.
    pub keyword_rules: Vec<Vec<usize>>,
    /// Published example credentials (`published` in the rule file).
    published: Vec<String>,
    /// The token prefixes of the provider rules (`ghp_`, `AKIA`, `xoxb-`, `eyJ`, …): keywords of
    /// non-generic rules that are not plain lower-case words.
    prefixes: Vec<String>,
}

impl RuleSet {
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::parse(BUILTIN_RULES, "rules/secrets.toml", &[], None)
    }

    /// Parse and compile a rule file. `disabled` rule ids are dropped; `generic_entropy`
    /// overrides the entropy threshold of generic rules that have one.
    pub fn parse(
        text: &str,
        origin: &str,
        disabled: &[String],
        generic_entropy: Option<f64>,
    ) -> Result<RuleSet, RuleError> {
        let file: RuleFile = toml::from_str(text).map_err(|e| RuleError::Toml {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        let mut rules = Vec::new();
        // Each rule's `overrides` by name, resolved to indexes once every rule is read.
        let mut overrides: Vec<Vec<String>> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for def in file.rule {
            let fail = |message: String| RuleError::Rule {
                origin: origin.to_string(),
                rule: def.id.clone(),
                message,
            };
            if !seen.insert(def.id.clone()) {
                return Err(fail("duplicate rule id".into()));
            }
            if disabled.contains(&def.id) {
                continue;
            }
            if def.keywords.is_empty() || def.keywords.iter().any(|k| k.len() < 2) {
                return Err(fail("needs keywords of at least 2 characters".into()));
            }
            // Parsed now to its syntax tree (a located error, and the group count), compiled
            // when first used. Only the syntax is checked here: translating every rule (Unicode
            // case folding) would cost more than a whole dependency audit, on every run.
            let ast = regex_syntax::ast::parse::Parser::new()
                .parse(&def.regex)
                .map_err(|e| fail(format!("regex: {e}")))?;
            let groups = capture_groups(&ast);
            let secret_group = def.secret_group.unwrap_or(if groups > 0 { 1 } else { 0 });
            if secret_group > groups {
                return Err(fail(format!(
                    "secret_group {secret_group} but the regex has {groups} groups"
                )));
            }
            for pattern in def.allow.iter().chain(&def.allow_match) {
                regex_syntax::ast::parse::Parser::new()
                    .parse(pattern)
                    .map_err(|e| fail(format!("allow regex: {e}")))?;
            }
            // The configured threshold replaces a generic rule's own; a rule without one (a
            // password in a URL's credential slot) needs none.
            let entropy = match (def.generic, def.entropy, generic_entropy) {
                (true, Some(_), Some(threshold)) => Some(threshold),
                _ => def.entropy,
            };
            rules.push(Rule {
                id: def.id,
                title: def.title,
                severity: def.severity,
                confidence: def.confidence,
                keywords: def.keywords,
                pattern: def.regex,
                regex: OnceLock::new(),
                secret_group,
                entropy,
                window: def.window.unwrap_or(0),
                locate: def.locate,
                placeholders: def.placeholders,
                allow_patterns: def.allow,
                allow: OnceLock::new(),
                allow_match_patterns: def.allow_match,
                allow_match: OnceLock::new(),
                generic: def.generic,
                verify: def.verify,
                overrides: Vec::new(),
                help: def.help,
            });
            overrides.push(def.overrides);
        }
        for (index, names) in overrides.into_iter().enumerate() {
            for name in names {
                let Some(target) = rules.iter().position(|r| r.id == name) else {
                    // A disabled rule is overridden by nothing; an unknown one is a typo.
                    if disabled.contains(&name) {
                        continue;
                    }
                    return Err(RuleError::Rule {
                        origin: origin.to_string(),
                        rule: rules[index].id.clone(),
                        message: format!("overrides `{name}`, which is not a rule"),
                    });
                };
                rules[index].overrides.push(target);
            }
        }
        // One pattern per distinct keyword (case-folded), listing every rule it enables.
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            for keyword in &rule.keywords {
                let folded = keyword.to_ascii_lowercase();
                match patterns.iter().position(|p| *p == folded) {
                    Some(at) => keyword_rules[at].push(index),
                    None => {
                        patterns.push(folded);
                        keyword_rules.push(vec![index]);
                    }
                }
            }
        }
        // The search reports the longest keyword at each position; a keyword contained in it
        // occurs there too, so its rules ride along.
        let closure: Vec<Vec<usize>> = patterns
            .iter()
            .map(|outer| {
                let mut enabled: Vec<usize> = patterns
                    .iter()
                    .zip(&keyword_rules)
                    .filter(|(inner, _)| outer.contains(inner.as_str()))
                    .flat_map(|(_, rules)| rules.iter().copied())
                    .collect();
                enabled.sort_unstable();
                enabled.dedup();
                enabled
            })
            .collect();
        // A full DFA: with a few hundred case-insensitive keywords no SIMD prefilter applies,
        // and the DFA searches several times faster than the default NFA (a few MB of tables).
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Unanchored)
            .build(&patterns)
            .map_err(|e| RuleError::Toml {
                origin: origin.to_string(),
                message: format!("keywords: {e}"),
            })?;
        let mut prefixes: Vec<String> = rules
            .iter()
            .filter(|r| !r.generic)
            .flat_map(|r| r.keywords.iter())
            .filter(|k| k.len() >= 3 && !k.bytes().all(|b| b.is_ascii_lowercase()))
            .cloned()
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        Ok(RuleSet {
            rules,
            keywords,
            keyword_rules: closure,
            published: file.published,
            prefixes,
        })
    }

    /// Whether `secret` holds a credential published as a documentation example.
    pub fn is_published(&self, secret: &[u8]) -> bool {
        self.published
            .iter()
            .any(|p| memchr::memmem::find(secret, p.as_bytes()).is_some())
    }

    /// Whether `secret` starts with a provider's token prefix (for a generic rule's match: a
    /// value of a known format its provider's rule did not report is truncated, elided or made
    /// up, not a secret of unknown kind).
    pub fn has_provider_prefix(&self, secret: &[u8]) -> bool {
        self.prefixes
            .iter()
            .any(|p| secret.starts_with(p.as_bytes()))
    }

    /// For each rule, the sorted, merged byte ranges of `haystack` its regex must search: the
    /// lines holding one of its keywords, extended by its `window`. Empty: the rule cannot match.
    pub fn windows(&self, haystack: &[u8]) -> Vec<Vec<Range<usize>>> {
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); self.rules.len()];
        let mut at = 0;
        while at < haystack.len() {
            let input = Input::new(haystack)
                .span(at..haystack.len())
                .anchored(Anchored::No);
            let Some(hit) = self.keywords.find(input) else {
                break;
            };
            let line_start = memchr::memrchr(b'\n', &haystack[..hit.start()]).map_or(0, |i| i + 1);
            let line_end = memchr::memchr(b'\n', &haystack[hit.end()..])
                .map_or(haystack.len(), |i| hit.end() + i);
            for &rule in &self.keyword_rules[hit.pattern().as_usize()] {
                let end = line_end
                    .saturating_add(self.rules[rule].window)
                    .min(haystack.len());
                let list = &mut windows[rule];
                match list.last_mut() {
                    Some(last) if line_start <= last.end => last.end = last.end.max(end),
                    _ => list.push(line_start..end),
                }
            }
            // Restart just after this hit's start so that overlapping keywords are seen too.
            at = hit.start() + 1;
        }
        windows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile_and_cover_the_providers() {
        let set = RuleSet::builtin().unwrap();
        assert!(set.rules.len() >= 40, "{} rules", set.rules.len());
        for id in [
            "aws-access-key-id",
            "aws-secret-access-key",
            "github-pat-classic",
            "github-pat-fine-grained",
            "github-app-token",
            "github-oauth-token",
            "gitlab-pat",
            "slack-bot-token",
            "slack-webhook-url",
            "stripe-live-secret-key",
            "google-api-key",
            "gcp-service-account-key",
            "azure-storage-connection-string",
            "private-key-rsa",
            "private-key-ec",
            "private-key-openssh",
            "private-key-pgp",
            "private-key-pkcs8",
            "jwt",
            "npm-access-token",
            "pypi-upload-token",
            "twilio-api-key",
            "sendgrid-api-key",
            "mailgun-api-key",
            "shopify-access-token",
            "discord-bot-token",
            "telegram-bot-token",
            "heroku-api-key",
            "vault-service-token",
            "docker-config-auth",
            "database-url-password",
            "generic-secret-assignment",
        ] {
            assert!(set.rules.iter().any(|r| r.id == id), "missing rule {id}");
        }
    }

    #[test]
    fn every_builtin_regex_compiles_and_its_groups_are_counted_as_the_regex_crate_does() {
        let set = RuleSet::builtin().unwrap();
        for rule in &set.rules {
            let compiled =
                Regex::new(&rule.pattern).unwrap_or_else(|e| panic!("rule {}: {e}", rule.id));
            for allow in &rule.allow_patterns {
                Regex::new(allow).unwrap_or_else(|e| panic!("rule {} allow: {e}", rule.id));
            }
            let ast = regex_syntax::ast::parse::Parser::new()
                .parse(&rule.pattern)
                .unwrap();
            assert_eq!(
                capture_groups(&ast),
                compiled.captures_len() - 1,
                "rule {}",
                rule.id
            );
        }
        let ast = regex_syntax::ast::parse::Parser::new()
            .parse(r"(a)(?:b)(?P<name>c)(?i)((d))[(]")
            .unwrap();
        assert_eq!(capture_groups(&ast), 4);
    }

    #[test]
    fn keywords_select_candidate_rules_case_insensitively() {
        let set = RuleSet::builtin().unwrap();
        let text = b"first line\nexport GHP_nothing\nlast line\n";
        let windows = set.windows(text);
        let enabled: Vec<(&str, &[u8])> = set
            .rules
            .iter()
            .zip(&windows)
            .flat_map(|(r, w)| w.iter().map(move |w| (r.id.as_str(), &text[w.clone()])))
            .collect();
        assert_eq!(
            enabled,
            [("github-pat-classic", &b"export GHP_nothing"[..])]
        );
        assert!(set.windows(b"plain text").iter().all(Vec::is_empty));
    }

    #[test]
    fn overlapping_and_contained_keywords_enable_all_their_rules() {
        let set = RuleSet::builtin().unwrap();
        // `_authToken` contains `token` (generic rule); both rules must see the line.
        let windows = set.windows(b"//r/:_authToken=abc\n");
        let on = |id: &str| {
            let i = set.rules.iter().position(|r| r.id == id).unwrap();
            !windows[i].is_empty()
        };
        assert!(on("npmrc-auth-token"));
        assert!(on("generic-secret-assignment"));
    }

    #[test]
    fn multi_line_rules_get_a_window_past_the_keyword_line() {
        let set = RuleSet::builtin().unwrap();
        let text = b"-----BEGIN RSA PRIVATE KEY-----\nAAAA\nBBBB\n-----END RSA PRIVATE KEY-----\n";
        let i = set
            .rules
            .iter()
            .position(|r| r.id == "private-key-rsa")
            .unwrap();
        let whole = 0..text.len();
        assert_eq!(set.windows(text)[i], std::slice::from_ref(&whole));
    }

    #[test]
    fn bad_rule_files_name_the_rule() {
        let text = "[[rule]]\nid = \"x\"\ntitle = \"t\"\nseverity = \"high\"\nconfidence = \"high\"\nkeywords = [\"abc\"]\nregex = '(unclosed'\nhelp = \"h\"\n";
        let err = RuleSet::parse(text, "custom.toml", &[], None).unwrap_err();
        assert!(
            err.to_string().starts_with("custom.toml: rule `x`: regex"),
            "{err}"
        );
        let disabled = RuleSet::parse(
            BUILTIN_RULES,
            "rules/secrets.toml",
            &["jwt".to_string()],
            None,
        )
        .unwrap();
        assert!(disabled.rules.iter().all(|r| r.id != "jwt"));
        let typo = text.replace("(unclosed", "abc") + "overrides = [\"stripe-live\"]\n";
        let err = RuleSet::parse(&typo, "custom.toml", &[], None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "custom.toml: rule `x`: overrides `stripe-live`, which is not a rule"
        );
        // Disabling the overridden rule is no error.
        let clerk = RuleSet::parse(
            BUILTIN_RULES,
            "rules/secrets.toml",
            &["stripe-live-secret-key".to_string()],
            None,
        )
        .unwrap();
        assert!(clerk.rules.iter().all(|r| r.overrides.is_empty()));
    }
}
