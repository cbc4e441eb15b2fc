//! A real Prometheus (Debian's `prometheus`) for a test: the given rule files, scrape jobs at the
//! given addresses, one-second scrape and evaluation intervals, a free loopback port and a
//! private data directory; killed when dropped.

use std::process::{Child, Command, Stdio};

use super::http;

pub struct Prometheus {
    child: Child,
    dir: tempfile::TempDir,
    pub url: String,
}

impl Prometheus {
    /// `rules`: (file name, content); `jobs`: (job name, HOST:PORT).
    pub fn start(rules: &[(&str, &str)], jobs: &[(&str, &str)]) -> Prometheus {
        let dir = tempfile::Builder::new()
            .prefix("gatehouse-live-prom-")
            .tempdir()
            .unwrap();
        let mut config = String::from(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n",
        );
        for (name, text) in rules {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            config.push_str(&format!("  - {}\n", path.display()));
        }
        config.push_str("scrape_configs:\n");
        for (job, address) in jobs {
            config.push_str(&format!(
                "  - job_name: {job}\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ['{address}']\n"
            ));
        }
        let config_path = dir.path().join("prometheus.yml");
        std::fs::write(&config_path, config).unwrap();
        let port = super::free_port();
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("prometheus starts (scripts/test installs Debian's prometheus)");
        let prom = Prometheus {
            child,
            dir,
            url: format!("http://127.0.0.1:{port}"),
        };
        let ready = format!("{}/-/ready", prom.url);
        let up = http::wait_for(30, || http::get(&ready).is_some_and(|(s, _)| s == 200));
        assert!(up, "prometheus did not come up: {}", prom.log());
        prom
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// GET an API path; its JSON.
    pub fn api(&self, path: &str) -> serde_json::Value {
        let (_, body) = http::get(&format!("{}{path}", self.url)).expect("prometheus answers");
        serde_json::from_str(&body).unwrap_or_default()
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
