//! A user's Rego policy module, loaded and evaluated over an empty facts document.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let modules = [("policies/custom.rego".to_string(), text.to_string())];
        let _ = gatehouse_engine::rego::evaluate(&modules, serde_json::json!({"facts": {}}));
    }
});
