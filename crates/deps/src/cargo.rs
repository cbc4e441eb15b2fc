//! `Cargo.lock` (v1–v4), read with the `cargo-lock` crate (through `rustsec`): its packages in
//! the shared package model. Only packages from the default registry (crates.io) are registry
//! packages: path, git and workspace crates never match a registry advisory.

use std::collections::HashMap;

use gatehouse_lockfiles::{Ecosystem, Package as Pinned, ParseError};
use rustsec::cargo_lock::Lockfile;

/// The packages of a `Cargo.lock`, each with its line and, where a workspace member leads to
/// it, the chain of crates that pulls it in.
pub fn read(text: &str) -> Result<Vec<Pinned>, ParseError> {
    // Deserialised with our TOML reader, so that syntax and type errors alike are located;
    // cargo-lock's `FromStr` is the same deserialisation, its error unlocated.
    let lockfile: Lockfile = toml::from_str(text).map_err(|e| ParseError::toml(text, &e))?;
    let chains = chains(&lockfile);
    let lines = package_lines(text);
    let packages = lockfile
        .packages
        .iter()
        .zip(chains)
        .map(|(package, path)| {
            let version = package.version.to_string();
            Pinned {
                ecosystem: Ecosystem::CratesIo,
                name: package.name.as_str().to_string(),
                line: lines
                    .get(&(package.name.as_str().to_string(), version.clone()))
                    .copied()
                    .unwrap_or(1),
                version,
                file: None,
                registry: package
                    .source
                    .as_ref()
                    .is_some_and(|s| s.is_default_registry()),
                direct: (!path.is_empty()).then_some(path.len() <= 2),
                path,
            }
        })
        .collect();
    Ok(packages)
}

/// The shortest chain of package names from a workspace member (a package with no source) to
/// each package reachable from one, both included: one breadth-first walk for the whole file.
fn chains(lockfile: &Lockfile) -> Vec<Vec<String>> {
    let packages = &lockfile.packages;
    let by_id: HashMap<(&str, &rustsec::Version), usize> = packages
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.name.as_str(), &p.version), i))
        .collect();
    let edges: HashMap<usize, Vec<usize>> = packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let next = p
                .dependencies
                .iter()
                .filter_map(|d| by_id.get(&(d.name.as_str(), &d.version)).copied())
                .collect();
            (i, next)
        })
        .collect();
    let roots: Vec<usize> = packages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.source.is_none())
        .map(|(i, _)| i)
        .collect();
    let paths = gatehouse_lockfiles::shortest_paths(&roots, &edges);
    (0..packages.len())
        .map(|i| {
            paths
                .get(&i)
                .map(|chain| {
                    chain
                        .iter()
                        .filter_map(|&at| packages.get(at))
                        .map(|p| p.name.as_str().to_string())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// The line of each `[[package]]` entry's `name = "…"`, by (name, version).
fn package_lines(text: &str) -> HashMap<(String, String), u32> {
    let quoted = |line: &str, key: &str| -> Option<String> {
        let value = line
            .trim()
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?;
        Some(
            value
                .trim()
                .strip_prefix('"')?
                .strip_suffix('"')?
                .to_string(),
        )
    };
    let mut lines = HashMap::new();
    let mut previous: Option<(String, u32)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if let (Some((name, at)), Some(version)) = (previous.take(), quoted(line, "version")) {
            lines.entry((name, version)).or_insert(at);
        }
        previous = quoted(line, "name").map(|name| (name, number));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_each_package_version() {
        let text = "version = 3\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"a\"\nversion = \"2.0.0\"\n";
        let lines = package_lines(text);
        let at = |n: &str, v: &str| lines.get(&(n.to_string(), v.to_string())).copied();
        assert_eq!(at("a", "2.0.0"), Some(8));
        assert_eq!(at("a", "1.0.0"), Some(4));
        assert_eq!(at("b", "1.0.0"), None);
    }
}
