//! `package-lock.json` and `npm-shrinkwrap.json`: lockfileVersion 1 (the nested `dependencies`
//! tree) and 2/3 (the flat `packages` map keyed by install location).
//!
//! Both versions are read into one model keyed by install location
//! (`node_modules/a/node_modules/b`), so a dependency name resolves the way Node resolves it: the
//! nearest `node_modules` up the tree, following links to their targets. Entries outside any
//! `node_modules` (workspace members, local link targets) are packages of the project itself,
//! not from the registry; those the project does not depend on are roots of the dependency
//! graph next to it, and what any root depends on is direct.
//!
//! Version 1 does not say which packages the project depends on directly, so there `direct` is
//! unknown and the graph starts from the top-level entries nothing else requires.
//!
//! The bottom of this module holds helpers the other JavaScript and PHP readers share: a JSON
//! line locator, the "local or git source" test, `name@range` splitting and the final
//! merge-and-sort.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use crate::{Ecosystem, Package, ParseError, Parsed, shortest_paths};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lock {
    name: Option<String>,
    lockfile_version: Option<u64>,
    packages: Option<BTreeMap<String, Entry>>,
    dependencies: Option<BTreeMap<String, LegacyEntry>>,
}

/// An entry of the v2/v3 `packages` map.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolved: Option<String>,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    peer_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, String>,
}

/// An entry of the v1 `dependencies` tree.
#[derive(Deserialize)]
struct LegacyEntry {
    version: Option<String>,
    resolved: Option<String>,
    #[serde(default)]
    requires: BTreeMap<String, String>,
    #[serde(default)]
    dependencies: BTreeMap<String, LegacyEntry>,
}

/// One entry at its install location.
struct Node {
    /// The package's name (an alias gives the real name).
    name: String,
    /// `None` for entries that name no version (links, unversioned workspace members).
    version: Option<String>,
    line: u32,
    registry: bool,
    /// The names it depends on, to resolve from its location.
    deps: Vec<String>,
    /// Where a link entry points.
    link: Option<String>,
}

/// The install locations of a lock: `""` is the project.
type Nodes = BTreeMap<String, Node>;

/// The project's name in chains when the lock does not give one.
const ROOT: &str = "(root)";

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lock: Lock = serde_json::from_str(text).map_err(|e| ParseError::json(&e))?;
    let modern = lock.lockfile_version.is_none_or(|v| v >= 2) || lock.dependencies.is_none();
    match (lock.packages, lock.dependencies) {
        (Some(packages), _) if modern => {
            let root_name = packages.get("").and_then(|root| root.name.clone());
            read_modern(text, packages, root_name.or(lock.name))
        }
        (_, Some(dependencies)) => read_legacy(text, dependencies, lock.name),
        _ => Ok(Parsed::default()),
    }
}

/// lockfileVersion 2 and 3: the `packages` map.
fn read_modern(
    text: &str,
    packages: BTreeMap<String, Entry>,
    root_name: Option<String>,
) -> Result<Parsed, ParseError> {
    let root_name = root_name.unwrap_or_else(|| ROOT.to_owned());
    let mut lines = HashMap::new();
    json_lines(text, &mut |path, line| {
        if let [Step::Key(top), Step::Key(key)] = path
            && top == "packages"
        {
            lines.entry(key.clone()).or_insert(line);
        }
    });
    // Names links give their targets, for targets that do not say their own.
    let link_names: HashMap<&str, &str> = packages
        .iter()
        .filter(|(_, entry)| entry.link)
        .filter_map(|(key, entry)| Some((entry.resolved.as_deref()?, folder_name(key)?)))
        .collect();
    let root_present = packages.contains_key("");
    let mut nodes = Nodes::new();
    let mut members = Vec::new();
    for (key, entry) in &packages {
        let line = lines.get(key).copied().unwrap_or(1);
        let installed = folder_name(key);
        let member = installed.is_none();
        let mut deps: Vec<String> = entry
            .dependencies
            .keys()
            .chain(entry.optional_dependencies.keys())
            .chain(entry.peer_dependencies.keys())
            .cloned()
            .collect();
        if member {
            deps.extend(entry.dev_dependencies.keys().cloned());
        }
        let name = match (&entry.name, installed) {
            _ if key.is_empty() => root_name.clone(),
            (Some(name), _) => name.clone(),
            (None, Some(folder)) => folder.to_owned(),
            (None, None) => link_names
                .get(key.as_str())
                .copied()
                .or_else(|| key.rsplit('/').next())
                .unwrap_or(key)
                .to_owned(),
        };
        if installed.is_some() && !entry.link && entry.version.is_none() {
            return Err(ParseError::at(
                Some(line),
                None,
                format!("package entry `{key}` has no version"),
            ));
        }
        let local = [&entry.version, &entry.resolved]
            .into_iter()
            .flatten()
            .any(|spec| is_local_or_git(spec));
        if member && !key.is_empty() {
            members.push(key.clone());
        }
        nodes.insert(
            key.clone(),
            Node {
                name,
                version: if key.is_empty() || entry.link {
                    None
                } else {
                    entry.version.clone()
                },
                line,
                registry: !member && !entry.link && !local,
                deps,
                link: entry.link.then(|| entry.resolved.clone()).flatten(),
            },
        );
    }
    if !root_present {
        nodes.insert(String::new(), root_node(root_name));
    }
    let edges = edges(&nodes);
    // Members the project does not depend on (workspaces, usually) are roots of their own.
    let from_project = shortest_paths(&[String::new()], &edges);
    let roots: Vec<String> = std::iter::once(String::new())
        .chain(
            members
                .into_iter()
                .filter(|m| !from_project.contains_key(m)),
        )
        .collect();
    let direct: Option<HashSet<&String>> = root_present.then(|| {
        roots
            .iter()
            .filter_map(|root| edges.get(root))
            .flatten()
            .collect()
    });
    let paths = shortest_paths(&roots, &edges);
    Ok(assemble(&nodes, &paths, |location| {
        direct.as_ref().map(|set| set.contains(location))
    }))
}

/// lockfileVersion 1: the nested `dependencies` tree.
fn read_legacy(
    text: &str,
    dependencies: BTreeMap<String, LegacyEntry>,
    root_name: Option<String>,
) -> Result<Parsed, ParseError> {
    let root_name = root_name.unwrap_or_else(|| ROOT.to_owned());
    let mut lines = HashMap::new();
    json_lines(text, &mut |path, line| {
        if let Some(location) = legacy_location(path) {
            lines.entry(location).or_insert(line);
        }
    });
    let mut nodes = Nodes::new();
    flatten_legacy(&dependencies, "", &lines, &mut nodes)?;
    nodes.insert(String::new(), root_node(root_name));
    let mut edges = edges(&nodes);
    // The project depends on (at least) every top-level entry nothing else requires.
    let required: HashSet<&String> = edges.values().flatten().collect();
    let top: Vec<String> = dependencies
        .keys()
        .map(|name| format!("node_modules/{name}"))
        .filter(|location| !required.contains(location))
        .collect();
    edges.insert(String::new(), top);
    let paths = shortest_paths(&[String::new()], &edges);
    Ok(assemble(&nodes, &paths, |_| None))
}

fn flatten_legacy(
    entries: &BTreeMap<String, LegacyEntry>,
    parent: &str,
    lines: &HashMap<String, u32>,
    nodes: &mut Nodes,
) -> Result<(), ParseError> {
    for (folder, entry) in entries {
        let location = if parent.is_empty() {
            format!("node_modules/{folder}")
        } else {
            format!("{parent}/node_modules/{folder}")
        };
        let line = lines.get(&location).copied().unwrap_or(1);
        let Some(version) = &entry.version else {
            return Err(ParseError::at(
                Some(line),
                None,
                format!("dependency `{folder}` has no version"),
            ));
        };
        // An alias: `"version": "npm:real-name@1.2.3"`.
        let (name, version) = match version.strip_prefix("npm:").and_then(split_at_name) {
            Some((name, version)) => (name.to_owned(), version.to_owned()),
            None => (folder.clone(), version.clone()),
        };
        let local =
            is_local_or_git(&version) || entry.resolved.as_deref().is_some_and(is_local_or_git);
        nodes.insert(
            location.clone(),
            Node {
                name,
                version: Some(version),
                line,
                registry: !local,
                deps: entry.requires.keys().cloned().collect(),
                link: None,
            },
        );
        flatten_legacy(&entry.dependencies, &location, lines, nodes)?;
    }
    Ok(())
}

/// The install location a v1 JSON path names: `dependencies.a.dependencies.b` is
/// `node_modules/a/node_modules/b`.
fn legacy_location(path: &[Step]) -> Option<String> {
    let mut location = String::new();
    for pair in path.chunks(2) {
        let [Step::Key(section), Step::Key(folder)] = pair else {
            return None;
        };
        if section != "dependencies" {
            return None;
        }
        if !location.is_empty() {
            location.push('/');
        }
        location.push_str("node_modules/");
        location.push_str(folder);
    }
    (!location.is_empty()).then_some(location)
}

fn root_node(name: String) -> Node {
    Node {
        name,
        version: None,
        line: 1,
        registry: false,
        deps: Vec::new(),
        link: None,
    }
}

/// The folder name of an installed entry (`node_modules/@s/b` → `@s/b`); `None` for entries
/// outside any `node_modules`.
fn folder_name(key: &str) -> Option<&str> {
    if let Some(rest) = key.strip_prefix("node_modules/")
        && !rest.contains("/node_modules/")
    {
        return Some(rest);
    }
    key.rfind("/node_modules/")
        .and_then(|at| key.get(at + "/node_modules/".len()..))
}

/// Each location's resolved dependencies.
fn edges(nodes: &Nodes) -> HashMap<String, Vec<String>> {
    nodes
        .iter()
        .map(|(location, node)| {
            let targets = node
                .deps
                .iter()
                .filter_map(|dep| resolve(nodes, location, dep))
                .collect();
            (location.clone(), targets)
        })
        .collect()
}

/// The location `dep` resolves to from `from`: the nearest `node_modules/dep` up the tree, a
/// link followed to its target.
fn resolve(nodes: &Nodes, from: &str, dep: &str) -> Option<String> {
    let mut base = from;
    loop {
        let candidate = if base.is_empty() {
            format!("node_modules/{dep}")
        } else {
            format!("{base}/node_modules/{dep}")
        };
        if let Some(node) = nodes.get(&candidate) {
            return Some(match &node.link {
                Some(target) if nodes.contains_key(target) => target.clone(),
                _ => candidate,
            });
        }
        if base.is_empty() {
            return None;
        }
        base = base
            .rfind("/node_modules/")
            .and_then(|at| base.get(..at))
            .unwrap_or("");
    }
}

fn assemble(
    nodes: &Nodes,
    paths: &HashMap<String, Vec<String>>,
    direct: impl Fn(&String) -> Option<bool>,
) -> Parsed {
    let packages = nodes
        .iter()
        .filter_map(|(location, node)| {
            let version = node.version.clone()?;
            let path = paths
                .get(location)
                .map(|chain| {
                    chain
                        .iter()
                        .filter_map(|at| nodes.get(at).map(|n| n.name.clone()))
                        .collect()
                })
                .unwrap_or_default();
            Some(Package {
                ecosystem: Ecosystem::Npm,
                name: node.name.clone(),
                version,
                line: node.line,
                file: None,
                registry: node.registry,
                direct: direct(location),
                path,
            })
        })
        .collect();
    finish(packages)
}

// ---- Shared by the JavaScript and PHP readers. ----

/// One step into a JSON document: an object member or an array element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

/// Walks the JSON document `text` (already accepted by serde_json) and calls `visit` with the
/// path and 1-based line of every object member (the line of its key) and array element (the
/// line its value starts on). Stops quietly at anything malformed.
pub(crate) fn json_lines(text: &str, visit: &mut dyn FnMut(&[Step], u32)) {
    let mut scanner = Scanner {
        text,
        pos: 0,
        line: 1,
        path: Vec::new(),
    };
    let _ = scanner.value(visit);
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    path: Vec<Step>,
}

impl Scanner<'_> {
    /// Deeper than serde_json accepts by default; a guard, not a limit in practice.
    const MAX_DEPTH: usize = 256;

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b'\n' => self.line = self.line.saturating_add(1),
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    /// Skips space and then `byte`, or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// A string token at the cursor, decoded.
    fn string(&mut self) -> Option<String> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if bytes.get(start) != Some(&b'"') {
            return None;
        }
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            match bytes.get(at)? {
                b'\\' => {
                    escaped = true;
                    at += 2;
                }
                b'"' => break,
                _ => at += 1,
            }
        }
        self.pos = at + 1;
        if escaped {
            serde_json::from_str(self.text.get(start..=at)?).ok()
        } else {
            self.text.get(start + 1..at).map(str::to_owned)
        }
    }

    fn value(&mut self, visit: &mut dyn FnMut(&[Step], u32)) -> Option<()> {
        if self.path.len() > Self::MAX_DEPTH {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                self.skip_space();
                if self.peek()? == b'}' {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.skip_space();
                    let line = self.line;
                    let key = self.string()?;
                    self.path.push(Step::Key(key));
                    visit(&self.path, line);
                    self.expect(b':')?;
                    self.value(visit)?;
                    self.path.pop();
                    self.skip_space();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {
                            self.pos += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.skip_space();
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(());
                }
                let mut index = 0;
                loop {
                    self.skip_space();
                    self.path.push(Step::Index(index));
                    visit(&self.path, self.line);
                    self.value(visit)?;
                    self.path.pop();
                    index += 1;
                    self.skip_space();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(drop),
            _ => {
                while let Some(byte) = self.peek() {
                    if matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                        break;
                    }
                    self.pos += 1;
                }
                Some(())
            }
        }
    }
}

/// Whether a version, range or resolved URL names a local directory, a link or a git
/// repository rather than a registry release.
pub(crate) fn is_local_or_git(spec: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "file:",
        "link:",
        "portal:",
        "git+",
        "git:",
        "github:",
        "gitlab:",
        "bitbucket:",
        "gist:",
        "https://codeload.github.com/",
    ];
    PREFIXES.iter().any(|prefix| spec.starts_with(prefix))
}

/// Splits `name@rest` at the `@` that ends the name (a scoped name starts with `@`).
pub(crate) fn split_at_name(spec: &str) -> Option<(&str, &str)> {
    let at = spec.get(1..)?.find('@')? + 1;
    Some((spec.get(..at)?, spec.get(at + 1..)?))
}

/// The packages sorted by line, repeats of one (name, version, registry) merged into the first:
/// direct if any repeat is, with the shortest chain any repeat has (the first in order among
/// equally short ones).
pub(crate) fn finish(mut packages: Vec<Package>) -> Parsed {
    packages.sort_by(|a, b| (a.line, &a.name, &a.version).cmp(&(b.line, &b.name, &b.version)));
    let mut kept: Vec<Package> = Vec::with_capacity(packages.len());
    let mut index: HashMap<(String, String, bool), usize> = HashMap::new();
    for package in packages {
        let key = (
            package.name.clone(),
            package.version.clone(),
            package.registry,
        );
        match index.get(&key).and_then(|&at| kept.get_mut(at)) {
            Some(first) => {
                if package.direct == Some(true) {
                    first.direct = Some(true);
                }
                let shorter = (package.path.len(), &package.path) < (first.path.len(), &first.path);
                if !package.path.is_empty() && (first.path.is_empty() || shorter) {
                    first.path = package.path;
                }
            }
            None => {
                index.insert(key, kept.len());
                kept.push(package);
            }
        }
    }
    Parsed {
        packages: kept,
        notes: Vec::new(),
    }
}
