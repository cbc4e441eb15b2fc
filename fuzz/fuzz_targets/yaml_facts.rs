//! The YAML facts reader and every extractor that reads its documents.
#![no_main]
use gatehouse_facts::{compose, kubernetes, prometheus, workflow, yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = yaml::read(text) else {
        return;
    };
    let mut facts = kubernetes::KubernetesFacts::default();
    for doc in &parsed.documents {
        let _ = doc.to_json();
        let _ = prometheus::read_document("rules.yml", doc);
        kubernetes::read_document("k8s.yaml", doc, &mut facts);
        let _ = workflow::read(".github/workflows/ci.yml", text, doc);
        let _ = compose::read("compose.yaml", doc);
    }
});
