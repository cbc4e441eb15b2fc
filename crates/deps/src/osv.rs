//! OSV records (<https://ossf.github.io/osv-schema/>): one JSON file per vulnerability, in a
//! directory tree or in the per-ecosystem `all.zip` archives OSV publishes.
//!
//! Records are read tolerantly (unknown fields ignored, missing lists empty) but a file that is
//! not JSON, or not an OSV record, is reported with its position; it is never silently skipped.
//! Withdrawn records, ecosystems gatehouse does not audit and GIT ranges are dropped on reading.

use std::io::Read;
use std::path::Path;

use gatehouse_lockfiles::Ecosystem;
use serde::Deserialize;
use serde_json::Value;

use crate::advisory::{Advisory, Affected, Event, Origin, Range};
use crate::index::SourceData;

/// The largest record read from an archive (real ones are a few kilobytes).
const MAX_RECORD: u64 = 16 * 1024 * 1024;

/// A record that could not be read: where, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RecordError {
    /// The file (and `!entry` inside an archive).
    pub path: String,
    pub line: Option<u32>,
    pub message: String,
}

#[derive(Deserialize)]
struct Record {
    id: String,
    withdrawn: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    summary: Option<String>,
    details: Option<String>,
    #[serde(default)]
    severity: Vec<SeverityEntry>,
    #[serde(default)]
    affected: Vec<RecordAffected>,
    #[serde(default)]
    references: Vec<Reference>,
    database_specific: Option<Value>,
}

#[derive(Deserialize)]
struct SeverityEntry {
    #[serde(rename = "type")]
    kind: String,
    score: String,
}

#[derive(Deserialize)]
struct Reference {
    #[serde(rename = "type")]
    kind: String,
    url: String,
}

#[derive(Deserialize)]
struct RecordAffected {
    package: Option<RecordPackage>,
    #[serde(default)]
    ranges: Vec<RecordRange>,
    #[serde(default)]
    versions: Vec<String>,
    #[serde(default)]
    severity: Vec<SeverityEntry>,
    ecosystem_specific: Option<Value>,
    database_specific: Option<Value>,
}

#[derive(Deserialize)]
struct RecordPackage {
    ecosystem: String,
    name: String,
}

#[derive(Deserialize)]
struct RecordRange {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<RecordEvent>,
}

#[derive(Deserialize)]
struct RecordEvent {
    introduced: Option<String>,
    fixed: Option<String>,
    last_affected: Option<String>,
    limit: Option<String>,
}

/// Read one record's JSON. `Ok(None)` for a record that cannot apply to any package gatehouse
/// audits (withdrawn, other ecosystems only).
pub fn parse_record(text: &str) -> Result<Option<Advisory>, (Option<u32>, String)> {
    let record: Record = serde_json::from_str(text).map_err(|e| {
        let line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
        (line, format!("not an OSV record: {e}"))
    })?;
    if record.withdrawn.is_some() {
        return Ok(None);
    }
    let mut cvss = Vec::new();
    let mut push_vectors = |entries: &[SeverityEntry]| {
        // CVSS v4 before v3: the newer scoring is preferred when a record gives both.
        for kind in ["CVSS_V4", "CVSS_V3"] {
            for entry in entries.iter().filter(|s| s.kind == kind) {
                if !cvss.contains(&entry.score) {
                    cvss.push(entry.score.clone());
                }
            }
        }
    };
    push_vectors(&record.severity);
    let mut affected = Vec::new();
    let mut informational = string_at(record.database_specific.as_ref(), &["informational"]);
    let mut label = string_at(record.database_specific.as_ref(), &["severity"]);
    for entry in &record.affected {
        push_vectors(&entry.severity);
        let Some(package) = &entry.package else {
            continue;
        };
        let Some(ecosystem) = Ecosystem::from_osv(&package.ecosystem) else {
            continue;
        };
        let ranges = entry
            .ranges
            .iter()
            .filter(|r| r.kind == "SEMVER" || r.kind == "ECOSYSTEM")
            .map(|r| Range {
                kind: r.kind.clone(),
                events: r.events.iter().filter_map(event).collect(),
            })
            .collect();
        let specific = entry.ecosystem_specific.as_ref();
        let os = specific
            .and_then(|s| s.pointer("/affects/os"))
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        informational = informational
            .or_else(|| string_at(entry.database_specific.as_ref(), &["informational"]));
        label = label
            .or_else(|| string_at(specific, &["severity"]))
            .or_else(|| string_at(entry.database_specific.as_ref(), &["severity"]));
        affected.push(Affected {
            ecosystem,
            name: package.name.clone(),
            ranges,
            versions: entry.versions.clone(),
            os,
        });
    }
    if affected.is_empty() {
        return Ok(None);
    }
    let url = ["ADVISORY", "WEB", "REPORT"]
        .iter()
        .find_map(|kind| record.references.iter().find(|r| r.kind == *kind))
        .map(|r| r.url.clone());
    let summary = record
        .summary
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            record
                .details
                .as_deref()
                .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| record.id.clone());
    Ok(Some(Advisory {
        id: record.id,
        origin: Origin::Osv,
        aliases: record.aliases,
        related: record.related,
        summary,
        details: record.details.unwrap_or_default(),
        url,
        cvss,
        severity_label: label,
        informational,
        affected,
    }))
}

fn event(e: &RecordEvent) -> Option<Event> {
    if let Some(v) = &e.introduced {
        Some(Event::Introduced(v.clone()))
    } else if let Some(v) = &e.fixed {
        Some(Event::Fixed(v.clone()))
    } else if let Some(v) = &e.last_affected {
        Some(Event::LastAffected(v.clone()))
    } else {
        e.limit.as_ref().map(|v| Event::Limit(v.clone()))
    }
}

fn string_at(value: Option<&Value>, path: &[&str]) -> Option<String> {
    let mut at = value?;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str().map(str::to_string)
}

/// Add the record in `text` (read from `path`) to `data`, or say why it cannot be read.
fn take(data: &mut SourceData, path: String, text: &str) {
    match parse_record(text) {
        Ok(Some(advisory)) => data.advisories.push(advisory),
        Ok(None) => {}
        Err((line, message)) => data.errors.push(RecordError {
            path,
            line,
            message,
        }),
    }
}

/// Read every `*.json` record and every `*.zip` archive of records in `paths` (files, or
/// directories searched recursively).
pub fn load(paths: &[std::path::PathBuf]) -> SourceData {
    let mut loaded = SourceData::default();
    for path in paths {
        load_file(path, &mut loaded);
    }
    loaded
}

fn load_file(path: &Path, loaded: &mut SourceData) {
    let shown = path.display().to_string();
    let io_error = |loaded: &mut SourceData, e: std::io::Error| {
        loaded.errors.push(RecordError {
            path: shown.clone(),
            line: None,
            message: format!("cannot be read: {e}"),
        })
    };
    if path.extension().is_some_and(|e| e == "json") {
        match std::fs::read_to_string(path) {
            Ok(text) => take(loaded, shown.clone(), &text),
            Err(e) => io_error(loaded, e),
        }
    } else if path.extension().is_some_and(|e| e == "zip")
        && let Err(e) = load_zip(path, loaded)
    {
        loaded.errors.push(RecordError {
            path: shown,
            line: None,
            message: format!("not a readable zip archive: {e}"),
        });
    }
}

fn load_zip(path: &Path, loaded: &mut SourceData) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut archive =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if !entry.is_file() || !name.ends_with(".json") {
            continue;
        }
        let shown = format!("{}!{name}", path.display());
        text.clear();
        if entry.size() > MAX_RECORD {
            loaded.errors.push(RecordError {
                path: shown,
                line: None,
                message: format!("larger than {MAX_RECORD} bytes: not read"),
            });
            continue;
        }
        if let Err(e) = (&mut entry).take(MAX_RECORD).read_to_string(&mut text) {
            loaded.errors.push(RecordError {
                path: shown,
                line: None,
                message: format!("cannot be read: {e}"),
            });
            continue;
        }
        take(loaded, shown, &text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_record_and_drops_what_cannot_apply() {
        let text = r#"{
          "id": "GHSA-xxxx-0001", "aliases": ["CVE-2099-1"], "summary": "Bad thing",
          "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
          "affected": [
            {"package": {"ecosystem": "npm", "name": "left-pad"},
             "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]},
                        {"type": "GIT", "repo": "x", "events": [{"introduced": "abc"}]}],
             "versions": ["1.0.0"]},
            {"package": {"ecosystem": "Debian:12", "name": "left-pad"}}
          ],
          "references": [{"type": "WEB", "url": "https://w"}, {"type": "ADVISORY", "url": "https://a"}],
          "database_specific": {"severity": "HIGH"}
        }"#;
        let advisory = parse_record(text).unwrap().unwrap();
        assert_eq!(advisory.affected.len(), 1);
        assert_eq!(advisory.affected[0].ranges.len(), 1);
        assert_eq!(advisory.url.as_deref(), Some("https://a"));
        assert_eq!(advisory.severity_label.as_deref(), Some("HIGH"));
        assert_eq!(advisory.cvss.len(), 1);
        let withdrawn = r#"{"id": "W", "withdrawn": "2020-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "npm", "name": "a"}}]}"#;
        assert_eq!(parse_record(withdrawn).unwrap(), None);
        let (line, message) = parse_record("{\n  \"id\": 3\n}").unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("not an OSV record"), "{message}");
    }
}
