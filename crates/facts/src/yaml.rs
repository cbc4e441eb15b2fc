//! A YAML document as a tree that remembers the line of every key and value, for extractors
//! that must point at the line of a `uses:` or a rule (serde-saphyr's `Spanned`, one node at a
//! time), and its plain JSON form for policies that read a file as it is (conftest mode).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A value and the line it starts on (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: u32,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    /// In document order; a key keeps its own line.
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_line: u32,
    pub value: Node,
}

/// A YAML file that cannot be read, located.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub line: u32,
    pub message: String,
}

/// Every document of a (multi-document) YAML text, read as PyYAML, Kubernetes and GitHub read
/// it: `.inf`, `-.inf` and `.nan` are numbers, and of a key given twice in one mapping the
/// later one wins.
pub fn parse_documents(text: &str) -> Result<Vec<Node>, YamlError> {
    read(text).map(|parsed| parsed.documents)
}

/// A YAML text's documents, and the first key it gives twice in one mapping (which PyYAML and
/// Kubernetes take, the later value winning, and GitHub rejects in a workflow).
#[derive(Debug)]
pub struct Parsed {
    pub documents: Vec<Node>,
    pub duplicate_key: Option<YamlError>,
}

pub fn read(text: &str) -> Result<Parsed, YamlError> {
    use serde_saphyr::{DuplicateKeyPolicy, NonFiniteFloatPolicy};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = |duplicate_keys| {
        let mut options = serde_saphyr::Options::default();
        options.duplicate_keys = duplicate_keys;
        options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
        options
    };
    // Strict about duplicates first: the usual text has none and is read once.
    match serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(
        text,
        options(DuplicateKeyPolicy::Error),
    ) {
        Ok(documents) => Ok(Parsed {
            documents,
            duplicate_key: None,
        }),
        Err(e) if is_duplicate_key(&e) => {
            let duplicate = error(&e);
            serde_saphyr::from_str_multiple_with_options::<Node, Vec<Node>>(
                text,
                options(DuplicateKeyPolicy::LastWins),
            )
            .map(|documents| Parsed {
                documents,
                duplicate_key: Some(duplicate),
            })
            .map_err(|e| error(&e))
        }
        Err(e) => Err(error(&e)),
    }
}

fn error(e: &serde_saphyr::Error) -> YamlError {
    let location = e.location();
    let line = location.map_or(0, |l| l.line() as u32);
    let full = e.to_string();
    // The message proper: its first line, without the location the error entry gives anyway
    // (an "error: line N column M:" prefix, or an " at line N column M" suffix).
    let first = full.lines().next().unwrap_or("not valid YAML").trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim_start();
    let first = match first.strip_prefix("line ") {
        Some(rest) => rest
            .split_once(':')
            .filter(|(at, _)| at.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .map_or(first, |(_, message)| message.trim_start()),
        None => first,
    };
    let message = match first.find(" at line ") {
        Some(at) => &first[..at],
        None => first,
    };
    // serde-saphyr's hint to its own API is no help to whoever reads the error.
    let message = message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message)
        .trim_end_matches(':');
    YamlError {
        line,
        message: match location.map(|l| l.column()) {
            Some(column) if column > 0 => format!("{message} (column {column})"),
            _ => message.to_string(),
        },
    }
}

impl Node {
    /// The value under `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text (`8080`, `true`, `1.5`, a string); None for null, sequences, mappings.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) if !f.is_finite() => Some(non_finite(*f).to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The plain JSON form (lines dropped).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            // JSON has no infinity or NaN: YAML's own spelling of them.
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
                || serde_json::Value::String(non_finite(*f).to_string()),
                serde_json::Value::Number,
            ),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Whether an error is a key given twice (the error may come wrapped with its snippet).
fn is_duplicate_key(e: &serde_saphyr::Error) -> bool {
    matches!(e, serde_saphyr::Error::DuplicateMappingKey { .. })
        || e.to_string().contains("duplicate mapping key")
}

/// YAML's spelling of a float that is not finite.
fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        ".nan"
    } else if f > 0.0 {
        ".inf"
    } else {
        "-.inf"
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            line: spanned.referenced.line() as u32,
            value: spanned.value,
        })
    }
}

/// A mapping key: YAML allows any scalar (`on`, `200`, `true`); it is kept as its text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
        }
        // Keys are asked for as strings, so that `on:` stays the word, not a YAML 1.1 boolean.
        deserializer.deserialize_string(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                Ok(Value::String(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
                Ok(Value::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Value::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let mut entries: Vec<Entry> = Vec::new();
                let mut index: std::collections::HashMap<String, usize> =
                    std::collections::HashMap::new();
                while let Some(key) = map.next_key::<Spanned<Key>>()? {
                    let value = map.next_value::<Node>()?;
                    let entry = Entry {
                        key: key.value.0,
                        key_line: key.referenced.line() as u32,
                        value,
                    };
                    // A key given twice: the later one wins, as PyYAML and Kubernetes read it.
                    match index.get(&entry.key) {
                        Some(&at) => entries[at] = entry,
                        None => {
                            index.insert(entry.key.clone(), entries.len());
                            entries.push(entry);
                        }
                    }
                }
                Ok(Value::Map(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_lines() {
        let text = "on:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          echo hi\n";
        let docs = parse_documents(text).unwrap();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        let on = doc.entry("on").unwrap();
        assert_eq!(on.key_line, 1);
        assert!(on.value.get("push").is_some());
        let build = doc.get("jobs").unwrap().entry("build").unwrap();
        assert_eq!(build.key_line, 5);
        let steps = build.value.get("steps").unwrap().items();
        assert_eq!(steps[0].get("uses").unwrap().line, 8);
        assert_eq!(steps[0].entry("uses").unwrap().key_line, 8);
        assert_eq!(steps[1].entry("run").unwrap().key_line, 9);
        assert_eq!(steps[1].get("run").unwrap().as_str(), Some("echo hi\n"));
    }

    #[test]
    fn what_pyyaml_and_kubernetes_read_is_read() {
        let text = "low: -.inf\nhigh: .inf\nodd: .NaN\nquoted: \"first\n  second\"\nplain: app-{{ .Release.Name }}\nempty:\n";
        let docs = parse_documents(text).unwrap();
        assert_eq!(
            docs[0].to_json(),
            serde_json::json!({
                "low": "-.inf", "high": ".inf", "odd": ".nan",
                "quoted": "first second", "plain": "app-{{ .Release.Name }}", "empty": null
            })
        );
        assert_eq!(
            docs[0].get("low").unwrap().scalar_text().as_deref(),
            Some("-.inf")
        );
    }

    #[test]
    fn a_key_given_twice_is_read_and_told() {
        let parsed = read("name: ci\non: push\nname: release\n").unwrap();
        assert_eq!(
            parsed.documents[0].get("name").unwrap().as_str(),
            Some("release")
        );
        let duplicate = parsed.duplicate_key.unwrap();
        assert_eq!(duplicate.line, 3);
        assert!(duplicate.message.contains("name"), "{}", duplicate.message);
        assert!(!duplicate.message.contains("DuplicateKeyPolicy"));
        assert!(read("a: 1\nb: 2\n").unwrap().duplicate_key.is_none());
    }

    #[test]
    fn multi_document_files_and_scalar_keys() {
        let docs = parse_documents("a: 1\n---\n200: ok\ntrue: x\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].entries()[0].key, "200");
        assert_eq!(docs[1].entries()[1].key, "true");
        assert_eq!(docs[1].entries()[1].key_line, 4);
        assert_eq!(docs[0].to_json(), serde_json::json!({"a": 1}),);
    }

    #[test]
    fn errors_are_located() {
        let e = parse_documents("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
        let e = parse_documents("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        // The message does not repeat the line the error entry gives.
        let e = parse_documents("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n")
            .unwrap_err();
        assert_eq!(e.line, 5, "{e:?}");
        assert!(!e.message.contains("line"), "{e:?}");
        assert!(!e.message.starts_with("error"), "{e:?}");
        assert!(e.message.ends_with("(column 2)"), "{e:?}");
    }
}
