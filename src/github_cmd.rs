//! `gatehouse comment` and `gatehouse issue`: a saved report onto GitHub.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use gatehouse_github::annotations::{create_check_run, escape_data, workflow_commands};
use gatehouse_github::{
    AUDIT_LABEL, Api, BODY_LIMIT, CHECK_SUMMARY_LIMIT, CommentOutcome, Context, IssueOutcome,
    Overrides, body, comment_marker, sync_issue, upsert_comment, write_step_summary,
};
use gatehouse_model::Report;

use crate::cli::{CommentArgs, GithubArgs, IssueArgs};

fn context(args: &GithubArgs) -> Context {
    let overrides = Overrides {
        repository: args.repo.clone(),
        pull_request: args.pr,
        sha: args.sha.clone(),
        api_url: args.api_url.clone(),
    };
    let (ctx, warnings) = Context::from_env(|name| std::env::var(name).ok(), &overrides);
    for warning in warnings {
        warn(&ctx, &warning);
    }
    ctx
}

/// The token from GITHUB_TOKEN, else GH_TOKEN. It is handed to the client and never printed.
fn token() -> Option<String> {
    ["GITHUB_TOKEN", "GH_TOKEN"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|t| !t.trim().is_empty())
}

/// A warning the job shows: a `::warning::` workflow command inside Actions, stderr elsewhere.
fn warn(ctx: &Context, message: &str) {
    if ctx.in_actions {
        println!("::warning title=gatehouse::{}", escape_data(message));
    } else {
        eprintln!("gatehouse: warning: {message}");
    }
}

fn client(ctx: &Context) -> Option<Api> {
    let token = token()?;
    match Api::new(&ctx.api_url, &token) {
        Ok(api) => Some(api),
        Err(e) => {
            warn(ctx, &e.to_string());
            None
        }
    }
}

pub fn comment(args: &CommentArgs, report: &Report) -> Result<ExitCode> {
    let ctx = context(&args.github);
    match write_step_summary(report, &ctx) {
        Ok(Some(path)) => eprintln!("gatehouse: the matrix is in the job summary ({path})"),
        Ok(None) => {}
        Err(e) => warn(&ctx, &e),
    }
    let api = client(&ctx);
    let fallback = "the matrix is in the job summary and the findings are annotations instead";
    if !args.no_comment {
        match (ctx.pull_request, &api, ctx.repo_path()) {
            (None, _, _) => eprintln!(
                "gatehouse: not a pull request (no pull_request event, no --pr): no comment"
            ),
            (Some(_), None, _) => warn(
                &ctx,
                &format!("no GitHub token (GITHUB_TOKEN or GH_TOKEN), so no comment; {fallback}"),
            ),
            (Some(_), Some(_), Err(e)) => warn(&ctx, &format!("no comment: {e}")),
            (Some(pr), Some(api), Ok(repo)) => {
                let text = body(report, &ctx, Some(comment_marker(&args.name)), BODY_LIMIT);
                match upsert_comment(api, &repo, pr, &args.name, &text) {
                    Ok(CommentOutcome::Created { url, .. }) => eprintln!(
                        "gatehouse: commented on pull request #{pr}{}",
                        url.map(|u| format!(": {u}")).unwrap_or_default()
                    ),
                    Ok(CommentOutcome::Updated {
                        url,
                        removed_duplicates,
                        ..
                    }) => eprintln!(
                        "gatehouse: updated the comment on pull request #{pr}{}{}",
                        url.map(|u| format!(": {u}")).unwrap_or_default(),
                        if removed_duplicates > 0 {
                            format!(" ({removed_duplicates} duplicate(s) removed)")
                        } else {
                            String::new()
                        }
                    ),
                    Err(e) if e.is_forbidden() => warn(
                        &ctx,
                        &format!(
                            "the token may not comment on pull request #{pr} ({e}): a pull \
                             request from a fork gets a read-only token; {fallback}"
                        ),
                    ),
                    Err(e) => warn(&ctx, &format!("cannot post the comment ({e}); {fallback}")),
                }
            }
        }
    }
    if !args.no_annotations {
        let mut commands = true;
        if let (Some(api), Ok(repo), Some(sha)) = (&api, ctx.repo_path(), &ctx.sha) {
            let summary = body(report, &ctx, None, CHECK_SUMMARY_LIMIT);
            let name = if args.name == "gatehouse" {
                "gatehouse".to_string()
            } else {
                format!("gatehouse ({})", args.name)
            };
            match create_check_run(api, &repo, sha, &name, report, &summary) {
                Ok(run) => {
                    commands = false;
                    eprintln!(
                        "gatehouse: check run `{name}` with {} annotation(s){}{}",
                        run.annotations,
                        if run.left_out > 0 {
                            format!(" ({} more not annotated)", run.left_out)
                        } else {
                            String::new()
                        },
                        run.url.map(|u| format!(": {u}")).unwrap_or_default()
                    );
                }
                Err(e) if e.is_forbidden() => eprintln!(
                    "gatehouse: the token may not create check runs ({e}); annotating with workflow commands"
                ),
                Err(e) => warn(
                    &ctx,
                    &format!(
                        "cannot create the check run ({e}); annotating with workflow commands"
                    ),
                ),
            }
        }
        if commands && ctx.in_actions {
            for line in workflow_commands(report) {
                println!("{line}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn issue(args: &IssueArgs, report: &Report) -> Result<ExitCode> {
    let ctx = context(&args.github);
    let repo = ctx.repo_path().map_err(|e| anyhow!(e))?;
    let api = client(&ctx)
        .ok_or_else(|| anyhow!("no usable GitHub token: set GITHUB_TOKEN (or GH_TOKEN)"))?;
    let label = if args.label.trim().is_empty() {
        AUDIT_LABEL
    } else {
        args.label.as_str()
    };
    let outcome = sync_issue(&api, &ctx, &repo, report, label, &args.title)
        .map_err(|e| anyhow!("the tracking issue: {e}"))?;
    match outcome {
        IssueOutcome::Opened(n) => eprintln!("gatehouse: opened issue #{n} (label {label})"),
        IssueOutcome::Updated(n) => eprintln!("gatehouse: updated issue #{n} (label {label})"),
        IssueOutcome::Closed(numbers) => {
            let list: Vec<String> = numbers.iter().map(|n| format!("#{n}")).collect();
            eprintln!("gatehouse: the gate passed; closed {}", list.join(", "));
        }
        IssueOutcome::NothingToDo => {
            eprintln!("gatehouse: the gate passed and no issue labelled {label} is open")
        }
    }
    Ok(ExitCode::SUCCESS)
}
