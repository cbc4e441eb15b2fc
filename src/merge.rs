//! `gatehouse merge`: the JSON reports of a sharded run (`check --shard I/N`) combined into the
//! report one run over the whole tree would give: findings deduplicated, statistics summed,
//! each policy recombined from the shards' rows, and the gate decided again.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use gatehouse_engine::policy::{any_evidence, decide};
use gatehouse_model::{Counts, PolicyResult, Report, Status};

/// Which of the shards' statuses speaks for a policy: a failure anywhere fails it; a shard that
/// did not run the policy's family (SKIPPED) counts least.
fn rank(status: Status) -> u8 {
    match status {
        Status::Fail => 6,
        Status::Blocked => 5,
        Status::Warn => 4,
        Status::Pass => 3,
        Status::NotApplicable => 2,
        Status::Skipped => 1,
    }
}

pub fn merge(reports: Vec<Report>) -> Result<Report> {
    let Some(first) = reports.first() else {
        bail!("merge: no report");
    };
    for (i, r) in reports.iter().enumerate().skip(1) {
        if r.version != first.version {
            bail!(
                "report {}: version {} differs from {}",
                i + 1,
                r.version,
                first.version
            );
        }
        if (r.gate.fail_on, r.gate.blocked) != (first.gate.fail_on, first.gate.blocked) {
            bail!(
                "report {}: the gate settings (fail-on, blocked) differ from the first report's",
                i + 1
            );
        }
        if r.run.diff_base != first.run.diff_base {
            bail!(
                "report {}: --new-only diff base {:?}, the first report {:?}: not shards of one run",
                i + 1,
                r.run.diff_base,
                first.run.diff_base
            );
        }
        if r.run.commit != first.run.commit {
            bail!(
                "report {}: scanned commit {:?}, the first report {:?}: not shards of one run",
                i + 1,
                r.run.commit,
                first.run.commit
            );
        }
    }
    let mut merged = first.clone();
    merged.compliance = None;

    // Findings: a finding two shards both report (a whole-repository family) counts once.
    let mut seen = BTreeSet::new();
    merged.findings = reports
        .iter()
        .flat_map(|r| r.findings.iter())
        .filter(|f| {
            seen.insert((
                f.fingerprint.to_string(),
                f.location.path.clone(),
                f.location.start_line,
                f.rule_id.clone(),
            ))
        })
        .cloned()
        .collect();
    gatehouse_engine::sort_findings(&mut merged.findings);
    let mut seen = BTreeSet::new();
    merged.errors = reports
        .iter()
        .flat_map(|r| r.errors.iter())
        .filter(|e| seen.insert((e.path.clone(), e.line, e.message.clone())))
        .cloned()
        .collect();

    // Statistics: each family's summed; discovery saw the whole tree in every shard.
    let mut stats = BTreeMap::new();
    for r in &reports {
        for (family, s) in &r.stats {
            if family == "discovery" {
                stats.entry(family.clone()).or_insert_with(|| s.clone());
            } else {
                stats
                    .entry(family.clone())
                    .or_insert_with(Default::default)
                    .merge(s);
            }
        }
    }
    merged.stats = stats;

    merged.policies = first
        .policies
        .iter()
        .map(|row| {
            let rows: Vec<&PolicyResult> = reports
                .iter()
                .filter_map(|r| r.policies.iter().find(|p| p.id == row.id))
                .collect();
            let best = rows
                .iter()
                .map(|p| rank(p.status))
                .max()
                .unwrap_or_default();
            let winners: Vec<&&PolicyResult> =
                rows.iter().filter(|p| rank(p.status) == best).collect();
            let mut reasons: Vec<String> = Vec::new();
            for p in &winners {
                if let Some(reason) = &p.reason
                    && !reasons.contains(reason)
                {
                    reasons.push(reason.clone());
                }
            }
            let mut evidence: Vec<String> = Vec::new();
            for p in &rows {
                for e in &p.evidence {
                    if !evidence.contains(e) {
                        evidence.push(e.clone());
                    }
                }
            }
            let mut counts = Counts::default();
            for finding in merged
                .findings
                .iter()
                .filter(|f| f.policies.contains(&row.id))
            {
                counts.add(finding);
            }
            PolicyResult {
                id: row.id.clone(),
                title: row.title.clone(),
                status: winners.first().map_or(row.status, |p| p.status),
                reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
                implemented: any_evidence(rows.iter().map(|p| p.implemented)),
                enforced: any_evidence(rows.iter().map(|p| p.enforced)),
                evidence,
                counts,
                frameworks: row.frameworks.clone(),
            }
        })
        .collect();
    merged.gate = decide(
        &merged.findings,
        &merged.policies,
        first.gate.fail_on,
        first.gate.blocked,
    );

    let mut families: Vec<String> = Vec::new();
    for r in &reports {
        for f in &r.run.families {
            if !families.contains(f) {
                families.push(f.clone());
            }
        }
    }
    merged.run.families = families;
    merged.run.duration_ms = reports.iter().map(|r| r.run.duration_ms).max().unwrap_or(0);
    merged.run.started = reports
        .iter()
        .map(|r| r.run.started.clone())
        .min()
        .unwrap_or_default();
    let shards: Vec<String> = reports
        .iter()
        .map(|r| r.run.shard.clone().unwrap_or_else(|| "whole".to_string()))
        .collect();
    merged.run.shard = Some(format!("merged {}", shards.join(", ")));
    Ok(merged)
}
