//! `pnpm-lock.yaml`: lockfileVersion 5 and older (keys `/name/1.2.3_peer@x`), 6 (keys
//! `/name@1.2.3(peer@x)`) and 9 (`packages` keyed `name@1.2.3`, the graph in `snapshots`).
//!
//! Versions drop their peer suffix, so the peer variants of one package are one package. The
//! importers (or, in a single-project v5/v6 lock, the top-level dependency maps) are the roots:
//! their dependencies are the direct ones, and chains start from them (`(root)` for `.`, the
//! importer's path otherwise). `link:` dependencies are workspace importers, not packages.
//! Packages resolved from a directory, a git repository or a tarball outside the registry's
//! `/-/` layout are not from the registry. Every YAML document of the file is read (pnpm 11+
//! may put an "env" document with its own packages before the project's).
//!
//! The bottom of this module holds the YAML error conversion the yarn reader shares.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use crate::npm::{finish, is_local_or_git, split_at_name};
use crate::{Ecosystem, Package, ParseError, Parsed, shortest_paths};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lock {
    lockfile_version: Option<Spanned<String>>,
    importers: Option<HashMap<String, Importer>>,
    /// Single-project v5/v6 locks put the importer's maps at the top level.
    dependencies: Option<HashMap<String, Version>>,
    dev_dependencies: Option<HashMap<String, Version>>,
    optional_dependencies: Option<HashMap<String, Version>>,
    packages: Option<HashMap<Spanned<String>, Entry>>,
    snapshots: Option<HashMap<Spanned<String>, Entry>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Importer {
    #[serde(default)]
    dependencies: HashMap<String, Version>,
    #[serde(default)]
    dev_dependencies: HashMap<String, Version>,
    #[serde(default)]
    optional_dependencies: HashMap<String, Version>,
    /// In the env document; its shape is not pinned down, so anything else is skipped.
    #[serde(default)]
    package_manager_dependencies: HashMap<String, Loose>,
    #[serde(default)]
    config_dependencies: HashMap<String, Loose>,
}

/// An importer's resolved version: plain (v5) or `{specifier, version}` (v6+).
#[derive(Deserialize)]
#[serde(untagged)]
enum Version {
    Plain(String),
    Detailed { version: String },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Known(Version),
    Other(IgnoredAny),
}

/// A `packages` or `snapshots` entry.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    resolution: Option<Resolution>,
    #[serde(default)]
    dependencies: HashMap<String, String>,
    #[serde(default)]
    optional_dependencies: HashMap<String, String>,
}

#[derive(Deserialize)]
struct Resolution {
    tarball: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// How package keys are spelled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// lockfileVersion ≤ 5: `/name/1.2.3_peers`.
    Slash,
    /// 6: `/name@1.2.3(peers)`.
    At,
    /// 9: `name@1.2.3(peers)`, graph in `snapshots`.
    Snapshots,
}

/// What a package entry is.
struct Identity {
    name: String,
    version: String,
    line: u32,
    registry: bool,
}

/// A node of the dependency graph: an importer (a root) or a package key.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Node {
    Importer(String),
    Package(String),
}

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let documents: Vec<Lock> = serde_saphyr::from_str_multiple(text).map_err(|e| yaml_error(&e))?;
    let mut packages = Vec::new();
    for lock in documents {
        read_document(lock, &mut packages)?;
    }
    Ok(finish(packages))
}

fn read_document(lock: Lock, out: &mut Vec<Package>) -> Result<(), ParseError> {
    let has_packages = lock.packages.as_ref().is_some_and(|p| !p.is_empty());
    let style = match &lock.lockfile_version {
        Some(version) => style(version)?,
        None if has_packages => {
            return Err(ParseError::at(Some(1), None, "no `lockfileVersion`"));
        }
        None => return Ok(()),
    };
    let mut importers: Vec<(String, Importer)> =
        lock.importers.unwrap_or_default().into_iter().collect();
    importers.sort_by(|a, b| a.0.cmp(&b.0));
    if lock.dependencies.is_some()
        || lock.dev_dependencies.is_some()
        || lock.optional_dependencies.is_some()
    {
        importers.push((
            ".".to_owned(),
            Importer {
                dependencies: lock.dependencies.unwrap_or_default(),
                dev_dependencies: lock.dev_dependencies.unwrap_or_default(),
                optional_dependencies: lock.optional_dependencies.unwrap_or_default(),
                ..Importer::default()
            },
        ));
    }
    let packages: HashMap<String, (u32, Entry)> = lock
        .packages
        .unwrap_or_default()
        .into_iter()
        .map(|(key, entry)| (key.value, (line(&key.referenced), entry)))
        .collect();
    // The graph's nodes: snapshots in v9, packages before.
    let graph: HashMap<String, (u32, Entry)> = match style {
        Style::Snapshots => lock
            .snapshots
            .unwrap_or_default()
            .into_iter()
            .map(|(key, entry)| (key.value, (line(&key.referenced), entry)))
            .collect(),
        Style::Slash | Style::At => HashMap::new(),
    };
    let nodes = if style == Style::Snapshots {
        &graph
    } else {
        &packages
    };

    let mut edges: HashMap<Node, Vec<Node>> = HashMap::new();
    for (key, (_, entry)) in nodes {
        let mut targets: Vec<Node> = entry
            .dependencies
            .iter()
            .chain(&entry.optional_dependencies)
            .filter_map(|(name, value)| dependency_key(style, name, value))
            .map(Node::Package)
            .collect();
        targets.sort();
        edges.insert(Node::Package(key.clone()), targets);
    }
    let mut roots = Vec::new();
    for (id, importer) in &importers {
        let loose = importer
            .package_manager_dependencies
            .iter()
            .chain(&importer.config_dependencies)
            .filter_map(|(name, value)| match value {
                Loose::Known(version) => Some((name, version)),
                Loose::Other(_) => None,
            });
        let mut targets: Vec<Node> = importer
            .dependencies
            .iter()
            .chain(&importer.dev_dependencies)
            .chain(&importer.optional_dependencies)
            .chain(loose)
            .filter_map(|(name, version)| {
                let value = match version {
                    Version::Plain(value) | Version::Detailed { version: value } => value,
                };
                dependency_key(style, name, value)
            })
            .map(Node::Package)
            .collect();
        targets.sort();
        let root = Node::Importer(id.clone());
        edges.insert(root.clone(), targets);
        roots.push(root);
    }
    let direct: Option<HashSet<&Node>> = (!roots.is_empty()).then(|| {
        roots
            .iter()
            .filter_map(|root| edges.get(root))
            .flatten()
            .collect()
    });
    let paths = shortest_paths(&roots, &edges);

    // What each node is: its package entry (for v9, the snapshot key without peers).
    let entry_of = |key: &String| match style {
        Style::Snapshots => packages.get_key_value(without_peers(key)),
        Style::Slash | Style::At => packages.get_key_value(key),
    };
    let mut order: Vec<(&String, &(u32, Entry))> = nodes.iter().chain(&packages).collect();
    order.sort_by_key(|(key, (line, _))| (*line, *key));
    let mut identities: HashMap<&String, Identity> = HashMap::new();
    for (key, node) in order {
        if identities.contains_key(key) {
            continue;
        }
        let (package_key, (line, entry)) = entry_of(key).unwrap_or((key, node));
        let Some((name, version)) = identify(style, package_key, entry) else {
            return Err(ParseError::at(
                Some(*line),
                None,
                format!("cannot tell the name and version of package `{package_key}`"),
            ));
        };
        let registry =
            !is_local_or_git(&version) && entry.resolution.as_ref().is_none_or(from_registry);
        identities.insert(
            key,
            Identity {
                name,
                version,
                line: *line,
                registry,
            },
        );
    }

    let name_of = |node: &Node| -> String {
        match node {
            Node::Importer(id) if id == "." => "(root)".to_owned(),
            Node::Importer(id) => id.clone(),
            Node::Package(key) => identities
                .get(key)
                .map_or_else(|| key.clone(), |identity| identity.name.clone()),
        }
    };
    for (key, identity) in &identities {
        let node = Node::Package((*key).clone());
        let path = paths
            .get(&node)
            .map(|chain| chain.iter().map(name_of).collect())
            .unwrap_or_default();
        out.push(Package {
            ecosystem: Ecosystem::Npm,
            name: identity.name.clone(),
            version: identity.version.clone(),
            line: identity.line,
            file: None,
            registry: identity.registry,
            direct: direct.as_ref().map(|set| set.contains(&node)),
            path,
        });
    }
    Ok(())
}

fn style(version: &Spanned<String>) -> Result<Style, ParseError> {
    let major = version.value.split('.').next().unwrap_or_default();
    match major.trim().parse::<u32>() {
        Ok(0..=5) => Ok(Style::Slash),
        Ok(6..=8) => Ok(Style::At),
        Ok(_) => Ok(Style::Snapshots),
        Err(_) => Err(ParseError::at(
            Some(line(&version.referenced)),
            u32::try_from(version.referenced.column()).ok(),
            format!("unknown lockfileVersion `{}`", version.value),
        )),
    }
}

fn line(location: &serde_saphyr::Location) -> u32 {
    u32::try_from(location.line()).unwrap_or(u32::MAX).max(1)
}

/// The node key a dependency `name: value` points at; `None` for `link:` (a workspace
/// importer).
fn dependency_key(style: Style, name: &str, value: &str) -> Option<String> {
    if value.starts_with("link:") {
        return None;
    }
    let version_like = value.starts_with(|c: char| c.is_ascii_digit());
    Some(match style {
        Style::Slash if version_like => format!("/{name}/{value}"),
        Style::At if version_like => format!("/{name}@{value}"),
        Style::Slash | Style::At => value.to_owned(),
        Style::Snapshots => {
            // An alias names its package: `string-width@4.2.3`; a URL's `@` is after a `:`.
            let alias = split_at_name(without_peers(value)).is_some_and(|(n, _)| !n.contains(':'));
            if alias {
                value.to_owned()
            } else {
                format!("{name}@{value}")
            }
        }
    })
}

/// A key or version without its peer suffix: `a@1.0.0(react@18.0.0)` → `a@1.0.0`.
fn without_peers(key: &str) -> &str {
    key.split('(').next().unwrap_or(key)
}

/// A package's name and version: its `name`/`version` fields, else read from its key.
fn identify(style: Style, key: &str, entry: &Entry) -> Option<(String, String)> {
    let from_key = || -> Option<(String, String)> {
        // Relative keys start with `/`; absolute ones with the registry's host.
        let relative = key
            .strip_prefix('/')
            .or_else(|| {
                (style != Style::Snapshots)
                    .then(|| key.split_once('/').map(|(_, rest)| rest))
                    .flatten()
            })
            .unwrap_or(key);
        let (name, version) = match style {
            Style::Slash => {
                let (name, version) = relative.rsplit_once('/')?;
                (name, version.split('_').next().unwrap_or(version))
            }
            Style::At | Style::Snapshots => split_at_name(without_peers(relative))?,
        };
        (!name.is_empty() && !version.is_empty()).then(|| (name.to_owned(), version.to_owned()))
    };
    match (&entry.name, &entry.version) {
        (Some(name), Some(version)) => Some((name.clone(), version.clone())),
        (name, version) => {
            let (key_name, key_version) = from_key()?;
            Some((
                name.clone().unwrap_or(key_name),
                version.clone().unwrap_or(key_version),
            ))
        }
    }
}

/// Whether a resolution is a registry download: an integrity alone, or a tarball in the
/// registry's `…/-/name-1.2.3.tgz` layout; not a directory, a git repository or another URL.
fn from_registry(resolution: &Resolution) -> bool {
    if resolution.kind.is_some() {
        return false;
    }
    resolution.tarball.as_deref().is_none_or(|tarball| {
        (tarball.starts_with("https://") || tarball.starts_with("http://"))
            && tarball.contains("/-/")
    })
}

// ---- Shared with the yarn reader. ----

/// A serde-saphyr error, located, its message without the location suffix and source
/// snippet.
pub(crate) fn yaml_error(e: &serde_saphyr::Error) -> ParseError {
    let location = e.location();
    let line = location
        .and_then(|l| u32::try_from(l.line()).ok())
        .filter(|l| *l > 0);
    let column = location
        .and_then(|l| u32::try_from(l.column()).ok())
        .filter(|c| *c > 0);
    let message = e.without_snippet().to_string();
    let message = match (line, column) {
        (Some(l), Some(c)) => message
            .strip_suffix(&format!(" at line {l}, column {c}"))
            .map(str::to_owned)
            .unwrap_or(message),
        _ => message,
    };
    ParseError::at(line, column, message)
}
