//! `Gemfile.lock` (and `gems.locked`): the `specs:` of the GEM, GIT and PATH sections, each gem
//! at four spaces (`    name (version[-platform])`) with its dependencies at six. GIT and PATH
//! gems are not from the registry; a platform suffix is dropped from the version, and the
//! platform variants of one gem are one package. The DEPENDENCIES section gives the direct
//! dependencies, and the chains start from them under a root named `(Gemfile)`. Other sections
//! (PLATFORMS, RUBY VERSION, CHECKSUMS, BUNDLED WITH, …) are skipped.

use std::collections::{HashMap, HashSet};

use crate::npm::finish;
use crate::{Ecosystem, Package, ParseError, Parsed, shortest_paths};

/// The root of the chains.
const ROOT: &str = "(Gemfile)";

enum Section {
    /// GEM (`registry`), GIT or PATH.
    Source {
        registry: bool,
        specs: bool,
    },
    Dependencies,
    Other,
}

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut section: Option<Section> = None;
    let mut packages = Vec::new();
    let mut edges: HashMap<String, Vec<String>> = HashMap::new();
    let mut direct: Option<HashSet<String>> = None;
    // The gem whose dependencies follow.
    let mut current: Option<String> = None;
    for (number, raw) in text.lines().enumerate() {
        let line = u32::try_from(number + 1).unwrap_or(u32::MAX);
        if raw.trim().is_empty() {
            continue;
        }
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        let column = u32::try_from(indent + 1).ok();
        let error = |message: String| Err(ParseError::at(Some(line), column, message));
        if indent == 0 {
            let header = content.trim_end();
            if !header.starts_with(|c: char| c.is_ascii_uppercase())
                || !header.chars().all(|c| c.is_ascii_uppercase() || c == ' ')
            {
                return error(format!("expected a section header, found `{header}`"));
            }
            section = Some(match header {
                "GEM" => Section::Source {
                    registry: true,
                    specs: false,
                },
                "GIT" | "PATH" => Section::Source {
                    registry: false,
                    specs: false,
                },
                "DEPENDENCIES" => {
                    direct.get_or_insert_default();
                    Section::Dependencies
                }
                _ => Section::Other,
            });
            current = None;
            continue;
        }
        match &mut section {
            None => return error("expected a section header".to_owned()),
            Some(Section::Other) => {}
            Some(Section::Dependencies) => {
                if indent != 2 {
                    return error(format!(
                        "unexpected indentation in DEPENDENCIES: `{content}`"
                    ));
                }
                let name = content
                    .split([' ', '!'])
                    .next()
                    .filter(|name| !name.is_empty())
                    .unwrap_or(content);
                direct.get_or_insert_default().insert(name.to_owned());
                edges
                    .entry(ROOT.to_owned())
                    .or_default()
                    .push(name.to_owned());
            }
            Some(Section::Source { registry, specs }) => match indent {
                2 if content.trim_end() == "specs:" => *specs = true,
                2 if content.contains(':') => {}
                4 if *specs => {
                    let Some((name, version)) = spec(content) else {
                        return error(format!("expected `name (version)`, found `{content}`"));
                    };
                    current = Some(name.to_owned());
                    edges.entry(name.to_owned()).or_default();
                    packages.push(Package {
                        ecosystem: Ecosystem::RubyGems,
                        name: name.to_owned(),
                        version: version.to_owned(),
                        line,
                        file: None,
                        registry: *registry,
                        direct: None,
                        path: Vec::new(),
                    });
                }
                6 if current.is_some() => {
                    let dependency = content.split(' ').next().unwrap_or(content);
                    if let Some(gem) = &current {
                        edges
                            .entry(gem.clone())
                            .or_default()
                            .push(dependency.to_owned());
                    }
                }
                _ => return error(format!("unexpected line in a source section: `{content}`")),
            },
        }
    }
    let paths = shortest_paths(&[ROOT.to_owned()], &edges);
    for package in &mut packages {
        package.direct = direct.as_ref().map(|names| names.contains(&package.name));
        package.path = paths.get(&package.name).cloned().unwrap_or_default();
    }
    Ok(finish(packages))
}

/// A spec line, `name (version)` or `name (version-platform)`: the name and the version.
fn spec(content: &str) -> Option<(&str, &str)> {
    let (name, rest) = content.trim_end().split_once(" (")?;
    let version = rest.strip_suffix(')')?;
    let version = version.split('-').next().unwrap_or(version);
    let valid = |s: &str| !s.is_empty() && !s.contains([' ', '(', ')']);
    (valid(name) && valid(version)).then_some((name, version))
}
