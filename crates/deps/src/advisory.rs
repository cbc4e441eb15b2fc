//! One advisory model for both sources, in OSV's shape: RustSec advisories are converted to it
//! (their `patched`/`unaffected` requirements become SEMVER ranges exactly as the `rustsec` crate
//! computes them), OSV records are read into it. Matching, fix advice and severity work on it
//! alone, and it is what the on-disk index caches.

use std::collections::HashMap;
use std::str::FromStr;

use gatehouse_lockfiles::Ecosystem;
use gatehouse_model::Severity;
use serde::{Deserialize, Serialize};

use crate::version::{self, Version};

/// Which database an advisory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    RustSec,
    Osv,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    pub origin: Origin,
    /// Other ids of the same vulnerability (CVE, GHSA, RUSTSEC…).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Ids of related but different vulnerabilities.
    #[serde(default)]
    pub related: Vec<String>,
    pub summary: String,
    #[serde(default)]
    pub details: String,
    pub url: Option<String>,
    /// CVSS vectors (v3.x or v4.0), best first.
    #[serde(default)]
    pub cvss: Vec<String>,
    /// A qualitative severity when no vector is given (GHSA's `database_specific.severity`).
    pub severity_label: Option<String>,
    /// RustSec's informational kind (unmaintained, unsound, notice…), if it is one.
    pub informational: Option<String>,
    pub affected: Vec<Affected>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    pub ecosystem: Ecosystem,
    pub name: String,
    #[serde(default)]
    pub ranges: Vec<Range>,
    /// Versions listed one by one.
    #[serde(default)]
    pub versions: Vec<String>,
    /// Operating systems the advisory is limited to (RustSec `affected.os`); shown, not
    /// filtered on, as cargo-audit does without a target.
    #[serde(default)]
    pub os: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Range {
    /// `SEMVER` or `ECOSYSTEM` (both ordered by the ecosystem's rules here; GIT ranges are
    /// dropped when read: they name commits, not package versions).
    pub kind: String,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

impl Event {
    fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }
}

/// The verdict for one installed version against one `affected` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Unaffected,
    /// Affected; the smallest fixed version above the installed one, if any range names one.
    Affected {
        fixed: Option<String>,
    },
    /// The installed version, or an event of a range, does not parse in the ecosystem's
    /// version syntax: no verdict can be given.
    Unknown(String),
}

impl Affected {
    /// Whether `installed` is affected, per OSV's evaluation: explicit `versions`, then each
    /// range's events sorted by version (the last event at or below the version deciding),
    /// within the range's `limit`s if it has any (`*`: no limit). A range whose events do not
    /// parse is skipped; if nothing else says affected, the verdict is then unknown.
    pub fn verdict(&self, installed: &str) -> Verdict {
        let eco = self.ecosystem;
        let Some(v) = version::parse(eco, installed) else {
            return Verdict::Unknown(format!(
                "version {installed:?} is not a valid {} version",
                eco.osv_name()
            ));
        };
        let mut affected = self.versions.iter().any(|listed| {
            listed == installed || version::parse(eco, listed).is_some_and(|l| l == v)
        });
        let mut unknown = None;
        let mut fixes: Vec<(Version, &str)> = Vec::new();
        'ranges: for range in &self.ranges {
            let mut events: Vec<(Option<Version>, &Event)> = Vec::with_capacity(range.events.len());
            // `None`: the `*` limit (no bound).
            let mut limits: Vec<Option<Version>> = Vec::new();
            for event in &range.events {
                let text = event.version();
                let parsed = match event {
                    Event::Introduced(zero) if zero == "0" => None,
                    Event::Limit(star) if star == "*" => None,
                    _ => match version::parse(eco, text) {
                        Some(parsed) => Some(parsed),
                        None => {
                            unknown = Some(format!(
                                "range event {text:?} is not a valid {} version",
                                eco.osv_name()
                            ));
                            continue 'ranges;
                        }
                    },
                };
                match event {
                    Event::Limit(_) => limits.push(parsed),
                    _ => events.push((parsed, event)),
                }
            }
            // `None` (introduced "0") sorts first.
            events.sort_by(|a, b| a.0.cmp(&b.0));
            let mut inside = false;
            for (at, event) in &events {
                match (event, at) {
                    (Event::Introduced(_), None) => inside = true,
                    (Event::Introduced(_), Some(at)) => inside |= v >= *at,
                    (Event::Fixed(_), Some(at)) if v >= *at => inside = false,
                    (Event::LastAffected(_), Some(at)) if v > *at => inside = false,
                    _ => {}
                }
            }
            let below_a_limit = limits.is_empty()
                || limits
                    .iter()
                    .any(|limit| limit.as_ref().is_none_or(|limit| v < *limit));
            if inside && below_a_limit {
                affected = true;
                for (at, event) in events {
                    if let (Event::Fixed(text), Some(at)) = (event, at)
                        && at > v
                    {
                        fixes.push((at, text));
                    }
                }
            }
        }
        if !affected {
            return match unknown {
                Some(why) => Verdict::Unknown(why),
                None => Verdict::Unaffected,
            };
        }
        let fixed = fixes
            .into_iter()
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, text)| text.to_string());
        Verdict::Affected { fixed }
    }
}

impl Advisory {
    /// The severity from the best CVSS vector, else the qualitative label; `None` when the
    /// advisory gives neither.
    pub fn severity(&self) -> Option<Severity> {
        for vector in &self.cvss {
            if let Ok(cvss) = cvss::Cvss::from_str(vector) {
                return Some(match cvss.severity() {
                    cvss::Severity::Critical => Severity::Critical,
                    cvss::Severity::High => Severity::High,
                    cvss::Severity::Medium => Severity::Medium,
                    cvss::Severity::Low => Severity::Low,
                    cvss::Severity::None => Severity::Info,
                });
            }
        }
        match self
            .severity_label
            .as_deref()?
            .to_ascii_uppercase()
            .as_str()
        {
            "CRITICAL" => Some(Severity::Critical),
            "HIGH" => Some(Severity::High),
            "MODERATE" | "MEDIUM" => Some(Severity::Medium),
            "LOW" => Some(Severity::Low),
            _ => None,
        }
    }

    /// Every id this advisory is known by: its own and its aliases.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The page to read: the advisory's own URL, else its database's page.
    pub fn link(&self) -> String {
        match (&self.url, self.origin) {
            (Some(url), _) => url.clone(),
            (None, Origin::RustSec) => format!("https://rustsec.org/advisories/{}", self.id),
            (None, Origin::Osv) => format!("https://osv.dev/vulnerability/{}", self.id),
        }
    }
}

/// A package name as an ecosystem compares it: PyPI per PEP 503 (case-insensitive, runs of
/// `-`, `_`, `.` equal), Packagist case-insensitive, the others exactly.
pub fn normalize_name(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::PyPI => {
            let mut out = String::with_capacity(name.len());
            let mut separator = false;
            for c in name.trim().chars() {
                if matches!(c, '-' | '_' | '.') {
                    separator = true;
                    continue;
                }
                if separator && !out.is_empty() {
                    out.push('-');
                }
                separator = false;
                out.push(c.to_ascii_lowercase());
            }
            out
        }
        Ecosystem::Packagist => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

/// Advisories, indexed by the packages they name.
#[derive(Debug, Default)]
pub struct AdvisorySet {
    pub advisories: Vec<Advisory>,
    /// (ecosystem, normalised name) → (advisory, affected entry) indices.
    by_package: HashMap<(Ecosystem, String), Vec<(usize, usize)>>,
}

impl AdvisorySet {
    pub fn new(advisories: Vec<Advisory>) -> Self {
        let mut set = AdvisorySet {
            advisories: Vec::new(),
            by_package: HashMap::new(),
        };
        set.extend(advisories);
        set
    }

    pub fn extend(&mut self, advisories: Vec<Advisory>) {
        for advisory in advisories {
            let index = self.advisories.len();
            for (entry, affected) in advisory.affected.iter().enumerate() {
                self.by_package
                    .entry((
                        affected.ecosystem,
                        normalize_name(affected.ecosystem, &affected.name),
                    ))
                    .or_default()
                    .push((index, entry));
            }
            self.advisories.push(advisory);
        }
    }

    /// Whether any advisory names a package of this ecosystem.
    pub fn names(&self, ecosystem: Ecosystem) -> bool {
        self.by_package.keys().any(|(e, _)| *e == ecosystem)
    }

    /// Each advisory naming this package, with its verdict for the version (unaffected ones
    /// left out).
    pub fn lookup(
        &self,
        ecosystem: Ecosystem,
        name: &str,
        version: &str,
    ) -> Vec<(&Advisory, Verdict)> {
        let key = (ecosystem, normalize_name(ecosystem, name));
        let Some(entries) = self.by_package.get(&key) else {
            return Vec::new();
        };
        let mut hits: Vec<(&Advisory, Verdict)> = Vec::new();
        for &(index, entry) in entries {
            let Some(advisory) = self.advisories.get(index) else {
                continue;
            };
            let Some(affected) = advisory.affected.get(entry) else {
                continue;
            };
            let verdict = affected.verdict(version);
            if verdict == Verdict::Unaffected {
                continue;
            }
            // One advisory naming the package twice (two entries) is one hit: keep the
            // affected verdict with the smallest fix.
            if let Some(existing) = hits.iter_mut().find(|(a, _)| std::ptr::eq(*a, advisory)) {
                if matches!(existing.1, Verdict::Unknown(_)) {
                    existing.1 = verdict;
                }
                continue;
            }
            hits.push((advisory, verdict));
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn affected(ecosystem: Ecosystem, events: Vec<Event>, versions: &[&str]) -> Affected {
        Affected {
            ecosystem,
            name: "p".to_string(),
            ranges: vec![Range {
                kind: "ECOSYSTEM".to_string(),
                events,
            }],
            versions: versions.iter().map(ToString::to_string).collect(),
            os: Vec::new(),
        }
    }

    fn is_affected(a: &Affected, v: &str) -> bool {
        matches!(a.verdict(v), Verdict::Affected { .. })
    }

    #[test]
    fn ranges_follow_osv_evaluation() {
        use Event::*;
        // Two windows in one range, with a last_affected end.
        let a = affected(
            Ecosystem::PyPI,
            vec![
                Introduced("0".into()),
                Fixed("1.2".into()),
                Introduced("2.0".into()),
                LastAffected("2.3".into()),
            ],
            &[],
        );
        assert!(is_affected(&a, "0.1"));
        assert!(is_affected(&a, "1.1.9"));
        assert!(!is_affected(&a, "1.2"));
        assert!(!is_affected(&a, "1.9"));
        assert!(is_affected(&a, "2.0.0"));
        assert!(is_affected(&a, "2.3"));
        assert!(!is_affected(&a, "2.3.post1"));
        assert_eq!(
            a.verdict("1.0"),
            Verdict::Affected {
                fixed: Some("1.2".into())
            }
        );
        assert_eq!(a.verdict("2.1"), Verdict::Affected { fixed: None });
        // Events out of order are sorted first.
        let b = affected(
            Ecosystem::Npm,
            vec![Fixed("1.5.0".into()), Introduced("1.0.0".into())],
            &[],
        );
        assert!(is_affected(&b, "1.4.9"));
        assert!(!is_affected(&b, "0.9.0"));
        assert!(!is_affected(&b, "1.5.0"));
        // A listed version matches even outside every range.
        let c = affected(Ecosystem::Npm, vec![Introduced("3.0.0".into())], &["2.0.1"]);
        assert!(is_affected(&c, "2.0.1"));
        assert!(!is_affected(&c, "2.0.2"));
        // Garbage gives no verdict rather than a wrong one.
        assert!(matches!(c.verdict("latest"), Verdict::Unknown(_)));
        // Limits bound the whole range: below any of them; `*` is no bound.
        let d = affected(
            Ecosystem::Npm,
            vec![
                Introduced("0".into()),
                Limit("1.0.0".into()),
                Limit("2.0.0".into()),
            ],
            &[],
        );
        assert!(is_affected(&d, "1.5.0"));
        assert!(!is_affected(&d, "2.0.0"));
        let e = affected(
            Ecosystem::Maven,
            vec![Introduced("3.0".into()), Limit("*".into())],
            &[],
        );
        assert!(is_affected(&e, "3.5"));
        assert!(!is_affected(&e, "2.9"));
        // A range that cannot be read does not hide a listed version, and alone is unknown.
        let f = Affected {
            ranges: vec![Range {
                kind: "ECOSYSTEM".into(),
                events: vec![Introduced("not-a-version".into())],
            }],
            ..affected(Ecosystem::PyPI, vec![], &["1.0"])
        };
        assert!(is_affected(&f, "1.0"));
        assert!(matches!(f.verdict("1.1"), Verdict::Unknown(_)));
    }

    #[test]
    fn names_normalise_per_ecosystem() {
        assert_eq!(
            normalize_name(Ecosystem::PyPI, "Django_REST.framework"),
            "django-rest-framework"
        );
        assert_eq!(
            normalize_name(Ecosystem::PyPI, "zope..interface"),
            "zope-interface"
        );
        assert_eq!(
            normalize_name(Ecosystem::Packagist, "Symfony/HTTP-Kernel"),
            "symfony/http-kernel"
        );
        assert_eq!(normalize_name(Ecosystem::Npm, "Foo"), "Foo");
    }

    #[test]
    fn severity_from_vectors_and_labels() {
        let mut advisory = Advisory {
            id: "X".into(),
            origin: Origin::Osv,
            aliases: vec![],
            related: vec![],
            summary: String::new(),
            details: String::new(),
            url: None,
            cvss: vec!["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into()],
            severity_label: Some("LOW".into()),
            informational: None,
            affected: vec![],
        };
        assert_eq!(advisory.severity(), Some(Severity::Critical));
        advisory.cvss =
            vec!["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N".into()];
        assert_eq!(advisory.severity(), Some(Severity::Medium));
        advisory.cvss = vec!["not a vector".into()];
        assert_eq!(advisory.severity(), Some(Severity::Low));
        advisory.severity_label = None;
        assert_eq!(advisory.severity(), None);
    }
}
