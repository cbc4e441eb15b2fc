//! gatehouse on GitHub: the sticky pull-request comment, the check run with annotations (or
//! workflow commands), the job summary, and the weekly audit's tracking issue.
//!
//! All of it reads a finished [`Report`]; none of it decides the gate. The REST calls go
//! through [`api::Api`] (octocrab's client, with our retries); the token is only ever put in the
//! `Authorization` header.

pub mod annotations;
pub mod api;
pub mod context;

use std::io::Write;

use gatehouse_model::Report;
use gatehouse_report::{CommentOptions, percent_encode};
use serde_json::{Value, json};

pub use api::{Api, ApiError};
pub use context::{Context, Overrides};

/// GitHub's limit on the body of a comment or an issue.
pub const BODY_LIMIT: usize = 65_536;
/// GitHub's limit on a check run's summary.
pub const CHECK_SUMMARY_LIMIT: usize = 65_535;
/// What the job summary takes of one step (1 MiB); the summary is cut well inside it.
pub const SUMMARY_LIMIT: usize = 512 * 1024;
/// The label of the audit's tracking issue.
pub const AUDIT_LABEL: &str = "gatehouse-audit";

/// The hidden line that finds a comment again: one per configuration name, so two gate jobs
/// with different configurations keep one comment each.
pub fn comment_marker(name: &str) -> String {
    format!("<!-- gatehouse:comment name={} -->", marker_name(name))
}

fn issue_marker(label: &str) -> String {
    format!("<!-- gatehouse:audit label={} -->", marker_name(label))
}

/// The name as it can sit in an HTML comment: letters, digits and `-_./`; anything else `-`.
fn marker_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_./".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    // `--` may not appear inside an HTML comment.
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.chars() {
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

/// The report as Markdown for one of GitHub's surfaces.
pub fn body(report: &Report, ctx: &Context, marker: Option<String>, max_chars: usize) -> String {
    let options = CommentOptions {
        marker,
        repo_url: ctx.repo_url(),
        sha: ctx.sha.clone().or_else(|| report.run.commit.clone()),
        run_url: ctx.run_url.clone(),
        max_chars,
    };
    // Rendering a loaded report only fails on a template bug; say so rather than post nothing.
    gatehouse_report::comment(report, &options)
        .unwrap_or_else(|e| format!("gatehouse could not render its report: {e}\n"))
}

/// Append the matrix (and as many findings as fit) to `$GITHUB_STEP_SUMMARY`.
pub fn write_step_summary(report: &Report, ctx: &Context) -> Result<Option<String>, String> {
    let Some(path) = &ctx.step_summary else {
        return Ok(None);
    };
    let text = body(report, ctx, None, SUMMARY_LIMIT);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write the job summary {}: {e}", path.display()))?;
    Ok(Some(path.display().to_string()))
}

/// What became of the sticky comment.
#[derive(Debug, PartialEq, Eq)]
pub enum CommentOutcome {
    Created {
        id: u64,
        url: Option<String>,
    },
    Updated {
        id: u64,
        url: Option<String>,
        removed_duplicates: usize,
    },
}

/// Create the PR's comment for `name`, or update it in place when one with its marker exists
/// (a duplicate left by two racing runs is deleted, so one remains).
pub fn upsert_comment(
    api: &Api,
    repo_path: &str,
    pull_request: u64,
    name: &str,
    body: &str,
) -> Result<CommentOutcome, ApiError> {
    let marker = comment_marker(name);
    let comments = api.get_all(
        &format!("{repo_path}/issues/{pull_request}/comments?per_page=100"),
        100,
    )?;
    let mine: Vec<u64> = comments
        .iter()
        .filter(|c| {
            c.get("body")
                .and_then(Value::as_str)
                .is_some_and(|b| b.lines().any(|line| line.trim() == marker))
        })
        .filter_map(|c| c.get("id").and_then(Value::as_u64))
        .collect();
    let html_url = |reply: &api::Reply| {
        reply
            .body
            .get("html_url")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match mine.split_first() {
        Some((&id, duplicates)) => {
            let reply = api.patch(
                &format!("{repo_path}/issues/comments/{id}"),
                &json!({ "body": body }),
            )?;
            for duplicate in duplicates {
                api.delete(&format!("{repo_path}/issues/comments/{duplicate}"))?;
            }
            Ok(CommentOutcome::Updated {
                id,
                url: html_url(&reply),
                removed_duplicates: duplicates.len(),
            })
        }
        None => {
            let reply = api.post(
                &format!("{repo_path}/issues/{pull_request}/comments"),
                &json!({ "body": body }),
            )?;
            let id = reply.body.get("id").and_then(Value::as_u64).unwrap_or(0);
            Ok(CommentOutcome::Created {
                id,
                url: html_url(&reply),
            })
        }
    }
}

/// What became of the tracking issue.
#[derive(Debug, PartialEq, Eq)]
pub enum IssueOutcome {
    Opened(u64),
    Updated(u64),
    Closed(Vec<u64>),
    NothingToDo,
}

/// The audit's tracking issue: when the gate failed, update the open issue labelled `label` (or
/// open one); when it passed, comment on and close every open one.
pub fn sync_issue(
    api: &Api,
    ctx: &Context,
    repo_path: &str,
    report: &Report,
    label: &str,
    title: &str,
) -> Result<IssueOutcome, ApiError> {
    let open = api.get_all(
        &format!(
            "{repo_path}/issues?state=open&labels={}&per_page=100",
            percent_encode(label, b"")
        ),
        20,
    )?;
    // The issues endpoint lists pull requests too.
    let numbers: Vec<u64> = open
        .iter()
        .filter(|i| i.get("pull_request").is_none())
        .filter_map(|i| i.get("number").and_then(Value::as_u64))
        .collect();
    if report.gate.passed {
        if numbers.is_empty() {
            return Ok(IssueOutcome::NothingToDo);
        }
        let at = match (&report.run.commit, &ctx.run_url) {
            (Some(commit), Some(run)) => format!(" at `{commit}` ([run]({run}))"),
            (Some(commit), None) => format!(" at `{commit}`"),
            (None, Some(run)) => format!(" ([run]({run}))"),
            (None, None) => String::new(),
        };
        for number in &numbers {
            api.post(
                &format!("{repo_path}/issues/{number}/comments"),
                &json!({ "body": format!("The gatehouse audit passed{at}. Closing.") }),
            )?;
            api.patch(
                &format!("{repo_path}/issues/{number}"),
                &json!({ "state": "closed", "state_reason": "completed" }),
            )?;
        }
        return Ok(IssueOutcome::Closed(numbers));
    }
    let text = body(report, ctx, Some(issue_marker(label)), BODY_LIMIT);
    match numbers.first() {
        Some(&number) => {
            api.patch(
                &format!("{repo_path}/issues/{number}"),
                &json!({ "body": text }),
            )?;
            Ok(IssueOutcome::Updated(number))
        }
        None => {
            let reply = api.post(
                &format!("{repo_path}/issues"),
                &json!({ "title": title, "body": text, "labels": [label] }),
            )?;
            Ok(IssueOutcome::Opened(
                reply
                    .body
                    .get("number")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_valid_html_comments_per_name() {
        assert_eq!(
            comment_marker("gatehouse.toml"),
            "<!-- gatehouse:comment name=gatehouse.toml -->"
        );
        // No `--` or `>` can end the comment early.
        let m = comment_marker("a-->b c");
        assert_eq!(m, "<!-- gatehouse:comment name=a-b-c -->");
        assert_ne!(comment_marker("ci/a.toml"), comment_marker("ci/b.toml"));
        assert_eq!(
            percent_encode("gatehouse audit/x", b""),
            "gatehouse%20audit%2Fx"
        );
    }
}
