//! The `dast` family of the weekly audit (`gatehouse audit`, never `check`): bounded, safe
//! probes of a running service for P11 "Runtime exposure", as OWASP ZAP's baseline scan makes
//! them, with findings like any other family's.
//!
//! - [`client`]: the only way a probe sends a request: to the target's origin alone, within
//!   the request budget and the rate, with a timeout, bounded answers, redirects recorded and
//!   never followed, and only GET, HEAD and OPTIONS unless unsafe methods are allowed.
//! - [`rules`]: every probe's rule: id, severity, CWE, and the ZAP rule it corresponds to.
//! - [`probes`]: what is asked of the service, and how each answer is judged.
//! - [`family`]: the family: its target, its findings, its live facts and its P11 verdict.

pub mod client;
pub mod family;
pub mod openapi;
pub mod probes;
pub mod rules;
pub mod tls;

pub const FAMILY: &str = "dast";
pub const POLICIES: &[&str] = &["P11"];
