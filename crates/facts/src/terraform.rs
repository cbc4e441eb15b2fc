//! Terraform: the resources and data sources of `.tf` files, with the values Terraform would
//! give their arguments where those are literal in the configuration.
//!
//! Each file is parsed by `hcl-edit` (through `hcl-rs`), which keeps every block's position, so a
//! finding points at the block's first line. Then each directory is evaluated as a Terraform
//! module with `hcl-rs`'s evaluator:
//!
//! - `variable` defaults, overridden in a root module by `terraform.tfvars` and `*.auto.tfvars`
//!   of the same directory, and in a called module by the call's arguments;
//! - `locals`, in as many rounds as they refer to one another;
//! - string templates, conditionals, operators and the functions of [`functions`];
//! - local modules (`source = "./…"` or `"../…"`) evaluated once per call, with the resources'
//!   addresses under `module.NAME.`; a directory called as a module is not also a root.
//!
//! What is not literal (a variable without a default, a data source's attribute, another
//! resource's attribute) stays an expression, given as its text in `${…}`: a policy sees that the
//! value is unknown and never judges it.

use std::collections::{BTreeMap, BTreeSet};

use hcl::edit::Span;
use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};
use hcl::{Expression, ObjectKey, Value};
use serde::Serialize;

use crate::Located;

/// How deep local module calls are followed (a module calling itself stops there).
const MAX_MODULE_DEPTH: usize = 8;
/// Rounds of `locals` evaluation (each resolves the locals the previous rounds made known).
const MAX_LOCAL_ROUNDS: usize = 16;

/// The Terraform facts of the tree.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TerraformFacts {
    /// Every `.tf` file read, sorted.
    pub files: Vec<String>,
    /// Resources and data sources, by path and line (a module's once per call).
    pub resources: Vec<Resource>,
}

/// A `resource` or `data` block, evaluated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub path: String,
    /// The line of the block's header.
    pub line: u32,
    /// `managed` (a `resource` block) or `data`.
    pub mode: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// The module path: `""` for a root module, `module.a.module.b.` for a nested call.
    pub module: String,
    /// Arguments as JSON; nested blocks as arrays of objects under their type; what is not
    /// literal as `${…}` text.
    pub values: serde_json::Value,
}

/// One top-level block of a file.
#[derive(Debug, Clone)]
struct TopBlock {
    kind: String,
    labels: Vec<String>,
    line: u32,
    body: hcl::Body,
}

/// A parsed `.tf` or `.tfvars` file.
#[derive(Debug, Clone)]
pub struct File {
    path: String,
    dir: String,
    tfvars: bool,
    blocks: Vec<TopBlock>,
    /// A `.tfvars` file's assignments.
    attributes: Vec<(String, Expression)>,
}

impl File {
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// `terraform.tfvars` and `*.auto.tfvars`: the files Terraform loads by itself.
pub fn is_tfvars(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "terraform.tfvars" || name.ends_with(".auto.tfvars")
}

fn dir_of(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(dir, _)| dir.to_string())
        .unwrap_or_default()
}

fn line_at(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u32
        + 1
}

/// Parse one file; a syntax error is located where the parser stopped.
pub fn parse(rel: &str, text: &str) -> Result<File, Located> {
    let body = hcl::edit::parser::parse_body(text).map_err(|e| Located {
        line: e.location().line() as u32,
        message: format!("HCL: {}", e.message()),
    })?;
    let mut file = File {
        path: rel.to_string(),
        dir: dir_of(rel),
        tfvars: is_tfvars(rel),
        blocks: Vec::new(),
        attributes: Vec::new(),
    };
    for structure in body {
        match structure {
            hcl::edit::structure::Structure::Block(block) => {
                let line = block.span().map(|s| line_at(text, s.start)).unwrap_or(1);
                let labels = block
                    .labels
                    .iter()
                    .map(|label| hcl::BlockLabel::from(label.clone()).as_str().to_string())
                    .collect();
                file.blocks.push(TopBlock {
                    kind: block.ident.as_str().to_string(),
                    labels,
                    line,
                    body: block.body.into(),
                });
            }
            hcl::edit::structure::Structure::Attribute(attr) => {
                let attr: hcl::Attribute = attr.into();
                file.attributes.push((attr.key.to_string(), attr.expr));
            }
        }
    }
    Ok(file)
}

/// Evaluate every module of the tree.
pub fn evaluate(files: &[File]) -> TerraformFacts {
    let mut dirs: BTreeMap<&str, Vec<&File>> = BTreeMap::new();
    for file in files {
        dirs.entry(file.dir.as_str()).or_default().push(file);
    }
    let called: BTreeSet<String> = dirs
        .iter()
        .flat_map(|(dir, files)| module_calls(dir, files).into_iter().map(|(_, t, _)| t))
        .collect();
    let mut facts = TerraformFacts {
        files: files
            .iter()
            .filter(|f| !f.tfvars)
            .map(|f| f.path.clone())
            .collect(),
        resources: Vec::new(),
    };
    for (dir, dir_files) in &dirs {
        if called.contains(*dir) || dir_files.iter().all(|f| f.tfvars) {
            continue;
        }
        let mut inputs = BTreeMap::new();
        for file in dir_files.iter().filter(|f| f.tfvars) {
            for (name, expr) in &file.attributes {
                inputs.insert(name.clone(), literal(expr, &Context::new()));
            }
        }
        evaluate_module(&dirs, dir, &inputs, "", 0, &mut facts.resources);
    }
    facts.files.sort();
    facts
        .resources
        .sort_by(|a, b| (&a.path, a.line, &a.module).cmp(&(&b.path, b.line, &b.module)));
    facts
}

/// The local module calls of a directory: (name, target directory, the call's block).
fn module_calls<'a>(dir: &str, files: &[&'a File]) -> Vec<(String, String, &'a TopBlock)> {
    let mut out = Vec::new();
    for file in files {
        for block in file.blocks.iter().filter(|b| b.kind == "module") {
            let source = block
                .body
                .attributes()
                .find(|a| a.key.as_str() == "source")
                .and_then(|a| match &a.expr {
                    Expression::String(s) => Some(s.clone()),
                    _ => None,
                });
            let Some(source) = source else { continue };
            if !(source.starts_with("./") || source.starts_with("../")) {
                continue;
            }
            if let (Some(name), Some(target)) = (block.labels.first(), join_path(dir, &source)) {
                out.push((name.clone(), target, block));
            }
        }
    }
    out
}

/// `dir/source` with `.` and `..` resolved; `None` when it leaves the scanned tree.
fn join_path(dir: &str, source: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// A value made fully literal, or `None` when some part of it is not known.
fn literal(expr: &Expression, ctx: &Context) -> Option<Value> {
    expr.evaluate(ctx).ok()
}

fn evaluate_module(
    dirs: &BTreeMap<&str, Vec<&File>>,
    dir: &str,
    inputs: &BTreeMap<String, Option<Value>>,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Resource>,
) {
    let Some(files) = dirs.get(dir) else { return };
    let files: Vec<&File> = files.iter().copied().filter(|f| !f.tfvars).collect();
    let blocks = || {
        files
            .iter()
            .flat_map(|f| f.blocks.iter().map(move |b| (*f, b)))
    };
    // Variables: the caller's value (when known), else the default (when literal).
    let mut vars = hcl::Map::new();
    let defaults = functions();
    for (_, block) in blocks().filter(|(_, b)| b.kind == "variable") {
        let Some(name) = block.labels.first() else {
            continue;
        };
        let value = match inputs.get(name) {
            Some(given) => given.clone(),
            None => block
                .body
                .attributes()
                .find(|a| a.key.as_str() == "default")
                .and_then(|a| literal(&a.expr, &defaults)),
        };
        if let Some(value) = value {
            vars.insert(name.clone(), value);
        }
    }
    // Locals, in rounds.
    let mut pending: Vec<(String, Expression)> = blocks()
        .filter(|(_, b)| b.kind == "locals")
        .flat_map(|(_, b)| {
            b.body
                .attributes()
                .map(|a| (a.key.to_string(), a.expr.clone()))
        })
        .collect();
    let mut locals = hcl::Map::new();
    for _ in 0..MAX_LOCAL_ROUNDS {
        let ctx = context(&vars, &locals);
        let before = pending.len();
        pending.retain(|(name, expr)| match literal(expr, &ctx) {
            Some(value) => {
                locals.insert(name.clone(), value);
                false
            }
            None => true,
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    let ctx = context(&vars, &locals);
    for (file, block) in blocks() {
        let mode = match block.kind.as_str() {
            "resource" => "managed",
            "data" => "data",
            _ => continue,
        };
        let (Some(kind), Some(name)) = (block.labels.first(), block.labels.get(1)) else {
            continue;
        };
        let mut body = block.body.clone();
        // What cannot be evaluated stays as it is written.
        let _ = body.evaluate_in_place(&ctx);
        out.push(Resource {
            path: file.path.clone(),
            line: block.line,
            mode: mode.to_string(),
            kind: kind.clone(),
            name: name.clone(),
            module: prefix.to_string(),
            values: body_json(&body),
        });
    }
    if depth >= MAX_MODULE_DEPTH {
        return;
    }
    for (name, target, block) in module_calls(dir, &files) {
        let args: BTreeMap<String, Option<Value>> = block
            .body
            .attributes()
            .filter(|a| {
                !matches!(
                    a.key.as_str(),
                    "source" | "version" | "providers" | "count" | "for_each" | "depends_on"
                )
            })
            .map(|a| (a.key.to_string(), literal(&a.expr, &ctx)))
            .collect();
        let prefix = format!("{prefix}module.{name}.");
        evaluate_module(dirs, &target, &args, &prefix, depth + 1, out);
    }
}

fn context<'a>(vars: &hcl::Map<String, Value>, locals: &hcl::Map<String, Value>) -> Context<'a> {
    let mut ctx = functions();
    ctx.declare_var("var", Value::Object(vars.clone()));
    ctx.declare_var("local", Value::Object(locals.clone()));
    ctx
}

/// The Terraform functions configurations use to build the values policies judge: JSON policy
/// documents, string case, lists and maps.
fn functions<'a>() -> Context<'a> {
    let mut ctx = Context::new();
    let one = |f| FuncDef::builder().param(ParamType::Any).build(f);
    ctx.declare_func("jsonencode", one(jsonencode));
    ctx.declare_func(
        "lower",
        FuncDef::builder().param(ParamType::String).build(lower),
    );
    ctx.declare_func(
        "upper",
        FuncDef::builder().param(ParamType::String).build(upper),
    );
    ctx.declare_func("tostring", one(identity));
    ctx.declare_func("tolist", one(identity));
    ctx.declare_func("toset", one(identity));
    ctx.declare_func("tomap", one(identity));
    ctx.declare_func("tobool", one(identity));
    ctx.declare_func("tonumber", one(identity));
    ctx.declare_func(
        "concat",
        FuncDef::builder()
            .variadic_param(ParamType::array_of(ParamType::Any))
            .build(concat),
    );
    ctx.declare_func(
        "merge",
        FuncDef::builder()
            .variadic_param(ParamType::object_of(ParamType::Any))
            .build(merge),
    );
    ctx.declare_func(
        "coalesce",
        FuncDef::builder()
            .variadic_param(ParamType::Any)
            .build(coalesce),
    );
    ctx
}

fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    serde_json::to_string(&args[0])
        .map(Value::String)
        .map_err(|e| e.to_string())
}

fn lower(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(
        args[0].as_str().unwrap_or_default().to_lowercase(),
    ))
}

fn upper(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(
        args[0].as_str().unwrap_or_default().to_uppercase(),
    ))
}

fn identity(args: FuncArgs) -> Result<Value, String> {
    Ok(args[0].clone())
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Array(
        args.iter()
            .filter_map(Value::as_array)
            .flatten()
            .cloned()
            .collect(),
    ))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut out = hcl::Map::new();
    for map in args.iter().filter_map(Value::as_object) {
        out.extend(map.clone());
    }
    Ok(Value::Object(out))
}

fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.iter()
        .find(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .ok_or_else(|| "no non-null argument".to_string())
}

/// A body as JSON: attributes by key, blocks as arrays of objects under their type (a labelled
/// nested block, such as `dynamic "ingress"`, gets its labels as `_labels`).
fn body_json(body: &hcl::Body) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for structure in body.iter() {
        match structure {
            hcl::Structure::Attribute(attr) => {
                out.insert(attr.key.to_string(), expr_json(&attr.expr));
            }
            hcl::Structure::Block(block) => {
                let mut value = body_json(&block.body);
                if !block.labels.is_empty()
                    && let serde_json::Value::Object(map) = &mut value
                {
                    map.insert(
                        "_labels".to_string(),
                        block
                            .labels
                            .iter()
                            .map(|l| serde_json::Value::String(l.as_str().to_string()))
                            .collect(),
                    );
                }
                let entry = out
                    .entry(block.identifier.to_string())
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                if let serde_json::Value::Array(items) = entry {
                    items.push(value);
                }
            }
        }
    }
    serde_json::Value::Object(out)
}

fn expr_json(expr: &Expression) -> serde_json::Value {
    match expr {
        Expression::Null => serde_json::Value::Null,
        Expression::Bool(b) => serde_json::Value::Bool(*b),
        Expression::Number(n) => serde_json::to_value(n).unwrap_or(serde_json::Value::Null),
        Expression::String(s) => serde_json::Value::String(s.clone()),
        Expression::Array(items) => items.iter().map(expr_json).collect(),
        Expression::Object(object) => {
            let mut out = serde_json::Map::new();
            for (key, value) in object {
                let key = match key {
                    ObjectKey::Identifier(id) => id.to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.clone(),
                    ObjectKey::Expression(other) => unknown(other),
                    _ => "${…}".to_string(),
                };
                out.insert(key, expr_json(value));
            }
            serde_json::Value::Object(out)
        }
        Expression::Parenthesis(inner) => expr_json(inner),
        // A policy document with a part that is not literal (an ARN of another resource): the
        // JSON of what is known, the rest as `${…}` strings.
        Expression::FuncCall(call)
            if call.name.name.as_str() == "jsonencode" && call.args.len() == 1 =>
        {
            serde_json::Value::String(expr_json(&call.args[0]).to_string())
        }
        // A template that is still one keeps its `${…}` parts as written.
        Expression::TemplateExpr(template) => {
            let text = template.to_string();
            if text.contains("${") {
                serde_json::Value::String(text)
            } else {
                serde_json::Value::String(format!("${{{text}}}"))
            }
        }
        other => serde_json::Value::String(unknown(other)),
    }
}

/// An expression that is not literal, as `${…}` text.
fn unknown(expr: &Expression) -> String {
    match hcl::format::to_string(expr) {
        Ok(text) => format!("${{{text}}}"),
        Err(_) => "${…}".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(files: &[(&str, &str)]) -> TerraformFacts {
        let parsed: Vec<File> = files
            .iter()
            .map(|(path, text)| parse(path, text).unwrap())
            .collect();
        evaluate(&parsed)
    }

    #[test]
    fn variables_tfvars_locals_and_templates_are_resolved() {
        let facts = facts(&[
            (
                "infra/main.tf",
                "variable \"env\" { default = \"dev\" }\nvariable \"public\" {\n  default = false\n}\nvariable \"unset\" {}\nlocals {\n  name = \"${local.prefix}-logs\"\n  prefix = \"acme-${var.env}\"\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = local.name\n  acl    = var.public ? \"public-read\" : \"private\"\n  tags   = { owner = var.unset }\n  versioning {\n    enabled = true\n  }\n}\n",
            ),
            ("infra/terraform.tfvars", "public = true\nenv = \"prod\"\n"),
        ]);
        assert_eq!(facts.files, ["infra/main.tf"]);
        let bucket = &facts.resources[0];
        assert_eq!((bucket.line, bucket.kind.as_str()), (11, "aws_s3_bucket"));
        assert_eq!(bucket.values["bucket"], "acme-prod-logs");
        assert_eq!(bucket.values["acl"], "public-read");
        assert_eq!(bucket.values["tags"]["owner"], "${var.unset}");
        assert_eq!(bucket.values["versioning"][0]["enabled"], true);
    }

    #[test]
    fn policies_in_jsonencode_and_heredocs_become_json_text() {
        let facts = facts(&[(
            "iam.tf",
            "resource \"aws_iam_policy\" \"a\" {\n  policy = jsonencode({\n    Statement = [{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]\n  })\n}\nresource \"aws_iam_policy\" \"b\" {\n  policy = <<EOF\n{\"Statement\": []}\nEOF\n}\nresource \"aws_s3_bucket_policy\" \"c\" {\n  policy = jsonencode({ Statement = [{ Principal = \"*\", Resource = \"${aws_s3_bucket.b.arn}/*\" }] })\n}\n",
        )]);
        let policy: serde_json::Value =
            serde_json::from_str(facts.resources[0].values["policy"].as_str().unwrap()).unwrap();
        assert_eq!(policy["Statement"][0]["Action"], "*");
        assert_eq!(facts.resources[1].values["policy"], "{\"Statement\": []}\n");
        let partial = facts.resources[2].values["policy"].as_str().unwrap();
        let partial: serde_json::Value = serde_json::from_str(partial).unwrap();
        assert_eq!(partial["Statement"][0]["Principal"], "*");
        assert_eq!(
            partial["Statement"][0]["Resource"],
            "${aws_s3_bucket.b.arn}/*"
        );
    }

    #[test]
    fn local_modules_are_evaluated_once_per_call_with_its_arguments() {
        let facts = facts(&[
            (
                "main.tf",
                "module \"a\" {\n  source = \"./modules/db\"\n  public = true\n}\nmodule \"b\" {\n  source = \"./modules/db\"\n}\nmodule \"c\" {\n  source = \"./modules/db\"\n  public = data.x.y\n}\nmodule \"remote\" {\n  source = \"terraform-aws-modules/rds/aws\"\n}\n",
            ),
            (
                "modules/db/main.tf",
                "variable \"public\" { default = false }\nresource \"aws_db_instance\" \"this\" {\n  publicly_accessible = var.public\n}\n",
            ),
        ]);
        let found: Vec<(String, serde_json::Value)> = facts
            .resources
            .iter()
            .map(|r| (r.module.clone(), r.values["publicly_accessible"].clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("module.a.".to_string(), serde_json::json!(true)),
                ("module.b.".to_string(), serde_json::json!(false)),
                ("module.c.".to_string(), serde_json::json!("${var.public}")),
            ]
        );
        assert!(
            facts
                .resources
                .iter()
                .all(|r| r.path == "modules/db/main.tf" && r.line == 2)
        );
    }

    #[test]
    fn a_module_calling_itself_stops() {
        let facts = facts(&[(
            "m/main.tf",
            "module \"again\" {\n  source = \"./\"\n}\nresource \"null_resource\" \"x\" {}\n",
        )]);
        // The directory calls itself, so it is no root: nothing is evaluated, and nothing hangs.
        assert!(facts.resources.is_empty());
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = parse("bad.tf", "resource \"a\" \"b\" {\n  x = \n}\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.starts_with("HCL: "), "{}", error.message);
    }
}
