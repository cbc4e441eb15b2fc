//! Scanning one file: detect the language, parse it once (with a time limit), run every rule of
//! that language on the tree, and turn matches into findings.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use ast_grep_core::AstGrep;
use ast_grep_core::matcher::{Matcher, MatcherExt};
use ast_grep_core::tree_sitter::{LanguageExt, StrDoc};
use gatehouse_model::{ErrorEntry, Finding, Fingerprint, LineIndex, Location};

use crate::rules::SastRule;

/// Limits on the work spent on one file.
#[derive(Debug, Clone, Copy)]
pub struct FileLimits {
    /// Files with a line longer than this are minified or generated: skipped.
    pub max_line_length: usize,
    /// Parse time limit.
    pub parse_timeout: Duration,
}

/// Why a file was not analysed.
pub enum Outcome {
    Scanned(Vec<Finding>, Vec<ErrorEntry>),
    Skipped(&'static str, Option<ErrorEntry>),
}

/// Parse `text` as `language` and run `rules` (all of that language) on the tree.
pub fn scan_source(
    rel: &str,
    text: &str,
    language: usize,
    rules: &[&SastRule],
    limits: FileLimits,
) -> Outcome {
    if let Some((line, why)) = generated(rel, text, limits.max_line_length) {
        return Outcome::Skipped(
            "minified or generated",
            Some(
                ErrorEntry::new(
                    rel,
                    Some(line),
                    format!("skipped by SAST: minified or generated code ({why})"),
                )
                .in_family(crate::FAMILY),
            ),
        );
    }
    if rules.is_empty() {
        // No rule can match here (prefilter): nothing to parse.
        return Outcome::Scanned(Vec::new(), Vec::new());
    }
    let lang = crate::lang::LANGUAGES[language].lang;
    let Some(tree) = parse(text, lang, limits.parse_timeout) else {
        return Outcome::Skipped(
            "parse timeout",
            Some(
                ErrorEntry::new(
                    rel,
                    None,
                    format!(
                        "SAST: parsing took longer than {} ms; file not analysed",
                        limits.parse_timeout.as_millis()
                    ),
                )
                .in_family(crate::FAMILY),
            ),
        );
    };
    let mut errors = Vec::new();
    if tree.root_node().has_error() {
        let line = first_error_line(&tree);
        errors.push(
            ErrorEntry::new(
                rel,
                Some(line),
                format!(
                    "SAST: {} syntax error from line {line}; rules ran on the recoverable part of the tree",
                    crate::lang::LANGUAGES[language].name
                ),
            )
            .in_family(crate::FAMILY),
        );
    }
    let root = AstGrep::doc(StrDoc {
        src: text.to_string(),
        lang,
        tree,
    });
    let bytes = text.as_bytes();
    let lines = LineIndex::new(bytes);
    let mut findings = Vec::new();
    // One traversal of the tree serves every rule: each node is offered only to the rules that
    // can match its kind.
    // Taint rules follow data through each function instead (below).
    let (pattern_rules, taint_rules): (Vec<&SastRule>, Vec<&SastRule>) =
        rules.iter().partition(|r| r.taint.is_none());
    let rules = &pattern_rules[..];
    let (by_kind, any_kind) = rules_by_kind(rules);
    // Where each taint rule's sinks are, found in the same walk.
    let sink_masks: Vec<Option<Vec<bool>>> =
        taint_rules.iter().map(|r| kind_mask(&r.config)).collect();
    let mut sinks_found: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); taint_rules.len()];
    for node in root.root().dfs() {
        for ((rule, mask), found) in taint_rules.iter().zip(&sink_masks).zip(&mut sinks_found) {
            if may_match(mask, &node) && rule.config.matcher.match_node(node.clone()).is_some() {
                found.push(node.range());
            }
        }
        let kind = usize::from(node.kind_id());
        let candidates = by_kind.get(kind).map_or(&[][..], Vec::as_slice);
        for &index in candidates.iter().chain(&any_kind) {
            let rule = rules[index];
            let Some(m) = rule.config.matcher.match_node(node.clone()) else {
                continue;
            };
            let span = m.range();
            let matched = m.text();
            // (byte range, matched text): each focus match inside the node, else the node.
            let mut spans: Vec<(std::ops::Range<usize>, &str)> = match &rule.focus {
                Some(focus) => focus
                    .find_iter(&matched)
                    .map(|f| (span.start + f.start()..span.start + f.end(), f.as_str()))
                    .collect(),
                None => Vec::new(),
            };
            if spans.is_empty() {
                spans.push((span, &matched));
            }
            for (range, matched) in spans {
                findings.push(rule_finding(
                    rel,
                    rule,
                    (bytes, &lines),
                    range,
                    matched,
                    rule.config.get_message(&m),
                ));
            }
        }
    }
    let mut too_big = Vec::new();
    for (rule, sinks_here) in taint_rules.iter().zip(sinks_found) {
        // A file with no sink has no flow: most files, for most rules.
        if !sinks_here.is_empty() {
            findings.extend(taint_findings(
                rel,
                &root,
                (rule, &sinks_here),
                (bytes, &lines),
                &mut too_big,
            ));
        }
    }
    too_big.sort_by_key(|t: &crate::taint::TooBig| t.line);
    too_big.dedup();
    for function in too_big {
        errors.push(
            ErrorEntry::new(
                rel,
                Some(function.line),
                format!(
                    "SAST: `{}` is too big to follow its data flow within {} steps; taint rules covered it only in part",
                    function.function,
                    crate::taint::STEP_BUDGET
                ),
            )
            .in_family(crate::FAMILY),
        );
    }
    findings.sort_by(|a, b| {
        let key = |f: &Finding| {
            let l = &f.location;
            (l.start_line, l.start_column, l.end_line, l.end_column)
        };
        (key(a), &a.rule_id).cmp(&(key(b), &b.rule_id))
    });
    findings.dedup_by(|a, b| a.rule_id == b.rule_id && a.location == b.location);
    Outcome::Scanned(findings, errors)
}

/// The flows of a taint rule in one file, as findings at their sinks: the message says where
/// the value came from and the lines it went through.
fn taint_findings(
    rel: &str,
    root: &AstGrep<StrDoc<ast_grep_language::SupportLang>>,
    (rule, sinks_here): (&SastRule, &[std::ops::Range<usize>]),
    (bytes, lines): (&[u8], &LineIndex),
    too_big: &mut Vec<crate::taint::TooBig>,
) -> Vec<Finding> {
    use crate::taint::{SinkArgs, Spec};
    let Some(taint) = &rule.taint else {
        return Vec::new();
    };
    let sources = KindedMatchers::new(&taint.sources);
    let sanitizers = KindedMatchers::new(&taint.sanitizers);
    let guards = KindedMatchers::new(&taint.guards);
    let sinks = KindedMatchers::new(taint.sinks.iter().map(|(c, _)| c));
    // Nor a file with no source.
    if !root.root().dfs().any(|n| sources.any(&n)) {
        return Vec::new();
    }
    let is_source = |n: &crate::taint::AstNode<'_>| sources.any(n);
    let is_sanitizer = |n: &crate::taint::AstNode<'_>| sanitizers.any(n);
    let is_guard = |n: &crate::taint::AstNode<'_>| guards.any(n);
    // Every sink that matches a node counts: their focused parts together.
    let sink_arguments = |n: &crate::taint::AstNode<'_>| {
        let mut ranges = Vec::new();
        let mut matched = false;
        for ((config, focus), may) in taint.sinks.iter().zip(&sinks.kinds) {
            if !may_match(may, n) {
                continue;
            }
            let Some(m) = config.matcher.match_node(n.clone()) else {
                continue;
            };
            matched = true;
            match focus {
                Some(var) => ranges.extend(m.get_env().get_match(var).map(|node| node.range())),
                None => return Some(SinkArgs::All),
            }
        }
        matched.then_some(SinkArgs::Ranges(ranges))
    };
    let propagates = |n: &crate::taint::AstNode<'_>| {
        taint.propagators.iter().find_map(|(config, from, to)| {
            let m = config.matcher.match_node(n.clone())?;
            let env = m.get_env();
            Some((env.get_match(from)?.range(), env.get_match(to)?.range()))
        })
    };
    let spec = Spec {
        is_source: &is_source,
        is_sanitizer: &is_sanitizer,
        sink_arguments: &sink_arguments,
        is_guard: &is_guard,
        sinks_at: sinks_here,
        propagates: &propagates,
    };
    let (flows, big) = match root.lang() {
        ast_grep_language::SupportLang::Java => crate::taint::java::analyze(&root.root(), &spec),
        ast_grep_language::SupportLang::Go => crate::taint::go::analyze(&root.root(), &spec),
        ast_grep_language::SupportLang::JavaScript
        | ast_grep_language::SupportLang::TypeScript
        | ast_grep_language::SupportLang::Tsx => {
            crate::taint::javascript::analyze(&root.root(), &spec)
        }
        _ => crate::taint::python::analyze(&root.root(), &spec),
    };
    too_big.extend(big);
    flows
        .into_iter()
        .map(|flow| {
            let through: Vec<String> = flow.trace.iter().map(u32::to_string).collect();
            let matched = String::from_utf8_lossy(&bytes[flow.sink.clone()]).into_owned();
            // The message with the sink's metavariables (`$FN`) filled in.
            let sink_message = root
                .root()
                .dfs()
                .filter(|n| n.range() == flow.sink)
                .find_map(|n| rule.config.matcher.match_node(n))
                .map(|m| rule.config.get_message(&m))
                .unwrap_or_else(|| rule.config.message.clone());
            let message = format!(
                "{} (from line {}; through lines {})",
                sink_message,
                flow.source_line,
                through.join(" → ")
            );
            let mut finding = rule_finding(rel, rule, (bytes, lines), flow.sink, &matched, message);
            let mut steps = flow.trace.clone();
            steps.dedup();
            finding.trace = steps
                .into_iter()
                .map(|line| gatehouse_model::TraceStep {
                    line,
                    snippet: snippet(bytes, lines, line, rule.redact),
                })
                .collect();
            finding
        })
        .collect()
}

/// A rule's finding at `range` of the file (`matched` is the text its fingerprint is of).
fn rule_finding(
    rel: &str,
    rule: &SastRule,
    (bytes, lines): (&[u8], &LineIndex),
    range: std::ops::Range<usize>,
    matched: &str,
    message: String,
) -> Finding {
    let (start_line, start_column) = lines.position(bytes, range.start);
    let (end_line, end_column) = lines.position(bytes, range.end);
    Finding {
        rule_id: rule.id.clone(),
        family: crate::FAMILY.to_string(),
        severity: rule.severity,
        confidence: rule.confidence,
        title: rule.title.clone(),
        message: redact_if(rule.redact, &message),
        location: Location {
            path: rel.to_string(),
            start_line,
            start_column,
            end_line,
            end_column,
            commit: None,
        },
        snippet: snippet(bytes, lines, start_line, rule.redact),
        fingerprint: Fingerprint::compute(&rule.id, rel, matched, None),
        policies: rule.policies.clone(),
        cwe: rule.cwe.clone(),
        aliases: Vec::new(),
        help: Some(help_text(rule)),
        fix: rule.fix.clone(),
        suppressed: None,
        new: None,
        trace: Vec::new(),
        context: Vec::new(),
    }
}

/// A list of ast-grep rules, each with the node kinds it can match, so that a node of another
/// kind is not offered to it.
struct KindedMatchers<'a> {
    configs: Vec<&'a ast_grep_config::RuleConfig<ast_grep_language::SupportLang>>,
    kinds: Vec<Option<Vec<bool>>>,
}

/// The node kinds a rule can match, as a mask by kind id (None: any kind).
fn kind_mask(
    config: &ast_grep_config::RuleConfig<ast_grep_language::SupportLang>,
) -> Option<Vec<bool>> {
    let kinds = config.matcher.potential_kinds()?;
    let mut mask = Vec::new();
    for kind in kinds.iter() {
        if mask.len() <= kind {
            mask.resize(kind + 1, false);
        }
        mask[kind] = true;
    }
    Some(mask)
}

fn may_match(mask: &Option<Vec<bool>>, node: &crate::taint::AstNode<'_>) -> bool {
    mask.as_ref()
        .is_none_or(|m| m.get(usize::from(node.kind_id())).copied().unwrap_or(false))
}

impl<'a> KindedMatchers<'a> {
    fn new(
        configs: impl IntoIterator<
            Item = &'a ast_grep_config::RuleConfig<ast_grep_language::SupportLang>,
        >,
    ) -> Self {
        let configs: Vec<_> = configs.into_iter().collect();
        let kinds = configs.iter().map(|c| kind_mask(c)).collect();
        KindedMatchers { configs, kinds }
    }

    fn any(&self, node: &crate::taint::AstNode<'_>) -> bool {
        self.configs.iter().zip(&self.kinds).any(|(config, kinds)| {
            may_match(kinds, node) && config.matcher.match_node(node.clone()).is_some()
        })
    }
}

/// Rule indexes by the node kind they can match (`potential_kinds`), and the rules that may
/// match any kind.
fn rules_by_kind(rules: &[&SastRule]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut by_kind: Vec<Vec<usize>> = Vec::new();
    let mut any_kind = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        match rule.config.matcher.potential_kinds() {
            Some(kinds) => {
                for kind in kinds.iter() {
                    if by_kind.len() <= kind {
                        by_kind.resize_with(kind + 1, Vec::new);
                    }
                    by_kind[kind].push(index);
                }
            }
            None => any_kind.push(index),
        }
    }
    (by_kind, any_kind)
}

/// Help shown in SARIF and reports: the rule's note, fix and references.
pub fn help_text(rule: &SastRule) -> String {
    let mut help = rule.note.clone().unwrap_or_else(|| rule.title.clone());
    if let Some(fix) = &rule.fix {
        help.push_str("\n\nFix: ");
        help.push_str(fix);
    }
    if !rule.references.is_empty() {
        help.push_str("\n\nReferences: ");
        help.push_str(&rule.references.join(", "));
    }
    help
}

fn parse(
    text: &str,
    lang: ast_grep_language::SupportLang,
    timeout: Duration,
) -> Option<tree_sitter::Tree> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&lang.get_ts_language()).ok()?;
    let started = Instant::now();
    let mut progress = |_: &tree_sitter::ParseState| {
        if started.elapsed() > timeout {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let bytes = text.as_bytes();
    let mut read =
        |offset: usize, _: tree_sitter::Point| -> &[u8] { bytes.get(offset..).unwrap_or(&[]) };
    parser.parse_with_options(
        &mut read,
        None,
        Some(tree_sitter::ParseOptions::new().progress_callback(&mut progress)),
    )
}

fn first_error_line(tree: &tree_sitter::Tree) -> u32 {
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            return u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX);
        }
        // Descend into the first child that contains an error, else move on.
        if node.has_error() && cursor.goto_first_child() {
            while !cursor.node().has_error() {
                if !cursor.goto_next_sibling() {
                    return u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX);
                }
            }
            continue;
        }
        return u32::try_from(node.start_position().row + 1).unwrap_or(u32::MAX);
    }
}

/// Whether a file is minified or generated rather than written by hand, and why (with the
/// line that shows it): a minified name (`.min.js`), a source-map comment, a bundler's banner,
/// or most of its bytes on lines longer than `limit` that are also a good share of its lines.
/// One long line in a hand-written file (an HTML template in a string) does not make it
/// generated: the rest is still code to analyse.
fn generated(rel: &str, text: &str, limit: usize) -> Option<(u32, String)> {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    if [".min.js", ".min.mjs", ".min.cjs", ".min.css", "-min.js"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
    {
        return Some((1, format!("a minified file's name: {name}")));
    }
    const BANNERS: [&str; 4] = [
        "webpackBootstrap",
        "/*! For license information please see",
        "/******/ (() => { // webpackBootstrap",
        "// @generated by",
    ];
    let (mut lines, mut long_lines, mut long_bytes, mut first_long) = (0u32, 0u32, 0usize, None);
    for (i, line) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if i < 5
            && let Some(banner) = BANNERS.iter().find(|b| line.contains(*b))
        {
            return Some((number, format!("a bundler's banner `{banner}`")));
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("//# sourceMappingURL=")
            || trimmed.starts_with("/*# sourceMappingURL=")
        {
            return Some((number, "a source-map comment".to_string()));
        }
        if trimmed.is_empty() {
            continue;
        }
        lines += 1;
        if line.len() > limit && line.chars().count() > limit {
            long_lines += 1;
            long_bytes += line.len();
            first_long.get_or_insert(number);
        }
    }
    let total = text.len().max(1);
    // Most of the bytes (80 %) on long lines, which are at least a quarter of the lines.
    if long_bytes * 10 >= total * 8 && long_lines * 4 >= lines {
        return Some((
            first_long.unwrap_or(1),
            format!(
                "{long_lines} of its {lines} lines are longer than {limit} characters and hold {}% of its bytes",
                long_bytes * 100 / total
            ),
        ));
    }
    None
}

/// The first line of a match, trimmed and cut to 200 characters; string literals masked when
/// the rule is about credentials.
fn snippet(bytes: &[u8], lines: &LineIndex, line: u32, redact: bool) -> String {
    let Some(range) = lines.line_range(bytes, line) else {
        return String::new();
    };
    let text: String = String::from_utf8_lossy(&bytes[range])
        .chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let text = redact_if(redact, text.trim());
    if text.chars().count() > 200 {
        let mut cut: String = text.chars().take(200).collect();
        cut.push('…');
        cut
    } else {
        text
    }
}

/// Mask the contents of quoted strings: `"hunter2"` → `"****"`.
fn redact_if(redact: bool, text: &str) -> String {
    if !redact {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    out.push_str("****");
                    out.push(c);
                    quote = None;
                }
            }
            None => {
                out.push(c);
                if matches!(c, '"' | '\'' | '`') {
                    quote = Some(c);
                }
            }
        }
    }
    if quote.is_some() {
        out.push_str("****");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_are_told_from_hand_written_ones_with_a_long_line() {
        // A hand-written app with one 9 KB HTML template in a string: analysed.
        let mut app = String::from("from flask import Flask\napp = Flask(__name__)\n");
        app.push_str(&format!("PAGE = \"{}\"\n", "<p>row</p>".repeat(900)));
        for i in 0..100 {
            app.push_str(&format!("def view_{i}(request):\n    return PAGE\n"));
        }
        assert_eq!(generated("app.py", &app, 1000), None);
        // One minified line, or two: skipped, with the first long line.
        let minified = format!("!function(){{{}}}();\n", "var a=1;".repeat(500));
        let (line, why) = generated("dist/app.js", &minified, 1000).unwrap();
        assert_eq!(line, 1);
        assert!(why.contains("1 of its 1 lines"), "{why}");
        assert!(generated("x/vendor.min.js", "var a = 1;\n", 1000).is_some());
        let mapped = "var a = 1;\nvar b = 2;\n//# sourceMappingURL=app.js.map\n";
        assert_eq!(generated("app.js", mapped, 1000).map(|g| g.0), Some(3));
        let banner = "/******/ (() => { // webpackBootstrap\nvar x = 1;\n";
        assert!(generated("main.js", banner, 1000).is_some());
    }

    #[test]
    fn redaction_masks_string_contents() {
        assert_eq!(
            redact_if(true, r#"SECRET_KEY = "s3cr\"et" + 'x'"#),
            r#"SECRET_KEY = "****" + '****'"#
        );
        assert_eq!(redact_if(true, "pw = 'unterminated"), "pw = '****");
        assert_eq!(redact_if(false, "pw = 'x'"), "pw = 'x'");
    }

    #[test]
    fn focus_reports_each_match_inside_a_node_at_its_own_line() {
        let rule = "id: t-safe\nlanguage: html\ntitle: t\nseverity: medium\nmessage: m\nfocus: '\\{\\{[^}]*\\|\\s*safe[^}]*\\}\\}'\nrule:\n  kind: text\n  regex: '\\|\\s*safe'\n";
        let rules = crate::rules::parse_rule_file(rule, "t.yml").unwrap();
        let html = "<div>\n  {{ a }}\n  {{ b|safe }} and {{ c | safe }}\n  {{ d }}\n</div>\n<p>x|safe</p>\n";
        let language = crate::lang::by_name("html").unwrap();
        let limits = FileLimits {
            max_line_length: 1000,
            parse_timeout: Duration::from_secs(5),
        };
        let Outcome::Scanned(findings, errors) = scan_source(
            "t.html",
            html,
            language,
            &rules.iter().collect::<Vec<_>>(),
            limits,
        ) else {
            panic!("not scanned");
        };
        assert!(errors.is_empty());
        let spots: Vec<(u32, u32, u32)> = findings
            .iter()
            .map(|f| {
                (
                    f.location.start_line,
                    f.location.start_column,
                    f.location.end_column,
                )
            })
            .collect();
        // The last node matches the rule but not the focus regex: it is reported whole.
        assert_eq!(spots, [(3, 3, 15), (3, 20, 34), (6, 4, 10)]);
        assert_ne!(findings[0].fingerprint, findings[1].fingerprint);
    }

    #[test]
    fn a_focus_regex_that_matches_nothing_is_refused() {
        let rule =
            "id: t\nlanguage: html\ntitle: t\nseverity: low\nfocus: 'x*'\nrule:\n  kind: text\n";
        let err = crate::rules::parse_rule_file(rule, "t.yml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("focus: the regex matches the empty string"),
            "{err}"
        );
    }

    #[test]
    fn long_lines_count_by_characters_not_bytes() {
        assert_eq!(generated("a.py", "bbbb\n", 3).map(|g| g.0), Some(1));
        assert_eq!(generated("a.py", "ééé\n", 3), None, "3 characters, 6 bytes");
    }
}
