//! The families of checks, as one table. Each entry says what the family is called (for
//! `--only`, findings and statistics), whether it probes running systems (only `gatehouse
//! audit` runs those), whether it judges the repository as a whole (a sharded run gives it to
//! the first shard), the policies it feeds, its `enabled` switch in gatehouse.toml, and how it
//! is built. A new family is one entry here and its crate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use gatehouse_deps::DepsCheck;
use gatehouse_engine::{Check, Config, NotSelected};
use gatehouse_facts::PoliciesCheck;
use gatehouse_live::LiveCheck;
use gatehouse_sast::SastCheck;
use gatehouse_secrets::SecretsCheck;

/// One family of checks.
pub struct Family {
    pub name: &'static str,
    /// Probes running systems: `gatehouse audit` runs it, `gatehouse check` never does.
    pub live: bool,
    /// Judges the repository as a whole (lockfiles against each other, facts across files):
    /// in a sharded run only the first shard runs it.
    pub whole_repository: bool,
    /// The policies it gives evidence for.
    pub policies: &'static [&'static str],
    /// Its switch in gatehouse.toml.
    pub enabled: fn(&Config) -> bool,
    /// Builds the check (only for a family selected in the run: set-up can be costly).
    pub build: fn(&Setup<'_>) -> Result<Box<dyn Check>>,
}

/// What a family's constructor may use.
pub struct Setup<'a> {
    /// The tree scanned (the staged files' checkout with `--staged`).
    pub root: &'a Path,
    /// Where relative configuration paths point from (the work tree with `--staged`).
    pub base: &'a Path,
    pub config: &'a Config,
    /// The advisory database directory (`--db-dir`, `deps.db_dir`, or the default).
    pub db_dir: &'a dyn Fn() -> Result<PathBuf>,
    /// The secrets check, built in every run: it redacts every family's findings.
    pub secrets: &'a Arc<SecretsCheck>,
    /// The directory `policies.paths` are relative to.
    pub policy_base: &'a Path,
}

/// Every family, in matrix order.
pub const FAMILIES: &[Family] = &[
    Family {
        name: gatehouse_secrets::FAMILY,
        live: false,
        whole_repository: false,
        policies: gatehouse_secrets::POLICIES,
        enabled: |config| config.secrets.enabled,
        build: |setup| Ok(Box::new(Arc::clone(setup.secrets))),
    },
    Family {
        name: gatehouse_sast::FAMILY,
        live: false,
        whole_repository: false,
        policies: gatehouse_sast::POLICIES,
        enabled: |config| config.sast.enabled,
        build: |setup| {
            Ok(Box::new(
                SastCheck::new(setup.base, &setup.config.sast).context("sast configuration")?,
            ))
        },
    },
    Family {
        name: gatehouse_deps::FAMILY,
        live: false,
        whole_repository: true,
        policies: gatehouse_deps::POLICIES,
        enabled: |config| config.deps.enabled,
        build: |setup| {
            Ok(Box::new(DepsCheck::new(
                setup.root,
                (setup.db_dir)()?,
                &setup.config.deps,
            )))
        },
    },
    // The live families come before the policy checklist: their facts are part of what its
    // policies judge.
    Family {
        name: gatehouse_live::FAMILY,
        live: true,
        whole_repository: true,
        policies: gatehouse_live::POLICIES,
        enabled: |config| config.live.enabled,
        build: |setup| {
            Ok(Box::new(LiveCheck::new(
                &setup.config.live,
                gatehouse_live::Env::from_process(),
                setup.base,
            )))
        },
    },
    Family {
        name: gatehouse_signatures::family::FAMILY,
        live: true,
        whole_repository: true,
        policies: gatehouse_signatures::family::POLICIES,
        enabled: |config| config.signatures.enabled,
        build: |setup| {
            Ok(Box::new(
                gatehouse_signatures::family::SignaturesCheck::new(
                    &setup.config.signatures,
                    setup.base,
                    std::env::var("COSIGN_KEY_PATH")
                        .ok()
                        .filter(|v| !v.trim().is_empty()),
                ),
            ))
        },
    },
    Family {
        name: gatehouse_dast::FAMILY,
        live: true,
        whole_repository: true,
        policies: gatehouse_dast::POLICIES,
        enabled: |config| config.dast.enabled,
        build: |setup| {
            Ok(Box::new(gatehouse_dast::family::DastCheck::new(
                &setup.config.dast,
                setup.base,
                setup.config.dast.cli_target.clone(),
                std::env::var("DAST_TARGET").ok(),
            )))
        },
    },
    Family {
        name: gatehouse_facts::FAMILY,
        live: false,
        whole_repository: true,
        policies: gatehouse_facts::POLICIES,
        enabled: |config| config.policies.enabled,
        build: |setup| {
            Ok(Box::new(PoliciesCheck::new(
                &setup.config.policies,
                setup.policy_base,
            )))
        },
    },
];

/// The families' names, in matrix order.
pub fn names() -> Vec<&'static str> {
    FAMILIES.iter().map(|f| f.name).collect()
}

/// What a run selects from the table.
pub struct Selection<'a> {
    /// `gatehouse audit`: the live families too.
    pub live: bool,
    /// `--only`, checked against the table.
    pub only: Option<&'a [String]>,
    /// A shard after the first: no whole-repository family.
    pub later_shard: bool,
}

impl Selection<'_> {
    /// The names `--only` gives that no family has, or that name a live family in `check`.
    pub fn check_only(&self) -> Result<()> {
        for name in self.only.unwrap_or_default() {
            match FAMILIES.iter().find(|f| f.name == name) {
                None => anyhow::bail!(
                    "--only: unknown family `{name}` (known: {})",
                    names().join(", ")
                ),
                Some(family) if family.live && !self.live => anyhow::bail!(
                    "--only: `{name}` probes running systems: `gatehouse audit --only {name}` runs it"
                ),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Whether this run runs `family`.
    pub fn runs(&self, family: &Family, config: &Config) -> bool {
        (!family.live || self.live)
            && self
                .only
                .is_none_or(|only| only.iter().any(|o| o == family.name))
            && (family.enabled)(config)
            && !(family.whole_repository && self.later_shard)
    }
}

/// The checks of a run.
pub struct Checks {
    /// Every family of the run's kind, in matrix order.
    pub checks: Vec<Box<dyn Check>>,
    /// The names of those that run.
    pub selected: Vec<String>,
}

/// Every family of the run's kind (static for `check`, static and live for `audit`), as checks:
/// the selected ones built, the others standing in so that their policies say they were not
/// selected.
pub fn checks(selection: &Selection<'_>, setup: &Setup<'_>) -> Result<Checks> {
    let mut checks: Vec<Box<dyn Check>> = Vec::new();
    let mut selected = Vec::new();
    for family in FAMILIES.iter().filter(|f| !f.live || selection.live) {
        if selection.runs(family, setup.config) {
            checks.push((family.build)(setup)?);
            selected.push(family.name.to_string());
        } else {
            checks.push(Box::new(NotSelected {
                family: family.name,
                policies: family.policies,
            }));
        }
    }
    Ok(Checks { checks, selected })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_agrees_with_each_family_s_crate() {
        let config = Config::default();
        let dir = std::env::temp_dir();
        let secrets = Arc::new(SecretsCheck::new(&dir, &config.secrets).unwrap());
        let db = || Ok(dir.join("no-such-db"));
        let setup = Setup {
            root: &dir,
            base: &dir,
            config: &config,
            db_dir: &db,
            secrets: &secrets,
            policy_base: &dir,
        };
        for family in FAMILIES {
            let check = (family.build)(&setup).unwrap();
            assert_eq!(check.family(), family.name);
            assert_eq!(check.policies(), family.policies, "{}", family.name);
            assert_eq!(
                check.whole_repository(),
                family.whole_repository,
                "{}",
                family.name
            );
        }
        let mut unique = names();
        unique.dedup();
        assert_eq!(unique.len(), FAMILIES.len());
    }

    #[test]
    fn only_takes_every_name_of_the_table_and_nothing_else() {
        let config = Config::default();
        for family in FAMILIES {
            let only = [family.name.to_string()];
            let selection = Selection {
                live: true,
                only: Some(&only),
                later_shard: false,
            };
            selection.check_only().unwrap();
            let run: Vec<&str> = FAMILIES
                .iter()
                .filter(|f| selection.runs(f, &config))
                .map(|f| f.name)
                .collect();
            assert_eq!(run, [family.name]);
        }
        let only = ["nope".to_string()];
        let selection = Selection {
            live: false,
            only: Some(&only),
            later_shard: false,
        };
        let error = selection.check_only().unwrap_err().to_string();
        assert!(error.contains(&names().join(", ")), "{error}");
        // A later shard leaves the whole-repository families to the first.
        let selection = Selection {
            live: false,
            only: None,
            later_shard: true,
        };
        for family in FAMILIES {
            assert_eq!(selection.runs(family, &config), !family.whole_repository);
        }
    }
}
