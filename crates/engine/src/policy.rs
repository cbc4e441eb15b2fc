//! The policy catalog (P01–P12, embedded from `rules/policies/catalog.toml`), turning findings
//! and check outcomes into matrix rows, and the gate decision.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::check::PolicyVerdict;
use gatehouse_model::{
    BlockedMode, Counts, FailOn, FamilyStats, Finding, FrameworkControl, Gate, PolicyResult, Status,
};
use serde::Deserialize;

const CATALOG: &str = include_str!("../../../rules/policies/catalog.toml");

/// One policy of the catalog.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Filled from `rules/frameworks.toml`.
    #[serde(skip)]
    pub frameworks: Vec<FrameworkControl>,
}

/// The built-in catalog.
pub fn catalog() -> &'static [PolicyDef] {
    #[derive(Deserialize)]
    struct Catalog {
        policy: Vec<PolicyDef>,
    }
    static PARSED: OnceLock<Vec<PolicyDef>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut policies = toml::from_str::<Catalog>(CATALOG)
            .expect("embedded policy catalog is valid")
            .policy;
        // The controls each policy gives evidence for come from rules/frameworks.toml.
        for policy in &mut policies {
            for framework in crate::frameworks::frameworks() {
                for control in &framework.control {
                    if control.policies.contains(&policy.id) {
                        policy.frameworks.push(FrameworkControl {
                            framework: framework.name.clone(),
                            control: control.id.clone(),
                        });
                    }
                }
            }
        }
        policies
    })
}

/// How one family's run went, as far as the policies it feeds care.
#[derive(Debug, Clone)]
pub struct FamilyOutcome {
    pub family: String,
    pub policies: Vec<String>,
    /// Whether the family was selected for this run (`--only`, config `enabled`).
    pub selected: bool,
    /// Why it could not do its job, if it could not.
    pub blocked: Option<String>,
    /// Why there was nothing for it to check, if there was nothing.
    pub not_applicable: Option<String>,
    /// Why its evidence is weak, if it is (a stale database).
    pub warning: Option<String>,
    /// The family's own verdicts on single policies (see `RepoScan::verdicts`).
    pub verdicts: Vec<PolicyVerdict>,
    pub stats: FamilyStats,
}

/// How one family stands on one policy: its verdict on that policy when it gave one, else its
/// family-wide state.
struct Standing<'a> {
    failed: Option<&'a str>,
    blocked: Option<&'a str>,
    not_applicable: Option<&'a str>,
    warning: Option<&'a str>,
    evidence: &'a [String],
    implemented: Option<bool>,
    enforced: Option<bool>,
}

impl FamilyOutcome {
    fn standing(&self, policy: &str) -> Standing<'_> {
        match self.verdicts.iter().find(|v| v.policy == policy) {
            Some(verdict) => {
                let reason = verdict.reason.as_deref().or(Some("(no reason given)"));
                let mut standing = Standing {
                    failed: None,
                    blocked: None,
                    not_applicable: None,
                    warning: None,
                    evidence: &verdict.evidence,
                    implemented: verdict.implemented,
                    enforced: verdict.enforced,
                };
                match verdict.status {
                    Status::Fail => standing.failed = reason,
                    Status::Blocked => standing.blocked = reason,
                    Status::NotApplicable => standing.not_applicable = reason,
                    Status::Warn => standing.warning = reason,
                    Status::Pass | Status::Skipped => {}
                }
                standing
            }
            None => Standing {
                failed: None,
                blocked: self.blocked.as_deref(),
                not_applicable: self.not_applicable.as_deref(),
                warning: self.warning.as_deref(),
                evidence: &[],
                implemented: None,
                enforced: None,
            },
        }
    }
}

/// Evaluate every catalog policy. `unscanned` counts files no family could read (too large,
/// unreadable, symlink loops): a policy that would pass is only WARN while any exist.
pub fn evaluate(
    findings: &[Finding],
    outcomes: &[FamilyOutcome],
    fail_on: FailOn,
    unscanned: u64,
) -> Vec<PolicyResult> {
    let threshold = fail_on.threshold();
    catalog()
        .iter()
        .map(|def| {
            let feeding: Vec<&FamilyOutcome> = outcomes
                .iter()
                .filter(|o| o.policies.contains(&def.id))
                .collect();
            let ran: Vec<&&FamilyOutcome> = feeding.iter().filter(|o| o.selected).collect();
            let mut result = PolicyResult {
                id: def.id.clone(),
                title: def.title.clone(),
                status: Status::Pass,
                reason: None,
                implemented: None,
                enforced: None,
                evidence: Vec::new(),
                counts: Counts::default(),
                frameworks: def.frameworks.clone(),
            };
            if ran.is_empty() {
                result.status = Status::Skipped;
                result.reason = Some(if feeding.is_empty() {
                    "no check implemented yet".to_string()
                } else {
                    let names: Vec<&str> = feeding.iter().map(|o| o.family.as_str()).collect();
                    format!("not selected in this run (families: {})", names.join(", "))
                });
                return result;
            }
            let mine: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.policies.contains(&def.id))
                .collect();
            for finding in &mine {
                result.counts.add(finding);
            }
            let standings: Vec<(&str, Standing)> = ran
                .iter()
                .map(|o| (o.family.as_str(), o.standing(&def.id)))
                .collect();
            for outcome in &ran {
                let family_findings = mine.iter().filter(|f| f.family == outcome.family).count();
                result.evidence.push(format!(
                    "{}: {} files, {} bytes scanned; {} findings",
                    outcome.family, outcome.stats.files, outcome.stats.bytes, family_findings
                ));
            }
            for (_, standing) in &standings {
                result.evidence.extend(standing.evidence.iter().cloned());
            }
            result.implemented = any_evidence(standings.iter().map(|(_, s)| s.implemented));
            result.enforced = any_evidence(standings.iter().map(|(_, s)| s.enforced));
            let skipped: Vec<&str> = feeding
                .iter()
                .filter(|o| !o.selected)
                .map(|o| o.family.as_str())
                .collect();
            if !skipped.is_empty() {
                result.evidence.push(format!(
                    "not selected in this run, so not part of this verdict: {}",
                    skipped.join(", ")
                ));
            }
            let mut failed = reasons(&standings, |s| s.failed);
            let failing = threshold.map_or(0, |t| {
                mine.iter()
                    .filter(|f| gates(f) && f.severity >= t)
                    .count()
            });
            // `--new-only`: findings on lines the branch did not touch are reported, not gated.
            let old_failing = threshold.map_or(0, |t| {
                mine.iter()
                    .filter(|f| !f.is_suppressed() && f.new == Some(false) && f.severity >= t)
                    .count()
            });
            // A family's FAIL verdict whose findings are all on old lines (none gates, and some
            // are marked old: only `--new-only` marks them) is reported, not gated, too.
            let mut pre_existing = None;
            if !failed.is_empty()
                && mine.iter().any(|f| f.new == Some(false))
                && !mine.iter().any(|f| gates(f))
            {
                pre_existing = Some(format!(
                    "not new since the diff base (--new-only): {}",
                    failed.join("; ")
                ));
                failed.clear();
            }
            let blocked = reasons(&standings, |s| s.blocked);
            let open = result.counts.open();
            let not_applicable = reasons(&standings, |s| s.not_applicable);
            if !failed.is_empty() {
                result.status = Status::Fail;
                result.reason = Some(failed.join("; "));
            } else if failing > 0 {
                result.status = Status::Fail;
                result.reason = Some(format!(
                    "{failing} unsuppressed finding{} at or above {}",
                    plural(failing),
                    fail_on.as_str()
                ));
            } else if !blocked.is_empty() {
                result.status = Status::Blocked;
                result.reason = Some(blocked.join("; "));
            } else if let Some(reason) = pre_existing {
                result.status = Status::Warn;
                result.reason = Some(reason);
            } else if old_failing > 0 {
                result.status = Status::Warn;
                result.reason = Some(format!(
                    "{old_failing} finding{} at or above {}, none new since the diff base (--new-only)",
                    plural(old_failing),
                    fail_on.as_str()
                ));
            } else if mine.is_empty() && not_applicable.len() == ran.len() {
                result.status = Status::NotApplicable;
                result.reason = Some(not_applicable.join("; "));
            } else if open > 0 {
                result.status = Status::Warn;
                result.reason = Some(format!(
                    "{open} unsuppressed finding{} below the {} threshold",
                    plural(open as usize),
                    fail_on.as_str()
                ));
            } else if unscanned > 0 {
                result.status = Status::Warn;
                result.reason = Some(format!(
                    "no findings, but {unscanned} file{} could not be scanned (too large, unreadable or a symlink loop; see errors)",
                    plural(unscanned as usize)
                ));
            }
            let warnings = reasons(&standings, |s| s.warning);
            if !warnings.is_empty() {
                match result.status {
                    Status::Pass => {
                        result.status = Status::Warn;
                        result.reason = Some(warnings.join("; "));
                    }
                    Status::Warn => {
                        let mut reason = result.reason.take().unwrap_or_default();
                        for warning in &warnings {
                            reason.push_str("; ");
                            reason.push_str(warning);
                        }
                        result.reason = Some(reason);
                    }
                    _ => {}
                }
            }
            result
        })
        .collect()
}

/// Combined evidence of several families: true if any found it, false if one looked and none
/// found it, None when none could tell.
pub fn any_evidence(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    values.fold(None, |acc, v| match (acc, v) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        _ => None,
    })
}

/// "family: reason" for each family whose standing has the picked reason.
fn reasons<'a>(
    standings: &[(&str, Standing<'a>)],
    pick: impl Fn(&Standing<'a>) -> Option<&'a str>,
) -> Vec<String> {
    standings
        .iter()
        .filter_map(|(family, s)| pick(s).map(|r| format!("{family}: {r}")))
        .collect()
}

/// The gate decision: fail on unsuppressed findings at or above the threshold, on any FAIL
/// policy, and on BLOCKED policies when configured so.
pub fn decide(
    findings: &[Finding],
    policies: &[PolicyResult],
    fail_on: FailOn,
    blocked: BlockedMode,
) -> Gate {
    let mut reasons = Vec::new();
    if let Some(threshold) = fail_on.threshold() {
        let mut by_severity: BTreeMap<std::cmp::Reverse<gatehouse_model::Severity>, usize> =
            BTreeMap::new();
        for finding in findings
            .iter()
            .filter(|f| gates(f) && f.severity >= threshold)
        {
            *by_severity
                .entry(std::cmp::Reverse(finding.severity))
                .or_default() += 1;
        }
        for (severity, n) in by_severity {
            reasons.push(format!(
                "{n} unsuppressed {} finding{}",
                severity.0,
                plural(n)
            ));
        }
    }
    for policy in policies {
        match policy.status {
            Status::Fail => reasons.push(format!("{} {} is FAIL", policy.id, policy.title)),
            Status::Blocked if blocked == BlockedMode::Fail => reasons.push(format!(
                "{} {} is BLOCKED and `blocked = \"fail\"`",
                policy.id, policy.title
            )),
            _ => {}
        }
    }
    Gate {
        passed: reasons.is_empty(),
        fail_on,
        blocked,
        reasons,
    }
}

/// Whether a finding counts for the gate: not suppressed, and (with `--new-only`) new.
fn gates(finding: &Finding) -> bool {
    !finding.is_suppressed() && finding.new != Some(false)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_model::{Confidence, Fingerprint, Location, Severity};

    fn finding(severity: Severity) -> Finding {
        Finding {
            rule_id: "r".into(),
            family: "secrets".into(),
            severity,
            confidence: Confidence::High,
            title: "t".into(),
            message: "m".into(),
            location: Location {
                path: "a".into(),
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
                commit: None,
            },
            snippet: String::new(),
            fingerprint: Fingerprint::compute("r", "a", "x", None),
            policies: vec!["P02".into()],
            cwe: vec![],
            aliases: vec![],
            help: None,
            fix: None,
            suppressed: None,
            new: None,
        }
    }

    fn outcome(blocked: Option<&str>) -> FamilyOutcome {
        FamilyOutcome {
            family: "secrets".into(),
            policies: vec!["P02".into()],
            selected: true,
            blocked: blocked.map(str::to_string),
            not_applicable: None,
            warning: None,
            verdicts: Vec::new(),
            stats: FamilyStats::default(),
        }
    }

    fn status_of(policies: &[PolicyResult], id: &str) -> Status {
        policies.iter().find(|p| p.id == id).unwrap().status
    }

    #[test]
    fn a_failing_verdict_is_downgraded_only_for_old_lines_under_new_only() {
        let mut failing = outcome(None);
        failing.verdicts.push(crate::check::PolicyVerdict {
            policy: "P02".into(),
            status: Status::Fail,
            reason: Some("P02.literal-secret-env ×1".into()),
            evidence: Vec::new(),
            implemented: None,
            enforced: None,
        });
        let outcomes = [failing];
        let mut suppressed = finding(Severity::Low);
        suppressed.suppressed = Some(gatehouse_model::Suppression {
            kind: gatehouse_model::SuppressionKind::Baseline,
            reason: None,
            expires: None,
        });
        // Without --new-only, suppressing the findings does not turn the verdict into a pass.
        let policies = evaluate(
            std::slice::from_ref(&suppressed),
            &outcomes,
            FailOn::High,
            0,
        );
        assert_eq!(status_of(&policies, "P02"), Status::Fail);
        // With --new-only, a verdict resting on old lines only is WARN; one new line keeps FAIL.
        let mut old = finding(Severity::Low);
        old.new = Some(false);
        let policies = evaluate(std::slice::from_ref(&old), &outcomes, FailOn::High, 0);
        assert_eq!(status_of(&policies, "P02"), Status::Warn);
        let mut new = finding(Severity::Low);
        new.new = Some(true);
        let policies = evaluate(&[old, new], &outcomes, FailOn::High, 0);
        assert_eq!(status_of(&policies, "P02"), Status::Fail);
    }

    #[test]
    fn catalog_has_twelve_policies_with_frameworks() {
        let ids: Vec<&str> = catalog().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 12);
        assert_eq!(ids[0], "P01");
        assert_eq!(ids[11], "P12");
        assert!(catalog().iter().all(|p| !p.frameworks.is_empty()));
    }

    #[test]
    fn unimplemented_policies_are_skipped_never_pass() {
        let policies = evaluate(&[], &[outcome(None)], FailOn::High, 0);
        assert_eq!(status_of(&policies, "P02"), Status::Pass);
        for p in policies.iter().filter(|p| p.id != "P02") {
            assert_eq!(p.status, Status::Skipped);
            assert_eq!(p.reason.as_deref(), Some("no check implemented yet"));
        }
    }

    #[test]
    fn status_follows_threshold_blocked_and_suppression() {
        let high = finding(Severity::High);
        let low = finding(Severity::Low);
        let p = evaluate(
            std::slice::from_ref(&high),
            &[outcome(None)],
            FailOn::High,
            0,
        );
        assert_eq!(status_of(&p, "P02"), Status::Fail);
        let p = evaluate(
            std::slice::from_ref(&high),
            &[outcome(None)],
            FailOn::Critical,
            0,
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        let p = evaluate(
            std::slice::from_ref(&low),
            &[outcome(Some("no git"))],
            FailOn::High,
            0,
        );
        assert_eq!(status_of(&p, "P02"), Status::Blocked);
        let mut suppressed = high.clone();
        suppressed.suppressed = Some(gatehouse_model::Suppression {
            kind: gatehouse_model::SuppressionKind::Inline,
            reason: None,
            expires: None,
        });
        let p = evaluate(&[suppressed], &[outcome(None)], FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::Pass);
        assert_eq!(p[1].counts.suppressed, 1);
        let mut unselected = outcome(None);
        unselected.selected = false;
        let p = evaluate(&[], &[unselected], FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::Skipped);
        let p = evaluate(&[], &[outcome(None)], FailOn::High, 2);
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        // N/A only when every family that ran had nothing to check.
        let mut nothing = outcome(None);
        nothing.not_applicable = Some("no lockfiles".into());
        let p = evaluate(&[], std::slice::from_ref(&nothing), FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::NotApplicable);
        assert_eq!(p[1].reason.as_deref(), Some("secrets: no lockfiles"));
        let mut other = outcome(None);
        other.family = "sast".into();
        let p = evaluate(&[], &[nothing, other], FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::Pass);
        // A warning turns PASS into WARN and is added to a WARN's reason; FAIL stays FAIL.
        let mut stale = outcome(None);
        stale.warning = Some("database is 9 days old".into());
        let p = evaluate(&[], std::slice::from_ref(&stale), FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        assert_eq!(
            p[1].reason.as_deref(),
            Some("secrets: database is 9 days old")
        );
        let p = evaluate(
            std::slice::from_ref(&low),
            std::slice::from_ref(&stale),
            FailOn::High,
            0,
        );
        assert!(
            p[1].reason
                .as_deref()
                .unwrap()
                .ends_with("; secrets: database is 9 days old")
        );
        let p = evaluate(std::slice::from_ref(&high), &[stale], FailOn::High, 0);
        assert_eq!(status_of(&p, "P02"), Status::Fail);
    }

    #[test]
    fn gate_fails_on_threshold_and_configured_blocked() {
        let findings = [finding(Severity::Critical), finding(Severity::Medium)];
        let policies = evaluate(&findings, &[outcome(None)], FailOn::High, 0);
        let gate = decide(&findings, &policies, FailOn::High, BlockedMode::Warn);
        assert!(!gate.passed);
        assert!(gate.reasons[0].contains("1 unsuppressed critical finding"));
        let policies = evaluate(&findings, &[outcome(None)], FailOn::None, 0);
        assert!(decide(&findings, &policies, FailOn::None, BlockedMode::Warn).passed);

        let policies = evaluate(&[], &[outcome(Some("no git"))], FailOn::High, 0);
        assert!(decide(&[], &policies, FailOn::High, BlockedMode::Warn).passed);
        assert!(!decide(&[], &policies, FailOn::High, BlockedMode::Fail).passed);
    }
}
