//! From the advisories that affect a package to findings: advisories known under shared ids
//! (a RUSTSEC advisory, the GHSA advisory aliasing it, the CVE both name) are one finding
//! listing every id; severity, fix advice and the dependency chain are said on it.

use std::cmp::Ordering;

use gatehouse_engine::config::{InformationalConfig, SeverityOrOff};
use gatehouse_lockfiles::Package;
use gatehouse_model::{Confidence, Finding, Fingerprint, Location, Severity};

use crate::advisory::{Advisory, Verdict};
use crate::version;

/// An advisory affecting a package, with the smallest fix it names above the installed version.
pub type Hit<'a> = (&'a Advisory, Option<String>);

/// How findings are graded.
pub struct Grading<'a> {
    pub informational: &'a InformationalConfig,
    /// The severity of a vulnerability whose advisories give no score.
    pub default_severity: Severity,
}

/// The findings for one package of the lockfile at `rel`, from the advisories affecting it.
pub fn findings(
    rel: &str,
    package: &Package,
    hits: &[Hit<'_>],
    grading: &Grading<'_>,
) -> Vec<Finding> {
    groups(hits)
        .into_iter()
        .filter_map(|group| finding(rel, package, &group, grading))
        .collect()
}

/// The hits partitioned into groups of one vulnerability: two advisories are one when either
/// names an id of the other.
fn groups<'h, 'a>(hits: &'h [Hit<'a>]) -> Vec<Vec<&'h Hit<'a>>> {
    let mut groups: Vec<(Vec<&str>, Vec<&'h Hit<'a>>)> = Vec::new();
    for hit in hits {
        let ids: Vec<&str> = hit.0.ids().collect();
        let mut merged = (ids, vec![hit]);
        let mut index = 0;
        while index < groups.len() {
            if groups[index].0.iter().any(|id| merged.0.contains(id)) {
                let (ids, members) = groups.swap_remove(index);
                merged.0.extend(ids);
                merged.1.extend(members);
            } else {
                index += 1;
            }
        }
        groups.push(merged);
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// The id a group is reported under: RustSec's, else GHSA's, else the first record's; CVE
/// numbers only when nothing else names it. Stable whichever databases are present.
fn rank(id: &str) -> u8 {
    if id.starts_with("RUSTSEC-") {
        0
    } else if id.starts_with("GHSA-") {
        1
    } else if id.starts_with("CVE-") {
        3
    } else {
        2
    }
}

fn finding(
    rel: &str,
    package: &Package,
    group: &[&Hit<'_>],
    grading: &Grading<'_>,
) -> Option<Finding> {
    let mut ids: Vec<&str> = group.iter().flat_map(|(a, _)| a.ids()).collect();
    ids.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    ids.dedup();
    let primary_id = *ids.first()?;
    let primary = group
        .iter()
        .map(|(a, _)| *a)
        .find(|a| a.id == primary_id)
        .or_else(|| group.first().map(|(a, _)| *a))?;
    // Informational only when every advisory of the group is.
    let informational = group
        .iter()
        .map(|(a, _)| a.informational.as_deref())
        .collect::<Option<Vec<&str>>>()
        .and_then(|kinds| kinds.first().copied());
    let (severity, scored) = match informational {
        Some(kind) => (informational_severity(grading.informational, kind)?, true),
        None => match group.iter().filter_map(|(a, _)| a.severity()).max() {
            Some(severity) => (severity, true),
            None => (grading.default_severity, false),
        },
    };
    // The fix every source agrees on: the largest of the smallest fixes each names.
    let fixed = group
        .iter()
        .filter_map(|(_, fixed)| fixed.as_deref())
        .max_by(|a, b| version::compare(package.ecosystem, a, b).unwrap_or(Ordering::Equal))
        .map(str::to_string);

    let name = &package.name;
    let version = &package.version;
    let mut message = format!("{name} {version}: {} ({primary_id}", primary.summary);
    if let Some(kind) = informational {
        message.push_str(&format!("; informational: {kind}"));
    }
    let others: Vec<&str> = ids.iter().copied().filter(|id| *id != primary_id).collect();
    if !others.is_empty() {
        message.push_str(", also ");
        message.push_str(&others.join(", "));
    }
    message.push(')');
    match &fixed {
        Some(fixed) => message.push_str(&format!("; fixed in {fixed}")),
        None => message.push_str("; no fixed version"),
    }
    if let Some(os) = primary.affected.iter().find(|a| !a.os.is_empty()) {
        message.push_str(&format!("; only on {}", os.os.join(", ")));
    }
    if package.path.len() >= 2 {
        let how = if package.path.len() == 2 {
            "direct"
        } else {
            "transitive"
        };
        message.push_str(&format!("; {how}: {}", package.path.join(" > ")));
    } else if let Some(direct) = package.direct {
        message.push_str(if direct { "; direct" } else { "; transitive" });
    }
    if !scored {
        message.push_str(&format!(
            "; no CVSS score given, so severity is the default ({})",
            grading.default_severity.as_str()
        ));
    }
    let mut help = primary.details.trim().to_string();
    let mut links: Vec<String> = Vec::new();
    for (advisory, _) in group {
        let link = advisory.link();
        if !links.contains(&link) {
            links.push(link);
        }
    }
    for link in &links {
        help.push_str("\n\n");
        help.push_str(link);
    }
    let path = package.file.as_deref().unwrap_or(rel);
    let line = package.line.max(1);
    Some(Finding {
        rule_id: primary_id.to_string(),
        family: crate::FAMILY.to_string(),
        severity,
        confidence: Confidence::High,
        title: primary.summary.clone(),
        message,
        location: Location {
            path: path.to_string(),
            start_line: line,
            start_column: 1,
            end_line: line.saturating_add(1),
            end_column: 1,
            commit: None,
        },
        snippet: format!("{name} {version}"),
        fingerprint: Fingerprint::compute(primary_id, path, &format!("{name}@{version}"), None),
        policies: crate::POLICIES.iter().map(|p| p.to_string()).collect(),
        cwe: Vec::new(),
        aliases: others.iter().map(|id| id.to_string()).collect(),
        help: Some(help.trim().to_string()),
        fix: Some(match &fixed {
            Some(fixed) => format!("Upgrade {name} to {fixed} or later."),
            None => format!("No fixed release of {name}: remove it or replace it."),
        }),
        suppressed: None,
        new: None,
        trace: Vec::new(),
        context: Vec::new(),
    })
}

/// The configured severity of an informational kind; `None` when it is off (or a kind
/// gatehouse does not report).
fn informational_severity(config: &InformationalConfig, kind: &str) -> Option<Severity> {
    let level: SeverityOrOff = match kind {
        "unmaintained" => config.unmaintained,
        "unsound" => config.unsound,
        "notice" => config.notice,
        _ => return None,
    };
    level.severity()
}

/// Hits from a verdict list: affected ones with their fix; unknown verdicts are returned
/// apart (with why), to be said.
pub fn split_verdicts(verdicts: Vec<(&Advisory, Verdict)>) -> (Vec<Hit<'_>>, Vec<Unjudged<'_>>) {
    let mut hits = Vec::new();
    let mut unknown = Vec::new();
    for (advisory, verdict) in verdicts {
        match verdict {
            Verdict::Affected { fixed } => hits.push((advisory, fixed)),
            Verdict::Unknown(why) => unknown.push((advisory, why)),
            Verdict::Unaffected => {}
        }
    }
    (hits, unknown)
}

/// An advisory no verdict could be given for, and why.
pub type Unjudged<'a> = (&'a Advisory, String);
