//! Kubernetes manifests: workloads (their pod spec, containers, images, security contexts,
//! resources, env, volumes, annotations, schedules) and the other resources the policies read
//! (`Secret`, `ExternalSecret`, Velero `Schedule`, audit `Policy`), each with its lines.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::yaml::{Node, Value};

/// An image reference, split.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Image {
    pub value: String,
    pub line: u32,
    /// The tag; None when there is none (which means `latest`).
    pub tag: Option<String>,
    /// `sha256:…` when pinned by digest.
    pub digest: Option<String>,
    /// The repository without registry, tag or digest, lowercased (`postgres`, `bitnami/redis`).
    pub name: String,
}

impl Image {
    pub fn parse(value: &str, line: u32) -> Image {
        let value = value.trim();
        let (rest, digest) = match value.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (value, None),
        };
        let digest = digest
            .filter(|d| {
                d.strip_prefix("sha256:").is_some_and(|hex| {
                    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
                })
            })
            .map(str::to_string);
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (repo, tag) = match rest[last_slash..].rfind(':') {
            Some(colon) => (
                &rest[..last_slash + colon],
                Some(rest[last_slash + colon + 1..].to_string()),
            ),
            None => (rest, None),
        };
        // A first segment with a dot, a colon or `localhost` is a registry.
        let name = match repo.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                path
            }
            _ => repo,
        };
        let name = name.strip_prefix("library/").unwrap_or(name);
        Image {
            value: value.to_string(),
            line,
            tag,
            digest,
            name: name.to_ascii_lowercase(),
        }
    }
}

/// A scalar setting and its line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub line: u32,
}

pub(crate) fn bool_setting(node: Option<&Node>) -> Option<Setting<bool>> {
    let node = node?;
    let value = match &node.value {
        Value::Bool(b) => *b,
        Value::String(s) => match s.as_str() {
            "true" => true,
            "false" => false,
            _ => return None,
        },
        _ => return None,
    };
    Some(Setting {
        value,
        line: node.line,
    })
}

fn int_setting(node: Option<&Node>) -> Option<Setting<i64>> {
    let node = node?;
    let value = match &node.value {
        Value::Int(i) => *i,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    Some(Setting {
        value,
        line: node.line,
    })
}

pub(crate) fn text_setting(node: Option<&Node>) -> Option<Setting<String>> {
    let node = node?;
    Some(Setting {
        value: node.scalar_text()?,
        line: node.line,
    })
}

/// A line of a command, an argument or a script, with its file line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CommandLine {
    pub line: u32,
    pub text: String,
}

/// A `command` / `args` value: a list (an entry per item) or one string.
pub(crate) fn command_lines(node: &Node) -> Vec<CommandLine> {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| {
                Some(CommandLine {
                    line: item.line,
                    text: item.scalar_text()?,
                })
            })
            .collect(),
        _ => node
            .scalar_text()
            .map(|text| CommandLine {
                line: node.line,
                text,
            })
            .into_iter()
            .collect(),
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SecurityContext {
    pub run_as_non_root: Option<Setting<bool>>,
    pub run_as_user: Option<Setting<i64>>,
    pub privileged: Option<Setting<bool>>,
    pub allow_privilege_escalation: Option<Setting<bool>>,
    pub read_only_root_filesystem: Option<Setting<bool>>,
    pub capabilities_drop: Vec<String>,
    pub capabilities_add: Vec<String>,
}

fn security_context(node: Option<&Node>) -> SecurityContext {
    let Some(node) = node else {
        return SecurityContext::default();
    };
    let caps = |key: &str| -> Vec<String> {
        node.get("capabilities")
            .and_then(|c| c.get(key))
            .map(|list| list.items().iter().filter_map(Node::scalar_text).collect())
            .unwrap_or_default()
    };
    SecurityContext {
        run_as_non_root: bool_setting(node.get("runAsNonRoot")),
        run_as_user: int_setting(node.get("runAsUser")),
        privileged: bool_setting(node.get("privileged")),
        allow_privilege_escalation: bool_setting(node.get("allowPrivilegeEscalation")),
        read_only_root_filesystem: bool_setting(node.get("readOnlyRootFilesystem")),
        capabilities_drop: caps("drop"),
        capabilities_add: caps("add"),
    }
}

/// An environment variable: a literal `value`, or where it comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnvVar {
    pub name: String,
    pub line: u32,
    /// The literal value, when given as one.
    pub value: Option<String>,
    /// `secretKeyRef`, `configMapKeyRef`, `fieldRef`, `resourceFieldRef` for `valueFrom`.
    pub from: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Container {
    pub name: String,
    /// `container`, `init` or `ephemeral`.
    pub kind: String,
    /// The line of the item's first key.
    pub line: u32,
    pub image: Option<Image>,
    pub security_context: SecurityContext,
    /// The line of the container's `securityContext`, when it has one.
    pub security_context_line: Option<u32>,
    pub limits: BTreeMap<String, String>,
    pub requests: BTreeMap<String, String>,
    pub env: Vec<EnvVar>,
    /// `envFrom` sources: `secretRef` or `configMapRef`.
    pub env_from: Vec<String>,
    /// `command` then `args`, one entry per item.
    pub commands: Vec<CommandLine>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Volume {
    pub name: String,
    pub line: u32,
    /// The volume source's key: `hostPath`, `secret`, `csi`, `emptyDir`, …
    pub source: String,
    /// `hostPath.path`, or a CSI volume's `driver`.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pod {
    pub line: u32,
    pub host_network: Option<Setting<bool>>,
    pub host_pid: Option<Setting<bool>>,
    pub host_ipc: Option<Setting<bool>>,
    pub security_context: SecurityContext,
    pub service_account: Option<String>,
    pub annotations: BTreeMap<String, String>,
    pub volumes: Vec<Volume>,
    pub containers: Vec<Container>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Workload {
    pub path: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    /// The line of the document's `kind:`.
    pub line: u32,
    /// The workload's and its pod template's annotations (Vault agent, …), merged.
    pub annotations: BTreeMap<String, String>,
    /// A CronJob's `spec.schedule`.
    pub schedule: Option<Setting<String>>,
    pub pod: Pod,
}

/// Any other resource, as its kind, name and line (plus what the policies read of it).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Resource {
    pub path: String,
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub line: u32,
    /// A `Secret`'s `data` and `stringData` keys.
    pub data_keys: Vec<String>,
}

/// A Velero `Schedule`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VeleroSchedule {
    pub path: String,
    pub name: String,
    pub line: u32,
    pub schedule: Option<Setting<String>>,
    pub ttl: Option<Setting<String>>,
}

/// A Kubernetes audit `Policy` (`audit.k8s.io`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditPolicy {
    pub path: String,
    pub line: u32,
    /// Each rule's `level`.
    pub levels: Vec<Setting<String>>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct KubernetesFacts {
    pub workloads: Vec<Workload>,
    pub resources: Vec<Resource>,
    pub velero_schedules: Vec<VeleroSchedule>,
    pub audit_policies: Vec<AuditPolicy>,
}

impl KubernetesFacts {
    pub fn extend(&mut self, other: KubernetesFacts) {
        self.workloads.extend(other.workloads);
        self.resources.extend(other.resources);
        self.velero_schedules.extend(other.velero_schedules);
        self.audit_policies.extend(other.audit_policies);
    }

    pub fn sort(&mut self) {
        self.workloads
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        self.resources
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        self.velero_schedules
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        self.audit_policies
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }
}

/// Whether a document is a Kubernetes object (string `apiVersion` and `kind`).
pub fn is_object(doc: &Node) -> bool {
    doc.get("apiVersion").and_then(Node::as_str).is_some()
        && doc.get("kind").and_then(Node::as_str).is_some()
}

/// Read one document (a `List`'s items one by one) into `facts`.
pub fn read_document(path: &str, doc: &Node, facts: &mut KubernetesFacts) {
    read_nested(path, doc, facts, 0);
}

/// Lists inside lists are read this deep, no deeper (a crafted file cannot exhaust the stack).
const MAX_LIST_DEPTH: u32 = 8;

fn read_nested(path: &str, doc: &Node, facts: &mut KubernetesFacts, depth: u32) {
    if !is_object(doc) || depth > MAX_LIST_DEPTH {
        return;
    }
    let kind = doc.get("kind").and_then(Node::as_str).unwrap_or_default();
    let api_version = doc
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or_default();
    if kind == "List" || kind.ends_with("List") && doc.get("items").is_some() {
        for item in doc.get("items").map(Node::items).unwrap_or_default() {
            read_nested(path, item, facts, depth + 1);
        }
        return;
    }
    let line = doc.entry("kind").map_or(doc.line, |e| e.key_line);
    let metadata = doc.get("metadata");
    let name = metadata
        .and_then(|m| m.get("name"))
        .and_then(Node::scalar_text)
        .unwrap_or_default();
    let namespace = metadata
        .and_then(|m| m.get("namespace"))
        .and_then(Node::scalar_text);
    let spec = doc.get("spec");
    let template = match kind {
        "Pod" => Some((None, spec)),
        "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "ReplicationController"
        | "Job" => Some((None, spec.and_then(|s| s.get("template")))),
        "CronJob" => Some((
            spec.and_then(|s| s.get("schedule")),
            spec.and_then(|s| s.get("jobTemplate"))
                .and_then(|j| j.get("spec"))
                .and_then(|s| s.get("template")),
        )),
        _ => None,
    };
    if let Some((schedule, template)) = template {
        // A Pod is its own template: its metadata carries the annotations.
        let (pod_meta, pod_spec) = if kind == "Pod" {
            (metadata, spec)
        } else {
            (
                template.and_then(|t| t.get("metadata")),
                template.and_then(|t| t.get("spec")),
            )
        };
        let mut annotations = annotations_of(metadata);
        annotations.extend(annotations_of(pod_meta));
        facts.workloads.push(Workload {
            path: path.to_string(),
            kind: kind.to_string(),
            name,
            namespace,
            line,
            annotations: annotations.clone(),
            schedule: text_setting(schedule),
            pod: pod(pod_spec, line, annotations_of(pod_meta)),
        });
        return;
    }
    match kind {
        "Schedule" if api_version.starts_with("velero.io/") => {
            facts.velero_schedules.push(VeleroSchedule {
                path: path.to_string(),
                name: name.clone(),
                line,
                schedule: text_setting(spec.and_then(|s| s.get("schedule"))),
                ttl: text_setting(
                    spec.and_then(|s| s.get("template"))
                        .and_then(|t| t.get("ttl")),
                ),
            });
        }
        "Policy" if api_version.starts_with("audit.k8s.io/") => {
            facts.audit_policies.push(AuditPolicy {
                path: path.to_string(),
                line,
                levels: doc
                    .get("rules")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|rule| text_setting(rule.get("level")))
                    .collect(),
            });
            return;
        }
        _ => {}
    }
    let data_keys = if kind == "Secret" {
        ["data", "stringData"]
            .iter()
            .filter_map(|key| doc.get(key))
            .flat_map(|map| map.entries().iter().map(|e| e.key.clone()))
            .collect()
    } else {
        Vec::new()
    };
    facts.resources.push(Resource {
        path: path.to_string(),
        api_version: api_version.to_string(),
        kind: kind.to_string(),
        name,
        namespace,
        line,
        data_keys,
    });
}

fn annotations_of(metadata: Option<&Node>) -> BTreeMap<String, String> {
    metadata
        .and_then(|m| m.get("annotations"))
        .map(|a| {
            a.entries()
                .iter()
                .map(|e| (e.key.clone(), e.value.scalar_text().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

fn pod(spec: Option<&Node>, line: u32, annotations: BTreeMap<String, String>) -> Pod {
    let Some(spec) = spec else {
        return Pod {
            line,
            host_network: None,
            host_pid: None,
            host_ipc: None,
            security_context: SecurityContext::default(),
            service_account: None,
            annotations,
            volumes: Vec::new(),
            containers: Vec::new(),
        };
    };
    let mut containers = Vec::new();
    for (key, kind) in [
        ("initContainers", "init"),
        ("containers", "container"),
        ("ephemeralContainers", "ephemeral"),
    ] {
        for item in spec.get(key).map(Node::items).unwrap_or_default() {
            containers.push(container(item, kind));
        }
    }
    let volumes = spec
        .get("volumes")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|v| {
            let source = v.entries().iter().find(|e| e.key != "name");
            Volume {
                name: v
                    .get("name")
                    .and_then(Node::scalar_text)
                    .unwrap_or_default(),
                line: v.line,
                source: source.map(|e| e.key.clone()).unwrap_or_default(),
                detail: source.and_then(|e| {
                    e.value
                        .get("path")
                        .or_else(|| e.value.get("driver"))
                        .and_then(Node::scalar_text)
                }),
            }
        })
        .collect();
    Pod {
        line: spec.line,
        host_network: bool_setting(spec.get("hostNetwork")),
        host_pid: bool_setting(spec.get("hostPID")),
        host_ipc: bool_setting(spec.get("hostIPC")),
        security_context: security_context(spec.get("securityContext")),
        service_account: spec.get("serviceAccountName").and_then(Node::scalar_text),
        annotations,
        volumes,
        containers,
    }
}

fn quantities(node: Option<&Node>) -> BTreeMap<String, String> {
    node.map(|n| {
        n.entries()
            .iter()
            .filter_map(|e| Some((e.key.clone(), e.value.scalar_text()?)))
            .collect()
    })
    .unwrap_or_default()
}

fn container(node: &Node, kind: &str) -> Container {
    let env = node
        .get("env")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|item| EnvVar {
            name: item
                .get("name")
                .and_then(Node::scalar_text)
                .unwrap_or_default(),
            line: item.line,
            value: item.get("value").and_then(Node::scalar_text),
            from: item
                .get("valueFrom")
                .and_then(|from| from.entries().first().map(|e| e.key.clone())),
        })
        .collect();
    let env_from = node
        .get("envFrom")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| {
            item.entries()
                .iter()
                .find(|e| e.key != "prefix")
                .map(|e| e.key.clone())
        })
        .collect();
    let commands = ["command", "args"]
        .iter()
        .filter_map(|key| node.get(key))
        .flat_map(command_lines)
        .collect();
    let resources = node.get("resources");
    Container {
        name: node
            .get("name")
            .and_then(Node::scalar_text)
            .unwrap_or_default(),
        kind: kind.to_string(),
        line: node.line,
        image: node
            .get("image")
            .and_then(|i| Some(Image::parse(&i.scalar_text()?, i.line))),
        security_context: security_context(node.get("securityContext")),
        security_context_line: node.entry("securityContext").map(|e| e.key_line),
        limits: quantities(resources.and_then(|r| r.get("limits"))),
        requests: quantities(resources.and_then(|r| r.get("requests"))),
        env,
        env_from,
        commands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    #[test]
    fn images_split_into_registry_name_tag_and_digest() {
        let i = Image::parse("registry.local:5000/team/app", 3);
        assert_eq!((i.name.as_str(), i.tag.as_deref()), ("team/app", None));
        let i = Image::parse("postgres:16.2", 1);
        assert_eq!(
            (i.name.as_str(), i.tag.as_deref()),
            ("postgres", Some("16.2"))
        );
        let digest = format!("sha256:{}", "ab".repeat(32));
        let i = Image::parse(&format!("docker.io/library/nginx:1.27@{digest}"), 1);
        assert_eq!(i.name, "nginx");
        assert_eq!(i.tag.as_deref(), Some("1.27"));
        assert_eq!(i.digest.as_deref(), Some(digest.as_str()));
        assert_eq!(Image::parse("nginx@sha256:abc", 1).digest, None);
    }

    #[test]
    fn cronjob_containers_schedule_and_lines() {
        let text = "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          securityContext:\n            runAsNonRoot: true\n          containers:\n            - name: dump\n              image: postgres:16\n              command: [\"pg_dump\", \"-Fc\"]\n              env:\n                - name: PGPASSWORD\n                  valueFrom:\n                    secretKeyRef: {name: db, key: password}\n";
        let docs = parse_documents(text).unwrap();
        let mut facts = KubernetesFacts::default();
        read_document("k8s/backup.yaml", &docs[0], &mut facts);
        let w = &facts.workloads[0];
        assert_eq!((w.kind.as_str(), w.line), ("CronJob", 2));
        assert_eq!(w.schedule.as_ref().unwrap().line, 6);
        assert!(
            w.pod
                .security_context
                .run_as_non_root
                .as_ref()
                .unwrap()
                .value
        );
        let c = &w.pod.containers[0];
        assert_eq!(c.line, 14);
        assert_eq!(c.image.as_ref().unwrap().line, 15);
        assert_eq!(c.commands[0].text, "pg_dump");
        assert_eq!(c.env[0].from.as_deref(), Some("secretKeyRef"));
        assert_eq!(c.env[0].line, 18);
    }
}
