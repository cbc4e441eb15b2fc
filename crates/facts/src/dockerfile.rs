//! Dockerfiles: stages (`FROM` with its image), `USER`, `ADD` sources and `ARG`/`ENV`
//! declarations, each with the line of its instruction. Read as BuildKit does: `\`
//! continuations (or the `# escape=` directive's character), comment lines dropped even inside
//! a continuation, heredocs (`RUN <<EOF`) skipped to their terminator.

use serde::Serialize;

use crate::Located;
use crate::kubernetes::{Image, Setting};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dockerfile {
    pub path: String,
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<Variable>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stage {
    /// The line of `FROM`.
    pub line: u32,
    pub from: String,
    pub alias: Option<String>,
    /// The base image; None for `scratch`, an earlier stage, or a reference built from `$ARG`s.
    pub image: Option<Image>,
    pub users: Vec<Setting<String>>,
    /// The user the stage runs as: its last `USER`, else that of the earlier stage it is
    /// built `FROM`; None when neither sets one (root).
    pub effective_user: Option<Setting<String>>,
    pub adds: Vec<Add>,
    pub variables: Vec<Variable>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Add {
    pub line: u32,
    pub source: String,
    /// Whether `--checksum=` pins the remote source.
    pub checksum: bool,
}

/// An `ARG` or `ENV` declaration.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Variable {
    /// `ARG` or `ENV`.
    pub instruction: String,
    pub name: String,
    pub line: u32,
    pub value: Option<String>,
}

/// Whether a file name is a Dockerfile's.
pub fn is_dockerfile(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    // `Dockerfile.prod` is a Dockerfile; `dockerfile.rs`, `Dockerfile.md`, `Dockerfile.j2` are
    // source, documentation or templates about one.
    let other = [
        ".md",
        ".txt",
        ".rst",
        ".html",
        ".adoc",
        ".rs",
        ".py",
        ".go",
        ".js",
        ".ts",
        ".java",
        ".rb",
        ".json",
        ".yml",
        ".yaml",
        ".toml",
        ".sh",
        ".j2",
        ".jinja",
        ".tpl",
        ".tmpl",
        ".erb",
        ".template",
        ".orig",
        ".bak",
        ".swp",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext));
    lower == "dockerfile"
        || lower == "containerfile"
        || (lower.starts_with("dockerfile.") || lower.starts_with("containerfile.")) && !other
        || lower.ends_with(".dockerfile")
}

const INSTRUCTIONS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// One instruction: its keyword (upper case), its arguments joined, and its first line.
struct Instruction {
    keyword: String,
    args: String,
    line: u32,
}

fn instructions(text: &str) -> (Vec<Instruction>, Vec<Located>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut escape = '\\';
    // Parser directives: leading `# key=value` comments.
    for line in &lines {
        let Some(directive) = line.trim().strip_prefix('#') else {
            break;
        };
        match directive.trim().split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("escape") => {
                if value.trim() == "`" {
                    escape = '`';
                }
            }
            Some((key, _)) if key.trim().eq_ignore_ascii_case("syntax") => {}
            _ => break,
        }
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i].trim();
        let line = i as u32 + 1;
        i += 1;
        if first.is_empty() || first.starts_with('#') {
            continue;
        }
        let mut logical = String::new();
        let mut piece = first.to_string();
        loop {
            let trimmed = piece.trim_end();
            match trimmed.strip_suffix(escape) {
                Some(head) => {
                    logical.push_str(head);
                    logical.push(' ');
                    // The next line that is not a comment continues this one.
                    let mut next = None;
                    while i < lines.len() {
                        let candidate = lines[i].trim();
                        i += 1;
                        if !candidate.starts_with('#') {
                            next = Some(candidate.to_string());
                            break;
                        }
                    }
                    match next {
                        Some(next) => piece = next,
                        None => break,
                    }
                }
                None => {
                    logical.push_str(trimmed);
                    break;
                }
            }
        }
        let (keyword, args) = match logical.split_once(char::is_whitespace) {
            Some((keyword, args)) => (keyword.to_ascii_uppercase(), args.trim().to_string()),
            None => (logical.to_ascii_uppercase(), String::new()),
        };
        if !INSTRUCTIONS.contains(&keyword.as_str()) {
            errors.push(Located {
                line,
                message: format!("unknown instruction `{keyword}`"),
            });
            continue;
        }
        // Heredocs: `<<EOF`, `<<-EOF`, `<<"EOF"`; their bodies are not instructions.
        for marker in args.split_whitespace().filter_map(|w| w.strip_prefix("<<")) {
            let word = marker
                .trim_start_matches('-')
                .trim_matches(|c| c == '"' || c == '\'');
            if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            while i < lines.len() {
                let body = lines[i].trim();
                i += 1;
                if body == word {
                    break;
                }
            }
        }
        out.push(Instruction {
            keyword,
            args,
            line,
        });
    }
    (out, errors)
}

/// Read a Dockerfile; instructions that cannot be read are located errors.
pub fn read(path: &str, text: &str) -> (Dockerfile, Vec<Located>) {
    let (instructions, mut errors) = instructions(text);
    let mut file = Dockerfile {
        path: path.to_string(),
        global_args: Vec::new(),
        stages: Vec::new(),
    };
    for ins in instructions {
        let words: Vec<&str> = ins.args.split_whitespace().collect();
        match ins.keyword.as_str() {
            "FROM" => {
                let positional: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                let Some(from) = positional.first() else {
                    errors.push(Located {
                        line: ins.line,
                        message: "`FROM` without an image".to_string(),
                    });
                    continue;
                };
                let alias = match positional.get(1..) {
                    Some([as_, name, ..]) if as_.eq_ignore_ascii_case("as") => {
                        Some(name.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let earlier_stage = file
                    .stages
                    .iter()
                    .any(|s| s.alias.as_deref() == Some(&from.to_ascii_lowercase()));
                let image = (!from.eq_ignore_ascii_case("scratch")
                    && !earlier_stage
                    && !from.contains('$'))
                .then(|| Image::parse(from, ins.line));
                file.stages.push(Stage {
                    line: ins.line,
                    from: from.to_string(),
                    alias,
                    image,
                    users: Vec::new(),
                    effective_user: None,
                    adds: Vec::new(),
                    variables: Vec::new(),
                });
            }
            "ARG" | "ENV" => {
                let variables = declarations(&ins);
                match file.stages.last_mut() {
                    Some(stage) => stage.variables.extend(variables),
                    None if ins.keyword == "ARG" => file.global_args.extend(variables),
                    None => errors.push(before_from(&ins)),
                }
            }
            "USER" | "ADD" => {
                let Some(stage) = file.stages.last_mut() else {
                    errors.push(before_from(&ins));
                    continue;
                };
                if ins.keyword == "USER" {
                    stage.users.push(Setting {
                        value: ins.args.clone(),
                        line: ins.line,
                    });
                    continue;
                }
                let checksum = words.iter().any(|w| w.starts_with("--checksum="));
                let positional: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                if let Some((_, sources)) = positional.split_last() {
                    stage.adds.extend(sources.iter().map(|source| Add {
                        line: ins.line,
                        source: source.to_string(),
                        checksum,
                    }));
                }
            }
            _ => {
                if file.stages.is_empty() {
                    errors.push(before_from(&ins));
                }
            }
        }
    }
    for i in 0..file.stages.len() {
        let stage = &file.stages[i];
        let inherited = stage.image.is_none().then(|| {
            let from = stage.from.to_ascii_lowercase();
            file.stages[..i]
                .iter()
                .rev()
                .find(|s| s.alias.as_deref() == Some(from.as_str()))
                .and_then(|s| s.effective_user.clone())
        });
        file.stages[i].effective_user =
            file.stages[i].users.last().cloned().or(inherited.flatten());
    }
    // Like `docker build`, stop at the first error: the lines after it say little more.
    if errors.len() > 1 {
        let more = errors.len() - 1;
        errors.truncate(1);
        errors[0].message.push_str(&format!(
            " (and {more} more problem{})",
            if more == 1 { "" } else { "s" }
        ));
    }
    if file.stages.is_empty() && errors.is_empty() {
        errors.push(Located {
            line: 1,
            message: "no `FROM` instruction".to_string(),
        });
    }
    (file, errors)
}

fn before_from(ins: &Instruction) -> Located {
    Located {
        line: ins.line,
        message: format!("`{}` before the first `FROM`", ins.keyword),
    }
}

/// `ARG A=1 B`, `ENV A=1 B="two words"`, and the legacy `ENV NAME value with spaces`.
fn declarations(ins: &Instruction) -> Vec<Variable> {
    let variable = |name: &str, value: Option<String>| Variable {
        instruction: ins.keyword.clone(),
        name: name.to_string(),
        line: ins.line,
        value,
    };
    let args = ins.args.as_str();
    let first = args.split_whitespace().next().unwrap_or_default();
    if ins.keyword == "ENV" && !first.contains('=') {
        let value = args[first.len()..].trim();
        return vec![variable(first, Some(value.to_string()))];
    }
    split_words(args)
        .iter()
        .map(|word| match word.split_once('=') {
            Some((name, value)) => variable(name, Some(value.to_string())),
            None => variable(word, None),
        })
        .collect()
}

/// Split on whitespace outside quotes, dropping the quotes.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                started = true;
            }
            None if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            None => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_users_adds_and_variables_with_lines() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM node:20 AS build\nRUN npm ci && \\\n  # a comment inside\n  npm run build\nFROM scratch AS empty\nFROM build\nENV DB_PASSWORD=\"two words\" LOG=info\nENV LEGACY value with spaces\nADD --checksum=sha256:00 https://example.com/a.tgz /opt/\nADD https://example.com/b.tgz /opt/\nRUN <<EOF\nFROM nothing\nEOF\nUSER 10001\n";
        let (file, errors) = read("Dockerfile", text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(file.global_args[0].name, "BASE");
        assert_eq!(file.stages.len(), 3);
        assert_eq!(
            file.stages[0].image.as_ref().unwrap().tag.as_deref(),
            Some("20")
        );
        assert!(file.stages[1].image.is_none(), "scratch");
        assert!(file.stages[2].image.is_none(), "an earlier stage");
        let last = &file.stages[2];
        assert_eq!(last.line, 8);
        assert_eq!(last.variables[0].value.as_deref(), Some("two words"));
        assert_eq!(last.variables[2].name, "LEGACY");
        assert_eq!(
            last.variables[2].value.as_deref(),
            Some("value with spaces")
        );
        assert_eq!((last.adds[0].line, last.adds[0].checksum), (11, true));
        assert_eq!((last.adds[1].line, last.adds[1].checksum), (12, false));
        assert_eq!(last.users[0].line, 16);
        let (file, _) = read(
            "Dockerfile",
            "FROM alpine:3 AS base\nUSER 10001\nFROM base AS app\nFROM scratch\n",
        );
        let users: Vec<Option<u32>> = file
            .stages
            .iter()
            .map(|s| s.effective_user.as_ref().map(|u| u.line))
            .collect();
        assert_eq!(
            users,
            [Some(2), Some(2), None],
            "a stage inherits its base stage's user"
        );
    }

    #[test]
    fn unknown_instructions_and_missing_from_are_located() {
        let (_, errors) = read("Dockerfile", "FROM alpine:3\nRUNN echo\n");
        assert_eq!(errors[0].line, 2);
        let (_, errors) = read("Dockerfile", "RUN echo\n");
        assert_eq!(errors[0].line, 1);
        let (_, errors) = read("Dockerfile", "FROM alpine:3\nRUNN a\nRUNN b\nRUNN c\n");
        assert_eq!(errors.len(), 1, "the first error only, as docker build");
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.ends_with("(and 2 more problems)"),
            "{errors:?}"
        );
        assert!(is_dockerfile("svc/Dockerfile.prod"));
        assert!(is_dockerfile("api.Dockerfile"));
        assert!(!is_dockerfile("docs/Dockerfile.md"));
        assert!(!is_dockerfile("crates/facts/src/dockerfile.rs"));
        assert!(!is_dockerfile("deploy/Dockerfile.j2"));
        assert!(!is_dockerfile("Dockerfiles.txt"));
    }
}
