//! An alert rule whose expression, `for`, labels and annotations (templates) are the input,
//! split at NUL bytes: promtool's checks as the P07 reader makes them.
#![no_main]
use gatehouse_facts::prometheus;
use gatehouse_facts::yaml::{Entry, Node, Value};
use libfuzzer_sys::fuzz_target;

fn string(text: &str) -> Node {
    Node {
        line: 1,
        value: Value::String(text.to_string()),
    }
}

fn map(entries: Vec<(&str, Node)>) -> Node {
    Node {
        line: 1,
        value: Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| Entry {
                    key: key.to_string(),
                    key_line: 1,
                    value,
                })
                .collect(),
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\0');
    let expr = parts.next().unwrap_or_default();
    let duration = parts.next().unwrap_or("5m");
    let label = parts.next().unwrap_or("page");
    let summary = parts.next().unwrap_or("{{ $labels.instance }} is down");
    let rule = map(vec![
        ("alert", string("Fuzzed")),
        ("expr", string(expr)),
        ("for", string(duration)),
        ("labels", map(vec![("severity", string(label))])),
        ("annotations", map(vec![("summary", string(summary))])),
    ]);
    let group = map(vec![
        ("name", string("fuzz")),
        (
            "rules",
            Node {
                line: 1,
                value: Value::Seq(vec![rule]),
            },
        ),
    ]);
    let doc = map(vec![(
        "groups",
        Node {
            line: 1,
            value: Value::Seq(vec![group]),
        },
    )]);
    let _ = prometheus::read_document("rules.yml", &doc);
    let _ = prometheus::is_duration(duration);
});
