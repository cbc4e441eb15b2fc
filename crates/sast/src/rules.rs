//! SAST rules: ast-grep's YAML rule format (`rule`, `pattern`, `kind`, `inside`, `has`, `not`,
//! `all`, `any`, `constraints`, `utils`, …) plus gatehouse metadata, one rule per YAML document.
//!
//! ```yaml
//! id: python-subprocess-shell-true
//! language: python                 # or `languages: [javascript, typescript, tsx]`
//! title: subprocess call through the shell
//! severity: high                   # critical | high | medium | low | info
//! confidence: high                 # high | medium | low
//! message: "`$FN` with shell=True runs its command through /bin/sh"
//! cwe: [CWE-78]
//! owasp: ["A03:2021"]
//! policies: [P09]                  # default
//! fix: Pass an argument list and drop shell=True.
//! references: [https://docs.python.org/3/library/subprocess.html#security-considerations]
//! focus: 'REGEX'                   # optional: report each match of REGEX inside the matched
//!                                  # node instead of the node (long template text nodes)
//! rule:
//!   pattern: subprocess.$FN($$$, shell=True, $$$)
//! ```
//!
//! A taint rule (Python, Java, JavaScript, TypeScript and Go) has no `rule:` but `mode: taint`
//! and lists of ast-grep rules: `sources` (what taints; a function parameter may be one),
//! `sanitizers` (what cleans), `guards` (tests in a condition that validate the names in them:
//! past `if <guard>: return` they are clean), `propagators` (calls that put a
//! value into another: `{ pattern: $B.WriteString($X), from: $X, to: $B }`), and `sinks` (what must not
//! receive taint; `focus: $X` names the metavariable of the argument that matters, else every
//! argument counts). It reports where a source's value reaches a sink inside a function, or
//! inside a function of the same file it calls (`taint/`).
//!
//! ```yaml
//! mode: taint
//! sources: [{ pattern: request.args }]
//! sanitizers: [{ pattern: int($X) }]
//! sinks: [{ pattern: eval($X, $$$), focus: $X }]
//! ```

use std::path::Path;

use ast_grep_config::{GlobalRules, RuleConfig, SerializableRuleConfig};
use ast_grep_language::SupportLang;
use gatehouse_model::{Confidence, Severity};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_json::Value;

use crate::lang::{self, LANGUAGES};

/// Keys gatehouse adds to ast-grep's rule format.
const OUR_KEYS: &[&str] = &[
    "title",
    "severity",
    "confidence",
    "cwe",
    "owasp",
    "policies",
    "fix",
    "references",
    "languages",
    "redact",
    "focus",
    "files",
    "ignores",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    title: String,
    severity: Severity,
    #[serde(default = "default_confidence")]
    confidence: Confidence,
    #[serde(default)]
    cwe: Vec<String>,
    #[serde(default)]
    owasp: Vec<String>,
    #[serde(default = "default_policies")]
    policies: Vec<String>,
    fix: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    languages: Option<Vec<String>>,
    #[serde(default)]
    redact: bool,
    focus: Option<String>,
    files: Option<Vec<FileGlob>>,
    ignores: Option<Vec<FileGlob>>,
}

/// An entry of ast-grep's `files` / `ignores`: a glob, or `{glob, caseInsensitive}`.
#[derive(Debug, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum FileGlob {
    Glob(String),
    #[serde(rename_all = "camelCase")]
    Config {
        glob: String,
        #[serde(default)]
        case_insensitive: bool,
    },
}

fn default_confidence() -> Confidence {
    Confidence::Medium
}

fn default_policies() -> Vec<String> {
    crate::POLICIES.iter().map(|p| p.to_string()).collect()
}

/// One compiled rule for one language.
pub struct SastRule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    pub policies: Vec<String>,
    pub fix: Option<String>,
    pub references: Vec<String>,
    pub note: Option<String>,
    /// Mask string literals in snippets (rules about hard-coded credentials).
    pub redact: bool,
    /// Report each match of this regex inside the matched node, not the node itself.
    pub focus: Option<regex::Regex>,
    /// Literals of which one must occur in a file for the rule to match there (prefilter).
    pub required: Option<Vec<String>>,
    /// ast-grep's `files` / `ignores`: globs over the path relative to the scanned root.
    pub files: Option<GlobSet>,
    pub ignores: Option<GlobSet>,
    /// Index into [`LANGUAGES`].
    pub language: usize,
    /// Where the rule is defined: file and line of its document.
    pub origin: (String, u32),
    pub config: RuleConfig<SupportLang>,
    /// `mode: taint`: the data-flow rule's matchers (its `config` then matches its sinks).
    pub taint: Option<TaintMatchers>,
}

/// A taint rule's sources, sanitizers and sinks (with the metavariable of the argument that
/// matters, if one is named).
pub struct TaintMatchers {
    pub sources: Vec<RuleConfig<SupportLang>>,
    pub sanitizers: Vec<RuleConfig<SupportLang>>,
    /// Tests in a condition that validate the names they test (`if '..' in p: return`).
    pub guards: Vec<RuleConfig<SupportLang>>,
    /// Calls that put one value into another (`$TO.write($FROM)`): the rule, `from`, `to`.
    pub propagators: Vec<(RuleConfig<SupportLang>, String, String)>,
    pub sinks: Vec<(RuleConfig<SupportLang>, Option<String>)>,
}

impl std::fmt::Debug for SastRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SastRule")
            .field("id", &self.id)
            .field("language", &LANGUAGES[self.language].name)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl SastRule {
    pub fn message_template(&self) -> &str {
        &self.config.message
    }

    /// Whether the rule's `files` / `ignores` globs let it run on `rel`.
    pub fn applies_to(&self, rel: &str) -> bool {
        !self.ignores.as_ref().is_some_and(|g| g.is_match(rel))
            && self.files.as_ref().is_none_or(|g| g.is_match(rel))
    }
}

fn glob_set(globs: &[FileGlob]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(match glob {
            FileGlob::Glob(pattern) => GlobBuilder::new(pattern).build()?,
            FileGlob::Config {
                glob,
                case_insensitive,
            } => GlobBuilder::new(glob)
                .case_insensitive(*case_insensitive)
                .build()?,
        });
    }
    builder.build()
}

/// A rule file that cannot be used: names the file and the line of the offending document.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct RuleError {
    pub path: String,
    pub line: u32,
    pub message: String,
}

/// Split a YAML stream into documents with the 1-based line each starts at.
fn documents(text: &str) -> Vec<(u32, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1u32;
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if line.trim_end() == "---" {
            docs.push((start, std::mem::take(&mut current)));
            start = number + 1;
            continue;
        }
        current.push_str(line);
        current.push('\n');
    }
    docs.push((start, current));
    docs.retain(|(_, doc)| {
        doc.lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    });
    docs
}

/// Parse every rule of one YAML file (one rule per document, for one or more languages).
pub fn parse_rule_file(text: &str, path: &str) -> Result<Vec<SastRule>, RuleError> {
    let mut rules = Vec::new();
    for (line, doc) in documents(text) {
        let fail = |message: String| RuleError {
            path: path.to_string(),
            line,
            message,
        };
        let value: Value = ast_grep_config::from_str(&doc).map_err(|e| fail(e.to_string()))?;
        let Value::Object(mut map) = value else {
            return Err(fail("a rule must be a YAML mapping".into()));
        };
        let id = map
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if id.is_empty() {
            return Err(fail("rule without `id`".into()));
        }
        let fail = |message: String| RuleError {
            path: path.to_string(),
            line,
            message: format!("rule `{id}`: {message}"),
        };
        let mut ours = serde_json::Map::new();
        for key in OUR_KEYS {
            if let Some(v) = map.remove(*key) {
                ours.insert((*key).to_string(), v);
            }
        }
        let meta: Metadata =
            serde_json::from_value(Value::Object(ours)).map_err(|e| fail(e.to_string()))?;
        if let Some(bad) = meta.cwe.iter().find(|c| !is_cwe(c)) {
            return Err(fail(format!("cwe `{bad}`: expected CWE-<number>")));
        }
        let focus = match &meta.focus {
            Some(pattern) => {
                let focus = regex::Regex::new(pattern).map_err(|e| fail(format!("focus: {e}")))?;
                if focus.is_match("") {
                    return Err(fail("focus: the regex matches the empty string".into()));
                }
                Some(focus)
            }
            None => None,
        };
        let globs = |list: &Option<Vec<FileGlob>>, key: &str| {
            list.as_deref()
                .map(glob_set)
                .transpose()
                .map_err(|e| fail(format!("{key}: {e}")))
        };
        let files = globs(&meta.files, "files")?;
        let ignores = globs(&meta.ignores, "ignores")?;
        // A taint rule: its lists apart; its sinks also stand as its `rule` (for the message,
        // the prefilter and the node kinds it can report at).
        let taint_lists = match map.remove("mode") {
            None => None,
            Some(Value::String(mode)) if mode == "taint" => {
                if map.contains_key("rule") {
                    return Err(fail(
                        "a taint rule has sources and sinks, not `rule`".into(),
                    ));
                }
                let mut take = |key: &str| -> Result<Vec<Value>, RuleError> {
                    match map.remove(key) {
                        Some(Value::Array(items)) => Ok(items),
                        None => Ok(Vec::new()),
                        Some(_) => Err(fail(format!("`{key}` must be a list of rules"))),
                    }
                };
                let sources = take("sources")?;
                let sanitizers = take("sanitizers")?;
                let guards = take("guards")?;
                let mut propagators = Vec::new();
                for mut item in take("propagators")? {
                    let mut var = |key: &str| match item.as_object_mut().and_then(|o| o.remove(key))
                    {
                        Some(Value::String(v)) if v.starts_with('$') => {
                            Ok(v.trim_start_matches('$').to_string())
                        }
                        _ => Err(fail(
                            "a propagator names its `from` and `to` metavariables ($X)".into(),
                        )),
                    };
                    let (from, to) = (var("from")?, var("to")?);
                    propagators.push((item, from, to));
                }
                let mut sinks = Vec::new();
                for mut sink in take("sinks")? {
                    let focus = match sink.as_object_mut().and_then(|s| s.remove("focus")) {
                        Some(Value::String(var)) => Some(var.trim_start_matches('$').to_string()),
                        None => None,
                        Some(_) => {
                            return Err(fail("a sink's `focus` is a metavariable ($X)".into()));
                        }
                    };
                    sinks.push((sink, focus));
                }
                if sources.is_empty() || sinks.is_empty() {
                    return Err(fail("a taint rule needs `sources` and `sinks`".into()));
                }
                map.insert(
                    "rule".into(),
                    serde_json::json!({ "any": sinks.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>() }),
                );
                Some((sources, sanitizers, guards, propagators, sinks))
            }
            Some(other) => return Err(fail(format!("mode `{other}`: only `taint` is known"))),
        };
        let names: Vec<String> = match (&meta.languages, map.remove("language")) {
            (Some(list), None) => list.clone(),
            (None, Some(Value::String(one))) => vec![one],
            (Some(_), Some(_)) => {
                return Err(fail("give `language` or `languages`, not both".into()));
            }
            _ => return Err(fail("missing `language`".into())),
        };
        if names.is_empty() {
            return Err(fail("`languages` is empty".into()));
        }
        for name in names {
            let Some(language) = lang::by_name(&name) else {
                let known: Vec<&str> = LANGUAGES.iter().map(|l| l.name).collect();
                return Err(fail(format!(
                    "unknown language `{name}` (expected one of: {})",
                    known.join(", ")
                )));
            };
            let mut core = map.clone();
            core.insert("language".into(), Value::from(LANGUAGES[language].name));
            let serializable: SerializableRuleConfig<SupportLang> =
                serde_json::from_value(Value::Object(core))
                    .map_err(|e| fail(format!("{name}: {e}")))?;
            let note = serializable.note.clone();
            let no_utils = serde_json::Map::new();
            let utils = map.get("utils").and_then(Value::as_object);
            let literals = |rule: &Value| {
                crate::prefilter::required_literals(
                    rule,
                    utils.unwrap_or(&no_utils),
                    LANGUAGES[language].lang,
                )
            };
            // A taint rule needs a source and a sink in the file: the sources' literals when
            // they have some (a request's `request`), which are rarer than the sinks' (`open`).
            let from_sources = taint_lists
                .as_ref()
                .and_then(|(sources, ..)| literals(&serde_json::json!({ "any": sources })));
            let required = from_sources.or_else(|| map.get("rule").and_then(literals));
            let config = RuleConfig::try_from(serializable, &GlobalRules::default())
                .map_err(|e| fail(format!("{name}: {}", error_chain(&e))))?;
            let taint = match &taint_lists {
                None => None,
                Some(_)
                    if !matches!(
                        LANGUAGES[language].name,
                        "python" | "java" | "javascript" | "typescript" | "tsx" | "go"
                    ) =>
                {
                    return Err(fail(format!(
                        "{name}: taint rules are for Python, Java, JavaScript, TypeScript and Go so far"
                    )));
                }
                Some((sources, sanitizers, guards, propagators, sinks)) => {
                    // Each item compiled as a rule of its own, with the rule's utils.
                    let compile = |item: &Value, what: &str| {
                        let mut one = serde_json::Map::new();
                        one.insert("id".into(), Value::from(format!("{id}#{what}")));
                        one.insert("language".into(), Value::from(LANGUAGES[language].name));
                        one.insert("rule".into(), item.clone());
                        // Only the utils the item uses: each one compiled is regexes and
                        // matchers held for the whole run.
                        if let Some(Value::Object(utils)) = map.get("utils") {
                            let used = used_utils(item, utils);
                            if !used.is_empty() {
                                one.insert("utils".into(), Value::Object(used));
                            }
                        }
                        let serializable: SerializableRuleConfig<SupportLang> =
                            serde_json::from_value(Value::Object(one))
                                .map_err(|e| fail(format!("{what}: {e}")))?;
                        RuleConfig::try_from(serializable, &GlobalRules::default())
                            .map_err(|e| fail(format!("{what}: {}", error_chain(&e))))
                    };
                    Some(TaintMatchers {
                        sources: sources
                            .iter()
                            .map(|s| compile(s, "source"))
                            .collect::<Result<_, _>>()?,
                        sanitizers: sanitizers
                            .iter()
                            .map(|s| compile(s, "sanitizer"))
                            .collect::<Result<_, _>>()?,
                        guards: guards
                            .iter()
                            .map(|s| compile(s, "guard"))
                            .collect::<Result<_, _>>()?,
                        propagators: propagators
                            .iter()
                            .map(|(p, from, to)| {
                                compile(p, "propagator").map(|c| (c, from.clone(), to.clone()))
                            })
                            .collect::<Result<_, _>>()?,
                        sinks: sinks
                            .iter()
                            .map(|(s, focus)| compile(s, "sink").map(|c| (c, focus.clone())))
                            .collect::<Result<_, _>>()?,
                    })
                }
            };
            rules.push(SastRule {
                id: id.clone(),
                title: meta.title.clone(),
                severity: meta.severity,
                confidence: meta.confidence,
                cwe: meta.cwe.clone(),
                owasp: meta.owasp.clone(),
                policies: meta.policies.clone(),
                fix: meta.fix.clone(),
                references: meta.references.clone(),
                note,
                redact: meta.redact,
                focus: focus.clone(),
                required,
                files: files.clone(),
                ignores: ignores.clone(),
                language,
                origin: (path.to_string(), line),
                config,
                taint,
            });
        }
    }
    Ok(rules)
}

/// The utils `item` refers to (`matches: NAME`), and those they refer to in turn.
fn used_utils(
    item: &Value,
    utils: &serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    fn referenced(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner) {
                        ("matches", Value::String(name)) => out.push(name.clone()),
                        _ => referenced(inner, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| referenced(i, out)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    referenced(item, &mut pending);
    let mut used = serde_json::Map::new();
    while let Some(name) = pending.pop() {
        if used.contains_key(&name) {
            continue;
        }
        if let Some(util) = utils.get(&name) {
            referenced(util, &mut pending);
            used.insert(name, util.clone());
        }
    }
    used
}

fn is_cwe(text: &str) -> bool {
    text.strip_prefix("CWE-")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        out.push_str(": ");
        out.push_str(&inner.to_string());
        source = inner.source();
    }
    out
}

/// A rule file and the test files that sit next to it (`NAME.yml` → `NAME.test.*`).
pub struct RuleSource {
    pub path: String,
    pub text: String,
    pub tests: Vec<(String, String)>,
}

/// The built-in rule files, with their tests, embedded at build time.
pub fn builtin_sources() -> Vec<RuleSource> {
    sources_from(
        crate::BUILTIN_FILES
            .iter()
            .map(|(p, t)| (format!("rules/sast/{p}"), (*t).to_string())),
    )
}

/// Rule files (and their tests) under a directory, recursively.
pub fn sources_in(dir: &Path) -> std::io::Result<Vec<RuleSource>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path)?;
                files.push((path.display().to_string(), text));
            }
        }
    }
    Ok(sources_from(files.into_iter()))
}

fn sources_from(files: impl Iterator<Item = (String, String)>) -> Vec<RuleSource> {
    let files: Vec<(String, String)> = files.collect();
    let mut sources: Vec<RuleSource> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".yml") || p.ends_with(".yaml"))
        .map(|(path, text)| {
            let stem = path
                .trim_end_matches(".yml")
                .trim_end_matches(".yaml")
                .to_string();
            let prefix = format!("{stem}.test.");
            RuleSource {
                path: path.clone(),
                text: text.clone(),
                tests: files
                    .iter()
                    .filter(|(p, _)| p.starts_with(&prefix))
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taint_item_carries_only_the_utils_it_uses() {
        let utils = serde_json::json!({
            "request": { "any": [{ "matches": "query" }, { "kind": "attribute" }] },
            "query": { "regex": "^request\\.args$" },
            "unused": { "regex": "^never$" },
        });
        let Value::Object(utils) = utils else {
            panic!("an object");
        };
        let source = serde_json::json!({ "all": [{ "matches": "request" }, { "kind": "call" }] });
        let used = used_utils(&source, &utils);
        let names: Vec<&str> = used.keys().map(String::as_str).collect();
        assert_eq!(names, ["query", "request"]);
        let sink = serde_json::json!({ "kind": "call", "has": { "pattern": "$X" } });
        assert!(used_utils(&sink, &utils).is_empty());
    }

    const RULE: &str = "id: py-eval\nlanguage: python\ntitle: eval\nseverity: high\ncwe: [CWE-95]\nmessage: eval of $X\nrule:\n  pattern: eval($X)\n---\n# second\nid: js-eval\nlanguages: [javascript, typescript]\ntitle: eval\nseverity: medium\nmessage: eval\nrule:\n  pattern: eval($X)\n";

    #[test]
    fn parses_documents_with_our_metadata_and_language_lists() {
        let rules = parse_rule_file(RULE, "r.yml").unwrap();
        let ids: Vec<(&str, &str, u32)> = rules
            .iter()
            .map(|r| (r.id.as_str(), LANGUAGES[r.language].name, r.origin.1))
            .collect();
        assert_eq!(
            ids,
            [
                ("py-eval", "python", 1),
                ("js-eval", "javascript", 10),
                ("js-eval", "typescript", 10)
            ]
        );
        assert_eq!(rules[0].policies, ["P09"]);
        assert_eq!(rules[0].cwe, ["CWE-95"]);
        assert_eq!(rules[1].severity, Severity::Medium);
    }

    #[test]
    fn files_and_ignores_globs_choose_the_paths_a_rule_runs_on() {
        let rule = "id: t\nlanguage: html\ntitle: t\nseverity: low\nfiles: ['**/*.hbs', {glob: '**/*.MUSTACHE', caseInsensitive: true}]\nignores: ['vendor/**']\nrule:\n  kind: text\n";
        let rules = parse_rule_file(rule, "t.yml").unwrap();
        assert!(rules[0].applies_to("a.hbs"));
        assert!(rules[0].applies_to("app/templates/post.hbs"));
        assert!(rules[0].applies_to("x/y.mustache"));
        assert!(!rules[0].applies_to("docs/index.html"));
        assert!(!rules[0].applies_to("vendor/lib/t.hbs"));
        let plain = parse_rule_file(RULE, "r.yml").unwrap();
        assert!(plain[0].applies_to("anything/at/all.py"));

        let bad = "id: b\nlanguage: html\ntitle: t\nseverity: low\nfiles: ['a/[b']\nrule:\n  kind: text\n";
        let err = parse_rule_file(bad, "b.yml").unwrap_err().to_string();
        assert!(err.starts_with("b.yml:1: rule `b`: files:"), "{err}");
    }

    #[test]
    fn errors_name_the_file_line_and_problem() {
        let bad = "id: a\nlanguage: python\ntitle: t\nseverity: high\nmessage: m\nrule:\n  pattern: eval($X)\n---\nid: b\nlanguage: python\ntitle: t\nseverity: severe\nrule:\n  pattern: x\n";
        let err = parse_rule_file(bad, "bad.yml").unwrap_err().to_string();
        assert!(err.starts_with("bad.yml:9: rule `b`:"), "{err}");
        assert!(err.contains("severe"), "{err}");

        let unknown = "id: c\nlanguage: cobol\ntitle: t\nseverity: low\nrule:\n  pattern: x\n";
        let err = parse_rule_file(unknown, "u.yml").unwrap_err().to_string();
        assert!(err.contains("unknown language `cobol`"), "{err}");

        let cwe = "id: f\nlanguage: python\ntitle: t\nseverity: low\ncwe: [\"78\"]\nrule:\n  pattern: x\n";
        let err = parse_rule_file(cwe, "c.yml").unwrap_err().to_string();
        assert!(err.contains("expected CWE-<number>"), "{err}");

        let typo = "id: d\nlanguage: python\ntitle: t\nseverity: low\nrul:\n  pattern: x\n";
        assert!(parse_rule_file(typo, "t.yml").is_err());

        let yaml = "id: e\n  language: [python\n";
        let err = parse_rule_file(yaml, "y.yml").unwrap_err().to_string();
        assert!(err.starts_with("y.yml:1:"), "{err}");
    }
}
