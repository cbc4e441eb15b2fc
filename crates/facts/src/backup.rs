//! Backups: the jobs that take them (CronJobs and Jobs, scheduled workflows, crontab lines,
//! Velero Schedules, and the scripts they call), their schedules, their retention, and the
//! jobs that test a restore; and the databases of the tree that need them.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::Located;
use crate::compose::ComposeFile;
use crate::cron::{self, Schedule};
use crate::kubernetes::{CommandLine, KubernetesFacts};
use crate::workflow::Workflow;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Job {
    pub path: String,
    /// The job's line: a document's `kind:`, a workflow job's key, a crontab line.
    pub line: u32,
    /// `CronJob`, `Job`, `workflow`, `crontab` or `velero`.
    pub source: String,
    pub name: String,
    /// None when unscheduled (a Job, a workflow without `schedule`).
    pub schedule: Option<Schedule>,
    /// The command lines that back up (or restore), with the script they go through if any.
    pub commands: Vec<CommandLine>,
    /// How retention is set, when it is.
    pub retention: Option<CommandLine>,
}

/// A database of the tree: an SQL migration, or a database image.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Database {
    pub path: String,
    pub line: u32,
    /// `postgres`, `mysql`, `mongo`, or `sql` for a migration.
    pub engine: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct BackupFacts {
    pub jobs: Vec<Job>,
    pub restore_tests: Vec<Job>,
    pub databases: Vec<Database>,
}

struct Patterns {
    backup: Regex,
    restore: Regex,
    retention: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static PATTERNS: OnceLock<Option<Patterns>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            Some(Patterns {
                backup: Regex::new(
                    r"\b(?:pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mongodump)\b|\bwal-g\s+backup-push\b|\bpgbackrest\b.*\sbackup\b|\brestic\b.*\sbackup\b|\bvelero\s+backup\s+create\b",
                )
                .ok()?,
                restore: Regex::new(
                    r"\b(?:pg_restore|mongorestore)\b|\bgatehouse\s+audit\b.*\s--restore-test\b|\bwal-g\s+backup-fetch\b|\bpgbackrest\b.*\srestore\b|\brestic\b.*\srestore\b|\bvelero\s+restore\s+create\b|(?:^|[\s/'\x22])restore[\w.-]*\.(?:sh|bash|py)\b",
                )
                .ok()?,
                retention: Regex::new(
                    r"--keep-(?:last|hourly|daily|weekly|monthly|yearly|within)\b|\brepo\d*-retention-|\bwal-g\s+delete\s+retain\b|\bfind\b.*-mtime\b.*-delete\b",
                )
                .ok()?,
            })
        })
        .as_ref()
}

/// A shell script of the tree, by its file name, with what it runs.
pub struct Script<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

/// What the commands of one job do.
#[derive(Default)]
struct Classified {
    backup: Vec<CommandLine>,
    restore: Vec<CommandLine>,
    retention: Option<CommandLine>,
}

fn classify(lines: &[CommandLine], scripts: &[Script<'_>], p: &Patterns) -> Classified {
    let mut out = Classified::default();
    for line in lines {
        // (what is shown, what is matched): the line, and each script of the tree it calls,
        // which stands for its content.
        let mut texts = vec![(line.text.clone(), line.text.as_str())];
        for script in scripts {
            let name = script.path.rsplit('/').next().unwrap_or(script.path);
            if line.text.contains(name) {
                texts.push((
                    format!("{} (via {})", line.text.trim(), script.path),
                    script.text,
                ));
            }
        }
        for (shown, text) in texts {
            let at = CommandLine {
                line: line.line,
                text: shown,
            };
            if p.backup.is_match(text) {
                out.backup.push(at.clone());
            }
            if p.restore.is_match(text) {
                out.restore.push(at.clone());
            }
            if out.retention.is_none() && p.retention.is_match(text) {
                out.retention = Some(at);
            }
        }
    }
    out
}

fn retention_env<'a>(mut names: impl Iterator<Item = (&'a str, u32)>) -> Option<CommandLine> {
    names
        .find(|(name, _)| {
            let upper = name.to_ascii_uppercase();
            upper.contains("RETENTION") || upper.contains("KEEP")
        })
        .map(|(name, line)| CommandLine {
            line,
            text: format!("env {name}"),
        })
}

/// The inputs backups are judged from.
pub struct Inputs<'a> {
    pub kubernetes: &'a KubernetesFacts,
    pub workflows: &'a [Workflow],
    pub compose: &'a [ComposeFile],
    /// (path, text) of crontab files.
    pub crontabs: &'a [(String, String)],
    pub scripts: &'a [Script<'a>],
    pub sql_paths: &'a [String],
}

const DATABASE_IMAGES: &[(&str, &str)] = &[
    ("postgres", "postgres"),
    ("postgresql", "postgres"),
    ("postgis", "postgres"),
    ("mysql", "mysql"),
    ("mariadb", "mysql"),
    ("mongo", "mongo"),
    ("mongodb", "mongo"),
];

fn database_engine(image_name: &str) -> Option<&'static str> {
    let last = image_name.rsplit('/').next().unwrap_or(image_name);
    DATABASE_IMAGES
        .iter()
        .find(|(name, _)| *name == last)
        .map(|(_, engine)| *engine)
}

/// Gather the backup facts; invalid schedules are located errors (path, error).
pub fn gather(inputs: &Inputs<'_>) -> (BackupFacts, Vec<(String, Located)>) {
    let mut facts = BackupFacts::default();
    let mut errors = Vec::new();
    let Some(p) = patterns() else {
        return (facts, errors);
    };
    let mut schedule_of = |path: &str, expr: &str, line: u32| match cron::parse(expr, line) {
        Ok(schedule) => Some(schedule),
        Err(e) => {
            errors.push((
                path.to_string(),
                Located {
                    line,
                    message: format!("schedule `{expr}`: {}", e.0),
                },
            ));
            None
        }
    };
    let push = |facts: &mut BackupFacts, job: Job, classified: Classified| {
        if !classified.backup.is_empty() {
            facts.jobs.push(Job {
                commands: classified.backup,
                retention: job.retention.clone().or(classified.retention),
                ..job.clone()
            });
        }
        if !classified.restore.is_empty() {
            facts.restore_tests.push(Job {
                commands: classified.restore,
                ..job
            });
        }
    };

    for w in &inputs.kubernetes.workloads {
        if w.kind != "CronJob" && w.kind != "Job" {
            continue;
        }
        // A container's `command` and `args` items are one command line.
        let lines: Vec<CommandLine> = w
            .pod
            .containers
            .iter()
            .filter_map(|c| {
                let first = c.commands.first()?;
                Some(CommandLine {
                    line: first.line,
                    text: c
                        .commands
                        .iter()
                        .map(|item| item.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                })
            })
            .collect();
        let classified = classify(&lines, inputs.scripts, p);
        if classified.backup.is_empty() && classified.restore.is_empty() {
            continue;
        }
        let env = w
            .pod
            .containers
            .iter()
            .flat_map(|c| c.env.iter().map(|e| (e.name.as_str(), e.line)));
        let job = Job {
            path: w.path.clone(),
            line: w.line,
            source: w.kind.clone(),
            name: w.name.clone(),
            schedule: w
                .schedule
                .as_ref()
                .and_then(|s| schedule_of(&w.path, &s.value, s.line)),
            commands: Vec::new(),
            retention: retention_env(env),
        };
        push(&mut facts, job, classified);
    }

    for wf in inputs.workflows {
        for job in &wf.jobs {
            let lines: Vec<CommandLine> = job
                .steps
                .iter()
                .filter_map(|s| s.run.as_ref())
                .flat_map(|run| {
                    run.lines.iter().map(|l| CommandLine {
                        line: l.line,
                        text: l.text.clone(),
                    })
                })
                .collect();
            let classified = classify(&lines, inputs.scripts, p);
            if classified.backup.is_empty() && classified.restore.is_empty() {
                continue;
            }
            let schedules: Vec<Schedule> = wf
                .schedules
                .iter()
                .filter_map(|s| schedule_of(&wf.path, &s.value, s.line))
                .collect();
            // With several crons, the most frequent one speaks for the job.
            let schedule = schedules
                .iter()
                .find(|s| s.at_least_daily)
                .or(schedules.first())
                .cloned();
            let env = wf
                .env
                .iter()
                .chain(&job.env)
                .chain(job.steps.iter().flat_map(|s| &s.env))
                .map(|e| (e.name.as_str(), e.line));
            let record = Job {
                path: wf.path.clone(),
                line: job.line,
                source: "workflow".to_string(),
                name: job.id.clone(),
                schedule,
                commands: Vec::new(),
                retention: retention_env(env),
            };
            push(&mut facts, record, classified);
        }
    }

    for (path, text) in inputs.crontabs {
        let mut entries = Vec::new();
        let mut retention = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i as u32 + 1;
            let entry = raw.trim();
            if entry.is_empty() || entry.starts_with('#') || is_assignment(entry) {
                continue;
            }
            let (expr, command) = split_crontab_line(entry);
            let command_line = CommandLine {
                line,
                text: command.to_string(),
            };
            let classified = classify(std::slice::from_ref(&command_line), inputs.scripts, p);
            if retention.is_none() {
                retention = classified.retention.clone();
            }
            entries.push((line, expr, classified));
        }
        for (line, expr, classified) in entries {
            if classified.backup.is_empty() && classified.restore.is_empty() {
                continue;
            }
            let job = Job {
                path: path.clone(),
                line,
                source: "crontab".to_string(),
                name: format!("line {line}"),
                schedule: schedule_of(path, &expr, line),
                commands: Vec::new(),
                retention: retention.clone(),
            };
            push(&mut facts, job, classified);
        }
    }

    for v in &inputs.kubernetes.velero_schedules {
        facts.jobs.push(Job {
            path: v.path.clone(),
            line: v.line,
            source: "velero".to_string(),
            name: v.name.clone(),
            schedule: v
                .schedule
                .as_ref()
                .and_then(|s| schedule_of(&v.path, &s.value, s.line)),
            commands: Vec::new(),
            retention: v.ttl.as_ref().map(|ttl| CommandLine {
                line: ttl.line,
                text: format!("ttl: {}", ttl.value),
            }),
        });
    }

    for path in inputs.sql_paths {
        facts.databases.push(Database {
            path: path.clone(),
            line: 1,
            engine: "sql".to_string(),
        });
    }
    // A Job or CronJob with a database image is a client (a dump, a migration), not a server.
    for w in inputs
        .kubernetes
        .workloads
        .iter()
        .filter(|w| w.kind != "Job" && w.kind != "CronJob")
    {
        for c in &w.pod.containers {
            if let Some(image) = &c.image
                && let Some(engine) = database_engine(&image.name)
            {
                facts.databases.push(Database {
                    path: w.path.clone(),
                    line: image.line,
                    engine: engine.to_string(),
                });
            }
        }
    }
    for file in inputs.compose {
        for s in &file.services {
            if let Some(image) = &s.image
                && let Some(engine) = database_engine(&image.name)
            {
                facts.databases.push(Database {
                    path: file.path.clone(),
                    line: image.line,
                    engine: engine.to_string(),
                });
            }
        }
    }
    for list in [&mut facts.jobs, &mut facts.restore_tests] {
        list.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
    facts
        .databases
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    (facts, errors)
}

/// `NAME=value` lines of a crontab set variables.
fn is_assignment(entry: &str) -> bool {
    let name_end = entry.find('=').unwrap_or(0);
    name_end > 0
        && entry[..name_end]
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A crontab line's schedule (five fields or a macro; `/etc/cron.d` lines add a user, which
/// stays in the command) and its command.
fn split_crontab_line(entry: &str) -> (String, &str) {
    let words: Vec<&str> = entry.split_whitespace().collect();
    let count = if entry.starts_with('@') {
        if words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("@every"))
        {
            2
        } else {
            1
        }
    } else {
        5
    };
    let expr = words
        .iter()
        .take(count)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut rest = entry;
    for _ in 0..count.min(words.len()) {
        rest = rest.trim_start();
        rest = &rest[rest.find(char::is_whitespace).unwrap_or(rest.len())..];
    }
    (expr, rest.trim())
}

/// Whether a file is a crontab.
pub fn is_crontab(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "crontab"
        || name.ends_with(".crontab")
        || name.ends_with(".cron")
        || rel.contains("cron.d/")
}

/// Whether a file is a shell script.
pub fn is_script(rel: &str) -> bool {
    rel.ends_with(".sh") || rel.ends_with(".bash")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crontab_lines_split_into_schedule_and_command() {
        assert_eq!(
            split_crontab_line("30 1 * * *  restic -r s3:x backup /data"),
            ("30 1 * * *".to_string(), "restic -r s3:x backup /data")
        );
        assert_eq!(
            split_crontab_line("@daily /usr/local/bin/backup.sh"),
            ("@daily".to_string(), "/usr/local/bin/backup.sh")
        );
        assert!(is_assignment("MAILTO=ops@example.com"));
        assert!(!is_assignment("0 1 * * * env A=b pg_dump"));
    }

    #[test]
    fn commands_and_the_scripts_they_call() {
        let p = patterns().unwrap();
        let scripts = [Script {
            path: "scripts/backup.sh",
            text: "#!/bin/sh\npg_basebackup -D /backups/$(date +%F)\nfind /backups -mtime +7 -delete\n",
        }];
        let lines = [CommandLine {
            line: 9,
            text: "/scripts/backup.sh".to_string(),
        }];
        let c = classify(&lines, &scripts, p);
        assert_eq!(c.backup.len(), 1);
        assert_eq!(c.backup[0].line, 9);
        assert!(c.retention.is_some());
        assert!(c.restore.is_empty());
        let restore = [CommandLine {
            line: 3,
            text: "./scripts/restore-test.sh staging".to_string(),
        }];
        assert_eq!(classify(&restore, &[], p).restore.len(), 1);
        // gatehouse's own restore test counts as one.
        let audit = [CommandLine {
            text: "gatehouse audit /srv/app --only live --restore-test".to_string(),
            ..restore[0].clone()
        }];
        assert_eq!(classify(&audit, &[], p).restore.len(), 1);
        let pgbackrest = [CommandLine {
            line: 1,
            text: "pgbackrest --stanza=main --type=full backup".to_string(),
        }];
        assert_eq!(classify(&pgbackrest, &[], p).backup.len(), 1);
    }
}
