//! Literal prefilter: from a rule's YAML, the strings of which at least one must occur in a file
//! for the rule to match there, and one Aho-Corasick pass over a file that tells which rules can
//! run on it. Most files mention neither `pickle` nor `CERT_NONE`, so most rules never walk
//! their tree.
//!
//! The derivation is conservative: a rule part it cannot reason about (`kind`, `not`,
//! `nthChild`, a metavariable-only pattern, an unbounded regex) requires nothing, and a rule
//! that requires nothing always runs.
//! - `pattern: os.system($X)`: the pattern compiled for the rule's language; ast-grep compares
//!   the text of its named leaf nodes (`os`, `system`) exactly, so each occurs in matched code;
//!   the longest is required. Unnamed leaves (keywords, punctuation) match by kind only (PHP
//!   keywords are case-insensitive), and pattern objects may relax strictness: neither counts.
//! - `regex`: the regex's prefix literals (regex-syntax), one of which starts every match.
//! - `all` and a rule object's keys are a conjunction: the most selective requirement wins;
//!   `has`/`inside`/`precedes`/`follows` match nodes of the same file, so their requirements
//!   hold for the file too; `any` needs a requirement from every branch (their union);
//!   `matches` looks into the file's `utils`.

use aho_corasick::{AhoCorasick, MatchKind};
use ast_grep_core::matcher::{Pattern, PatternNode};
use ast_grep_language::SupportLang;
use regex_syntax::hir::literal::Extractor;
use serde_json::{Map, Value};

/// Rule trees deeper than this are not looked into (no requirement).
const MAX_DEPTH: usize = 32;

/// The literals of which one must occur in a file for `rule` (ast-grep's `rule` value) to match
/// there; `None` when nothing is required.
pub fn required_literals(
    rule: &Value,
    utils: &Map<String, Value>,
    lang: SupportLang,
) -> Option<Vec<String>> {
    Deriver { utils, lang }.literals(rule, 0)
}

struct Deriver<'a> {
    utils: &'a Map<String, Value>,
    lang: SupportLang,
}

impl Deriver<'_> {
    fn literals(&self, rule: &Value, depth: usize) -> Option<Vec<String>> {
        let Value::Object(map) = rule else {
            return None;
        };
        if depth > MAX_DEPTH {
            return None;
        }
        let mut best: Option<Vec<String>> = None;
        let mut consider = |candidate: Option<Vec<String>>| {
            if let Some(candidate) = candidate
                && best
                    .as_ref()
                    .is_none_or(|b| selectivity(&candidate) > selectivity(b))
            {
                best = Some(candidate);
            }
        };
        for (key, value) in map {
            match key.as_str() {
                "pattern" => consider(
                    value
                        .as_str()
                        .and_then(|pattern| pattern_literal(pattern, self.lang)),
                ),
                "regex" => consider(value.as_str().and_then(regex_literals)),
                "has" | "inside" | "precedes" | "follows" => {
                    consider(self.literals(value, depth + 1));
                }
                "all" => {
                    for sub in value.as_array().into_iter().flatten() {
                        consider(self.literals(sub, depth + 1));
                    }
                }
                "any" => consider(value.as_array().and_then(|branches| {
                    let mut union = Vec::new();
                    for branch in branches {
                        union.extend(self.literals(branch, depth + 1)?);
                    }
                    union.sort();
                    union.dedup();
                    (!union.is_empty()).then_some(union)
                })),
                "matches" => consider(
                    value
                        .as_str()
                        .and_then(|name| self.utils.get(name))
                        .and_then(|util| self.literals(util, depth + 1)),
                ),
                _ => {}
            }
        }
        best
    }
}

/// How much a requirement narrows: its shortest alternative's length, then fewer alternatives.
fn selectivity(alternatives: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = alternatives.iter().map(String::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(alternatives.len()))
}

/// The longest text of a named leaf of the compiled pattern: ast-grep matches those by text.
fn pattern_literal(pattern: &str, lang: SupportLang) -> Option<Vec<String>> {
    fn visit(node: &PatternNode, source: &str, longest: &mut Option<String>) {
        match node {
            PatternNode::Terminal {
                text,
                is_named: true,
                ..
            } if !text.is_empty()
                // Guard against leaves rewritten by the language's pattern preprocessing.
                && source.contains(text.as_str())
                && longest.as_ref().is_none_or(|l| text.len() > l.len()) =>
            {
                *longest = Some(text.clone());
            }
            PatternNode::Internal { children, .. } => {
                for child in children {
                    visit(child, source, longest);
                }
            }
            _ => {}
        }
    }
    let compiled = Pattern::try_new(pattern, lang).ok()?;
    let mut longest = None;
    visit(&compiled.node, pattern, &mut longest);
    longest.map(|text| vec![text])
}

/// The prefix literals of a regex: every match starts with one of them.
fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let seq = Extractor::new().extract(&hir);
    let mut out = Vec::new();
    for literal in seq.literals()? {
        if literal.as_bytes().is_empty() {
            return None;
        }
        out.push(String::from_utf8(literal.as_bytes().to_vec()).ok()?);
    }
    (!out.is_empty()).then_some(out)
}

/// One language's rules as a prefilter: which of them can match a given text.
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the rules (indexes into the list given to `new`)
    /// that it enables.
    enables: Vec<Vec<usize>>,
    /// Rules that require nothing.
    always: Vec<usize>,
    rules: usize,
}

impl Prefilter {
    /// `requirements[i]` is rule i's required literals.
    pub fn new<'a>(requirements: impl Iterator<Item = Option<&'a [String]>>) -> Self {
        let mut literals: Vec<&str> = Vec::new();
        let mut enables: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        let mut rules = 0;
        for (index, required) in requirements.enumerate() {
            rules = index + 1;
            let Some(required) = required else {
                always.push(index);
                continue;
            };
            for literal in required {
                match literals.iter().position(|l| l == literal) {
                    Some(at) => enables[at].push(index),
                    None => {
                        literals.push(literal);
                        enables.push(vec![index]);
                    }
                }
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            // Standard semantics, so that overlapping search reports every literal.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&literals)
                .ok()
        };
        if automaton.is_none() {
            // No automaton (none needed, or it could not be built): every rule runs.
            always = (0..rules).collect();
            enables.clear();
        }
        Prefilter {
            automaton,
            enables,
            always,
            rules,
        }
    }

    /// For each rule, whether it can match somewhere in `text`.
    pub fn runnable(&self, text: &str) -> Vec<bool> {
        let mut can = vec![false; self.rules];
        for &index in &self.always {
            can[index] = true;
        }
        let Some(automaton) = &self.automaton else {
            return can;
        };
        let mut seen = vec![false; self.enables.len()];
        let mut left = seen.len();
        for found in automaton.find_overlapping_iter(text) {
            let literal = found.pattern().as_usize();
            if !seen[literal] {
                seen[literal] = true;
                for &index in &self.enables[literal] {
                    can[index] = true;
                }
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        can
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required_in(lang: SupportLang, yaml: &str) -> Option<Vec<String>> {
        let value: Value = ast_grep_config::from_str(yaml).unwrap();
        let utils = value
            .get("utils")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        required_literals(&value["rule"], &utils, lang)
    }

    fn required(yaml: &str) -> Option<Vec<String>> {
        required_in(SupportLang::Python, yaml)
    }

    #[test]
    fn derives_what_a_rule_needs_in_the_file() {
        assert_eq!(
            required("rule:\n  pattern: os.system($CMD)\n"),
            Some(vec!["system".into()])
        );
        // A conjunction keeps its most selective part; `any` needs every branch.
        assert_eq!(
            required(
                "rule:\n  kind: call\n  all:\n    - has: { field: function, regex: '^(subprocess\\.)?(run|call)$' }\n    - has: { kind: keyword_argument, regex: '^shell\\s*=\\s*True$' }\n"
            ),
            Some(vec!["shell".into()])
        );
        assert_eq!(
            required(
                "rule:\n  any:\n    - pattern: pickle.loads($X)\n    - pattern: marshal.load($X)\n"
            ),
            Some(vec!["marshal".into(), "pickle".into()])
        );
        assert_eq!(
            required("rule:\n  any:\n    - pattern: pickle.loads($X)\n    - kind: call\n"),
            None
        );
        assert_eq!(
            required(
                "utils:\n  sink:\n    pattern: yaml.load($X)\nrule:\n  kind: call\n  matches: sink\n"
            ),
            Some(vec!["yaml".into()])
        );
        // Nothing to require: a kind, a negation, a metavariable, an unbounded regex.
        assert_eq!(required("rule:\n  kind: call\n"), None);
        assert_eq!(required("rule:\n  not: { pattern: eval($X) }\n"), None);
        assert_eq!(required("rule:\n  pattern: $F($$$ARGS)\n"), None);
        assert_eq!(required("rule:\n  regex: '.*'\n"), None);
        assert_eq!(
            required("rule:\n  pattern: { context: 'x = os.system($C)', selector: call }\n"),
            None
        );
    }

    #[test]
    fn keywords_and_glued_metavariables_are_not_required() {
        // PHP keywords are case-insensitive unnamed leaves: `INCLUDE $path` matches too.
        assert_eq!(
            required_in(SupportLang::Php, "rule:\n  pattern: include $X\n"),
            None
        );
        assert_eq!(
            required_in(SupportLang::Php, "rule:\n  pattern: unserialize($X)\n"),
            Some(vec!["unserialize".into()])
        );
        // `-p$PASS` is the word `-p` and a metavariable, not the text `p$PASS`.
        let bash = required_in(
            SupportLang::Bash,
            "rule:\n  pattern: mysql -p$PASS $$$REST\n",
        );
        assert!(
            bash.as_ref()
                .is_none_or(|l| l.iter().all(|t| !t.contains('$'))),
            "{bash:?}"
        );
    }

    #[test]
    fn runnable_rules_are_those_whose_literals_occur() {
        let requirements = [
            Some(vec!["pickle".to_string(), "marshal".to_string()]),
            None,
            Some(vec!["subprocess.run".to_string(), "run".to_string()]),
            Some(vec!["CERT_NONE".to_string()]),
        ];
        let filter = Prefilter::new(requirements.iter().map(Option::as_deref));
        assert_eq!(
            filter.runnable("import marshal\nsubprocess.run(x)\n"),
            [true, true, true, false]
        );
        assert_eq!(filter.runnable("print(1)\n"), [false, true, false, false]);
        let none = Prefilter::new([None, None].into_iter());
        assert_eq!(none.runnable("x"), [true, true]);
    }
}
