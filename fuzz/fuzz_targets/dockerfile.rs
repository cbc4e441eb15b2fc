//! Dockerfiles.
#![no_main]
use gatehouse_facts::dockerfile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dockerfile::read("Dockerfile", text);
    }
});
