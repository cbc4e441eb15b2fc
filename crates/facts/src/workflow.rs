//! GitHub Actions workflows: triggers, permissions, jobs and their steps, with the line of every
//! `uses:` and of every line of every `run:` script, so a policy can point at the exact line.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ghexpr::{self, Expression};
use crate::kubernetes::Setting;
use crate::yaml::{Node, Value};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Workflow {
    pub path: String,
    pub name: Option<String>,
    /// Event names (`push`, `pull_request_target`, …).
    pub triggers: Vec<String>,
    pub triggers_line: u32,
    /// `on.schedule[].cron` values and their lines.
    pub schedules: Vec<Setting<String>>,
    pub permissions: Option<Permissions>,
    pub env: Vec<EnvVar>,
    pub jobs: Vec<Job>,
}

/// A `permissions:` value: `read-all`, `write-all`, or scopes (an empty map is `{}`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Permissions {
    pub line: u32,
    /// `read-all` / `write-all` when given as a word.
    pub all: Option<String>,
    pub scopes: BTreeMap<String, String>,
    /// The line of each scope's key.
    pub scope_lines: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Job {
    pub id: String,
    /// The line of the job's key.
    pub line: u32,
    pub name: Option<String>,
    pub permissions: Option<Permissions>,
    pub environment: Option<String>,
    /// A reusable workflow call (`jobs.<id>.uses`).
    pub uses: Option<Uses>,
    /// The jobs this one `needs:`.
    pub needs: Vec<String>,
    /// The line of `secrets: inherit`, when the job has it.
    pub secrets_inherit_line: Option<u32>,
    pub env: Vec<EnvVar>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    pub line: u32,
    pub name: Option<String>,
    pub id: Option<String>,
    pub uses: Option<Uses>,
    /// `with:` inputs as text.
    pub with: BTreeMap<String, String>,
    pub run: Option<Script>,
    /// `actions/github-script`'s `with.script`.
    pub script: Option<Script>,
    pub env: Vec<EnvVar>,
    /// A `run:` step's `working-directory`.
    pub working_directory: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Uses {
    pub value: String,
    pub line: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
    pub line: u32,
    /// The contexts the value's `${{ … }}` expressions can carry (see [`crate::ghexpr`]).
    pub contexts: Vec<String>,
}

/// A script and the file line of each of its lines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Script {
    pub text: String,
    pub lines: Vec<ScriptLine>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScriptLine {
    pub line: u32,
    pub text: String,
    /// The line's `${{ … }}` expressions and the contexts each can carry.
    pub expressions: Vec<Expression>,
}

/// Read a workflow file's (single) document. `text` is the file, for script line numbers.
pub fn read(path: &str, text: &str, doc: &Node) -> Workflow {
    let file_lines: Vec<&str> = text.lines().collect();
    let (triggers, triggers_line) = match doc.entry("on") {
        Some(on) => (trigger_names(&on.value), on.key_line),
        None => (Vec::new(), 0),
    };
    let schedules = doc
        .get("on")
        .and_then(|on| on.get("schedule"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| {
            let cron = item.get("cron")?;
            Some(Setting {
                value: cron.scalar_text()?,
                line: cron.line,
            })
        })
        .collect();
    let jobs = doc
        .get("jobs")
        .map(|jobs| {
            jobs.entries()
                .iter()
                .map(|entry| read_job(&entry.key, entry.key_line, &entry.value, &file_lines))
                .collect()
        })
        .unwrap_or_default();
    Workflow {
        path: path.to_string(),
        name: doc.get("name").and_then(Node::scalar_text),
        triggers,
        triggers_line,
        schedules,
        permissions: doc.get("permissions").map(permissions),
        env: env_vars(doc.get("env")),
        jobs,
    }
}

fn trigger_names(on: &Node) -> Vec<String> {
    match &on.value {
        Value::String(name) => vec![name.clone()],
        Value::Seq(items) => items.iter().filter_map(Node::scalar_text).collect(),
        Value::Map(entries) => entries.iter().map(|e| e.key.clone()).collect(),
        _ => Vec::new(),
    }
}

fn permissions(node: &Node) -> Permissions {
    let mut out = Permissions {
        line: node.line,
        all: None,
        scopes: BTreeMap::new(),
        scope_lines: BTreeMap::new(),
    };
    match &node.value {
        Value::String(word) => out.all = Some(word.clone()),
        Value::Map(entries) => {
            for entry in entries {
                out.scopes.insert(
                    entry.key.clone(),
                    entry.value.scalar_text().unwrap_or_default(),
                );
                out.scope_lines.insert(entry.key.clone(), entry.key_line);
            }
        }
        _ => {}
    }
    out
}

fn env_vars(node: Option<&Node>) -> Vec<EnvVar> {
    node.map(|env| {
        env.entries()
            .iter()
            .map(|e| {
                let value = e.value.scalar_text().unwrap_or_default();
                let mut contexts: Vec<String> = ghexpr::expressions(&value)
                    .into_iter()
                    .flat_map(|x| x.contexts)
                    .collect();
                contexts.sort();
                contexts.dedup();
                EnvVar {
                    name: e.key.clone(),
                    value,
                    line: e.key_line,
                    contexts,
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

fn uses(node: &Node) -> Option<Uses> {
    Some(Uses {
        value: node.get("uses")?.scalar_text()?,
        line: node.entry("uses")?.key_line,
    })
}

fn read_job(id: &str, line: u32, job: &Node, file_lines: &[&str]) -> Job {
    let environment = job.get("environment").and_then(|env| match &env.value {
        Value::Map(_) => env.get("name").and_then(Node::scalar_text),
        _ => env.scalar_text(),
    });
    let secrets_inherit_line = job
        .entry("secrets")
        .filter(|e| e.value.as_str() == Some("inherit"))
        .map(|e| e.key_line);
    let steps = job
        .get("steps")
        .map(|steps| {
            steps
                .items()
                .iter()
                .map(|step| read_step(step, file_lines))
                .collect()
        })
        .unwrap_or_default();
    Job {
        id: id.to_string(),
        line,
        name: job.get("name").and_then(Node::scalar_text),
        permissions: job.get("permissions").map(permissions),
        environment,
        uses: uses(job),
        needs: match job.get("needs") {
            Some(node) => match &node.value {
                Value::Seq(items) => items.iter().filter_map(Node::scalar_text).collect(),
                _ => node.scalar_text().into_iter().collect(),
            },
            None => Vec::new(),
        },
        secrets_inherit_line,
        env: env_vars(job.get("env")),
        steps,
    }
}

fn read_step(step: &Node, file_lines: &[&str]) -> Step {
    let with: BTreeMap<String, String> = step
        .get("with")
        .map(|with| {
            with.entries()
                .iter()
                .map(|e| (e.key.clone(), e.value.scalar_text().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let run = step
        .entry("run")
        .and_then(|e| Some(script(&e.value.scalar_text()?, e.key_line, file_lines)));
    let script_input = step
        .get("with")
        .and_then(|w| w.entry("script"))
        .and_then(|e| Some(script(&e.value.scalar_text()?, e.key_line, file_lines)));
    let uses = uses(step);
    let is_github_script = uses
        .as_ref()
        .is_some_and(|u| u.value.starts_with("actions/github-script@"));
    Step {
        line: step.line,
        name: step.get("name").and_then(Node::scalar_text),
        id: step.get("id").and_then(Node::scalar_text),
        uses,
        with,
        run,
        script: script_input.filter(|_| is_github_script),
        env: env_vars(step.get("env")),
        working_directory: step.get("working-directory").and_then(Node::scalar_text),
    }
}

/// Map each line of a script to its line in the file: from the key's line on, each non-empty
/// script line is looked for in turn (block scalars, plain and quoted scalars alike). A line
/// not found (a folded scalar joins lines) takes the line after the previous one.
fn script(text: &str, key_line: u32, file_lines: &[&str]) -> Script {
    let mut lines = Vec::new();
    let mut at = key_line.saturating_sub(1) as usize;
    let mut last = key_line;
    for piece in text.lines() {
        let needle = piece.trim();
        if needle.is_empty() {
            continue;
        }
        let found = file_lines
            .iter()
            .enumerate()
            .skip(at)
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| i);
        let line = match found {
            Some(i) => {
                at = i + 1;
                i as u32 + 1
            }
            None => last + 1,
        };
        last = line;
        lines.push(ScriptLine {
            line,
            text: piece.to_string(),
            expressions: ghexpr::expressions(piece),
        });
    }
    Script {
        text: text.to_string(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    fn workflow(text: &str) -> Workflow {
        let docs = parse_documents(text).unwrap();
        read(".github/workflows/ci.yml", text, &docs[0])
    }

    #[test]
    fn jobs_steps_and_script_lines() {
        let text = "name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - uses: actions/checkout@v4\n      - name: greet\n        run: |\n          echo start\n\n          echo \"${{ github.event.pull_request.title }}\"\n  call:\n    uses: org/repo/.github/workflows/x.yml@main\n    secrets: inherit\n";
        let w = workflow(text);
        assert_eq!(w.triggers, ["pull_request", "push"]);
        assert_eq!(w.triggers_line, 2);
        assert_eq!(w.permissions.as_ref().unwrap().scopes["contents"], "read");
        let test = &w.jobs[0];
        assert_eq!((test.id.as_str(), test.line), ("test", 9));
        assert_eq!(test.environment.as_deref(), Some("production"));
        assert_eq!(test.steps[0].uses.as_ref().unwrap().line, 13);
        let run = test.steps[1].run.as_ref().unwrap();
        let lines: Vec<u32> = run.lines.iter().map(|l| l.line).collect();
        assert_eq!(lines, [16, 18]);
        let call = &w.jobs[1];
        assert_eq!(call.uses.as_ref().unwrap().line, 20);
        assert_eq!(call.secrets_inherit_line, Some(21));
    }

    #[test]
    fn scope_lines_expressions_env_contexts_and_working_directory() {
        let text = "on: push\npermissions:\n  contents: read\n  id-token: write\nenv:\n  TITLE: ${{ github.event.issue.title }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ env.TITLE }}\" ${{ contains(github.head_ref, 'x') }}\n        working-directory: site\n";
        let w = workflow(text);
        let permissions = w.permissions.as_ref().unwrap();
        assert_eq!(permissions.scope_lines["contents"], 3);
        assert_eq!(permissions.scope_lines["id-token"], 4);
        assert_eq!(w.env[0].contexts, ["github.event.issue.title"]);
        let step = &w.jobs[0].steps[0];
        assert_eq!(step.working_directory.as_deref(), Some("site"));
        let line = &step.run.as_ref().unwrap().lines[0];
        assert_eq!(line.line, 11);
        let contexts: Vec<&[String]> = line
            .expressions
            .iter()
            .map(|e| e.contexts.as_slice())
            .collect();
        assert_eq!(contexts, [&["env.title".to_string()][..], &[][..]]);
    }

    #[test]
    fn triggers_as_word_list_and_flow_map() {
        assert_eq!(workflow("on: push\njobs: {}\n").triggers, ["push"]);
        assert_eq!(
            workflow("on: [push, pull_request]\njobs: {}\n").triggers,
            ["push", "pull_request"]
        );
        let w = workflow("on: {workflow_dispatch: {}}\npermissions: write-all\njobs: {}\n");
        assert_eq!(w.triggers, ["workflow_dispatch"]);
        assert_eq!(w.permissions.unwrap().all.as_deref(), Some("write-all"));
    }
}
