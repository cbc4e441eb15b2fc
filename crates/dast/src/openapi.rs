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
                match map.get("type").cloned() {
                    Some(t) => {
                        let types = match t {
                            Value::Array(mut types) => {
                                types.push(json!("null"));
                                Value::Array(types)
                            }
                            other => json!([other, "null"]),
                        };
                        map.insert("type".to_string(), types);
                        if let Some(Value::Array(options)) = map.get_mut("enum") {
                            options.push(Value::Null);
                        }
                    }
                    // `nullable` beside `$ref`, `allOf` or `enum` alone: the schema, or null.
                    None => {
                        let inner = Value::Object(std::mem::take(map));
                        map.insert("anyOf".to_string(), json!([inner, {"type": "null"}]));
                    }
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
        // Its variables take their defaults.
        let server_url = doc
            .pointer("/servers/0/url")
            .and_then(|u| u.as_str())
            .map(|u| {
                let mut url = u.to_string();
                if let Some(vars) = doc
                    .pointer("/servers/0/variables")
                    .and_then(|v| v.as_object())
                {
                    for (name, var) in vars {
                        if let Some(default) = var.get("default").and_then(|d| d.as_str()) {
                            url = url.replace(&format!("{{{name}}}"), default);
                        }
                    }
                }
                url
            });
        let base = server_url
            .as_deref()
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
                let resolve = |p: &Value| match p.get("$ref").and_then(|r| r.as_str()) {
                    Some(r) => r
                        .strip_prefix('#')
                        .and_then(|ptr| doc.pointer(ptr))
                        .cloned()
                        .unwrap_or(Value::Null),
                    None => p.clone(),
                };
                let key = |p: &Value| {
                    (
                        p.get("name").and_then(|n| n.as_str()).map(str::to_string),
                        p.get("in").and_then(|n| n.as_str()).map(str::to_string),
                    )
                };
                // The operation's parameters override the path's of the same name and place.
                let own: Vec<Value> = op
                    .get("parameters")
                    .and_then(|p| p.as_array())
                    .map(|p| p.iter().map(resolve).collect())
                    .unwrap_or_default();
                let mut resolved: Vec<Value> = shared
                    .iter()
                    .map(resolve)
                    .filter(|p| !own.iter().any(|o| key(o) == key(p)))
                    .collect();
                resolved.extend(own);
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
                            ("header" | "cookie", _) if required => {
                                return Err(format!(
                                    "its required {place} parameter `{pname}` is not sent by the probes"
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
        body: Option<&[u8]>,
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
        // A response given by reference: where the reference leads.
        let (response, response_pointer) = match response.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => {
                let target = r.strip_prefix('#').unwrap_or_default().to_string();
                match self.doc.pointer(&target) {
                    Some(found) => (found, target),
                    None => return Err(format!("its response reference {r} leads nowhere")),
                }
            }
            None => (
                response,
                format!("{}/responses/{}", op.pointer, escape(key)),
            ),
        };
        let Some(content) = response.get("content").and_then(|c| c.as_object()) else {
            return Ok(());
        };
        // No body to judge (HEAD, 204, an empty answer).
        let Some(body) = body.filter(|b| !b.is_empty()) else {
            return Ok(());
        };
        let normal = |m: &str| {
            m.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        };
        let media = normal(content_type.unwrap_or_default());
        let (kind, _) = media.split_once('/').unwrap_or((media.as_str(), ""));
        let declared = content
            .keys()
            .find(|m| normal(m) == media)
            .or_else(|| content.keys().find(|m| normal(m) == format!("{kind}/*")))
            .or_else(|| content.keys().find(|m| normal(m) == "*/*"));
        let Some(declared) = declared else {
            let mut listed: Vec<&str> = content.keys().map(String::as_str).collect();
            listed.sort();
            return Err(format!(
                "answered HTTP {status} as {}, which it does not declare (declared: {})",
                if media.is_empty() {
                    "no content type"
                } else {
                    &media
                },
                listed.join(", ")
            ));
        };
        if !(media == "application/json" || media.ends_with("+json")) {
            return Ok(());
        }
        let pointer = format!("{response_pointer}/content/{}/schema", escape(declared));
        if self.doc.pointer(&pointer).is_none() {
            return Ok(());
        }
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
        // Where the body fails and which keyword of the schema it fails, never the body's
        // values (an authenticated answer may hold secrets).
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(3)
            .map(|e| {
                let at = e.instance_path().to_string();
                let keyword = e.schema_path().to_string();
                let keyword = keyword.rsplit('/').next().unwrap_or_default().to_string();
                format!(
                    "{} fails `{keyword}`",
                    if at.is_empty() {
                        "the body".to_string()
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
        assert!(a.conforms(op_a, 200, None, None).is_ok());
        assert!(a.conforms(op_a, 404, None, None).is_ok());
        let said = a.conforms(op_a, 500, None, None).unwrap_err();
        assert!(
            said.contains("HTTP 500, which it does not declare (declared: 200, 4XX)"),
            "{said}"
        );
        assert!(a.conforms(op_b, 503, None, None).is_ok());
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
        assert!(
            a.conforms(op, 200, json, Some(br#"{"n": 1, "s": null}"#))
                .is_ok()
        );
        let said = a.conforms(op, 200, json, Some(br#"{"n": 0}"#)).unwrap_err();
        assert!(said.contains("/n"), "exclusive minimum 0: {said}");
        let said = a.conforms(op, 200, json, Some(b"{not json")).unwrap_err();
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
    fn media_types_match_without_parameters_and_by_wildcard_and_values_are_never_quoted() {
        let a = api(json!({
            "openapi": "3.0.3",
            "servers": [{"url": "https://api.test/{base}", "variables": {"base": {"default": "v2"}}}],
            "components": {"schemas": {"S": {"type": "object", "properties": {"k": {"type": "integer"}}}}},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "a", "content": {
                    "application/json; charset=utf-8": {"schema": {"$ref": "#/components/schemas/S"}},
                    "text/*": {}
                }}}}},
                "/b": {"get": {"responses": {"200": {"description": "b", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/S", "nullable": true}}
                }}}}}
            }
        }));
        let (op_a, op_b) = (&a.operations[0], &a.operations[1]);
        assert_eq!(
            op_a.url.as_deref(),
            Ok("/v2/a"),
            "the server variable's default"
        );
        let json = Some("Application/JSON");
        assert!(a.conforms(op_a, 200, json, Some(br#"{"k": 1}"#)).is_ok());
        assert!(
            a.conforms(op_a, 200, Some("text/plain"), Some(b"hi"))
                .is_ok()
        );
        let said = a
            .conforms(op_a, 200, Some("text/html"), Some(b"<html>"))
            .is_ok();
        assert!(said, "text/* declares it");
        let said = a
            .conforms(op_b, 200, Some("text/html"), Some(b"<html>"))
            .unwrap_err();
        assert!(
            said.contains("as text/html, which it does not declare"),
            "{said}"
        );
        let said = a
            .conforms(op_a, 200, json, Some(br#"{"k": "s3cret-value"}"#))
            .unwrap_err();
        assert!(
            said.contains("/k fails `type`") && !said.contains("s3cret"),
            "{said}"
        );
        assert!(
            a.conforms(op_b, 200, json, Some(b"null")).is_ok(),
            "nullable beside $ref"
        );
        assert!(
            a.conforms(op_b, 200, json, None).is_ok(),
            "no body to judge (HEAD)"
        );
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
