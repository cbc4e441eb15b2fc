//! The syntax of an alert's label and annotation templates, as `promtool check rules` checks
//! it: Go's `text/template` with the functions Prometheus defines. Only what the parser
//! rejects is checked (an unclosed action or string, an unknown function, an undeclared
//! variable, an `end` or `else` out of place, a block left open), not what a value does when
//! the template runs.

/// Go's built-in template functions and the ones Prometheus adds (template/template.go).
const FUNCTIONS: &[&str] = &[
    // Go text/template
    "and",
    "call",
    "html",
    "index",
    "slice",
    "js",
    "len",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "urlquery",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "ne",
    // Prometheus
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "args",
    "reReplaceAll",
    "safeHtml",
    "match",
    "title",
    "toUpper",
    "toLower",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "pathPrefix",
    "externalURL",
    "parseDuration",
    "now",
    "stripPort",
    "stripDomain",
];

/// The variables Prometheus defines for an alert's templates.
const VARIABLES: &[&str] = &["labels", "value", "externalLabels", "externalURL"];

/// Why `text` is not a template `promtool check rules` accepts, if it is not.
pub fn problem(text: &str) -> Option<String> {
    let mut declared: Vec<String> = VARIABLES.iter().map(|v| v.to_string()).collect();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let inside = &rest[start + 2..];
        let Some(end) = action_end(inside) else {
            return Some("unclosed action".to_string());
        };
        let mut action = &inside[..end];
        rest = &inside[end + 2..];
        action = action.strip_prefix("- ").unwrap_or(action);
        action = action.strip_suffix(" -").unwrap_or(action);
        let action = action.trim();
        if action.starts_with("/*") {
            if !action.ends_with("*/") {
                return Some("unclosed comment".to_string());
            }
            continue;
        }
        if action.is_empty() {
            return Some("missing value for command".to_string());
        }
        let Some(words) = tokens(action) else {
            return Some("unterminated quoted string".to_string());
        };
        let Some(first) = words.first() else {
            continue;
        };
        let mut from = 0;
        match first.as_str() {
            "if" | "range" | "with" | "define" | "block" => {
                open.push(if first == "define" || first == "block" {
                    "define"
                } else {
                    "flow"
                });
                from = 1;
            }
            "else" => {
                if open.last() != Some(&"flow") {
                    return Some("unexpected {{else}}".to_string());
                }
                from = 1;
                if matches!(words.get(1).map(String::as_str), Some("if" | "with")) {
                    from = 2;
                }
            }
            "end" => {
                if open.pop().is_none() {
                    return Some("unexpected {{end}}".to_string());
                }
                continue;
            }
            "template" => from = 1,
            "break" | "continue" => continue,
            _ => {}
        }
        let words = &words[from..];
        for (i, word) in words.iter().enumerate() {
            if let Some(name) = word.strip_prefix('$') {
                let name = name.split('.').next().unwrap_or("");
                let declares = matches!(words.get(i + 1).map(String::as_str), Some(":=" | ","));
                if declares {
                    declared.push(name.to_string());
                } else if !name.is_empty() && !declared.iter().any(|d| d == name) {
                    return Some(format!("undefined variable \"${name}\""));
                }
            } else if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && !matches!(word.as_str(), "true" | "false" | "nil")
                && !FUNCTIONS.contains(&word.as_str())
            {
                return Some(format!("function \"{word}\" not defined"));
            }
        }
    }
    (!open.is_empty()).then(|| "unexpected EOF".to_string())
}

/// Where the action that starts at `inside` ends (its `}}`), strings and comments skipped.
fn action_end(inside: &str) -> Option<usize> {
    let bytes = inside.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The words of an action: identifiers, `$variables` (with their fields), `.fields`, `:=`, `,`;
/// strings, numbers, brackets and pipes are dropped. None for an unterminated string.
fn tokens(action: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = action.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' | '\'' => {
                let mut closed = false;
                while let Some((_, n)) = chars.next() {
                    if n == '\\' {
                        chars.next();
                    } else if n == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return None;
                }
            }
            '`' if !chars.by_ref().any(|(_, n)| n == '`') => return None,
            '`' => {}
            ':' if chars.peek().is_some_and(|(_, n)| *n == '=') => {
                chars.next();
                out.push(":=".to_string());
            }
            ',' => out.push(",".to_string()),
            c if matches!(c, '$' | '.' | '_') || c.is_alphabetic() => {
                let mut end = at + c.len_utf8();
                while let Some((i, n)) = chars.peek() {
                    if n.is_alphanumeric() || matches!(n, '_' | '.') {
                        end = i + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let word = &action[at..end];
                match c {
                    // `.Labels.x` is a field of the data, not a name to check.
                    '.' => {}
                    '$' => out.push(word.to_string()),
                    // A function name, without the fields after it.
                    _ => out.push(word.split('.').next().unwrap_or("").to_string()),
                }
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' => {
                while chars
                    .peek()
                    .is_some_and(|(_, n)| n.is_ascii_alphanumeric() || matches!(n, '.' | '_'))
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn templates_promtool_accepts() {
        for ok in [
            "plain text, no action",
            "{{ $labels.instance }} is down ({{ $value | humanize }})",
            "{{ printf \"%.2f\" $value }}% of {{ $labels.job }} }} braces in text",
            "{{- if gt $value 0.9 -}}high{{ else if gt $value 0.5 }}mid{{ else }}low{{ end -}}",
            "{{ range $i, $e := query \"up\" }}{{ $e.Labels.instance }}{{ end }}",
            "{{ with $x := \"}}\" }}{{ $x }}{{ end }}{{/* a comment */}}",
            "{{ $externalURL }}/graph?g0.expr={{ urlquery \"up == 0\" }}",
            "{{ .Labels.instance }} {{ humanizeDuration 90 }} {{ toUpper `raw }} text` }}",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn templates_promtool_rejects() {
        for (bad, why) in [
            ("{{ $labels.instance is down", "unclosed action"),
            ("{{ humanise $value }}", "function \"humanise\" not defined"),
            ("{{ $lables.instance }}", "undefined variable \"$lables\""),
            ("{{ if $value }}yes", "unexpected EOF"),
            ("no{{ end }}", "unexpected {{end}}"),
            ("{{ else }}", "unexpected {{else}}"),
            ("{{ printf \"%s }}", "unclosed action"),
            ("{{}}", "missing value for command"),
        ] {
            assert_eq!(problem(bad).as_deref(), Some(why), "{bad}");
        }
    }
}
