//! Docker Compose files: services with their image, build, environment, privileges, namespaces
//! and command, each with its line.

use serde::Serialize;

use crate::kubernetes::{CommandLine, Image, Setting, bool_setting, command_lines, text_setting};
use crate::yaml::{Node, Value};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ComposeFile {
    pub path: String,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Service {
    pub name: String,
    /// The line of the service's key.
    pub line: u32,
    pub image: Option<Image>,
    /// Whether the service builds its image (`build:`).
    pub build: bool,
    pub privileged: Option<Setting<bool>>,
    pub user: Option<Setting<String>>,
    pub network_mode: Option<Setting<String>>,
    pub pid: Option<Setting<String>>,
    pub ipc: Option<Setting<String>>,
    pub read_only: Option<Setting<bool>>,
    pub cap_add: Vec<String>,
    pub environment: Vec<EnvEntry>,
    pub command: Vec<CommandLine>,
}

/// An `environment` entry; `value` is None for a bare `KEY` (passed through from the host).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnvEntry {
    pub name: String,
    pub line: u32,
    pub value: Option<String>,
}

/// Whether a file name is a Compose file's.
pub fn is_compose(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    (name.starts_with("docker-compose")
        || name.starts_with("compose.")
        || name.starts_with("compose-"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// Read a Compose document.
pub fn read(path: &str, doc: &Node) -> ComposeFile {
    let services = doc
        .get("services")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|entry| service(&entry.key, entry.key_line, &entry.value))
        .collect();
    ComposeFile {
        path: path.to_string(),
        services,
    }
}

fn service(name: &str, line: u32, node: &Node) -> Service {
    let environment = match node.get("environment").map(|e| &e.value) {
        Some(Value::Map(entries)) => entries
            .iter()
            .map(|e| EnvEntry {
                name: e.key.clone(),
                line: e.key_line,
                value: e.value.scalar_text(),
            })
            .collect(),
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|item| {
                let text = item.scalar_text()?;
                let (name, value) = match text.split_once('=') {
                    Some((name, value)) => (name.to_string(), Some(value.to_string())),
                    None => (text, None),
                };
                Some(EnvEntry {
                    name,
                    line: item.line,
                    value,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let command = node.get("command").map(command_lines).unwrap_or_default();
    Service {
        name: name.to_string(),
        line,
        image: node
            .get("image")
            .and_then(|i| Some(Image::parse(&i.scalar_text()?, i.line))),
        build: node.get("build").is_some(),
        privileged: bool_setting(node.get("privileged")),
        user: text_setting(node.get("user")),
        network_mode: text_setting(node.get("network_mode")),
        pid: text_setting(node.get("pid")),
        ipc: text_setting(node.get("ipc")),
        read_only: bool_setting(node.get("read_only")),
        cap_add: node
            .get("cap_add")
            .map(|c| c.items().iter().filter_map(Node::scalar_text).collect())
            .unwrap_or_default(),
        environment,
        command,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_documents;

    #[test]
    fn services_and_both_environment_forms() {
        let text = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: changeme\n      PGDATA:\n  app:\n    build: .\n    privileged: true\n    environment:\n      - API_TOKEN=${API_TOKEN}\n      - DEBUG\n    command: [\"serve\", \"--port\", \"80\"]\n";
        let docs = parse_documents(text).unwrap();
        let file = read("docker-compose.yml", &docs[0]);
        let db = &file.services[0];
        assert_eq!((db.name.as_str(), db.line), ("db", 2));
        assert_eq!(db.image.as_ref().unwrap().name, "postgres");
        assert_eq!(db.environment[0].line, 5);
        assert_eq!(db.environment[0].value.as_deref(), Some("changeme"));
        assert_eq!(db.environment[1].value, None);
        let app = &file.services[1];
        assert!(app.build);
        assert_eq!(app.privileged.as_ref().unwrap().line, 9);
        assert_eq!(app.environment[0].value.as_deref(), Some("${API_TOKEN}"));
        assert_eq!(app.environment[0].line, 11);
        assert_eq!(app.environment[1].value, None);
        assert_eq!(app.command.len(), 3);
        assert!(is_compose("deploy/docker-compose.prod.yaml"));
        assert!(is_compose("compose.yml"));
        assert!(!is_compose("composer.yml"));
    }
}
