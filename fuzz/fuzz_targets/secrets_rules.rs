//! A user's secrets rule file (TOML: regexes, keywords, entropy, allow-lists).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gatehouse_secrets::rules::RuleSet::parse(text, "secrets.toml", &[], None);
    }
});
