//! Compliance frameworks (`rules/frameworks.toml`, embedded): the named controls of NIST CSF
//! 2.0, ISO/IEC 27001:2022 Annex A, SOC 2 and PCI DSS 4.0 each policy gives evidence for, and
//! the policy matrix regrouped by the controls of one framework (`--framework`).

use std::sync::OnceLock;

use gatehouse_model::{Compliance, ControlResult, PolicyResult, Status};
use serde::Deserialize;

const FRAMEWORKS: &str = include_str!("../../../rules/frameworks.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub control: Vec<Control>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub policies: Vec<String>,
}

/// Every framework.
pub fn frameworks() -> &'static [Framework] {
    #[derive(Deserialize)]
    struct File {
        framework: Vec<Framework>,
    }
    static PARSED: OnceLock<Vec<Framework>> = OnceLock::new();
    PARSED.get_or_init(|| {
        toml::from_str::<File>(FRAMEWORKS)
            .expect("embedded rules/frameworks.toml is valid")
            .framework
    })
}

/// A framework by its id or one of its aliases (case-insensitive).
pub fn find(name: &str) -> Option<&'static Framework> {
    let name = name.to_ascii_lowercase();
    frameworks()
        .iter()
        .find(|f| f.id == name || f.aliases.iter().any(|a| a.to_ascii_lowercase() == name))
}

/// The ids and aliases `--framework` accepts, for an error message.
pub fn known() -> String {
    frameworks()
        .iter()
        .map(|f| format!("{} ({})", f.id, f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A control's status from its policies': the worst of FAIL, BLOCKED, WARN, SKIPPED (a policy
/// this run did not check leaves the control unproven), PASS; N/A when every policy is N/A.
fn control_status(statuses: &[Status]) -> Status {
    const ORDER: [Status; 5] = [
        Status::Fail,
        Status::Blocked,
        Status::Warn,
        Status::Skipped,
        Status::Pass,
    ];
    ORDER
        .into_iter()
        .find(|s| statuses.contains(s))
        .unwrap_or(Status::NotApplicable)
}

/// The matrix by control of one framework.
pub fn compliance(framework: &Framework, policies: &[PolicyResult]) -> Compliance {
    Compliance {
        framework: framework.id.clone(),
        name: framework.name.clone(),
        controls: framework
            .control
            .iter()
            .map(|control| {
                let statuses: Vec<Status> = control
                    .policies
                    .iter()
                    .filter_map(|id| policies.iter().find(|p| &p.id == id))
                    .map(|p| p.status)
                    .collect();
                ControlResult {
                    id: control.id.clone(),
                    title: control.title.clone(),
                    status: control_status(&statuses),
                    policies: control.policies.clone(),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::catalog;

    #[test]
    fn every_policy_maps_to_controls_of_known_ids() {
        let ids: Vec<&str> = catalog().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(frameworks().len(), 4);
        for f in frameworks() {
            assert!(!f.control.is_empty(), "{}", f.id);
            for c in &f.control {
                for p in &c.policies {
                    assert!(ids.contains(&p.as_str()), "{} {}: {p}", f.id, c.id);
                }
            }
        }
        for id in &ids {
            assert!(
                frameworks()
                    .iter()
                    .any(|f| f.control.iter().any(|c| c.policies.iter().any(|p| p == id))),
                "{id} maps to no control"
            );
        }
        assert_eq!(find("ISO").map(|f| f.id.as_str()), Some("iso27001"));
        assert_eq!(find("pci").map(|f| f.id.as_str()), Some("pci-dss-4"));
        assert!(find("hipaa").is_none());
    }

    #[test]
    fn a_control_is_as_good_as_its_worst_policy() {
        assert_eq!(control_status(&[Status::Pass, Status::Fail]), Status::Fail);
        assert_eq!(
            control_status(&[Status::Pass, Status::Skipped]),
            Status::Skipped
        );
        assert_eq!(
            control_status(&[Status::NotApplicable, Status::Pass]),
            Status::Pass
        );
        assert_eq!(
            control_status(&[Status::NotApplicable]),
            Status::NotApplicable
        );
        assert_eq!(
            control_status(&[Status::Warn, Status::Blocked]),
            Status::Blocked
        );
    }
}
