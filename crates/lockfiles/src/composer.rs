//! `composer.lock`: the `packages` and `packages-dev` arrays. Versions are kept as written (a
//! leading `v` included); packages installed from a `path` repository are not from the
//! registry. The lock names no root project, so `direct` is unknown and chains are empty.

use std::collections::HashMap;

use serde::Deserialize;

use crate::npm::{Step, finish, json_lines};
use crate::{Ecosystem, Package, ParseError, Parsed};

#[derive(Deserialize)]
struct Lock {
    packages: Option<Vec<Entry>>,
    #[serde(rename = "packages-dev")]
    packages_dev: Option<Vec<Entry>>,
}

#[derive(Deserialize)]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    source: Option<Source>,
    dist: Option<Source>,
}

#[derive(Deserialize)]
struct Source {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Where an entry is: the line it starts on and the line of its `"name"`.
#[derive(Default, Clone, Copy)]
struct Lines {
    entry: u32,
    name: Option<u32>,
}

const SECTIONS: [&str; 2] = ["packages", "packages-dev"];

pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lock: Lock = serde_json::from_str(text).map_err(|e| ParseError::json(&e))?;
    let mut lines: HashMap<(&str, usize), Lines> = HashMap::new();
    json_lines(text, &mut |path, line| match path {
        [Step::Key(section), Step::Index(at)] => {
            if let Some(section) = SECTIONS.iter().find(|s| *s == section) {
                lines.entry((section, *at)).or_default().entry = line;
            }
        }
        [Step::Key(section), Step::Index(at), Step::Key(key)] if key == "name" => {
            if let Some(section) = SECTIONS.iter().find(|s| *s == section) {
                lines.entry((section, *at)).or_default().name = Some(line);
            }
        }
        _ => {}
    });
    let mut packages = Vec::new();
    for (section, entries) in SECTIONS.into_iter().zip([lock.packages, lock.packages_dev]) {
        for (at, entry) in entries.unwrap_or_default().into_iter().enumerate() {
            let here = lines.get(&(section, at)).copied().unwrap_or_default();
            let Some(name) = entry.name else {
                return Err(ParseError::at(
                    Some(here.entry.max(1)),
                    None,
                    format!("`{section}` entry {} has no name", at + 1),
                ));
            };
            let line = here.name.unwrap_or(here.entry).max(1);
            let Some(version) = entry.version else {
                return Err(ParseError::at(
                    Some(line),
                    None,
                    format!("package `{name}` has no version"),
                ));
            };
            let from_path = [&entry.source, &entry.dist]
                .into_iter()
                .flatten()
                .any(|source| source.kind.as_deref() == Some("path"));
            packages.push(Package {
                ecosystem: Ecosystem::Packagist,
                name,
                version,
                line,
                file: None,
                registry: !from_path,
                direct: None,
                path: Vec::new(),
            });
        }
    }
    Ok(finish(packages))
}
