//! Prometheus rule files and `PrometheusRule` resources: groups, alerting and recording rules,
//! each `expr` parsed with `promql-parser`, and the problems `promtool check rules` would
//! report, so that an invalid rule file never passes.

use std::collections::BTreeMap;

use promql_parser::parser::Expr;
use serde::Serialize;

use crate::yaml::{Node, Value};

/// A rule file (or a `PrometheusRule` document's `spec`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleFile {
    pub path: String,
    /// `rules` (a Prometheus rule file) or `PrometheusRule` (a Kubernetes resource).
    pub kind: String,
    /// The line of the document (`groups:` or the resource's first line).
    pub line: u32,
    pub groups: Vec<RuleGroup>,
    /// Problems with the file itself (unknown top-level keys, a duplicate group name).
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleGroup {
    pub name: String,
    pub line: u32,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rule {
    pub alert: Option<String>,
    pub record: Option<String>,
    pub line: u32,
    pub expr: Option<String>,
    /// The metric names the expression selects.
    pub metrics: Vec<String>,
    #[serde(rename = "for")]
    pub for_: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    /// What promtool would reject in this rule; empty when it is valid.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub message: String,
}

/// Whether a YAML document is a rule file or a `PrometheusRule`, and if so, read it.
pub fn read_document(path: &str, doc: &Node) -> Option<RuleFile> {
    if doc.get("kind").and_then(Node::as_str) == Some("PrometheusRule") {
        let mut file = RuleFile {
            path: path.to_string(),
            kind: "PrometheusRule".to_string(),
            line: doc.line,
            groups: Vec::new(),
            problems: Vec::new(),
        };
        match doc.get("spec") {
            Some(spec) => read_groups(spec, &mut file),
            None => file.problems.push(Problem {
                line: doc.line,
                message: "PrometheusRule without `spec`".to_string(),
            }),
        }
        return Some(file);
    }
    // A top-level `groups:` is a rule file only when its groups hold rules, as Prometheus's
    // rule groups do (an Ansible inventory or another tool's `groups:` is not one).
    let groups = doc.get("groups")?;
    let holds_rules = groups.items().iter().any(|group| {
        group
            .get("rules")
            .is_some_and(|rules| matches!(rules.value, Value::Seq(_) | Value::Null))
    });
    if !holds_rules {
        return None;
    }
    let mut file = RuleFile {
        path: path.to_string(),
        kind: "rules".to_string(),
        line: doc.line,
        groups: Vec::new(),
        problems: Vec::new(),
    };
    read_groups(doc, &mut file);
    Some(file)
}

fn read_groups(doc: &Node, file: &mut RuleFile) {
    for entry in doc.entries() {
        if entry.key != "groups" {
            file.problems.push(Problem {
                line: entry.key_line,
                message: format!("field {} not found in type rulefmt.RuleGroups", entry.key),
            });
        }
    }
    let Some(groups) = doc.get("groups") else {
        return;
    };
    if !matches!(groups.value, Value::Seq(_) | Value::Null) {
        file.problems.push(Problem {
            line: groups.line,
            message: "`groups` must be a list".to_string(),
        });
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for group in groups.items() {
        let name = group
            .get("name")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        let mut out = RuleGroup {
            name: name.clone(),
            line: group.line,
            rules: Vec::new(),
        };
        if !group.is_map() {
            file.problems.push(Problem {
                line: group.line,
                message: "a group must be a mapping".to_string(),
            });
            continue;
        }
        if name.is_empty() {
            file.problems.push(Problem {
                line: group.line,
                message: "Groupname must not be empty".to_string(),
            });
        } else if seen.contains(&name) {
            file.problems.push(Problem {
                line: group.line,
                message: format!("groupname: \"{name}\" is repeated in the same file"),
            });
        }
        seen.push(name);
        for entry in group.entries() {
            if ![
                "name",
                "interval",
                "query_offset",
                "limit",
                "rules",
                "labels",
            ]
            .contains(&entry.key.as_str())
            {
                file.problems.push(Problem {
                    line: entry.key_line,
                    message: format!("field {} not found in type rulefmt.RuleGroup", entry.key),
                });
            }
        }
        for key in ["interval", "query_offset"] {
            if let Some(value) = group.get(key)
                && !value.scalar_text().is_some_and(|d| is_duration(&d))
            {
                file.problems.push(Problem {
                    line: value.line,
                    message: format!("group {key}: not a valid duration"),
                });
            }
        }
        if let Some(rules) = group.get("rules") {
            for rule in rules.items() {
                out.rules.push(read_rule(rule));
            }
        }
        file.groups.push(out);
    }
}

fn read_rule(rule: &Node) -> Rule {
    let text = |key: &str| rule.get(key).and_then(Node::scalar_text);
    let mut out = Rule {
        alert: text("alert"),
        record: text("record"),
        line: rule.line,
        expr: text("expr"),
        metrics: Vec::new(),
        for_: text("for"),
        labels: BTreeMap::new(),
        annotations: BTreeMap::new(),
        problems: Vec::new(),
    };
    if !rule.is_map() {
        out.problems.push("a rule must be a mapping".to_string());
        return out;
    }
    for entry in rule.entries() {
        if ![
            "alert",
            "record",
            "expr",
            "for",
            "keep_firing_for",
            "labels",
            "annotations",
        ]
        .contains(&entry.key.as_str())
        {
            out.problems.push(format!(
                "field {} not found in type rulefmt.Rule",
                entry.key
            ));
        }
    }
    match (&out.alert, &out.record) {
        (Some(_), Some(_)) => out
            .problems
            .push("only one of 'record' and 'alert' must be set".to_string()),
        (None, None) => out
            .problems
            .push("one of 'record' or 'alert' must be set".to_string()),
        _ => {}
    }
    match out.expr.as_deref().map(str::trim) {
        None | Some("") => out
            .problems
            .push("field 'expr' must be set in rule".to_string()),
        Some(expr) if nesting(expr) > MAX_NESTING => out.problems.push(format!(
            "expression nests deeper than {MAX_NESTING} levels: not analysed"
        )),
        Some(expr) => match parse_promql(expr) {
            Ok(parsed) => {
                collect_metrics(&parsed, &mut out.metrics);
                out.metrics.sort();
                out.metrics.dedup();
            }
            Err(e) => out
                .problems
                .push(format!("could not parse expression: {}", e.trim())),
        },
    }
    for key in ["for", "keep_firing_for"] {
        if let Some(value) = rule.get(key)
            && !value.scalar_text().is_some_and(|d| is_duration(&d))
        {
            out.problems.push(format!("{key}: not a valid duration"));
        }
    }
    if let Some(record) = &out.record {
        if !is_metric_name(record) {
            out.problems
                .push(format!("invalid recording rule name: {record}"));
        }
        for key in ["for", "keep_firing_for", "annotations"] {
            if rule.get(key).is_some() {
                out.problems
                    .push(format!("invalid field '{key}' in recording rule"));
            }
        }
    }
    for (key, target) in [
        ("labels", &mut out.labels),
        ("annotations", &mut out.annotations),
    ] {
        let Some(map) = rule.get(key) else { continue };
        if matches!(map.value, Value::Null) {
            continue;
        }
        if !map.is_map() {
            out.problems.push(format!("{key} must be a mapping"));
            continue;
        }
        for entry in map.entries() {
            if !is_label_name(&entry.key) {
                out.problems
                    .push(format!("invalid {key} name: {}", entry.key));
            }
            match entry.value.scalar_text() {
                Some(value) => {
                    if let Some(problem) = crate::gotemplate::problem(&value) {
                        out.problems
                            .push(format!("{key} `{}`: template: {problem}", entry.key));
                    }
                    target.insert(entry.key.clone(), value);
                }
                None => out
                    .problems
                    .push(format!("{key} `{}` must be a string", entry.key)),
            }
        }
    }
    out
}

/// The deepest nesting of brackets gatehouse parses: promql-parser (and the walk below)
/// recurse once per level, and a hostile expression of thousands of levels would overflow the
/// stack. Real rules nest a handful of levels.
const MAX_NESTING: usize = 128;

/// How deeply an expression's brackets nest (brackets inside strings counted too: a bound).
/// PromQL's parser, with its panics turned into errors: promql-parser 0.11 panics on some
/// inputs (a range of `[4444…4440]` seconds overflows `Duration::from_secs_f64`), and a rule file
/// is untrusted input. The panic's message is kept off stderr.
fn parse_promql(expr: &str) -> Result<Expr, String> {
    QUIET_PANICS.with(|quiet| quiet.set(true));
    install_quiet_hook();
    let parsed = std::panic::catch_unwind(|| promql_parser::parser::parse(expr));
    QUIET_PANICS.with(|quiet| quiet.set(false));
    parsed.unwrap_or_else(|_| Err("the expression is out of range for PromQL's parser".to_string()))
}

thread_local! {
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A panic hook that stays silent while this thread parses PromQL and otherwise defers to the
/// hook that was there before.
fn install_quiet_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

fn nesting(expr: &str) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for c in expr.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn collect_metrics(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::VectorSelector(vs) => push_selector_name(vs, out),
        Expr::MatrixSelector(ms) => push_selector_name(&ms.vs, out),
        Expr::Aggregate(agg) => {
            collect_metrics(&agg.expr, out);
            if let Some(param) = &agg.param {
                collect_metrics(param, out);
            }
        }
        Expr::Unary(u) => collect_metrics(&u.expr, out),
        Expr::Binary(b) => {
            collect_metrics(&b.lhs, out);
            collect_metrics(&b.rhs, out);
        }
        Expr::Paren(p) => collect_metrics(&p.expr, out),
        Expr::Subquery(s) => collect_metrics(&s.expr, out),
        Expr::Call(call) => {
            for arg in &call.args.args {
                collect_metrics(arg, out);
            }
        }
        Expr::NumberLiteral(_) | Expr::StringLiteral(_) | Expr::Extension(_) => {}
    }
}

fn push_selector_name(vs: &promql_parser::parser::VectorSelector, out: &mut Vec<String>) {
    if let Some(name) = &vs.name {
        out.push(name.clone());
    }
    for matcher in &vs.matchers.matchers {
        if matcher.name == "__name__" {
            out.push(matcher.value.clone());
        }
    }
}

/// A Prometheus duration: `1h30m`, `5m`, `0`, units y w d h m s ms in that order.
pub fn is_duration(text: &str) -> bool {
    if text == "0" {
        return true;
    }
    let units = ["y", "w", "d", "h", "m", "s", "ms"];
    let mut rest = text;
    let mut next_unit = 0;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        // "ms" before "m", so that 5ms is not read as 5m then "s".
        let Some((index, unit)) = units
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, u)| rest.starts_with(**u))
            .max_by_key(|(_, u)| u.len())
        else {
            return false;
        };
        rest = &rest[unit.len()..];
        next_unit = index + 1;
    }
    true
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    fn read(text: &str) -> Vec<RuleFile> {
        parse_documents(text)
            .unwrap()
            .iter()
            .filter_map(|doc| read_document("rules.yml", doc))
            .collect()
    }

    #[test]
    fn alerts_are_read_with_their_lines_and_metrics() {
        let files = read(
            "groups:\n  - name: node\n    rules:\n      - alert: DiskFilling\n        expr: predict_linear(node_filesystem_avail_bytes[6h], 86400) < 0\n        for: 30m\n        labels:\n          severity: critical\n        annotations:\n          summary: disk\n",
        );
        let rule = &files[0].groups[0].rules[0];
        assert_eq!(rule.line, 4);
        assert_eq!(rule.metrics, ["node_filesystem_avail_bytes"]);
        assert_eq!(rule.for_.as_deref(), Some("30m"));
        assert_eq!(rule.labels["severity"], "critical");
        assert!(rule.problems.is_empty(), "{:?}", rule.problems);
        assert_eq!(files[0].groups[0].line, 2);
    }

    /// Found by the promql_templates fuzz target: promql-parser panics on a range too long for
    /// a Duration. It is a problem of the rule, not a crash.
    #[test]
    fn a_range_out_of_duration_range_is_a_problem_not_a_panic() {
        let expr = format!("-o-o[ {}0 ]", "4".repeat(60));
        let files = read(&format!(
            "groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: '{expr}'\n"
        ));
        let problems = &files[0].groups[0].rules[0].problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("out of range"), "{problems:?}");
        // The next expression parses as before.
        assert!(parse_promql("up == 0").is_ok());
    }

    #[test]
    fn promtool_problems_are_found() {
        let files = read(
            "groups:\n  - name: a\n    rules:\n      - alert: X\n        record: y\n        expr: up ==\n        for: 5 minutes\n  - name: a\n    rules: []\n",
        );
        let problems = &files[0].groups[0].rules[0].problems;
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("only one"));
        assert!(problems[1].contains("could not parse"));
        assert!(problems[2].contains("for"));
        assert!(problems[3].contains("recording rule"));
        assert_eq!(files[0].problems[0].line, 8);
    }

    #[test]
    fn a_hostile_nesting_is_a_problem_not_a_crash() {
        let deep = format!("{}up{}", "(".repeat(50_000), ")".repeat(50_000));
        let files = read(&format!(
            "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: {deep}\n"
        ));
        let problems = &files[0].groups[0].rules[0].problems;
        assert!(
            problems[0].contains("nests deeper than 128"),
            "{problems:?}"
        );
        let fine = format!("{}up{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        let files = read(&format!(
            "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: {fine}\n"
        ));
        assert!(files[0].groups[0].rules[0].problems.is_empty());
    }

    #[test]
    fn durations_follow_prometheus() {
        for ok in ["0", "5m", "1h30m", "10s", "100ms", "1y2w3d4h5m6s7ms"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["", "5", "m", "5 m", "30m1h", "1.5h", "-5m", "5mm"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn prometheus_rule_resources_and_other_documents() {
        let files = read(
            "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Down\n          expr: up == 0\n",
        );
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].kind, "PrometheusRule");
        assert_eq!(files[0].groups[0].rules[0].line, 13);
        assert_eq!(files[0].groups[0].rules[0].metrics, ["up"]);
    }

    #[test]
    fn a_groups_key_without_rule_groups_is_not_a_rule_file() {
        // An Ansible-style inventory and another tool's `groups:` are not Prometheus rules.
        assert!(read("groups:\n  - name: web\n    hosts: [a, b]\n").is_empty());
        assert!(read("groups:\n  web:\n    hosts: [a]\n").is_empty());
        assert_eq!(read("groups:\n  - name: g\n    rules: []\n").len(), 1);
    }
}
