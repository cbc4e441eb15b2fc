//! A user's SAST rule file (ast-grep YAML plus gatehouse metadata, taint rules included).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gatehouse_sast::rules::parse_rule_file(text, "rules/custom.yml");
    }
});
