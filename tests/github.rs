//! `gatehouse comment` and `gatehouse issue` against a local server that speaks the parts of
//! GitHub's REST API they use (issue comments with `Link` pagination, check runs, issues), with
//! the failure modes GitHub has: a read-only token's 403, a 502, a secondary rate limit with
//! `Retry-After`. Each test asserts the exact requests the server received.

mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use common::http::{Request, Response, Server};
use common::{Ran, RunExt, gatehouse};
use serde_json::{Value, json};

const TOKEN: &str = concat!("ghs_", "Q4wE8rT2yU6iO0pA3sD7fG1hJ5kL9zXcVbN2");
const PLANTED: &str = concat!("ghp_", "R7vQk2LmX9pTz4WbN8cYd3FhJ6sA1eUo5GiK");
const REPO: &str = "acme/shop";
const PR: u64 = 7;
const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";

/// What the fake GitHub holds, and how it misbehaves.
#[derive(Default)]
struct GitHub {
    next_id: u64,
    /// The pull request's comments: (id, body).
    comments: Vec<(u64, String)>,
    /// Check runs: (id, annotations received over all requests).
    check_runs: Vec<(u64, Vec<Value>)>,
    /// Issues: number, state, labels, body, is a pull request.
    issues: Vec<Issue>,
    /// Every write answers 403 "Resource not accessible by integration".
    read_only: bool,
    /// So many of the next writes answer 502.
    fail_writes: u32,
    /// So many of the next reads answer 403 with `Retry-After: 1`.
    rate_limit_reads: u32,
}

#[derive(Clone)]
struct Issue {
    number: u64,
    state: String,
    labels: Vec<String>,
    body: String,
    pull_request: bool,
}

const PAGE: usize = 100;

fn query(path: &str, key: &str) -> Option<String> {
    let (_, q) = path.split_once('?')?;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

fn handle(state: &Mutex<GitHub>, base: &str, r: &Request) -> Response {
    let mut gh = state.lock().unwrap();
    let write = r.method != "GET";
    if !write && gh.rate_limit_reads > 0 {
        gh.rate_limit_reads -= 1;
        return Response::new(
            403,
            r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
        )
        .header("Retry-After", "1");
    }
    if write && gh.read_only {
        return Response::new(
            403,
            r#"{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}"#,
        );
    }
    if write && gh.fail_writes > 0 {
        gh.fail_writes -= 1;
        return Response::new(502, "<html>Bad Gateway</html>");
    }
    let body: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let path = r.path.split('?').next().unwrap_or("");
    let repo = format!("/repos/{REPO}");
    let Some(rest) = path.strip_prefix(&repo) else {
        return Response::new(404, r#"{"message":"Not Found"}"#);
    };
    let json = |status: u16, v: Value| {
        Response::new(status, v.to_string()).header("Content-Type", "application/json")
    };
    match (r.method.as_str(), rest) {
        ("GET", p) if p == format!("/issues/{PR}/comments") => {
            let page: usize = query(&r.path, "page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let items: Vec<Value> = gh
                .comments
                .iter()
                .skip((page - 1) * PAGE)
                .take(PAGE)
                .map(|(id, b)| json!({"id": id, "body": b}))
                .collect();
            let mut response = json(200, Value::Array(items));
            if page * PAGE < gh.comments.len() {
                response = response.header(
                    "Link",
                    &format!(
                        "<{base}{repo}/issues/{PR}/comments?per_page=100&page={}>; rel=\"next\", <{base}{repo}/issues/{PR}/comments?per_page=100&page=9>; rel=\"last\"",
                        page + 1
                    ),
                );
            }
            response
        }
        ("POST", p) if p == format!("/issues/{PR}/comments") => {
            gh.next_id += 1;
            let id = 1000 + gh.next_id;
            gh.comments
                .push((id, body["body"].as_str().unwrap_or("").to_string()));
            json(
                201,
                json!({"id": id, "html_url": format!("https://github.com/{REPO}/pull/{PR}#issuecomment-{id}")}),
            )
        }
        ("PATCH", p) if p.starts_with("/issues/comments/") => {
            let id: u64 = p["/issues/comments/".len()..].parse().unwrap();
            match gh.comments.iter_mut().find(|(i, _)| *i == id) {
                Some(c) => {
                    c.1 = body["body"].as_str().unwrap_or("").to_string();
                    json(200, json!({"id": id}))
                }
                None => json(404, json!({"message": "Not Found"})),
            }
        }
        ("DELETE", p) if p.starts_with("/issues/comments/") => {
            let id: u64 = p["/issues/comments/".len()..].parse().unwrap();
            gh.comments.retain(|(i, _)| *i != id);
            Response::new(204, "")
        }
        ("POST", "/check-runs") => {
            gh.next_id += 1;
            let id = gh.next_id;
            let annotations = body["output"]["annotations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                annotations.len() <= 50,
                "more than 50 annotations in one request"
            );
            gh.check_runs.push((id, annotations));
            json(
                201,
                json!({"id": id, "html_url": format!("https://github.com/{REPO}/runs/{id}")}),
            )
        }
        ("PATCH", p) if p.starts_with("/check-runs/") => {
            let id: u64 = p["/check-runs/".len()..].parse().unwrap();
            let annotations = body["output"]["annotations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                annotations.len() <= 50,
                "more than 50 annotations in one request"
            );
            let run = gh.check_runs.iter_mut().find(|(i, _)| *i == id).unwrap();
            run.1.extend(annotations);
            json(200, json!({"id": id}))
        }
        ("GET", "/issues") => {
            let label = query(&r.path, "labels").unwrap_or_default();
            let items: Vec<Value> = gh
                .issues
                .iter()
                .filter(|i| i.state == "open" && i.labels.contains(&label))
                .map(|i| {
                    let mut v = json!({"number": i.number, "state": i.state, "body": i.body});
                    if i.pull_request {
                        v["pull_request"] = json!({"url": "x"});
                    }
                    v
                })
                .collect();
            json(200, Value::Array(items))
        }
        ("POST", "/issues") => {
            let number = 50 + gh.issues.len() as u64;
            let labels = body["labels"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            gh.issues.push(Issue {
                number,
                state: "open".into(),
                labels,
                body: body["body"].as_str().unwrap_or("").to_string(),
                pull_request: false,
            });
            json(201, json!({"number": number}))
        }
        ("POST", p) if p.starts_with("/issues/") && p.ends_with("/comments") => {
            json(201, json!({"id": 1}))
        }
        ("PATCH", p) if p.starts_with("/issues/") => {
            let number: u64 = p["/issues/".len()..].parse().unwrap();
            let issue = gh.issues.iter_mut().find(|i| i.number == number).unwrap();
            if let Some(b) = body["body"].as_str() {
                issue.body = b.to_string();
            }
            if let Some(s) = body["state"].as_str() {
                issue.state = s.to_string();
            }
            json(200, json!({"number": number}))
        }
        _ => json(404, json!({"message": "Not Found"})),
    }
}

fn github(setup: impl FnOnce(&mut GitHub)) -> (Server, Arc<Mutex<GitHub>>) {
    let mut gh = GitHub::default();
    setup(&mut gh);
    let state = Arc::new(Mutex::new(gh));
    let shared = Arc::clone(&state);
    let base = Arc::new(Mutex::new(String::new()));
    let base_in = Arc::clone(&base);
    let server = Server::start(move |r| {
        let base = base_in.lock().unwrap().clone();
        handle(&shared, &base, r)
    });
    *base.lock().unwrap() = server.url.clone();
    (server, state)
}

/// A report of a tree with a planted token and (for `extra`) more copies of its finding.
fn report(dir: &Path, secret: bool, extra: usize) -> std::path::PathBuf {
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("app")).unwrap();
    let line = if secret {
        format!("GH_TOKEN = \"{PLANTED}\"\n")
    } else {
        "GREETING = \"hello\"\n".to_string()
    };
    std::fs::write(tree.join("app/settings.py"), line).unwrap();
    let out = dir.join("report.json");
    gatehouse()
        .arg("check")
        .arg(&tree)
        .args(["--only", "secrets", "-o"])
        .arg(format!("json={}", out.display()))
        .assert()
        .code(if secret { 1 } else { 0 });
    if extra > 0 {
        let mut report: Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let first = report["findings"][0].clone();
        let findings = report["findings"].as_array_mut().unwrap();
        for i in 0..extra {
            let mut copy = first.clone();
            copy["location"]["start_line"] = json!(i + 2);
            copy["location"]["end_line"] = json!(i + 2);
            findings.push(copy);
        }
        std::fs::write(&out, report.to_string()).unwrap();
    }
    out
}

fn run(server: &Server, dir: &Path, args: &[&str], actions: bool) -> Ran {
    let mut cmd = gatehouse();
    for name in [
        "GITHUB_ACTIONS",
        "GITHUB_EVENT_PATH",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_SHA",
        "GITHUB_RUN_ID",
        "GH_TOKEN",
    ] {
        cmd.env_remove(name);
    }
    let event = dir.join("event.json");
    std::fs::write(
        &event,
        json!({"pull_request": {"number": PR, "head": {"sha": HEAD}}}).to_string(),
    )
    .unwrap();
    cmd.env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", &server.url)
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_EVENT_PATH", &event)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_RUN_ID", "99");
    if actions {
        cmd.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", dir.join("summary.md"));
    }
    cmd.args(args).assert()
}

fn calls(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Every request carried the token in its Authorization header, and only there.
fn assert_token_only_in_headers(server: &Server, outputs: &[&[u8]]) {
    for r in server.requests() {
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(!r.body.contains(TOKEN) && !r.path.contains(TOKEN));
        assert!(
            !r.body.contains(PLANTED),
            "the planted secret reached GitHub: {}",
            r.body
        );
    }
    for out in outputs {
        let text = String::from_utf8_lossy(out);
        assert!(!text.contains(TOKEN), "token printed: {text}");
        assert!(!text.contains(PLANTED), "secret printed: {text}");
    }
}

#[test]
fn the_comment_is_sticky_paginated_and_per_name() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 0);
    let (server, state) = github(|gh| {
        // 150 comments of others: the marker search must read page 2.
        for i in 0..150 {
            gh.comments.push((i + 1, format!("comment {i} by someone")));
        }
        gh.next_id = 200;
    });
    let report = report.to_str().unwrap();
    let first = run(&server, dir.path(), &["comment", report], false).success();
    let r = repo_prefix();
    assert_eq!(
        calls(&server),
        vec![
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("GET {r}/issues/7/comments?per_page=100&page=2"),
            format!("POST {r}/issues/7/comments"),
            format!("POST {r}/check-runs"),
        ]
    );
    let second = run(&server, dir.path(), &["comment", report], false).success();
    let requests = calls(&server);
    assert_eq!(
        requests[4..],
        [
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("GET {r}/issues/7/comments?per_page=100&page=2"),
            format!("PATCH {r}/issues/comments/1201"),
            format!("POST {r}/check-runs"),
        ]
    );
    {
        let gh = state.lock().unwrap();
        let ours: Vec<&(u64, String)> = gh
            .comments
            .iter()
            .filter(|(_, b)| b.contains("<!-- gatehouse:comment name=gatehouse -->"))
            .collect();
        assert_eq!(ours.len(), 1, "one comment after two runs");
        let body = &ours[0].1;
        assert!(body.contains("## gatehouse ❌ gate failed"), "{body}");
        assert!(body.contains("| **P09**"), "the matrix is on top: {body}");
        assert!(
            body.contains(&format!(
                "(https://github.com/{REPO}/blob/{HEAD}/app/settings.py#L1)"
            )),
            "a link to the line at the head: {body}"
        );
        assert!(
            body.contains("<details><summary><b>1 open finding</b>"),
            "{body}"
        );
        // The compact picture above the matrix, and the top findings outside the fold.
        assert!(body.contains("**1 open finding** · "), "{body}");
        assert!(body.contains("❌ P02 · ⏭️ P03"), "{body}");
        let top = body.find("**Top findings**").expect("top findings");
        assert!(top < body.find("<details>").unwrap(), "{body}");
        assert!(
            body[top..].contains("(https://github.com/"),
            "linked: {body}"
        );
        assert!(body.contains("[run](https://github.com/acme/shop/actions/runs/99)"));
        // The check run: failed, one annotation on the line.
        let (_, annotations) = &gh.check_runs[0];
        assert_eq!(annotations.len(), 1);
        assert_eq!(annotations[0]["path"], "app/settings.py");
        assert_eq!(annotations[0]["start_line"], 1);
        assert_eq!(annotations[0]["annotation_level"], "failure");
    }
    let check = server
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/check-runs"))
        .unwrap();
    let check: Value = serde_json::from_str(&check.body).unwrap();
    assert_eq!(check["head_sha"], HEAD);
    assert_eq!(check["conclusion"], "failure");
    assert_eq!(check["status"], "completed");

    // A second gate job with another name keeps its own comment.
    run(
        &server,
        dir.path(),
        &[
            "comment",
            report,
            "--name",
            "ci/strict.toml",
            "--no-annotations",
        ],
        false,
    )
    .success();
    let gh = state.lock().unwrap();
    let marked = gh
        .comments
        .iter()
        .filter(|(_, b)| b.contains("<!-- gatehouse:comment name="))
        .count();
    assert_eq!(marked, 2);
    assert_eq!(gh.comments.len(), 152);
    drop(gh);
    assert_token_only_in_headers(
        &server,
        &[&first.get_output().stderr, &second.get_output().stdout],
    );
}

fn repo_prefix() -> String {
    format!("/repos/{REPO}")
}

#[test]
fn a_long_report_is_trimmed_under_the_size_limit_saying_how_many_were_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 2999);
    let (server, state) = github(|_| {});
    run(
        &server,
        dir.path(),
        &["comment", report.to_str().unwrap(), "--no-annotations"],
        false,
    )
    .success();
    let gh = state.lock().unwrap();
    let body = &gh.comments[0].1;
    let chars = body.chars().count();
    assert!(chars <= 65_536, "{chars} characters");
    assert!(chars > 60_000, "trimmed far more than needed: {chars}");
    assert!(body.contains("| **P12**"), "the matrix is kept whole");
    let rows = body.matches("| CRITICAL |").count();
    let omitted: usize = body
        .split("_")
        .find_map(|part| part.strip_suffix(" more findings not shown here, to stay under GitHub's size limit: the job summary, the annotations and the JSON or SARIF report have them all."))
        .expect("says how many were left out")
        .parse()
        .unwrap();
    assert_eq!(rows + omitted, 3000, "{rows} shown + {omitted} left out");
    assert!(body.contains("<b>3000 open findings</b>"));
}

#[test]
fn duplicates_from_racing_runs_are_folded_into_one() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 0);
    let marker = "<!-- gatehouse:comment name=gatehouse -->";
    let (server, state) = github(|gh| {
        gh.comments.push((11, format!("{marker}\nold")));
        gh.comments.push((12, "unrelated".into()));
        gh.comments.push((13, format!("{marker}\nolder duplicate")));
    });
    run(
        &server,
        dir.path(),
        &["comment", report.to_str().unwrap(), "--no-annotations"],
        false,
    )
    .success();
    let r = repo_prefix();
    assert_eq!(
        calls(&server),
        vec![
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("PATCH {r}/issues/comments/11"),
            format!("DELETE {r}/issues/comments/13"),
        ]
    );
    let gh = state.lock().unwrap();
    assert_eq!(gh.comments.len(), 2);
    assert!(gh.comments[0].1.contains("gate failed"));
}

#[test]
fn annotations_are_sent_fifty_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 119);
    let (server, state) = github(|_| {});
    run(
        &server,
        dir.path(),
        &["comment", report.to_str().unwrap(), "--no-comment"],
        false,
    )
    .success();
    let r = repo_prefix();
    assert_eq!(
        calls(&server),
        vec![
            format!("POST {r}/check-runs"),
            format!("PATCH {r}/check-runs/1"),
            format!("PATCH {r}/check-runs/1"),
        ]
    );
    let gh = state.lock().unwrap();
    let lines: Vec<u64> = gh.check_runs[0]
        .1
        .iter()
        .map(|a| a["start_line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines.len(), 120);
    let mut sorted = lines.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, (1..=120).collect::<Vec<u64>>(), "each finding once");
}

#[test]
fn a_read_only_token_falls_back_to_the_summary_and_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 0);
    let (server, state) = github(|gh| gh.read_only = true);
    let out = run(
        &server,
        dir.path(),
        &["comment", report.to_str().unwrap()],
        true,
    )
    .success();
    let r = repo_prefix();
    assert_eq!(
        calls(&server),
        vec![
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("POST {r}/issues/7/comments"),
            format!("POST {r}/check-runs"),
        ],
        "a 403 is final, not retried"
    );
    assert!(state.lock().unwrap().comments.is_empty());
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("::warning title=gatehouse::the token may not comment on pull request #7"),
        "{stdout}"
    );
    assert!(stdout.contains("fork"), "{stdout}");
    assert!(
        stdout.contains("::error file=app/settings.py,line=1,endLine=1,title=CRITICAL github-pat-classic%3A GitHub personal access token (classic)::"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(dir.path().join("summary.md")).unwrap();
    assert!(summary.contains("| **P09**"), "{summary}");
    assert!(
        !summary.contains("gatehouse:comment"),
        "no marker in the summary"
    );
    assert_token_only_in_headers(
        &server,
        &[&out.get_output().stdout, &out.get_output().stderr],
    );
    assert!(!summary.contains(PLANTED));
}

#[test]
fn server_errors_and_rate_limits_are_retried() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 0);
    let (server, state) = github(|gh| {
        gh.rate_limit_reads = 1;
        gh.fail_writes = 1;
    });
    let out = run(
        &server,
        dir.path(),
        &["comment", report.to_str().unwrap(), "--no-annotations"],
        false,
    )
    .success();
    let r = repo_prefix();
    assert_eq!(
        calls(&server),
        vec![
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("GET {r}/issues/7/comments?per_page=100"),
            format!("POST {r}/issues/7/comments"),
            format!("POST {r}/issues/7/comments"),
        ]
    );
    assert_eq!(state.lock().unwrap().comments.len(), 1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("HTTP 403; retrying in 1.0 s"), "{stderr}");
    assert!(stderr.contains("HTTP 502; retrying"), "{stderr}");
}

#[test]
fn the_tracking_issue_is_opened_updated_and_closed() {
    let dir = tempfile::tempdir().unwrap();
    let failing = report(&dir.path().join("a"), true, 0);
    let passing = report(&dir.path().join("b"), false, 0);
    let (server, state) = github(|gh| {
        // A pull request with the label: the issues endpoint lists it, it is not the issue.
        gh.issues.push(Issue {
            number: 3,
            state: "open".into(),
            labels: vec!["gatehouse-audit".into()],
            body: "a PR".into(),
            pull_request: true,
        });
    });
    let issue = |report: &Path| {
        run(
            &server,
            dir.path(),
            &["issue", report.to_str().unwrap()],
            false,
        )
        .success();
    };
    issue(&failing);
    issue(&failing);
    issue(&passing);
    issue(&passing);
    let r = repo_prefix();
    let list = format!("GET {r}/issues?state=open&labels=gatehouse-audit&per_page=100");
    assert_eq!(
        calls(&server),
        vec![
            list.clone(),
            format!("POST {r}/issues"),
            list.clone(),
            format!("PATCH {r}/issues/51"),
            list.clone(),
            format!("POST {r}/issues/51/comments"),
            format!("PATCH {r}/issues/51"),
            list,
        ]
    );
    let gh = state.lock().unwrap();
    let issue = gh.issues.iter().find(|i| i.number == 51).unwrap();
    assert_eq!(issue.state, "closed");
    assert_eq!(issue.labels, vec!["gatehouse-audit".to_string()]);
    assert!(issue.body.contains("gate failed"));
    assert_eq!(
        gh.issues.iter().find(|i| i.number == 3).unwrap().state,
        "open"
    );
    let created = &server.requests()[1];
    let created: Value = serde_json::from_str(&created.body).unwrap();
    assert_eq!(created["title"], "gatehouse audit: the gate fails");
}

#[test]
fn outside_a_pull_request_nothing_is_posted_and_the_run_still_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path(), true, 0);
    let (server, _) = github(|_| {});
    let out = gatehouse()
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("GITHUB_API_URL", &server.url)
        .args(["comment", report.to_str().unwrap()])
        .assert()
        .success();
    assert!(server.requests().is_empty());
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("not a pull request"), "{stderr}");
}
