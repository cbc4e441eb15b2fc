//! Markdown and HTML through minijinja templates embedded from `templates/`.

use std::sync::OnceLock;

use gatehouse_model::{Finding, Report, Severity};
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::RenderError;

pub const MARKDOWN: &str = "matrix.md";
pub const HTML: &str = "report.html";
pub const TREND: &str = "trend.html";
const HEAD: &str = "matrix_head.md";
const COMMENT: &str = "comment.md";

pub(crate) fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // HTML autoescapes by file name; Markdown escapes through the `md` and `code` filters.
        env.add_template(HEAD, include_str!("../../../templates/matrix_head.md"))
            .expect("matrix_head.md template parses");
        env.add_template(MARKDOWN, include_str!("../../../templates/matrix.md"))
            .expect("matrix.md template parses");
        env.add_template(COMMENT, include_str!("../../../templates/comment.md"))
            .expect("comment.md template parses");
        env.add_template("report.css", include_str!("../../../templates/report.css"))
            .expect("report.css template parses");
        env.add_template(HTML, include_str!("../../../templates/report.html"))
            .expect("report.html template parses");
        env.add_template(TREND, include_str!("../../../templates/trend.html"))
            .expect("trend.html template parses");
        env.add_filter("md", markdown_cell);
        env.add_filter("evidence_mark", evidence_mark);
        env.add_filter("code", markdown_code);
        env.add_filter("status_icon", status_icon);
        env
    })
}

/// The compact picture on top of the Markdown outputs: open findings by severity and family.
#[derive(serde::Serialize)]
struct Glance {
    open: usize,
    severities: Vec<Count>,
    families: Vec<Count>,
}

#[derive(serde::Serialize)]
struct Count {
    name: String,
    icon: &'static str,
    count: usize,
}

fn glance(report: &Report) -> Glance {
    let counts = report.open_counts();
    let severities = Severity::DESCENDING
        .iter()
        .map(|&s| Count {
            name: s.as_str().to_string(),
            icon: severity_icon(s),
            count: usize::try_from(counts.get(s)).unwrap_or(usize::MAX),
        })
        .collect();
    let families = open_by_family(report)
        .into_iter()
        .map(|(name, count)| Count {
            name,
            icon: "",
            count,
        })
        .collect();
    Glance {
        open: usize::try_from(counts.open()).unwrap_or(usize::MAX),
        severities,
        families,
    }
}

/// The open findings of each family, the family with the most first (then by name).
pub(crate) fn open_by_family(report: &Report) -> Vec<(String, usize)> {
    let mut families: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in report.open_findings() {
        *families.entry(f.family.as_str()).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = families
        .into_iter()
        .map(|(name, count)| (name.to_string(), count))
        .collect();
    out.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    out
}

fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "🟥",
        Severity::High => "🟧",
        Severity::Medium => "🟨",
        Severity::Low => "🟦",
        Severity::Info => "⬜",
    }
}

pub fn render(report: &Report, template: &str) -> Result<String, RenderError> {
    let tmpl = environment().get_template(template)?;
    let open: Vec<&Finding> = report.open_findings().collect();
    let suppressed = report.findings.len() - open.len();
    let out = tmpl.render(context! {
        glance => Value::from(Serde(&glance(report))),
        run => Value::from(Serde(&report.run)),
        gate => Value::from(Serde(&report.gate)),
        let_through => report.let_through(),
        policies => Value::from(Serde(&report.policies)),
        findings => Value::from(Serde(&report.findings)),
        open_findings => Value::from(Serde(&open)),
        suppressed_count => suppressed,
        errors => Value::from(Serde(&report.errors)),
        stats => Value::from(Serde(&report.stats)),
        compliance => Value::from(Serde(&report.compliance)),
    })?;
    Ok(ending_in_newline(out))
}

/// A rendered page or document, ending in a newline as text files do.
pub(crate) fn ending_in_newline(mut out: String) -> String {
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Where the findings of a comment link to, and how long the comment may be.
#[derive(Debug, Clone, Default)]
pub struct CommentOptions {
    /// A hidden line that finds the comment again (`<!-- gatehouse:… -->`).
    pub marker: Option<String>,
    /// The repository's web address (`https://github.com/OWNER/REPO`), for links to lines.
    pub repo_url: Option<String>,
    /// The commit the links point at (the pull request's head).
    pub sha: Option<String>,
    /// A link to the workflow run, shown in the footer.
    pub run_url: Option<String>,
    /// The most characters the body may have (GitHub: 65,536 for a comment or check summary).
    pub max_chars: usize,
}

/// One open finding as the comment shows it.
#[derive(serde::Serialize)]
struct Shown<'a> {
    severity: gatehouse_model::Severity,
    rule_id: &'a str,
    title: &'a str,
    snippet: &'a str,
    #[serde(rename = "where")]
    location: String,
    url: Option<String>,
    new: bool,
}

/// The PR comment: the matrix, then the open findings (most severe first) in a collapsed
/// section, as many as fit under `max_chars`, saying how many were left out.
pub fn comment(report: &Report, options: &CommentOptions) -> Result<String, RenderError> {
    let tmpl = environment().get_template(COMMENT)?;
    let open = report.open_by_attention();
    let shown: Vec<Shown> = open.iter().map(|f| shown(f, options)).collect();
    let new_count = report
        .run
        .diff_base
        .is_some()
        .then(|| open.iter().filter(|f| f.new == Some(true)).count());
    let suppressed = report.findings.len() - open.len();
    let at_a_glance = glance(report);
    let render = |n: usize| -> Result<String, RenderError> {
        let out = tmpl.render(context! {
            glance => Value::from(Serde(&at_a_glance)),
            marker => options.marker.as_deref(),
            run => Value::from(Serde(&report.run)),
            gate => Value::from(Serde(&report.gate)),
            let_through => report.let_through(),
            policies => Value::from(Serde(&report.policies)),
            compliance => Value::from(Serde(&report.compliance)),
            errors => Value::from(Serde(&report.errors)),
            open_count => open.len(),
            new_count => new_count,
            suppressed_count => suppressed,
            shown => Value::from(Serde(&shown[..n])),
            omitted => shown.len() - n,
            run_url => options.run_url.as_deref(),
        })?;
        Ok(ending_in_newline(out))
    };
    let whole = render(shown.len())?;
    if whole.chars().count() <= options.max_chars {
        return Ok(whole);
    }
    // The most findings that fit: binary search over the prefix length.
    let (mut fits, mut too_many) = (0, shown.len());
    let mut best = render(0)?;
    while too_many - fits > 1 {
        let mid = (fits + too_many) / 2;
        let body = render(mid)?;
        if body.chars().count() <= options.max_chars {
            fits = mid;
            best = body;
        } else {
            too_many = mid;
        }
    }
    if best.chars().count() > options.max_chars {
        // Even the matrix alone is too long (thousands of errors or controls): cut it, and say so.
        let cut =
            "\n\n_… cut to stay under GitHub's size limit; the JSON report has everything._\n";
        let keep = options.max_chars.saturating_sub(cut.chars().count());
        best = best.chars().take(keep).collect::<String>() + cut;
    }
    Ok(best)
}

fn shown<'a>(f: &'a Finding, options: &CommentOptions) -> Shown<'a> {
    let loc = &f.location;
    let lines = match (loc.start_line, loc.end_line) {
        (0, _) => String::new(),
        (start, end) if end > start => format!(":{start}-{end}"),
        (start, _) => format!(":{start}"),
    };
    let url = options.repo_url.as_ref().and_then(|repo| {
        let sha = loc.commit.as_ref().or(options.sha.as_ref())?;
        let anchor = match (loc.start_line, loc.end_line) {
            (0, _) => String::new(),
            (start, end) if end > start => format!("#L{start}-L{end}"),
            (start, _) => format!("#L{start}"),
        };
        Some(format!(
            "{repo}/blob/{sha}/{}{anchor}",
            percent_encode(&loc.path, b"/")
        ))
    });
    let at = loc
        .commit
        .as_ref()
        .map(|c| format!(" @ {}", c.chars().take(12).collect::<String>()));
    Shown {
        severity: f.severity,
        rule_id: &f.rule_id,
        title: &f.title,
        snippet: &f.snippet,
        location: format!("{}{lines}{}", loc.path, at.unwrap_or_default()),
        url,
        new: f.new == Some(true),
    }
}

/// Percent-encoding: every byte but the unreserved characters (RFC 3986) and `keep`, as
/// `%XX`. A repository path in a URL keeps its `/`; a query value keeps nothing more.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
