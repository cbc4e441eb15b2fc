//! Markdown and HTML through minijinja templates embedded from `templates/`.

use std::sync::OnceLock;

use gatehouse_model::{Finding, Report};
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::RenderError;

pub const MARKDOWN: &str = "matrix.md";
pub const HTML: &str = "report.html";

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // HTML autoescapes by file name; Markdown escapes through the `md` and `code` filters.
        env.add_template(MARKDOWN, include_str!("../../../templates/matrix.md"))
            .expect("matrix.md template parses");
        env.add_template(HTML, include_str!("../../../templates/report.html"))
            .expect("report.html template parses");
        env.add_filter("md", markdown_cell);
        env.add_filter("evidence_mark", evidence_mark);
        env.add_filter("code", markdown_code);
        env.add_filter("status_icon", status_icon);
        env
    })
}

pub fn render(report: &Report, template: &str) -> Result<String, RenderError> {
    let tmpl = environment().get_template(template)?;
    let open: Vec<&Finding> = report.open_findings().collect();
    let suppressed = report.findings.len() - open.len();
    let mut out = tmpl.render(context! {
        run => Value::from(Serde(&report.run)),
        gate => Value::from(Serde(&report.gate)),
        policies => Value::from(Serde(&report.policies)),
        findings => Value::from(Serde(&report.findings)),
        open_findings => Value::from(Serde(&open)),
        suppressed_count => suppressed,
        errors => Value::from(Serde(&report.errors)),
        stats => Value::from(Serde(&report.stats)),
        compliance => Value::from(Serde(&report.compliance)),
    })?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML.
fn markdown_cell(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text as inline code in a table cell: HTML `<code>` so that backticks and pipes in the text
/// cannot break out.
fn markdown_code(value: String) -> String {
    if value.is_empty() {
        return String::new();
    }
    let mut out = String::from("<code>");
    for c in value.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push_str("</code>");
    out
}

/// Implemented / Enforced: yes, no, or not determined by this run.
fn evidence_mark(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "–",
    }
}

fn status_icon(status: String) -> &'static str {
    match status.as_str() {
        "PASS" => "✅",
        "FAIL" => "❌",
        "WARN" => "⚠️",
        "BLOCKED" => "⛔",
        "SKIPPED" => "⏭️",
        _ => "➖",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        assert_eq!(
            markdown_cell("a|b\n<script>".into()),
            "a\\|b &lt;script&gt;"
        );
        assert_eq!(
            markdown_code("x`|<b>".into()),
            "<code>x&#96;&#124;&lt;b&gt;</code>"
        );
    }
}
