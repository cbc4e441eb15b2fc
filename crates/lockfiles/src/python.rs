//! Python readers: pip requirements files (`==` pins, hashes, markers, `-r`/`-c` includes and
//! pip-compile `# via` annotations), `poetry.lock`, `Pipfile.lock` and `uv.lock`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use crate::{Ecosystem, Note, Package, ParseError, Parsed, Reader, line_of, shortest_paths};

/// A PyPI package entry; whether it is direct, and its chain, are filled in by the reader that
/// knows them.
fn pypi(name: String, version: String, line: u32, registry: bool) -> Package {
    Package {
        ecosystem: Ecosystem::PyPI,
        name,
        version,
        line,
        file: None,
        registry,
        direct: None,
        path: Vec::new(),
    }
}

/// The PEP 503 normal form of a project name: lower case, runs of `-`, `_` and `.` as one `-`.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
        } else {
            if separator && !out.is_empty() {
                out.push('-');
            }
            separator = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// requirements.txt

/// The root of the chains built from pip-compile `# via` annotations.
const REQUIREMENTS_ROOT: &str = "(requirements)";

/// The comparison operators of a version specifier, longest first.
const OPERATORS: [&str; 8] = ["===", "==", "!=", "~=", "<=", ">=", "<", ">"];

/// A pip requirements file at `rel` (root-relative), with the files it includes (`-r`) and
/// its constraints files (`-c`), each read once through `read`.
pub fn parse_requirements(rel: &str, text: &str, read: Reader<'_>) -> Result<Parsed, ParseError> {
    let rel = join("", rel).unwrap_or_else(|| rel.to_string());
    let mut reader = Requirements {
        read,
        seen: HashSet::from([rel.clone()]),
        parsed: Parsed::default(),
        vias: Vec::new(),
        depth: 0,
    };
    reader.file(&rel, false, text)?;
    Ok(reader.finish())
}

/// The state of one requirements read, across its includes.
struct Requirements<'r> {
    read: Reader<'r>,
    /// Files already read (root-relative), so that include cycles and diamonds read each once.
    seen: HashSet<String>,
    parsed: Parsed,
    /// The `# via` entries of each package of `parsed.packages` (same index), when it has some.
    vias: Vec<Option<Vec<String>>>,
    /// How many includes deep the file being read is.
    depth: usize,
}

/// How deep `-r`/`-c` includes are followed: a chain of distinct paths (`-r a/r.txt` through a
/// directory symlinked to its parent) is otherwise endless.
const MAX_INCLUDE_DEPTH: usize = 32;

/// One logical line of a requirements file: continuations joined, comment split off.
struct Logical<'a> {
    /// The line it starts on.
    line: u32,
    /// The content, without the comment, trimmed.
    content: String,
    /// The comment of its last physical line, without the `#`.
    comment: Option<&'a str>,
}

/// The logical lines of a requirements file, joined the way pip joins them: a line ending with
/// `\` (and holding no comment) continues on the next.
fn logical_lines(text: &str) -> Vec<Logical<'_>> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (number, raw) in (1u32..).zip(text.lines()) {
        let (content, comment) = split_comment(raw);
        let content = content.trim_end();
        if comment.is_none()
            && let Some(continued) = content.strip_suffix('\\')
        {
            pending
                .get_or_insert_with(|| (number, String::new()))
                .1
                .push_str(continued);
            continue;
        }
        let (line, mut joined) = pending.take().unwrap_or((number, String::new()));
        joined.push_str(content);
        out.push(Logical {
            line,
            content: joined.trim().to_string(),
            comment,
        });
    }
    if let Some((line, joined)) = pending {
        out.push(Logical {
            line,
            content: joined.trim().to_string(),
            comment: None,
        });
    }
    out
}

/// A line split at its comment: a `#` at the start or after whitespace.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut previous_space = true;
    for (at, c) in line.char_indices() {
        if c == '#' && previous_space {
            return (line.get(..at).unwrap_or(""), line.get(at + 1..));
        }
        previous_space = c.is_whitespace();
    }
    (line, None)
}

/// `include` resolved against the directory of the root-relative file `from`; `None` when it
/// leaves the root (or is absolute).
fn join(from: &str, include: &str) -> Option<String> {
    if include.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    parts.retain(|p| !p.is_empty() && *p != ".");
    for part in include.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// An option line split into its name and value: `--name=value`, `--name value`, `-x value`,
/// `-xvalue`.
fn option(content: &str) -> (&str, &str) {
    let end = if content.starts_with("--") {
        content
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(content.len())
    } else {
        content
            .char_indices()
            .nth(2)
            .map_or(content.len(), |(at, _)| at)
    };
    let (name, value) = content.split_at(end);
    (name, value.strip_prefix('=').unwrap_or(value).trim())
}

/// What one `# via` entry of pip-compile says.
enum Via<'a> {
    /// The package is required by the input file (`-r requirements.in`, `app (pyproject.toml)`).
    Input,
    /// A constraints file (`-c constraints.txt`), which requires nothing.
    Constraint,
    /// The package is required by this package.
    Package(&'a str),
}

impl<'a> Via<'a> {
    fn of(entry: &'a str) -> Via<'a> {
        if entry.starts_with("-r") {
            Via::Input
        } else if entry.starts_with("-c") {
            Via::Constraint
        } else if entry.ends_with(')') && entry.contains(" (") {
            Via::Input
        } else {
            Via::Package(entry)
        }
    }
}

/// The entries a `via` comment starts with (`via -r a.in, flask`), if it is one.
fn via_start(comment: &str) -> Option<Vec<String>> {
    let rest = comment.trim().strip_prefix("via")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(
        rest.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// What a requirement line asks for.
enum Requirement<'a> {
    /// `name==version` (or `===`).
    Pinned(&'a str, &'a str),
    /// Anything valid that is not a single exact pin: ranges, bare names, URLs, paths.
    Unpinned,
}

/// Reads a requirement (per-requirement options already removed).
fn requirement(spec: &str) -> Result<Requirement<'_>, String> {
    let name_end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(spec.len());
    let (name, rest) = spec.split_at(name_end);
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        if rest.starts_with(['<', '>', '=', '!', '~']) {
            return Err(format!("no package name before `{spec}`"));
        }
        if looks_like_location(spec) {
            return Ok(Requirement::Unpinned);
        }
        return Err(format!("cannot read `{spec}` as a requirement"));
    }
    let mut rest = rest.trim_start();
    if let Some(extras) = rest.strip_prefix('[') {
        let (_, after) = extras
            .split_once(']')
            .ok_or_else(|| format!("unclosed `[` in `{spec}`"))?;
        rest = after.trim_start();
    }
    let versions = rest.split_once(';').map_or(rest, |(v, _)| v).trim();
    if versions.is_empty() || rest.starts_with('@') {
        return Ok(Requirement::Unpinned);
    }
    if !versions.starts_with(['<', '>', '=', '!', '~', '(']) {
        if looks_like_location(spec) {
            return Ok(Requirement::Unpinned);
        }
        return Err(format!("unexpected `{versions}` after `{name}`"));
    }
    let versions = versions
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(versions);
    let mut clauses = Vec::new();
    for clause in versions.split(',') {
        let clause = clause.trim();
        let operator = OPERATORS
            .into_iter()
            .find(|op| clause.starts_with(op))
            .ok_or_else(|| format!("`{clause}` in `{spec}` is not a version comparison"))?;
        let version = clause.get(operator.len()..).unwrap_or("").trim();
        if version.is_empty() {
            return Err(format!("`{operator}` without a version in `{spec}`"));
        }
        if let Some(bad) = version.chars().find(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '!' | '*'))
        }) {
            return Err(format!(
                "unexpected `{bad}` in version `{version}` of `{spec}`"
            ));
        }
        clauses.push((operator, version));
    }
    Ok(match clauses.as_slice() {
        [(op, version)] if matches!(*op, "==" | "===") && !version.contains('*') => {
            Requirement::Pinned(name, version)
        }
        _ => Requirement::Unpinned,
    })
}

/// Whether a requirement names a URL, archive or local path rather than a project.
fn looks_like_location(spec: &str) -> bool {
    spec.contains("://")
        || spec.contains(['/', '\\'])
        || spec.starts_with(['.', '~'])
        || [".whl", ".zip", ".tar.gz", ".tgz"]
            .iter()
            .any(|ext| spec.ends_with(ext))
}

impl Requirements<'_> {
    /// Reads the file at `rel` (`included` when it is not the file parsed).
    fn file(&mut self, rel: &str, included: bool, text: &str) -> Result<(), ParseError> {
        let file = included.then(|| rel.to_string());
        let error = |line: u32, message: String| ParseError::at(Some(line), None, message);
        // The package the next `# via` comment annotates, and whether one is being read.
        let mut annotated: Option<usize> = None;
        let mut in_via = false;
        for logical in logical_lines(text) {
            let line = logical.line;
            let content = logical.content.as_str();
            if !content.is_empty() {
                in_via = false;
                annotated = None;
                if content.starts_with('-') {
                    let (name, value) = option(content);
                    match name {
                        "-r" | "--requirement" | "-c" | "--constraint" => {
                            self.include(rel, &file, value, line)?;
                        }
                        "-e" | "--editable" => self.note(&file, line, content),
                        _ => {}
                    }
                } else {
                    // Per-requirement options (`--hash=…`) start at the first word with a `-`.
                    let spec = content
                        .split_whitespace()
                        .take_while(|word| !word.starts_with('-'))
                        .collect::<Vec<_>>()
                        .join(" ");
                    match requirement(&spec).map_err(|m| error(line, m))? {
                        Requirement::Pinned(name, version) => {
                            let mut package =
                                pypi(name.to_string(), version.to_string(), line, true);
                            package.file.clone_from(&file);
                            annotated = Some(self.parsed.packages.len());
                            self.parsed.packages.push(package);
                            self.vias.push(None);
                        }
                        Requirement::Unpinned => self.note(&file, line, &spec),
                    }
                }
            }
            let Some(comment) = logical.comment else {
                if content.is_empty() {
                    in_via = false;
                }
                continue;
            };
            // `# via …` (after a pin, or on its own line below it) and its `#   entry` lines.
            let slot = annotated.and_then(|i| self.vias.get_mut(i));
            if let (Some(slot), Some(entries)) = (slot, via_start(comment)) {
                slot.get_or_insert_with(Vec::new).extend(entries);
                in_via = content.is_empty();
            } else if in_via && comment.starts_with("  ") && !comment.trim().is_empty() {
                if let Some(Some(entries)) = annotated.and_then(|i| self.vias.get_mut(i)) {
                    entries.push(comment.trim().to_string());
                }
            } else {
                in_via = false;
            }
        }
        Ok(())
    }

    /// Reads the file a `-r`/`-c` option on `line` of `from` names (`file` as packages of
    /// `from` give it).
    fn include(
        &mut self,
        from: &str,
        file: &Option<String>,
        value: &str,
        line: u32,
    ) -> Result<(), ParseError> {
        if value.is_empty() {
            return Err(ParseError::at(
                Some(line),
                None,
                "include without a file name",
            ));
        }
        if value.contains("://") {
            self.parsed.notes.push(Note {
                file: file.clone(),
                line,
                message: format!("`{value}` is a remote file, not audited"),
            });
            return Ok(());
        }
        let target = join(from, value).ok_or_else(|| {
            ParseError::at(
                Some(line),
                None,
                format!("`{value}` is outside the scanned tree"),
            )
        })?;
        if !self.seen.insert(target.clone()) {
            return Ok(());
        }
        if self.depth >= MAX_INCLUDE_DEPTH {
            return Err(ParseError::at(
                Some(line),
                None,
                format!("includes nested more than {MAX_INCLUDE_DEPTH} deep at `{target}`"),
            ));
        }
        let text = (self.read)(&target).map_err(|e| {
            ParseError::at(Some(line), None, format!("cannot read `{target}`: {e}"))
        })?;
        self.depth += 1;
        let read = self.file(&target, true, &text);
        self.depth -= 1;
        read.map_err(|mut e| {
            e.file.get_or_insert(target);
            e
        })
    }

    fn note(&mut self, file: &Option<String>, line: u32, what: &str) {
        self.parsed.notes.push(Note {
            file: file.clone(),
            line,
            message: format!("`{what}` is not pinned with ==, not audited"),
        });
    }

    /// Sets `direct` and `path` of the packages that pip-compile annotated.
    fn finish(mut self) -> Parsed {
        let mut edges: HashMap<String, Vec<String>> = HashMap::new();
        let mut spelling: HashMap<String, String> = HashMap::new();
        for (package, via) in self.parsed.packages.iter().zip(&self.vias) {
            let name = normalise(&package.name);
            spelling
                .entry(name.clone())
                .or_insert_with(|| package.name.clone());
            for entry in via.iter().flatten() {
                let from = match Via::of(entry) {
                    Via::Input => REQUIREMENTS_ROOT.to_string(),
                    Via::Constraint => continue,
                    Via::Package(by) => normalise(by),
                };
                edges.entry(from).or_default().push(name.clone());
            }
        }
        let paths = shortest_paths(&[REQUIREMENTS_ROOT.to_string()], &edges);
        for (package, via) in self.parsed.packages.iter_mut().zip(&self.vias) {
            let Some(via) = via else { continue };
            package.direct = Some(via.iter().any(|e| matches!(Via::of(e), Via::Input)));
            package.path = paths
                .get(&normalise(&package.name))
                .map(|chain| {
                    chain
                        .iter()
                        .map(|n| spelling.get(n).unwrap_or(n).clone())
                        .collect()
                })
                .unwrap_or_default();
        }
        self.parsed
    }
}

// ---------------------------------------------------------------------------------------------
// poetry.lock

#[derive(Deserialize)]
struct PoetryLock {
    #[serde(default)]
    package: Vec<PoetryPackage>,
}

#[derive(Deserialize)]
struct PoetryPackage {
    name: Spanned<String>,
    version: Option<String>,
    source: Option<PoetrySource>,
}

#[derive(Deserialize)]
struct PoetrySource {
    #[serde(rename = "type")]
    kind: String,
}

/// A `version` a lock entry must have.
fn required_version(
    text: &str,
    name: &Spanned<String>,
    version: Option<String>,
) -> Result<String, ParseError> {
    version.ok_or_else(|| {
        ParseError::at(
            Some(line_of(text, name.span().start)),
            None,
            format!("package `{}` has no version", name.get_ref()),
        )
    })
}

/// `poetry.lock`. It does not say which packages the project depends on, so `direct` and
/// `path` stay unknown.
pub fn parse_poetry(text: &str) -> Result<Parsed, ParseError> {
    let lock: PoetryLock = toml::from_str(text).map_err(|e| ParseError::toml(text, &e))?;
    let mut parsed = Parsed::default();
    for package in lock.package {
        let version = required_version(text, &package.name, package.version)?;
        // `legacy` is a custom package index, which serves registry packages.
        let registry = package
            .source
            .is_none_or(|s| !matches!(s.kind.as_str(), "git" | "directory" | "file" | "url"));
        let line = line_of(text, package.name.span().start);
        parsed
            .packages
            .push(pypi(package.name.into_inner(), version, line, registry));
    }
    Ok(parsed)
}

// ---------------------------------------------------------------------------------------------
// Pipfile.lock

/// The sections of `Pipfile.lock` that list packages.
const PIPFILE_SECTIONS: [&str; 2] = ["default", "develop"];

/// The keys of a `Pipfile.lock` entry that mark a package not from the index.
const PIPFILE_LOCAL_KEYS: [&str; 4] = ["git", "path", "file", "editable"];

#[derive(Deserialize)]
struct PipfileLock {
    #[serde(default)]
    default: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    develop: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

/// `Pipfile.lock`. Entries without a version that are not from the index (git, paths) are
/// skipped; `direct` and `path` stay unknown.
pub fn parse_pipfile(text: &str) -> Result<Parsed, ParseError> {
    let lock: PipfileLock = serde_json::from_str(text).map_err(|e| ParseError::json(&e))?;
    let offsets = section_keys(text, &PIPFILE_SECTIONS);
    let mut parsed = Parsed::default();
    for (section, entries) in PIPFILE_SECTIONS
        .into_iter()
        .zip([lock.default, lock.develop])
    {
        for (name, entry) in entries {
            let line = offsets
                .get(&(section, name.clone()))
                .map_or(1, |at| line_of(text, *at));
            let registry = !PIPFILE_LOCAL_KEYS.iter().any(|k| entry.contains_key(*k));
            let version = entry.get("version").and_then(serde_json::Value::as_str);
            let pinned =
                version.and_then(|v| v.strip_prefix("===").or_else(|| v.strip_prefix("==")));
            match (pinned, version) {
                (Some(pinned), _) => {
                    parsed
                        .packages
                        .push(pypi(name, pinned.trim().to_string(), line, registry))
                }
                (None, None) if !registry => {}
                (None, version) => parsed.notes.push(Note {
                    file: None,
                    line,
                    message: format!(
                        "`{name}` {} is not pinned with ==, not audited",
                        version.unwrap_or("(no version)")
                    ),
                }),
            }
        }
    }
    parsed.packages.sort_by_key(|p| p.line);
    parsed.notes.sort_by_key(|n| n.line);
    Ok(parsed)
}

/// Byte offsets of the keys of the objects under the top-level `sections` keys of a JSON
/// document (valid JSON: it has been parsed already): (section, key) → offset.
fn section_keys<'s>(text: &str, sections: &[&'s str]) -> HashMap<(&'s str, String), usize> {
    let bytes = text.as_bytes();
    let mut offsets = HashMap::new();
    // The current key of each open object or array, outermost first.
    let mut keys: Vec<Option<String>> = Vec::new();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'{' | b'[' => keys.push(None),
            b'}' | b']' => {
                keys.pop();
            }
            b'"' => {
                let start = at;
                at += 1;
                while let Some(&c) = bytes.get(at) {
                    match c {
                        b'\\' => at += 2,
                        b'"' => break,
                        _ => at += 1,
                    }
                }
                let is_key = bytes
                    .get(at + 1..)
                    .and_then(|rest| rest.iter().find(|c| !c.is_ascii_whitespace()))
                    == Some(&b':');
                if is_key {
                    let key = text
                        .get(start..=at)
                        .and_then(|raw| serde_json::from_str::<String>(raw).ok());
                    if let ([Some(section), _], Some(key)) = (keys.as_slice(), &key)
                        && let Some(section) = sections.iter().find(|s| **s == section.as_str())
                    {
                        offsets.insert((*section, key.clone()), start);
                    }
                    if let Some(slot) = keys.last_mut() {
                        *slot = key;
                    }
                }
            }
            _ => {}
        }
        at += 1;
    }
    offsets
}

// ---------------------------------------------------------------------------------------------
// uv.lock

#[derive(Deserialize)]
struct UvLock {
    #[serde(default)]
    manifest: UvManifest,
    #[serde(default)]
    package: Vec<UvPackage>,
}

#[derive(Deserialize, Default)]
struct UvManifest {
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Deserialize)]
struct UvPackage {
    name: Spanned<String>,
    version: Option<String>,
    #[serde(default)]
    source: toml::Table,
    #[serde(default)]
    dependencies: Vec<UvDependency>,
    #[serde(default, rename = "optional-dependencies")]
    optional_dependencies: BTreeMap<String, Vec<UvDependency>>,
    #[serde(default, rename = "dev-dependencies")]
    dev_dependencies: BTreeMap<String, Vec<UvDependency>>,
}

#[derive(Deserialize)]
struct UvDependency {
    name: String,
    version: Option<String>,
}

/// The `source` keys of a `uv.lock` package not from the index.
const UV_LOCAL_SOURCES: [&str; 6] = ["editable", "virtual", "path", "directory", "git", "url"];

/// `uv.lock`. The project (and workspace members) are the roots: packages whose source is
/// the lockfile's directory, or that `[manifest] members` names. They are listed (not from the
/// registry) when they have a static version; their dependencies are direct.
pub fn parse_uv(text: &str) -> Result<Parsed, ParseError> {
    let lock: UvLock = toml::from_str(text).map_err(|e| ParseError::toml(text, &e))?;
    let members: HashSet<String> = lock.manifest.members.iter().map(|m| normalise(m)).collect();
    // Nodes are (normalised name, version): a lock may hold several versions of a name.
    type Node = (String, Option<String>);
    let node = |p: &UvPackage| (normalise(p.name.get_ref()), p.version.clone());
    let mut versions: HashMap<String, Vec<Option<String>>> = HashMap::new();
    for package in &lock.package {
        let (name, version) = node(package);
        versions.entry(name).or_default().push(version);
    }
    let mut roots: Vec<Node> = Vec::new();
    let mut edges: HashMap<Node, Vec<Node>> = HashMap::new();
    for package in &lock.package {
        let from = node(package);
        let is_root = members.contains(&from.0)
            || ["editable", "virtual"]
                .iter()
                .any(|k| package.source.get(*k).and_then(toml::Value::as_str) == Some("."));
        if is_root {
            roots.push(from.clone());
        }
        let all = package
            .dependencies
            .iter()
            .chain(package.optional_dependencies.values().flatten())
            .chain(package.dev_dependencies.values().flatten());
        for dependency in all {
            let name = normalise(&dependency.name);
            let targets = versions
                .get(&name)
                .into_iter()
                .flatten()
                .filter(|v| dependency.version.is_none() || **v == dependency.version);
            for version in targets {
                edges
                    .entry(from.clone())
                    .or_default()
                    .push((name.clone(), version.clone()));
            }
        }
    }
    let paths = shortest_paths(&roots, &edges);
    let mut spelling: HashMap<String, String> = HashMap::new();
    for package in &lock.package {
        spelling
            .entry(normalise(package.name.get_ref()))
            .or_insert_with(|| package.name.get_ref().clone());
    }
    let mut parsed = Parsed::default();
    for package in lock.package {
        let key = node(&package);
        let registry = !UV_LOCAL_SOURCES
            .iter()
            .any(|k| package.source.contains_key(*k));
        let version = match package.version {
            Some(version) => version,
            None if !registry => continue,
            None => required_version(text, &package.name, None)?,
        };
        let line = line_of(text, package.name.span().start);
        let mut entry = pypi(package.name.into_inner(), version, line, registry);
        if !roots.is_empty() {
            let chain = paths.get(&key);
            entry.direct = match chain.map(Vec::len) {
                Some(1) => None,
                Some(length) => Some(length == 2),
                None => Some(false),
            };
            entry.path = chain
                .into_iter()
                .flatten()
                .map(|(n, _)| spelling.get(n).unwrap_or(n).clone())
                .collect();
        }
        parsed.packages.push(entry);
    }
    Ok(parsed)
}
