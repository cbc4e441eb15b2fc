//! Cron schedules (backup jobs, CronJobs, workflow schedules).
#![no_main]
use gatehouse_facts::cron;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cron::parse(text, 1);
    }
});
