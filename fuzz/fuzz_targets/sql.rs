//! SQL migrations: PostgreSQL's parser, the DO-block and function-body reader, the replay.
#![no_main]
use gatehouse_facts::sql;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (changes, _errors) = sql::read("m.sql", text);
    let _ = sql::replay(&[("m.sql".to_string(), changes)]);
});
