//! Lockfile readers: the packages a lockfile (or pinned manifest) names, each with its
//! ecosystem, exact version, the line of its entry, whether it comes from the package registry,
//! and — where the file says — whether it is a direct dependency and the chain that pulls it in.
//!
//! Readers never panic on input: a file that cannot be read gives a [`ParseError`] naming the
//! line (and column) where the format allows it.
//!
//! `Cargo.lock` is not here: the dependency family reads it with the `rustsec` crate.

use std::collections::{HashMap, VecDeque};

mod composer;
mod gemfile;
mod go;
mod maven;
mod npm;
mod pnpm;
mod python;
mod yarn;

/// The package ecosystems, named as OSV names them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Ecosystem {
    CratesIo,
    Npm,
    PyPI,
    Go,
    Maven,
    RubyGems,
    Packagist,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 7] = [
        Ecosystem::CratesIo,
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::Go,
        Ecosystem::Maven,
        Ecosystem::RubyGems,
        Ecosystem::Packagist,
    ];

    /// The name OSV records use in `affected[].package.ecosystem`.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::Go => "Go",
            Ecosystem::Maven => "Maven",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
        }
    }

    /// The ecosystem an OSV ecosystem name denotes; OSV suffixes (`"Maven:https://…"`,
    /// `"Debian:12"`) are ignored.
    pub fn from_osv(name: &str) -> Option<Ecosystem> {
        let base = name.split(':').next().unwrap_or(name);
        Ecosystem::ALL.into_iter().find(|e| e.osv_name() == base)
    }
}

/// The kinds of file read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `package-lock.json` (v1, v2, v3) and `npm-shrinkwrap.json`.
    PackageLock,
    /// `yarn.lock`, classic (v1) and berry (v2+, YAML).
    YarnLock,
    /// `pnpm-lock.yaml` (v5, v6, v9).
    PnpmLock,
    /// `requirements*.txt` (and `*requirements.txt`): `==` pins, hashes, `-r` includes.
    Requirements,
    PoetryLock,
    PipfileLock,
    UvLock,
    /// `go.mod`.
    GoMod,
    /// `pom.xml` dependencies with literal (or same-file property) versions.
    PomXml,
    GradleLockfile,
    GemfileLock,
    ComposerLock,
}

impl Kind {
    /// The kind of file at `rel` (a `/`-separated path), by its name.
    pub fn of(rel: &str) -> Option<Kind> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        Some(match name {
            "package-lock.json" | "npm-shrinkwrap.json" => Kind::PackageLock,
            "yarn.lock" => Kind::YarnLock,
            "pnpm-lock.yaml" => Kind::PnpmLock,
            "poetry.lock" => Kind::PoetryLock,
            "Pipfile.lock" => Kind::PipfileLock,
            "uv.lock" => Kind::UvLock,
            "go.mod" => Kind::GoMod,
            "pom.xml" => Kind::PomXml,
            "gradle.lockfile" => Kind::GradleLockfile,
            "Gemfile.lock" | "gems.locked" => Kind::GemfileLock,
            "composer.lock" => Kind::ComposerLock,
            _ if name.ends_with(".txt")
                && (name.starts_with("requirements") || name.ends_with("requirements.txt")) =>
            {
                Kind::Requirements
            }
            _ => return None,
        })
    }

    /// The file's usual name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Kind::PackageLock => "package-lock.json",
            Kind::YarnLock => "yarn.lock",
            Kind::PnpmLock => "pnpm-lock.yaml",
            Kind::Requirements => "requirements file",
            Kind::PoetryLock => "poetry.lock",
            Kind::PipfileLock => "Pipfile.lock",
            Kind::UvLock => "uv.lock",
            Kind::GoMod => "go.mod",
            Kind::PomXml => "pom.xml",
            Kind::GradleLockfile => "gradle.lockfile",
            Kind::GemfileLock => "Gemfile.lock",
            Kind::ComposerLock => "composer.lock",
        }
    }

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Kind::PackageLock | Kind::YarnLock | Kind::PnpmLock => Ecosystem::Npm,
            Kind::Requirements | Kind::PoetryLock | Kind::PipfileLock | Kind::UvLock => {
                Ecosystem::PyPI
            }
            Kind::GoMod => Ecosystem::Go,
            Kind::PomXml | Kind::GradleLockfile => Ecosystem::Maven,
            Kind::GemfileLock => Ecosystem::RubyGems,
            Kind::ComposerLock => Ecosystem::Packagist,
        }
    }
}

/// One package a lockfile pins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub ecosystem: Ecosystem,
    /// As the ecosystem spells it: npm `@scope/name`, Maven `group:artifact`, Go module path,
    /// Packagist `vendor/name`; PyPI names as written (matching normalises them).
    pub name: String,
    /// The exact version, as the file gives it (without a leading `==`).
    pub version: String,
    /// 1-based line of the package's entry.
    pub line: u32,
    /// The root-relative path of the file the entry is in, when it is not the file parsed
    /// (a requirements file included with `-r`).
    pub file: Option<String>,
    /// `false` for packages that do not come from the ecosystem's registry: path, git, URL,
    /// workspace members, links. Those never match a registry advisory.
    pub registry: bool,
    /// Whether the project depends on it directly, where the file says.
    pub direct: Option<bool>,
    /// The shortest chain of package names from a root (the project or a workspace member) to
    /// this package, both included, where the file gives the dependency graph; empty otherwise.
    pub path: Vec<String>,
}

/// What a file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub packages: Vec<Package>,
    /// Things the reader could not audit and says so (unpinned requirements, unresolved Maven
    /// properties), each with its line.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Root-relative path, when not the file parsed.
    pub file: Option<String>,
    pub line: u32,
    pub message: String,
}

/// A file that cannot be read as its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Root-relative path, when the error is in another file than the one parsed (an include).
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl ParseError {
    pub fn at(line: Option<u32>, column: Option<u32>, message: impl Into<String>) -> Self {
        ParseError {
            file: None,
            line,
            column,
            message: message.into(),
        }
    }

    /// A serde_json error, located.
    pub fn json(e: &serde_json::Error) -> Self {
        let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
        let column = u32::try_from(e.column()).ok().filter(|c| *c > 0);
        // serde_json appends the position to its message; it is kept apart here.
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message);
        ParseError::at(line, column, message)
    }

    /// A TOML error, located.
    pub fn toml(text: &str, e: &toml::de::Error) -> Self {
        match e.span() {
            Some(span) => {
                let (line, column) = line_col(text, span.start);
                ParseError::at(Some(line), Some(column), e.message().trim())
            }
            None => ParseError::at(None, None, e.message().trim()),
        }
    }
}

/// Reads another file of the tree, by root-relative path (for `-r` includes).
pub type Reader<'a> = &'a dyn Fn(&str) -> std::io::Result<String>;

/// Read the file at `rel` (its `text`) as `kind`. `read` fetches included files.
pub fn parse(kind: Kind, rel: &str, text: &str, read: Reader<'_>) -> Result<Parsed, ParseError> {
    match kind {
        Kind::PackageLock => npm::parse(text),
        Kind::YarnLock => yarn::parse(text),
        Kind::PnpmLock => pnpm::parse(text),
        Kind::Requirements => python::parse_requirements(rel, text, read),
        Kind::PoetryLock => python::parse_poetry(text),
        Kind::PipfileLock => python::parse_pipfile(text),
        Kind::UvLock => python::parse_uv(text),
        Kind::GoMod => go::parse(text),
        Kind::PomXml => maven::parse_pom(text),
        Kind::GradleLockfile => maven::parse_gradle(text),
        Kind::GemfileLock => gemfile::parse(text),
        Kind::ComposerLock => composer::parse(text),
    }
}

/// 1-based (line, column) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> u32 {
    line_col(text, offset).0
}

/// The 1-based line of the first occurrence of `needle` at or after byte `from`, if any.
pub fn find_line(text: &str, needle: &str, from: usize) -> Option<u32> {
    let from = from.min(text.len());
    text.get(from..)?
        .find(needle)
        .map(|at| line_of(text, from + at))
}

/// Shortest chains from any of `roots` to every node reachable over `edges` (node → the nodes
/// it depends on), each chain root first and the node last. Nodes are any hashable key (a
/// name, or a name and version).
pub fn shortest_paths<K>(roots: &[K], edges: &HashMap<K, Vec<K>>) -> HashMap<K, Vec<K>>
where
    K: Clone + Eq + std::hash::Hash,
{
    let mut paths: HashMap<K, Vec<K>> = HashMap::new();
    let mut queue = VecDeque::new();
    for root in roots {
        if !paths.contains_key(root) {
            paths.insert(root.clone(), vec![root.clone()]);
            queue.push_back(root.clone());
        }
    }
    while let Some(at) = queue.pop_front() {
        let Some(next) = edges.get(&at) else {
            continue;
        };
        let here = paths.get(&at).cloned().unwrap_or_default();
        for dependency in next {
            if !paths.contains_key(dependency) {
                let mut chain = here.clone();
                chain.push(dependency.clone());
                paths.insert(dependency.clone(), chain);
                queue.push_back(dependency.clone());
            }
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_file_name() {
        assert_eq!(Kind::of("a/b/package-lock.json"), Some(Kind::PackageLock));
        assert_eq!(Kind::of("requirements-dev.txt"), Some(Kind::Requirements));
        assert_eq!(
            Kind::of("ci/test-requirements.txt"),
            Some(Kind::Requirements)
        );
        assert_eq!(Kind::of("notes.txt"), None);
        assert_eq!(Kind::of("Cargo.lock"), None);
    }

    #[test]
    fn ecosystems_round_trip_osv_names() {
        for e in Ecosystem::ALL {
            assert_eq!(Ecosystem::from_osv(e.osv_name()), Some(e));
        }
        assert_eq!(
            Ecosystem::from_osv("Maven:https://repo.example"),
            Some(Ecosystem::Maven)
        );
        assert_eq!(Ecosystem::from_osv("Debian:12"), None);
    }

    #[test]
    fn positions_and_paths() {
        let text = "ab\ncd\nef";
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(find_line(text, "ef", 0), Some(3));
        assert_eq!(find_line(text, "ab", 1), None);
        let edges: HashMap<&str, Vec<&str>> =
            HashMap::from([("app", vec!["a", "b"]), ("a", vec!["c"]), ("b", vec!["c"])]);
        let paths = shortest_paths(&["app"], &edges);
        assert_eq!(paths["c"], vec!["app", "a", "c"]);
        assert_eq!(paths["app"], vec!["app"]);
        assert!(!paths.contains_key("zz"));
    }
}
