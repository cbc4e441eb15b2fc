//! The policy catalog (P01–P13, embedded from `rules/policies/catalog.toml`), turning findings
//! and check outcomes into matrix rows, and the gate decision.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::check::PolicyVerdict;
use gatehouse_model::{
    BlockedMode, Counts, FailOn, FamilyStats, Finding, FrameworkControl, Gate, PolicyResult,
    Severity, Status, SuppressedMode, count_of,
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
    /// Its open findings at or above this severity fail their policies whatever the threshold
    /// (see `Check::fails_policy_at`).
    pub fails_at: Option<Severity>,
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

/// What judging the catalog needs besides the findings and the families' outcomes.
#[derive(Debug, Clone, Copy)]
pub struct Judging {
    pub fail_on: FailOn,
    /// The status of a policy whose findings are all suppressed.
    pub suppressed: SuppressedMode,
    /// Files no family could read (too large, unreadable, symlink loops): a policy that would
    /// pass is only WARN while any exist.
    pub unscanned: u64,
}

impl Judging {
    pub fn new(fail_on: FailOn) -> Self {
        Judging {
            fail_on,
            suppressed: SuppressedMode::Pass,
            unscanned: 0,
        }
    }
}

/// Evaluate every catalog policy over the findings as suppressed: a policy's status rests on
/// its open findings only, so a policy whose findings are all suppressed passes (or is WARN
/// with `suppressed = "warn"`), saying how many were suppressed.
pub fn evaluate(
    findings: &[Finding],
    outcomes: &[FamilyOutcome],
    judging: Judging,
) -> Vec<PolicyResult> {
    let fail_on = judging.fail_on;
    let threshold = fail_on.threshold();
    catalog()
        .iter()
        .map(|def| {
            let feeding: Vec<&FamilyOutcome> = outcomes
                .iter()
                .filter(|o| o.policies.contains(&def.id))
                .collect();
            let ran: Vec<&FamilyOutcome> =
                feeding.iter().copied().filter(|o| o.selected).collect();
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
                    "no family of this run checks it (the live families run in `gatehouse audit`)".to_string()
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
                    "{}: {}, {} bytes scanned; {}",
                    outcome.family,
                    count_of(outcome.stats.files, "file"),
                    outcome.stats.bytes,
                    count_of(family_findings as u64, "finding")
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

            // Which open findings fail the policy: those at or above the threshold, and those
            // at or above the severity at which their family's findings fail a policy.
            let fails = |f: &Finding| {
                threshold.is_some_and(|t| f.severity >= t)
                    || ran
                        .iter()
                        .find(|o| o.family == f.family)
                        .and_then(|o| o.fails_at)
                        .is_some_and(|at| f.severity >= at)
            };
            let failing: Vec<&Finding> =
                mine.iter().copied().filter(|f| gates(f) && fails(f)).collect();
            // `--new-only`: open findings on lines the branch did not touch are reported, not
            // gated.
            let old_failing: Vec<&Finding> = mine
                .iter()
                .copied()
                .filter(|f| !f.is_suppressed() && f.new == Some(false) && fails(f))
                .collect();
            let below: Vec<&Finding> = mine
                .iter()
                .copied()
                .filter(|f| !f.is_suppressed() && !fails(f))
                .collect();

            let mut failed = reasons(&standings, |s| s.failed);
            failed.extend(describe(&failing, &ran, |n| {
                format!(
                    "{} at or above {}",
                    count_of(n as u64, "unsuppressed finding"),
                    fail_on.as_str()
                )
            }));
            let blocked = reasons(&standings, |s| s.blocked);
            let not_applicable = reasons(&standings, |s| s.not_applicable);
            let warned = describe(&below, &ran, |n| match threshold {
                Some(_) => format!(
                    "{} below the {} threshold",
                    count_of(n as u64, "unsuppressed finding"),
                    fail_on.as_str()
                ),
                None => format!(
                    "{} (not gated: --fail-on none)",
                    count_of(n as u64, "unsuppressed finding")
                ),
            });
            let suppressed = result.counts.suppressed;
            if !failed.is_empty() {
                result.status = Status::Fail;
                result.reason = Some(failed.join("; "));
            } else if !blocked.is_empty() {
                result.status = Status::Blocked;
                result.reason = Some(blocked.join("; "));
            } else if !old_failing.is_empty() {
                result.status = Status::Warn;
                let what = describe(&old_failing, &ran, |n| {
                    format!(
                        "{} at or above {}",
                        count_of(n as u64, "finding"),
                        fail_on.as_str()
                    )
                });
                result.reason = Some(format!(
                    "not new since the diff base (--new-only): {}",
                    what.join("; ")
                ));
            } else if mine.is_empty() && not_applicable.len() == ran.len() {
                result.status = Status::NotApplicable;
                result.reason = Some(not_applicable.join("; "));
            } else if !warned.is_empty() {
                result.status = Status::Warn;
                result.reason = Some(warned.join("; "));
            } else if judging.unscanned > 0 {
                result.status = Status::Warn;
                result.reason = Some(format!(
                    "no findings, but {} could not be scanned (too large, unreadable or a symlink loop; see errors)",
                    count_of(judging.unscanned, "file")
                ));
            } else if suppressed > 0 {
                let how = suppressed_by(&mine);
                match judging.suppressed {
                    SuppressedMode::Pass => {
                        result.reason = Some(format!("{suppressed} suppressed ({how})"));
                    }
                    SuppressedMode::Warn => {
                        result.status = Status::Warn;
                        result.reason = Some(format!(
                            "accepted risk: {suppressed} suppressed ({how}; `suppressed = \"warn\"`)"
                        ));
                    }
                }
            }
            let warnings = reasons(&standings, |s| s.warning);
            if !warnings.is_empty() {
                match result.status {
                    Status::Pass => {
                        result.status = Status::Warn;
                        result.reason = Some(match result.reason.take() {
                            Some(reason) => format!("{}; {reason}", warnings.join("; ")),
                            None => warnings.join("; "),
                        });
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

/// The reasons some findings give: for a family whose findings are rule violations (it has
/// `fails_at`), "family: RULE ×n, …"; for the others together, `count(n)`.
fn describe(
    findings: &[&Finding],
    ran: &[&FamilyOutcome],
    count: impl Fn(usize) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    for outcome in ran.iter().filter(|o| o.fails_at.is_some()) {
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.family == outcome.family) {
            *by_rule.entry(f.rule_id.as_str()).or_default() += 1;
        }
        if !by_rule.is_empty() {
            let rules: Vec<String> = by_rule
                .iter()
                .map(|(rule, n)| format!("{rule} ×{n}"))
                .collect();
            out.push(format!("{}: {}", outcome.family, rules.join(", ")));
        }
    }
    let others = findings
        .iter()
        .filter(|f| {
            !ran.iter()
                .any(|o| o.fails_at.is_some() && o.family == f.family)
        })
        .count();
    if others > 0 {
        out.push(count(others));
    }
    out
}

/// How the suppressed ones of some findings were suppressed: "2 baseline, 1 inline".
fn suppressed_by(findings: &[&Finding]) -> String {
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for s in findings.iter().filter_map(|f| f.suppressed.as_ref()) {
        *by_kind.entry(s.kind.as_str()).or_default() += 1;
    }
    by_kind
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// The gate decision. With a threshold, the gate fails on open findings at or above it, on a
/// FAIL policy whose worst open finding is at or above it (or that rests on no finding), and on
/// BLOCKED policies with `blocked = "fail"`. `--fail-on none` never fails: it reports only.
/// What did not fail the gate but is not clean (a FAIL below the threshold, a BLOCKED policy,
/// open findings under `none`) is listed in the notes, so that nothing passes unseen.
pub fn decide(
    findings: &[Finding],
    policies: &[PolicyResult],
    fail_on: FailOn,
    blocked: BlockedMode,
) -> Gate {
    let mut reasons = Vec::new();
    let mut notes = Vec::new();
    let Some(threshold) = fail_on.threshold() else {
        let unclean = findings.iter().any(gates)
            || policies
                .iter()
                .any(|p| matches!(p.status, Status::Fail | Status::Blocked));
        if unclean {
            notes.push(
                "report only (--fail-on none): no finding and no FAIL or BLOCKED policy fails the gate"
                    .to_string(),
            );
        }
        return Gate {
            passed: true,
            fail_on,
            blocked,
            reasons,
            notes,
        };
    };
    let mut by_severity: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
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
    let mut blocked_ids = Vec::new();
    for policy in policies {
        let name = format!("{} {}", policy.id, policy.title);
        match policy.status {
            Status::Fail => {
                let worst = findings
                    .iter()
                    .filter(|f| gates(f) && f.policies.contains(&policy.id))
                    .map(|f| f.severity)
                    .max();
                match worst {
                    Some(worst) if worst < threshold => notes.push(format!(
                        "{name} is FAIL, not gating: its worst open finding is {worst}, below --fail-on {}",
                        fail_on.as_str()
                    )),
                    _ => reasons.push(format!("{name} is FAIL")),
                }
            }
            Status::Blocked => match blocked {
                BlockedMode::Fail => {
                    reasons.push(format!("{name} is BLOCKED and `blocked = \"fail\"`"))
                }
                BlockedMode::Warn => blocked_ids.push(policy.id.as_str()),
            },
            _ => {}
        }
    }
    if !blocked_ids.is_empty() {
        notes.push(format!(
            "{} BLOCKED, not gating (`blocked = \"warn\"`): the matrix says what is missing",
            blocked_ids.join(", ")
        ));
    }
    Gate {
        passed: reasons.is_empty(),
        fail_on,
        blocked,
        reasons,
        notes,
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
    use gatehouse_model::{Fingerprint, Severity};

    fn finding(severity: Severity) -> Finding {
        Finding {
            severity,
            ..crate::testing::finding("r", "a", 1)
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
            fails_at: None,
            stats: FamilyStats::default(),
        }
    }

    fn status_of(policies: &[PolicyResult], id: &str) -> Status {
        policies.iter().find(|p| p.id == id).unwrap().status
    }

    /// A family whose findings are rule violations (the policy checklist), feeding P02.
    fn rules_family() -> FamilyOutcome {
        FamilyOutcome {
            family: "policies".into(),
            fails_at: Some(Severity::High),
            ..outcome(None)
        }
    }

    fn violation(rule: &str, severity: Severity) -> Finding {
        Finding {
            rule_id: rule.into(),
            family: "policies".into(),
            fingerprint: Fingerprint::compute(rule, "a", "m", None),
            ..finding(severity)
        }
    }

    fn suppress(mut f: Finding, kind: gatehouse_model::SuppressionKind) -> Finding {
        f.suppressed = Some(gatehouse_model::Suppression {
            kind,
            reason: None,
            expires: None,
        });
        f
    }

    #[test]
    fn violations_fail_their_policy_until_suppressed() {
        use gatehouse_model::SuppressionKind::{Baseline, Inline};
        let outcomes = [rules_family()];
        let fail = violation("P02.literal-secret-env", Severity::High);
        let warn = violation("P02.plain-env", Severity::Medium);
        // A fail-level violation fails the policy whatever the threshold, even none.
        for fail_on in [FailOn::High, FailOn::Critical, FailOn::None] {
            let p = evaluate(
                std::slice::from_ref(&fail),
                &outcomes,
                Judging::new(fail_on),
            );
            assert_eq!(status_of(&p, "P02"), Status::Fail, "{fail_on:?}");
            assert_eq!(
                p[1].reason.as_deref(),
                Some("policies: P02.literal-secret-env ×1")
            );
        }
        // A warn-level one warns, unless the threshold reaches it.
        let p = evaluate(
            std::slice::from_ref(&warn),
            &outcomes,
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        assert_eq!(p[1].reason.as_deref(), Some("policies: P02.plain-env ×1"));
        let p = evaluate(
            std::slice::from_ref(&warn),
            &outcomes,
            Judging::new(FailOn::Medium),
        );
        assert_eq!(status_of(&p, "P02"), Status::Fail);
        // Every violation suppressed: PASS saying how many and how; WARN when asked.
        let all = [
            suppress(fail.clone(), Baseline),
            suppress(warn.clone(), Inline),
        ];
        let p = evaluate(&all, &outcomes, Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Pass);
        assert_eq!(
            p[1].reason.as_deref(),
            Some("2 suppressed (1 baseline, 1 inline)")
        );
        let visible = Judging {
            suppressed: SuppressedMode::Warn,
            ..Judging::new(FailOn::High)
        };
        let p = evaluate(&all, &outcomes, visible);
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        assert!(
            p[1].reason
                .as_deref()
                .unwrap()
                .starts_with("accepted risk: 2 suppressed")
        );
        // One of two suppressed: the other still decides.
        let p = evaluate(
            &[suppress(fail.clone(), Inline), warn.clone()],
            &outcomes,
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
    }

    #[test]
    fn violations_on_old_lines_only_warn_under_new_only() {
        let outcomes = [rules_family()];
        let mut old = violation("P02.literal-secret-env", Severity::High);
        old.new = Some(false);
        let p = evaluate(
            std::slice::from_ref(&old),
            &outcomes,
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        assert_eq!(
            p[1].reason.as_deref(),
            Some("not new since the diff base (--new-only): policies: P02.literal-secret-env ×1")
        );
        let mut new = old.clone();
        new.new = Some(true);
        let p = evaluate(&[old, new], &outcomes, Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Fail);
    }

    #[test]
    fn a_fail_verdict_without_findings_cannot_be_suppressed_away() {
        let mut failing = outcome(None);
        failing.verdicts.push(crate::check::PolicyVerdict {
            policy: "P02".into(),
            status: Status::Fail,
            reason: Some("the vault is sealed".into()),
            evidence: Vec::new(),
            implemented: None,
            enforced: None,
        });
        let p = evaluate(&[], &[failing], Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Fail);
        assert_eq!(p[1].reason.as_deref(), Some("secrets: the vault is sealed"));
        // Resting on no finding, it fails the gate at any threshold but none.
        assert!(!decide(&[], &p, FailOn::Critical, BlockedMode::Warn).passed);
        assert!(decide(&[], &p, FailOn::None, BlockedMode::Warn).passed);
    }

    #[test]
    fn a_fail_policy_gates_at_the_severity_of_its_worst_open_finding() {
        let outcomes = [rules_family()];
        let fail = violation("P02.literal-secret-env", Severity::High);
        let judge = |fail_on| {
            let p = evaluate(
                std::slice::from_ref(&fail),
                &outcomes,
                Judging::new(fail_on),
            );
            decide(std::slice::from_ref(&fail), &p, fail_on, BlockedMode::Fail)
        };
        let high = judge(FailOn::High);
        assert!(!high.passed);
        assert!(
            high.reasons
                .iter()
                .any(|r| r == "P02 Secrets through Vault is FAIL")
        );
        let critical = judge(FailOn::Critical);
        assert!(critical.passed, "{:?}", critical.reasons);
        assert_eq!(
            critical.notes,
            [
                "P02 Secrets through Vault is FAIL, not gating: its worst open finding is high, below --fail-on critical"
            ]
        );
        let none = judge(FailOn::None);
        assert!(none.passed);
        assert_eq!(none.notes.len(), 1);
        assert!(none.notes[0].starts_with("report only (--fail-on none)"));
    }

    #[test]
    fn catalog_has_thirteen_policies_with_frameworks() {
        let ids: Vec<&str> = catalog().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 13);
        assert_eq!(ids[0], "P01");
        assert_eq!(ids[11], "P12");
        assert_eq!(ids[12], "P13");
        assert!(catalog().iter().all(|p| !p.frameworks.is_empty()));
    }

    #[test]
    fn unimplemented_policies_are_skipped_never_pass() {
        let policies = evaluate(&[], &[outcome(None)], Judging::new(FailOn::High));
        assert_eq!(status_of(&policies, "P02"), Status::Pass);
        for p in policies.iter().filter(|p| p.id != "P02") {
            assert_eq!(p.status, Status::Skipped);
            assert_eq!(
                p.reason.as_deref(),
                Some(
                    "no family of this run checks it (the live families run in `gatehouse audit`)"
                )
            );
        }
    }

    #[test]
    fn status_follows_threshold_blocked_and_suppression() {
        let high = finding(Severity::High);
        let low = finding(Severity::Low);
        let p = evaluate(
            std::slice::from_ref(&high),
            &[outcome(None)],
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Fail);
        let p = evaluate(
            std::slice::from_ref(&high),
            &[outcome(None)],
            Judging::new(FailOn::Critical),
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        let p = evaluate(
            std::slice::from_ref(&low),
            &[outcome(Some("no git"))],
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Blocked);
        let mut suppressed = high.clone();
        suppressed.suppressed = Some(gatehouse_model::Suppression {
            kind: gatehouse_model::SuppressionKind::Inline,
            reason: None,
            expires: None,
        });
        let p = evaluate(&[suppressed], &[outcome(None)], Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Pass);
        assert_eq!(p[1].counts.suppressed, 1);
        let mut unselected = outcome(None);
        unselected.selected = false;
        let p = evaluate(&[], &[unselected], Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Skipped);
        let p = evaluate(
            &[],
            &[outcome(None)],
            Judging {
                unscanned: 2,
                ..Judging::new(FailOn::High)
            },
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        // N/A only when every family that ran had nothing to check.
        let mut nothing = outcome(None);
        nothing.not_applicable = Some("no lockfiles".into());
        let p = evaluate(
            &[],
            std::slice::from_ref(&nothing),
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::NotApplicable);
        assert_eq!(p[1].reason.as_deref(), Some("secrets: no lockfiles"));
        let mut other = outcome(None);
        other.family = "sast".into();
        let p = evaluate(&[], &[nothing, other], Judging::new(FailOn::High));
        assert_eq!(status_of(&p, "P02"), Status::Pass);
        // A warning turns PASS into WARN and is added to a WARN's reason; FAIL stays FAIL.
        let mut stale = outcome(None);
        stale.warning = Some("database is 9 days old".into());
        let p = evaluate(
            &[],
            std::slice::from_ref(&stale),
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Warn);
        assert_eq!(
            p[1].reason.as_deref(),
            Some("secrets: database is 9 days old")
        );
        let p = evaluate(
            std::slice::from_ref(&low),
            std::slice::from_ref(&stale),
            Judging::new(FailOn::High),
        );
        assert!(
            p[1].reason
                .as_deref()
                .unwrap()
                .ends_with("; secrets: database is 9 days old")
        );
        let p = evaluate(
            std::slice::from_ref(&high),
            &[stale],
            Judging::new(FailOn::High),
        );
        assert_eq!(status_of(&p, "P02"), Status::Fail);
    }

    #[test]
    fn gate_fails_on_threshold_and_configured_blocked() {
        let findings = [finding(Severity::Critical), finding(Severity::Medium)];
        let policies = evaluate(&findings, &[outcome(None)], Judging::new(FailOn::High));
        let gate = decide(&findings, &policies, FailOn::High, BlockedMode::Warn);
        assert!(!gate.passed);
        assert!(gate.reasons[0].contains("1 unsuppressed critical finding"));
        let policies = evaluate(&findings, &[outcome(None)], Judging::new(FailOn::None));
        assert!(decide(&findings, &policies, FailOn::None, BlockedMode::Warn).passed);

        let policies = evaluate(&[], &[outcome(Some("no git"))], Judging::new(FailOn::High));
        let gate = decide(&[], &policies, FailOn::High, BlockedMode::Warn);
        assert!(gate.passed);
        // A BLOCKED policy that does not fail the gate is named all the same.
        assert_eq!(gate.notes.len(), 1);
        assert!(gate.notes[0].starts_with("P02 BLOCKED, not gating"));
        assert!(!decide(&[], &policies, FailOn::High, BlockedMode::Fail).passed);
        // --fail-on none reports only: not even `blocked = "fail"` fails it.
        let policies = evaluate(&[], &[outcome(Some("no git"))], Judging::new(FailOn::None));
        let gate = decide(&[], &policies, FailOn::None, BlockedMode::Fail);
        assert!(gate.passed);
        assert!(gate.notes[0].starts_with("report only"));
        // Nothing to say on a clean run.
        assert!(
            decide(&[], &[], FailOn::None, BlockedMode::Warn)
                .notes
                .is_empty()
        );
    }
}
