//! A saved JSON report, as `render` and `merge` read it, rendered in every format.
#![no_main]
use gatehouse_report::{Format, RenderOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = serde_json::from_slice::<gatehouse_model::Report>(data) else {
        return;
    };
    for format in Format::ALL {
        let _ = render(&report, format, RenderOptions { color: false });
    }
});
