//! The service's OpenAPI document (3.0 or 3.1, YAML or JSON): its operations, with a concrete
//! URL where every required parameter has an example or default, whether each requires
//! authentication, and the response each status may carry, checked against its JSON schema
//! (the `jsonschema` crate, draft 2020-12, which 3.1 uses; 3.0's `nullable` and boolean
//! `exclusiveMinimum`/`exclusiveMaximum` are rewritten to it first).

use std::path::Path;

use reqwest::Method;
use serde_json::{Value, json};

pub struct Api {
    /// The document, 3.0 idioms rewritten, for schema references to resolve in.
    doc: Value,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    /// `GET /items/{id}`, or its operationId.
    pub name: String,
    /// The path with its parameters filled in (and the servers' base path), or why not.
    pub url: Result<String, String>,
    /// A security requirement applies (the operation's, or the document's).
    pub secured: bool,
    /// GET or HEAD, or marked `x-gatehouse-probe: true`.
    pub probe: bool,
    /// JSON pointer of the operation in the document.
    pointer: String,
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// 3.0's schema idioms as draft 2020-12 says them.
fn to_2020_12(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                map.remove("nullable");
                if let Some(t) = map.get("type").cloned() {
                    let types = match t {
                        Value::Array(mut types) => {
                            types.push(json!("null"));
                            Value::Array(types)
                        }
                        other => json!([other, "null"]),
                    };
                    map.insert("type".to_string(), types);
                }
            }
            for (bound, limit) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Bool(exclusive)) = map.get(bound).cloned() {
                    map.remove(bound);
                    if exclusive && let Some(n) = map.remove(limit) {
                        map.insert(bound.to_string(), n);
                    }
                }
            }
            for v in map.values_mut() {
                to_2020_12(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(to_2020_12),
        _ => {}
    }
}

/// A parameter's value for a probe: its example, its schema's example or default, or the first
/// of its enum.
fn sample(parameter: &Value) -> Option<String> {
    let schema = parameter.get("schema");
    let value = parameter
        .get("example")
        .or_else(|| {
            parameter
                .get("examples")
                .and_then(|e| e.as_object())
                .and_then(|e| e.values().next())
                .and_then(|e| e.get("value"))
        })
        .or_else(|| schema.and_then(|s| s.get("example")))
        .or_else(|| schema.and_then(|s| s.get("default")))
        .or_else(|| schema.and_then(|s| s.get("enum")).and_then(|e| e.get(0)))?;
    Some(match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A JSON pointer as a URI fragment: what a fragment may not hold (`{`, `}`, spaces, …)
/// percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@'
            | b'?' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-encode a parameter's value for a path segment or a query.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Api {
    /// Read `path`; an error names the file (and, for YAML or JSON that does not parse, the
    /// position).
    pub fn load(path: &Path) -> Result<Api, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("dast.openapi {}: {e}", path.display()))?;
        let doc: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).map_err(|e| {
                format!(
                    "dast.openapi {}:{}:{}: not JSON: {e}",
                    path.display(),
                    e.line(),
                    e.column()
                )
            })?
        } else {
            serde_saphyr::from_str(&text)
                .map_err(|e| format!("dast.openapi {}: not YAML: {e}", path.display()))?
        };
        Api::from_value(doc).map_err(|e| format!("dast.openapi {}: {e}", path.display()))
    }

    pub fn from_value(mut doc: Value) -> Result<Api, String> {
        let version = doc
            .get("openapi")
            .and_then(|v| v.as_str())
            .ok_or("not an OpenAPI 3 document (no `openapi` version)")?
            .to_string();
        if !version.starts_with("3.") {
            return Err(format!("OpenAPI {version}: only 3.0 and 3.1 are read"));
        }
        if version.starts_with("3.0") {
            to_2020_12(&mut doc);
        }
        // The servers' base path (of the first server; its host is the target's).
        let base = doc
            .pointer("/servers/0/url")
            .and_then(|u| u.as_str())
            .map(|u| match u.split_once("://") {
                Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]).to_string(),
                None => u.to_string(),
            })
            .unwrap_or_default();
        let base = base.trim_end_matches('/').to_string();
        let global_security = doc.get("security").and_then(|s| s.as_array()).cloned();
        let mut operations = Vec::new();
        let paths = doc
            .get("paths")
            .and_then(|p| p.as_object())
            .ok_or("no `paths`")?;
        for (template, item) in paths {
            let shared: Vec<Value> = item
                .get("parameters")
                .and_then(|p| p.as_array())
                .cloned()
                .unwrap_or_default();
            for (name, method) in [
                ("get", Method::GET),
                ("head", Method::HEAD),
                ("options", Method::OPTIONS),
                ("post", Method::POST),
                ("put", Method::PUT),
                ("patch", Method::PATCH),
                ("delete", Method::DELETE),
            ] {
                let Some(op) = item.get(name) else { continue };
                let mut parameters = shared.clone();
                parameters.extend(
                    op.get("parameters")
                        .and_then(|p| p.as_array())
                        .cloned()
                        .unwrap_or_default(),
                );
                let resolved: Vec<Value> = parameters
                    .iter()
                    .map(|p| match p.get("$ref").and_then(|r| r.as_str()) {
                        Some(r) => r
                            .strip_prefix('#')
                            .and_then(|ptr| doc.pointer(ptr))
                            .cloned()
                            .unwrap_or(Value::Null),
                        None => p.clone(),
                    })
                    .collect();
                let label = op.get("operationId").and_then(|i| i.as_str()).map_or_else(
                    || format!("{} {template}", name.to_uppercase()),
                    str::to_string,
                );
                let url = (|| {
                    let mut path = template.clone();
                    let mut query = Vec::new();
                    for p in &resolved {
                        let (Some(pname), Some(place)) = (
                            p.get("name").and_then(|n| n.as_str()),
                            p.get("in").and_then(|n| n.as_str()),
                        ) else {
                            continue;
                        };
                        let required = place == "path"
                            || p.get("required").and_then(|r| r.as_bool()) == Some(true);
                        let value = sample(p);
                        match (place, value) {
                            ("path", Some(v)) => {
                                path = path.replace(&format!("{{{pname}}}"), &encode(&v))
                            }
                            ("query", Some(v)) if required => {
                                query.push(format!("{}={}", encode(pname), encode(&v)))
                            }
                            (_, None) if required && (place == "path" || place == "query") => {
                                return Err(format!(
                                    "no example or default for its {place} parameter `{pname}`"
                                ));
                            }
                            _ => {}
                        }
                    }
                    if path.contains('{') {
                        return Err("a path parameter without a declaration".to_string());
                    }
                    Ok(if query.is_empty() {
                        format!("{base}{path}")
                    } else {
                        format!("{base}{path}?{}", query.join("&"))
                    })
                })();
                let security = op
                    .get("security")
                    .and_then(|s| s.as_array())
                    .cloned()
                    .or_else(|| global_security.clone())
                    .unwrap_or_default();
                // `[]` is none; `[{}]` makes authentication optional.
                let secured = !security.is_empty()
                    && security
                        .iter()
                        .all(|r| r.as_object().is_some_and(|o| !o.is_empty()));
                let marked = op.get("x-gatehouse-probe") == Some(&Value::Bool(true));
                operations.push(Operation {
                    probe: matches!(method, Method::GET | Method::HEAD) || marked,
                    method,
                    name: label,
                    url,
                    secured,
                    pointer: format!("/paths/{}/{name}", escape(template)),
                });
            }
        }
        Ok(Api { doc, operations })
    }

    /// Whether an answer of `status` with `body` (of `content_type`) is one the operation
    /// declares: its status (exact, `2XX`, or `default`), and, for a JSON answer with a
    /// declared schema, a body valid against it. Why not, where it is not.
    pub fn conforms(
        &self,
        op: &Operation,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let responses = self
            .doc
            .pointer(&format!("{}/responses", op.pointer))
            .and_then(|r| r.as_object())
            .ok_or("declares no responses")?;
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        let Some((key, response)) = responses
            .iter()
            .find(|(k, _)| **k == exact)
            .or_else(|| {
                responses
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&range))
            })
            .or_else(|| responses.iter().find(|(k, _)| *k == "default"))
        else {
            let mut declared: Vec<&str> = responses.keys().map(String::as_str).collect();
            declared.sort();
            return Err(format!(
                "answered HTTP {status}, which it does not declare (declared: {})",
                declared.join(", ")
            ));
        };
        let response = match response.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => r
                .strip_prefix('#')
                .and_then(|p| self.doc.pointer(p))
                .unwrap_or(response),
            None => response,
        };
        let media = content_type
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !(media == "application/json" || media.ends_with("+json")) {
            return Ok(());
        }
        let Some(content) = response.get("content").and_then(|c| c.as_object()) else {
            return Ok(());
        };
        let Some((declared_media, _)) = content
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(&media))
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.as_str() == "application/json" || m.ends_with("+json"))
            })
        else {
            return Err(format!(
                "answered {media}, which HTTP {key} does not declare"
            ));
        };
        let schema_pointer = format!(
            "{}/responses/{}/content/{}/schema",
            op.pointer,
            escape(key),
            escape(declared_media)
        );
        let pointer = match response.get("content") {
            Some(_) if self.doc.pointer(&schema_pointer).is_some() => schema_pointer,
            _ => {
                // A response given by reference: its schema where the reference leads.
                let Some(r) = responses
                    .get(key)
                    .and_then(|r| r.get("$ref"))
                    .and_then(|r| r.as_str())
                    .and_then(|r| r.strip_prefix('#'))
                else {
                    return Ok(());
                };
                let inner = format!("{r}/content/{}/schema", escape(declared_media));
                if self.doc.pointer(&inner).is_none() {
                    return Ok(());
                }
                inner
            }
        };
        let instance: Value = serde_json::from_slice(body)
            .map_err(|e| format!("answered HTTP {status} with a body that is not JSON: {e}"))?;
        // The document itself is the schema's root, so that its references resolve.
        let mut root = self.doc.clone();
        if let Some(map) = root.as_object_mut() {
            map.insert(
                "$ref".to_string(),
                Value::String(format!("#{}", fragment(&pointer))),
            );
        }
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&root)
            .map_err(|e| format!("its response schema does not compile: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(3)
            .map(|e| {
                let at = e.instance_path().to_string();
                format!(
                    "{} {e}",
                    if at.is_empty() {
                        "(the body)".to_string()
                    } else {
                        at
                    }
                )
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "answered HTTP {status} with a body its schema refuses: {}",
                errors.join("; ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(doc: Value) -> Api {
        Api::from_value(doc).unwrap()
    }

    #[test]
    fn statuses_match_exactly_then_by_range_then_default() {
        let a = api(json!({
            "openapi": "3.1.0",
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "ok"}, "4XX": {"description": "client"}}}},
                "/b": {"get": {"responses": {"default": {"description": "any"}}}}
            }
        }));
        let (op_a, op_b) = (&a.operations[0], &a.operations[1]);
        assert!(a.conforms(op_a, 200, None, b"").is_ok());
        assert!(a.conforms(op_a, 404, None, b"").is_ok());
        let said = a.conforms(op_a, 500, None, b"").unwrap_err();
        assert!(
            said.contains("HTTP 500, which it does not declare (declared: 200, 4XX)"),
            "{said}"
        );
        assert!(a.conforms(op_b, 503, None, b"").is_ok());
    }

    #[test]
    fn three_oh_nullable_and_exclusive_bounds_and_references_are_understood() {
        let a = api(json!({
            "openapi": "3.0.3",
            "components": {
                "schemas": {"N": {"type": "integer", "minimum": 0, "exclusiveMinimum": true}},
                "responses": {"Ok": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"n": {"$ref": "#/components/schemas/N"}, "s": {"type": "string", "nullable": true}}
                }}}}}
            },
            "paths": {"/x/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "example": "a b"}}],
                "responses": {"200": {"$ref": "#/components/responses/Ok"}}
            }}}
        }));
        let op = &a.operations[0];
        assert_eq!(op.url.as_deref(), Ok("/x/a%20b"));
        let json = Some("application/json; charset=utf-8");
        assert!(a.conforms(op, 200, json, br#"{"n": 1, "s": null}"#).is_ok());
        let said = a.conforms(op, 200, json, br#"{"n": 0}"#).unwrap_err();
        assert!(said.contains("/n"), "exclusive minimum 0: {said}");
        let said = a.conforms(op, 200, json, b"{not json").unwrap_err();
        assert!(said.contains("not JSON"), "{said}");
    }

    #[test]
    fn operations_without_examples_or_unsafe_are_said_so_and_security_is_read() {
        let a = api(json!({
            "openapi": "3.0.0",
            "security": [{"key": []}],
            "paths": {
                "/r/{year}": {"get": {"responses": {"200": {"description": "r"}},
                    "parameters": [{"name": "year", "in": "path", "required": true, "schema": {"type": "integer"}}]}},
                "/open": {"get": {"security": [], "responses": {"200": {"description": "o"}}},
                          "post": {"x-gatehouse-probe": true, "responses": {"200": {"description": "o"}}}},
                "/optional": {"get": {"security": [{}], "responses": {"200": {"description": "o"}}}}
            }
        }));
        let by = |name: &str| a.operations.iter().find(|o| o.name == name).unwrap();
        assert!(
            by("GET /r/{year}")
                .url
                .as_ref()
                .unwrap_err()
                .contains("`year`")
        );
        assert!(
            by("GET /r/{year}").secured,
            "the document's security applies"
        );
        assert!(!by("GET /open").secured);
        assert!(by("POST /open").probe && !by("GET /optional").secured);
    }

    #[test]
    fn documents_that_are_not_openapi_3_are_refused() {
        assert!(Api::from_value(json!({"swagger": "2.0", "paths": {}})).is_err());
        assert!(Api::from_value(json!({"openapi": "3.1.0"})).is_err());
        let dir = std::env::temp_dir().join(format!("gatehouse-openapi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bad.json");
        std::fs::write(&file, "{\n  \"openapi\": \n").unwrap();
        let said = Api::load(&file).err().unwrap();
        assert!(said.contains("bad.json:3:0: not JSON"), "{said}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
