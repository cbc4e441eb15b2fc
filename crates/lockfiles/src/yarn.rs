//! `yarn.lock`, classic (v1, yarn's own format) and berry (v2+, YAML with `__metadata`).
//!
//! Classic: one entry per header line (`"a@^1.0.0", a@^1.1.0:`) with indented `version` and
//! `resolved`; a `file:`, `link:` or git range or source is not from the registry. Classic
//! locks name no root, so `direct` is unknown and chains are empty.
//!
//! Berry: one entry per descriptor list (`"a@npm:^1.0.0, a@npm:^1.1.0"`), its `resolution`
//! naming the package and protocol. Only `npm:` resolutions (and patches of them) come from the
//! registry; workspaces, links, portals, files, git and URLs do not. Workspace entries are the
//! roots: chains start from them, and what they depend on is direct.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::npm::{finish, is_local_or_git, split_at_name};
use crate::pnpm::yaml_error;
use crate::{Ecosystem, Package, ParseError, Parsed, shortest_paths};

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.lines().any(|line| line.trim_end() == "__metadata:") {
        parse_berry(text)
    } else {
        parse_classic(text)
    }
}

// ---- Classic ----

/// A classic entry as read so far.
struct Classic {
    line: u32,
    /// The package's name, from its first range.
    name: String,
    /// Whether any of its ranges names a local or git source.
    local: bool,
    version: Option<String>,
    resolved: Option<String>,
}

fn parse_classic(text: &str) -> Result<Parsed, ParseError> {
    let mut entries: Vec<Classic> = Vec::new();
    // Whether the last entry field opened a block (`dependencies:`).
    let mut in_block = false;
    for (number, raw) in text.lines().enumerate() {
        let line = u32::try_from(number + 1).unwrap_or(u32::MAX);
        let content = raw.trim_start_matches(' ');
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = raw.len() - content.len();
        let content = content.trim_end();
        let error = |message: String| {
            Err(ParseError::at(
                Some(line),
                u32::try_from(indent + 1).ok(),
                message,
            ))
        };
        match indent {
            0 => {
                let Some(header) = content.strip_suffix(':') else {
                    return error(format!(
                        "expected an entry header ending in `:`, found `{content}`"
                    ));
                };
                let mut name = None;
                let mut local = false;
                for range in header.split(',') {
                    let range = unquote(range.trim());
                    let Some((range_name, spec)) = split_at_name(&range) else {
                        return error(format!("`{range}` is not `name@range`"));
                    };
                    // An alias, `alias@npm:real@^1.0.0`, is the real package.
                    let real = spec
                        .strip_prefix("npm:")
                        .and_then(split_at_name)
                        .map_or(range_name, |(real, _)| real);
                    name.get_or_insert_with(|| real.to_owned());
                    local |= is_local_or_git(spec);
                }
                let Some(name) = name else {
                    return error("an entry header names no package".to_owned());
                };
                entries.push(Classic {
                    line,
                    name,
                    local,
                    version: None,
                    resolved: None,
                });
                in_block = false;
            }
            2 => {
                let Some(entry) = entries.last_mut() else {
                    return error("a field outside any entry".to_owned());
                };
                in_block = content.ends_with(':') && !content.contains(' ');
                if in_block {
                    continue;
                }
                let Some((key, value)) = field(content) else {
                    return error(format!("expected `key value`, found `{content}`"));
                };
                match key.as_str() {
                    "version" => entry.version = Some(value),
                    "resolved" => entry.resolved = Some(value),
                    _ => {}
                }
            }
            4 if in_block => {
                if field(content).is_none() {
                    return error(format!("expected `name range`, found `{content}`"));
                }
            }
            _ => return error(format!("unexpected indentation: `{content}`")),
        }
    }
    let mut packages = Vec::with_capacity(entries.len());
    for entry in entries {
        let Some(version) = entry.version else {
            return Err(ParseError::at(
                Some(entry.line),
                None,
                format!("entry for `{}` has no version", entry.name),
            ));
        };
        let local = entry.local || entry.resolved.as_deref().is_some_and(is_local_or_git);
        packages.push(Package {
            ecosystem: Ecosystem::Npm,
            name: entry.name,
            version,
            line: entry.line,
            file: None,
            registry: !local,
            direct: None,
            path: Vec::new(),
        });
    }
    Ok(finish(packages))
}

/// A classic `key value` line, either part possibly quoted.
fn field(content: &str) -> Option<(String, String)> {
    let (key, rest) = if content.starts_with('"') {
        let end = closing_quote(content)?;
        (content.get(..=end)?, content.get(end + 1..)?)
    } else {
        content.split_once(' ')?
    };
    let value = rest.trim();
    // A quoted value must be one whole string: `"1.0.0` (unterminated) is not a value.
    if value.starts_with('"') && closing_quote(value) != Some(value.len() - 1) {
        return None;
    }
    (!key.is_empty() && !value.is_empty()).then(|| (unquote(key), unquote(value)))
}

/// The byte index of the quote closing the string that opens `s`.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(at),
            _ => {}
        }
    }
    None
}

/// A classic token without its quotes (yarn quotes as JSON does).
fn unquote(token: &str) -> String {
    if token.len() >= 2 && token.starts_with('"') && token.ends_with('"') {
        serde_json::from_str(token)
            .unwrap_or_else(|_| token.get(1..token.len() - 1).unwrap_or(token).to_owned())
    } else {
        token.to_owned()
    }
}

// ---- Berry ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Berry {
    version: Option<String>,
    resolution: Option<String>,
    link_type: Option<String>,
    #[serde(default)]
    dependencies: HashMap<String, String>,
}

/// A berry entry's identity.
struct Resolved {
    name: String,
    version: String,
    line: u32,
    registry: bool,
    workspace: bool,
}

fn parse_berry(text: &str) -> Result<Parsed, ParseError> {
    let document: HashMap<Spanned<String>, Berry> =
        serde_saphyr::from_str(text).map_err(|e| yaml_error(&e))?;
    let mut entries: Vec<(String, u32, Berry)> = document
        .into_iter()
        .filter(|(key, _)| key.value != "__metadata")
        .map(|(key, entry)| {
            let line = u32::try_from(key.referenced.line())
                .unwrap_or(u32::MAX)
                .max(1);
            (key.value, line, entry)
        })
        .collect();
    entries.sort_by_key(|(_, line, _)| *line);

    let mut resolved: HashMap<&str, Resolved> = HashMap::new();
    let mut by_descriptor: HashMap<&str, &str> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, line, entry) in &entries {
        let missing = |field: &str| {
            Err(ParseError::at(
                Some(*line),
                None,
                format!("entry `{key}` has no {field}"),
            ))
        };
        let Some(resolution) = &entry.resolution else {
            return missing("resolution");
        };
        let Some(version) = &entry.version else {
            return missing("version");
        };
        let Some((name, reference)) = split_at_name(resolution) else {
            return Err(ParseError::at(
                Some(*line),
                None,
                format!("resolution `{resolution}` is not `name@reference`"),
            ));
        };
        let protocol = reference.split(':').next().unwrap_or_default();
        let registry = entry.link_type.as_deref() != Some("soft")
            && match protocol {
                "npm" => true,
                // A patch of a registry package: `patch:a@npm%3A1.0.0#…`.
                "patch" => reference
                    .strip_prefix("patch:")
                    .and_then(split_at_name)
                    .is_some_and(|(_, source)| {
                        source.starts_with("npm%3A") || source.starts_with("npm:")
                    }),
                _ => false,
            };
        for descriptor in key.split(',') {
            by_descriptor.insert(descriptor.trim(), key);
        }
        by_name.entry(name).or_default().push(key);
        resolved.insert(
            key,
            Resolved {
                name: name.to_owned(),
                version: version.clone(),
                line: *line,
                registry,
                workspace: protocol == "workspace",
            },
        );
    }

    // A dependency `name: range` is the entry keyed by its descriptor (with yarn's default
    // `npm:` protocol when it has none), or else the only entry of that name.
    let target = |name: &str, range: &str| -> Option<&str> {
        by_descriptor
            .get(format!("{name}@{range}").as_str())
            .or_else(|| by_descriptor.get(format!("{name}@npm:{range}").as_str()))
            .copied()
            .or_else(|| match by_name.get(name).map(Vec::as_slice) {
                Some([only]) => Some(*only),
                _ => None,
            })
    };
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for (key, _, entry) in &entries {
        let mut targets: Vec<&str> = entry
            .dependencies
            .iter()
            .filter_map(|(name, range)| target(name, range))
            .collect();
        targets.sort_unstable();
        edges.insert(key, targets);
    }
    let roots: Vec<&str> = entries
        .iter()
        .map(|(key, ..)| key.as_str())
        .filter(|key| resolved.get(key).is_some_and(|r| r.workspace))
        .collect();
    let direct: Option<HashSet<&str>> = (!roots.is_empty()).then(|| {
        roots
            .iter()
            .filter_map(|root| edges.get(root))
            .flatten()
            .copied()
            .collect()
    });
    let paths = shortest_paths(&roots, &edges);
    let packages = resolved
        .iter()
        .map(|(key, r)| Package {
            ecosystem: Ecosystem::Npm,
            name: r.name.clone(),
            version: r.version.clone(),
            line: r.line,
            file: None,
            registry: r.registry,
            direct: direct.as_ref().map(|set| set.contains(key)),
            path: paths
                .get(key)
                .map(|chain| {
                    chain
                        .iter()
                        .filter_map(|at| resolved.get(at).map(|r| r.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    Ok(finish(packages))
}
