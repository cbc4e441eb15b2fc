//! `go.mod` reader: the `require` directives (single-line and block form), their
//! `// indirect` marks, and the `replace` directives that apply to them.
//!
//! A module replaced by a local directory is reported as not from the registry; a module
//! replaced by another module is reported as the replacement, at the `replace` line.
//! `exclude`, `retract`, `go`, `toolchain`, `godebug`, `tool` and `ignore` are read and ignored.

use crate::{Ecosystem, Package, ParseError, Parsed};

/// The directives `go.mod` may hold.
const DIRECTIVES: [&str; 10] = [
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "replace",
    "exclude",
    "retract",
    "tool",
    "ignore",
];

/// A token of a `go.mod` line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A word or a quoted string (unquoted).
    Word(String),
    /// `(`, `)`, `[`, `]`, `,` or `=>`.
    Punct(&'static str),
}

/// The tokens of a line and its `//` comment (trimmed), the way Go's `modfile` lexes them.
fn tokens(line: &str) -> Result<(Vec<Token>, Option<&str>), String> {
    let mut out = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if let Some(comment) = rest.strip_prefix("//") {
            return Ok((out, Some(comment.trim())));
        }
        if let Some(after) = rest.strip_prefix("=>") {
            out.push(Token::Punct("=>"));
            rest = after.trim_start();
            continue;
        }
        if let Some(punct) = ["(", ")", "[", "]", ","]
            .into_iter()
            .find(|p| rest.starts_with(p))
        {
            out.push(Token::Punct(punct));
            rest = rest.get(1..).unwrap_or("").trim_start();
            continue;
        }
        let (word, after) = if let Some(quoted) = rest.strip_prefix('"') {
            interpreted(quoted)?
        } else if let Some(quoted) = rest.strip_prefix('`') {
            let (word, after) = quoted.split_once('`').ok_or("unterminated raw string")?;
            (word.to_string(), after)
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || "()[]{},\"`".contains(c))
                .unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            if word.is_empty() {
                return Err(format!(
                    "unexpected `{}`",
                    rest.chars().next().unwrap_or(' ')
                ));
            }
            (word.to_string(), after)
        };
        out.push(Token::Word(word));
        rest = after.trim_start();
    }
    Ok((out, None))
}

/// An interpreted string's value and the text after it (`text` follows the opening quote).
fn interpreted(text: &str) -> Result<(String, &str), String> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((value, text.get(at + 1..).unwrap_or(""))),
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, escaped)) => value.push(escaped),
                None => break,
            },
            _ => value.push(c),
        }
    }
    Err("unterminated string".into())
}

/// Whether a replacement target is a directory rather than a module path.
fn is_directory(path: &str) -> bool {
    path == "."
        || path == ".."
        || ["./", "../", "/", ".\\", "..\\"]
            .iter()
            .any(|p| path.starts_with(p))
        || path.get(1..3) == Some(":\\")
}

struct Require {
    path: String,
    version: String,
    line: u32,
    indirect: bool,
}

struct Replace {
    old: String,
    old_version: Option<String>,
    /// The replacement module and version; no version for a directory.
    new: String,
    new_version: Option<String>,
    line: u32,
}

/// The words of `args`, if they are all words.
fn words(args: &[Token]) -> Option<Vec<&str>> {
    args.iter()
        .map(|t| match t {
            Token::Word(w) => Some(w.as_str()),
            Token::Punct(_) => None,
        })
        .collect()
}

#[derive(Default)]
struct GoMod {
    module: Option<String>,
    requires: Vec<Require>,
    replaces: Vec<Replace>,
}

impl GoMod {
    /// One directive (a single-line one, or one line of a block).
    fn directive(
        &mut self,
        verb: &str,
        args: &[Token],
        comment: Option<&str>,
        line: u32,
    ) -> Result<(), String> {
        match verb {
            "module" => match words(args).as_deref() {
                Some([path]) => self.module = Some(path.to_string()),
                _ => return Err("`module` needs exactly one module path".into()),
            },
            "require" => match words(args).as_deref() {
                Some([path, version]) if version.starts_with('v') => {
                    let indirect =
                        comment.is_some_and(|c| c == "indirect" || c.starts_with("indirect;"));
                    self.requires.push(Require {
                        path: path.to_string(),
                        version: version.to_string(),
                        line,
                        indirect,
                    });
                }
                _ => return Err("`require` needs a module path and a version (vX.Y.Z)".into()),
            },
            "replace" => self.replaces.push(replace(args, line)?),
            _ if DIRECTIVES.contains(&verb) => {}
            _ => return Err(format!("unknown directive `{verb}`")),
        }
        Ok(())
    }
}

/// `old [version] => new [version]`.
fn replace(args: &[Token], line: u32) -> Result<Replace, String> {
    let arrow = args.iter().position(|t| *t == Token::Punct("=>"));
    let (old, new) = match arrow {
        Some(at) => (args.get(..at), args.get(at + 1..)),
        None => (None, None),
    };
    let (Some(old), Some(new)) = (old.and_then(words), new.and_then(words)) else {
        return Err("`replace` needs `module [version] => replacement [version]`".into());
    };
    let (old, old_version) = match old.as_slice() {
        [path] => (path.to_string(), None),
        [path, version] => (path.to_string(), Some(version.to_string())),
        _ => return Err("`replace` needs one module path (and version) before `=>`".into()),
    };
    let (new, new_version) = match new.as_slice() {
        [path] if is_directory(path) => (path.to_string(), None),
        [path] => {
            return Err(format!(
                "replacement `{path}` has no version and is not a directory path"
            ));
        }
        [path, version] => (path.to_string(), Some(version.to_string())),
        _ => return Err("`replace` needs one module path (and version) after `=>`".into()),
    };
    Ok(Replace {
        old,
        old_version,
        new,
        new_version,
        line,
    })
}

/// `go.mod`: its requirements, direct ones with the chain [module, requirement].
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut go_mod = GoMod::default();
    // The verb of the open block, and the line it opens on.
    let mut block: Option<(String, u32)> = None;
    for (line, raw) in (1u32..).zip(text.lines()) {
        let error = |message: String| ParseError::at(Some(line), None, message);
        let (tokens, comment) = tokens(raw).map_err(error)?;
        let Some((first, rest)) = tokens.split_first() else {
            continue;
        };
        if let Some((verb, _)) = &block {
            if tokens == [Token::Punct(")")] {
                block = None;
            } else {
                go_mod
                    .directive(verb, &tokens, comment, line)
                    .map_err(error)?;
            }
            continue;
        }
        let Token::Word(verb) = first else {
            return Err(error("expected a directive".into()));
        };
        match rest {
            [Token::Punct("(")] if DIRECTIVES.contains(&verb.as_str()) => {
                block = Some((verb.clone(), line));
            }
            [Token::Punct("("), Token::Punct(")")] => {}
            _ => go_mod.directive(verb, rest, comment, line).map_err(error)?,
        }
    }
    if let Some((verb, line)) = block {
        return Err(ParseError::at(
            Some(line),
            None,
            format!("`{verb} (` block is not closed"),
        ));
    }
    let module = go_mod
        .module
        .ok_or_else(|| ParseError::at(None, None, "no `module` directive"))?;
    let packages = go_mod
        .requires
        .into_iter()
        .map(|require| {
            let applies = |r: &&Replace, version: Option<&str>| {
                r.old == require.path && r.old_version.as_deref() == version
            };
            // A replacement of this version wins over one of all versions.
            let replacement = go_mod
                .replaces
                .iter()
                .rev()
                .find(|r| applies(r, Some(&require.version)))
                .or_else(|| go_mod.replaces.iter().rev().find(|r| applies(r, None)));
            let (name, version, line, registry) = match replacement {
                Some(Replace {
                    new,
                    new_version: Some(version),
                    line,
                    ..
                }) => (new.clone(), version.clone(), *line, true),
                Some(_) => (require.path, require.version, require.line, false),
                None => (require.path, require.version, require.line, true),
            };
            let path = if require.indirect {
                Vec::new()
            } else {
                vec![module.clone(), name.clone()]
            };
            Package {
                ecosystem: Ecosystem::Go,
                name,
                version,
                line,
                file: None,
                registry,
                direct: Some(!require.indirect),
                path,
            }
        })
        .collect();
    Ok(Parsed {
        packages,
        notes: Vec::new(),
    })
}
