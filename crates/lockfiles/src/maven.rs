//! Maven readers: `pom.xml` dependencies (of the project, its `dependencyManagement` and its
//! profiles) with literal versions or versions from the pom's own properties, and Gradle's
//! `gradle.lockfile`.
//!
//! A pom's dependency whose version cannot be known from the pom alone (a parent's or BOM's
//! managed version, a property defined elsewhere, a version range) gets a [`Note`] instead.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use crate::{Ecosystem, Note, Package, ParseError, Parsed};

/// How deep property values may refer to other properties.
const PROPERTY_DEPTH: u8 = 16;

/// The longest interpolated value: longer is not a version (and would be an expansion bomb).
const MAX_VALUE: usize = 1024;

fn maven(name: String, version: String, line: u32) -> Package {
    Package {
        ecosystem: Ecosystem::Maven,
        name,
        version,
        line,
        file: None,
        registry: true,
        direct: None,
        path: Vec::new(),
    }
}

/// The first child element of `node` named `name` (any namespace).
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// The child elements of `node` named `name` (any namespace).
fn children<'a, 'i>(node: Node<'a, 'i>, name: &str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The trimmed text of the child element `name`, if it has one.
fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).map(|n| n.text().unwrap_or("").trim())
}

/// The `<dependency>` elements of a `<dependencies>` child of `node`.
fn dependencies<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    children(node, "dependencies").flat_map(|d| children(d, "dependency"))
}

/// Properties for `${…}` interpolation: the pom's (and a profile's) `<properties>` and the
/// `project.*` coordinates.
#[derive(Clone, Default)]
struct Properties {
    /// As written.
    raw: HashMap<String, String>,
    /// Each property with its references resolved, or the reference that cannot be.
    resolved: HashMap<String, Result<String, String>>,
}

impl Properties {
    fn new(raw: HashMap<String, String>) -> Properties {
        let mut resolved = HashMap::new();
        for name in raw.keys() {
            // Kept in `resolved`, failures included.
            let _ = resolve_property(name, &raw, &mut resolved, 0);
        }
        Properties { raw, resolved }
    }

    /// These, with the `<properties>` of `node` over them.
    fn with(&self, node: Node<'_, '_>) -> Properties {
        let mut raw = self.raw.clone();
        for property in child(node, "properties")
            .into_iter()
            .flat_map(|p| p.children().filter(Node::is_element))
        {
            raw.insert(
                property.tag_name().name().to_string(),
                property.text().unwrap_or("").trim().to_string(),
            );
        }
        Properties::new(raw)
    }

    /// `value` with its `${name}` references replaced; the reference that cannot be, if any.
    fn resolve(&self, value: &str) -> Result<String, String> {
        substitute(value, |name| {
            self.resolved
                .get(name)
                .cloned()
                .unwrap_or_else(|| Err(format!("${{{name}}}")))
        })
    }
}

/// Resolves the property `name`, and those it refers to, into `resolved` (each once, so that
/// neither cycles nor fan-out make this slow).
fn resolve_property(
    name: &str,
    raw: &HashMap<String, String>,
    resolved: &mut HashMap<String, Result<String, String>>,
    depth: u8,
) -> Result<String, String> {
    if let Some(done) = resolved.get(name) {
        return done.clone();
    }
    let result = match raw.get(name) {
        Some(value) if depth < PROPERTY_DEPTH => substitute(value, |inner| {
            resolve_property(inner, raw, resolved, depth + 1)
        }),
        _ => Err(format!("${{{name}}}")),
    };
    resolved.insert(name.to_string(), result.clone());
    result
}

/// `value` with each `${name}` replaced by `lookup(name)`; the first reference that cannot be
/// (or an unterminated one), if any.
fn substitute(
    value: &str,
    mut lookup: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        let Some((name, after)) = after.split_once('}') else {
            return Err(format!("${{{after}"));
        };
        out.push_str(&lookup(name)?);
        if out.len() > MAX_VALUE {
            return Err(format!("${{{name}}}"));
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// What a `<dependency>` gives.
enum Dependency {
    Package(String, String),
    /// Why it is not audited.
    Unaudited(String),
    /// No version here, but this pom's `dependencyManagement` pins it (and is audited).
    Managed,
}

/// Reads one `<dependency>`.
fn dependency(
    node: Node<'_, '_>,
    properties: &Properties,
    managed: &HashSet<String>,
) -> Dependency {
    let resolve = |field: &str| child_text(node, field).map(|v| properties.resolve(v));
    let (Some(group), Some(artifact)) = (resolve("groupId"), resolve("artifactId")) else {
        return Dependency::Unaudited(
            "dependency without groupId or artifactId, not audited".into(),
        );
    };
    let name = match (group, artifact) {
        (Ok(group), Ok(artifact)) => format!("{group}:{artifact}"),
        (Err(unknown), _) | (_, Err(unknown)) => {
            return Dependency::Unaudited(format!(
                "dependency coordinates use `{unknown}`, which this pom alone does not resolve, not audited"
            ));
        }
    };
    match resolve("version") {
        None if managed.contains(&name) => Dependency::Managed,
        None => Dependency::Unaudited(format!(
            "`{name}` has no version here (managed by a parent or BOM), not audited"
        )),
        Some(Err(unknown)) => Dependency::Unaudited(format!(
            "`{name}` version uses `{unknown}`, which this pom alone does not resolve, not audited"
        )),
        Some(Ok(version)) if version.starts_with(['[', '(']) => Dependency::Unaudited(format!(
            "`{name}` version `{version}` is a range, not audited"
        )),
        Some(Ok(version)) if version.is_empty() || version == "LATEST" || version == "RELEASE" => {
            Dependency::Unaudited(format!(
                "`{name}` version `{version}` is not an exact version, not audited"
            ))
        }
        Some(Ok(version)) => Dependency::Package(name, version),
    }
}

/// `pom.xml`: every dependency it declares is direct, with the chain [project, dependency].
pub fn parse_pom(text: &str) -> Result<Parsed, ParseError> {
    let doc = Document::parse(text).map_err(|e| {
        let at = e.pos();
        ParseError::at(Some(at.row), Some(at.col), e.to_string())
    })?;
    let line = |node: Node<'_, '_>| doc.text_pos_at(node.range().start).row;
    let project = doc.root_element();
    if project.tag_name().name() != "project" {
        return Err(ParseError::at(
            Some(line(project)),
            None,
            format!(
                "root element is <{}>, not <project>",
                project.tag_name().name()
            ),
        ));
    }
    let parent = child(project, "parent");
    let mut builtin = HashMap::new();
    let coordinates = [
        ("groupId", child_text(project, "groupId")),
        ("artifactId", child_text(project, "artifactId")),
        ("version", child_text(project, "version")),
    ];
    for (field, value) in coordinates {
        let inherited = parent.and_then(|p| child_text(p, field));
        if let Some(inherited) = inherited {
            builtin.insert(format!("project.parent.{field}"), inherited.to_string());
        }
        // The group and version are inherited from the parent when not given.
        if let Some(value) = value.or(inherited.filter(|_| field != "artifactId")) {
            builtin.insert(format!("project.{field}"), value.to_string());
        }
    }
    let properties = Properties {
        raw: builtin,
        resolved: HashMap::new(),
    }
    .with(project);
    let coordinate = |field: &str| properties.resolved.get(field).cloned()?.ok();
    let project_id = coordinate("project.groupId")
        .zip(coordinate("project.artifactId"))
        .map(|(group, artifact)| format!("{group}:{artifact}"));

    // (dependency, the properties in scope, whether it is a managed version)
    let mut entries = Vec::new();
    for (scope, properties) in std::iter::once((project, properties.clone())).chain(
        children(project, "profiles")
            .flat_map(|p| children(p, "profile"))
            .map(|profile| (profile, properties.with(profile))),
    ) {
        for node in children(scope, "dependencyManagement").flat_map(dependencies) {
            entries.push((node, properties.clone(), true));
        }
        for node in dependencies(scope) {
            entries.push((node, properties.clone(), false));
        }
    }
    // Managed entries first, so that unversioned dependencies can refer to them.
    entries.sort_by_key(|(_, _, is_managed)| !is_managed);
    let mut managed = HashSet::new();
    let mut parsed = Parsed::default();
    for (node, properties, is_managed) in entries {
        let line = line(node);
        match dependency(node, &properties, &managed) {
            Dependency::Package(name, version) => {
                if is_managed {
                    managed.insert(name.clone());
                }
                let mut package = maven(name, version, line);
                package.direct = Some(true);
                if let Some(project) = &project_id {
                    package.path = vec![project.clone(), package.name.clone()];
                }
                parsed.packages.push(package);
            }
            Dependency::Unaudited(message) => parsed.notes.push(Note {
                file: None,
                line,
                message,
            }),
            Dependency::Managed => {}
        }
    }
    parsed.packages.sort_by_key(|p| p.line);
    parsed.notes.sort_by_key(|n| n.line);
    Ok(parsed)
}

/// `gradle.lockfile`: `group:artifact:version=configuration,…` lines.
pub fn parse_gradle(text: &str) -> Result<Parsed, ParseError> {
    let mut parsed = Parsed::default();
    for (line, raw) in (1u32..).zip(text.lines()) {
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') || entry.starts_with("empty=") {
            continue;
        }
        let coordinates = entry.split_once('=').map_or(entry, |(c, _)| c);
        match coordinates.split(':').collect::<Vec<_>>().as_slice() {
            [group, artifact, version]
                if entry.contains('=')
                    && [group, artifact, version]
                        .iter()
                        .all(|p| !p.is_empty() && !p.contains(char::is_whitespace)) =>
            {
                parsed.packages.push(maven(
                    format!("{group}:{artifact}"),
                    version.to_string(),
                    line,
                ));
            }
            _ => {
                return Err(ParseError::at(
                    Some(line),
                    None,
                    format!("expected `group:artifact:version=configurations`, found `{entry}`"),
                ));
            }
        }
    }
    Ok(parsed)
}
