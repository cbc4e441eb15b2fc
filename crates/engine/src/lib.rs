//! The gatehouse engine: configuration (`gatehouse.toml`, validated against its JSON Schema),
//! file discovery, the [`Check`] trait that every family implements, parallel scheduling,
//! suppressions (inline comments, exceptions, baselines), the policy catalog and the gate.
//!
//! Families depend on this crate for [`Check`]; the binary wires families into a [`run`].

pub mod check;
pub mod config;
pub mod diff;
pub mod discover;
pub mod frameworks;
pub mod git;
pub mod policy;
pub mod rego;
pub mod run;
pub mod suppress;
#[cfg(test)]
mod testing;

pub use check::{
    Check, FileScan, NotSelected, PolicyVerdict, Redactor, RepoContext, RepoScan, SourceFile,
};
pub use config::{Config, ConfigError};
pub use run::{RunRequest, Shard, run, run_with_facts, sort_findings};
pub use suppress::Baseline;
