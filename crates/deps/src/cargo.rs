//! `Cargo.lock` (v1–v4) against the RustSec database: the same query cargo-audit makes
//! (crates collection, withdrawn and informational advisories left out, only packages from the
//! default registry: path, git and workspace crates never match a registry advisory).

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;

use gatehouse_engine::config::InformationalConfig;
use gatehouse_engine::{FileScan, SourceFile};
use gatehouse_model::{Confidence, ErrorEntry, Finding, Fingerprint, Location, Severity};
use rustsec::advisory::Informational;
use rustsec::cargo_lock::{Lockfile, Package};
use rustsec::database::Query;
use rustsec::{Collection, Vulnerability};

/// Audit one `Cargo.lock`: vulnerabilities, and informational advisories (unmaintained,
/// unsound, notice) at their configured severity.
pub fn audit(
    file: &SourceFile<'_>,
    db: &rustsec::Database,
    informational: &InformationalConfig,
) -> FileScan {
    let mut scan = FileScan::default();
    let text = match std::str::from_utf8(file.bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = file.lines().line(e.valid_up_to());
            scan.errors
                .push(unreadable(file.rel, Some(line), "not valid UTF-8"));
            return scan;
        }
    };
    // The TOML first, for a located syntax error; then cargo-lock's own checks.
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        let line = e.span().map(|span| file.lines().line(span.start));
        scan.errors.push(unreadable(file.rel, line, e.message()));
        return scan;
    }
    let lockfile = match Lockfile::from_str(text) {
        Ok(lockfile) => lockfile,
        Err(e) => {
            scan.errors.push(unreadable(file.rel, None, &e.to_string()));
            return scan;
        }
    };
    let graph = Graph::new(&lockfile);
    let lines = package_lines(text);
    // One pass for vulnerabilities and informational advisories alike: cargo-audit's crate
    // scope (crates collection, withdrawn left out) without its informational filter.
    let scope = Query::new().collection(Collection::Crates).withdrawn(false);
    for advisory in db.query_vulnerabilities(&lockfile, &scope) {
        let info = match &advisory.advisory.informational {
            None => None,
            Some(kind) => {
                let level = match kind {
                    Informational::Unmaintained => informational.unmaintained,
                    Informational::Unsound => informational.unsound,
                    Informational::Notice => informational.notice,
                    _ => continue,
                };
                let Some(severity) = level.severity() else {
                    continue;
                };
                Some((kind.as_str(), severity))
            }
        };
        scan.findings
            .push(finding(file, &lines, &advisory, info, &graph));
    }
    scan
}

fn unreadable(rel: &str, line: Option<u32>, why: &str) -> ErrorEntry {
    ErrorEntry::new(
        rel,
        line,
        format!("deps: Cargo.lock cannot be audited: {}", why.trim()),
    )
    .in_family(crate::FAMILY)
}

/// A finding for an advisory; `informational` is (kind, configured severity) for RustSec's
/// informational advisories.
fn finding(
    file: &SourceFile<'_>,
    lines: &HashMap<(String, String), u32>,
    v: &Vulnerability,
    informational: Option<(&str, Severity)>,
    graph: &Graph<'_>,
) -> Finding {
    let name = v.package.name.as_str();
    let version = v.package.version.to_string();
    let advisory = &v.advisory;
    let id = advisory.id.as_str();
    let (severity, scored) = match (&advisory.cvss, informational) {
        (_, Some((_, severity))) => (severity, true),
        (Some(cvss), None) => (severity_of(cvss.severity()), true),
        (None, None) => (Severity::Medium, false),
    };
    let aliases: Vec<String> = advisory
        .aliases
        .iter()
        .chain(&advisory.related)
        .map(ToString::to_string)
        .collect();
    let fixed = smallest_fix(&v.versions, &v.package.version);
    let mut message = format!("{name} {version}: {} ({id}", advisory.title);
    if let Some((kind, _)) = informational {
        message.push_str(&format!("; informational: {kind}"));
    }
    if !aliases.is_empty() {
        message.push_str(", also ");
        message.push_str(&aliases.join(", "));
    }
    message.push(')');
    match &fixed {
        Some(fixed) => message.push_str(&format!("; fixed in {fixed}")),
        None => message.push_str("; no fixed version"),
    }
    if let Some(path) = graph.path_to(&v.package) {
        let how = if path.len() <= 2 {
            "direct"
        } else {
            "transitive"
        };
        message.push_str(&format!("; {how}: {}", path.join(" > ")));
    }
    if !scored {
        message.push_str("; no CVSS score given, so severity is the default (medium)");
    }
    let line = lines
        .get(&(name.to_string(), version.clone()))
        .copied()
        .unwrap_or(1);
    let url = advisory
        .url
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| format!("https://rustsec.org/advisories/{id}"));
    Finding {
        rule_id: id.to_string(),
        family: crate::FAMILY.to_string(),
        severity,
        confidence: Confidence::High,
        title: advisory.title.clone(),
        message,
        location: Location {
            path: file.rel.to_string(),
            start_line: line,
            start_column: 1,
            end_line: line.saturating_add(1),
            end_column: 1,
            commit: None,
        },
        snippet: format!("{name} {version}"),
        fingerprint: Fingerprint::compute(id, file.rel, &format!("{name}@{version}"), None),
        policies: crate::POLICIES.iter().map(|p| p.to_string()).collect(),
        cwe: Vec::new(),
        help: Some(format!("{}\n\n{url}", advisory.description.trim())),
        fix: Some(match &fixed {
            Some(fixed) => format!("Upgrade {name} to {fixed} or later."),
            None => format!("No fixed release of {name}: remove it or replace it."),
        }),
        suppressed: None,
    }
}

/// The lockfile's dependency graph, for "how does this package get in".
struct Graph<'a> {
    packages: &'a [Package],
    by_id: HashMap<(&'a str, String), usize>,
}

impl<'a> Graph<'a> {
    fn new(lockfile: &'a Lockfile) -> Self {
        let by_id = lockfile
            .packages
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.name.as_str(), p.version.to_string()), i))
            .collect();
        Graph {
            packages: &lockfile.packages,
            by_id,
        }
    }

    /// The shortest chain of package names from a workspace member (a package with no
    /// source) to `target`, both included; `None` when no member leads to it.
    fn path_to(&self, target: &Package) -> Option<Vec<String>> {
        let goal = *self
            .by_id
            .get(&(target.name.as_str(), target.version.to_string()))?;
        let mut previous: Vec<Option<usize>> = vec![None; self.packages.len()];
        let mut seen = vec![false; self.packages.len()];
        let mut queue = VecDeque::new();
        for (i, package) in self.packages.iter().enumerate() {
            if package.source.is_none() {
                seen[i] = true;
                queue.push_back(i);
            }
        }
        while let Some(at) = queue.pop_front() {
            if at == goal {
                let mut chain = vec![self.packages[at].name.as_str().to_string()];
                let mut cursor = at;
                while let Some(before) = previous[cursor] {
                    chain.push(self.packages[before].name.as_str().to_string());
                    cursor = before;
                }
                chain.reverse();
                return Some(chain);
            }
            for dependency in &self.packages[at].dependencies {
                let key = (dependency.name.as_str(), dependency.version.to_string());
                if let Some(&next) = self.by_id.get(&key)
                    && !seen[next]
                {
                    seen[next] = true;
                    previous[next] = Some(at);
                    queue.push_back(next);
                }
            }
        }
        None
    }
}

fn severity_of(severity: rustsec::advisory::Severity) -> Severity {
    use rustsec::advisory::Severity as S;
    match severity {
        S::Critical => Severity::Critical,
        S::High => Severity::High,
        S::Medium => Severity::Medium,
        S::Low => Severity::Low,
        S::None => Severity::Info,
    }
}

/// The smallest version named by a `patched` requirement that is above the installed one.
fn smallest_fix(
    versions: &rustsec::advisory::Versions,
    installed: &rustsec::Version,
) -> Option<rustsec::Version> {
    versions
        .patched()
        .iter()
        .flat_map(|req| &req.comparators)
        .map(|c| rustsec::Version::new(c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0)))
        .filter(|v| v > installed && !versions.is_vulnerable(v))
        .min()
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
