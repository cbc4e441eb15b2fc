//! Client settings.

pub const STRIPE_SECRET_KEY: &str = "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";
pub const TIMEOUT_SECS: u64 = 30;
