//! Secrets (issue 14's suite): with a planted key for every provider and the most detailed log
//! (`PARALLAX_LOG=trace`), run every flow — answers from each provider, every kind of provider
//! error with a proxy that echoes the key back (in its errors and in an answer), a credential
//! typed where it does not belong, exports in every format, a backup, a run killed mid-stream
//! and the recovery after it, the database check — then search everything a person or a bug
//! report could see: each command's stdout and stderr, and every byte of every file in the data
//! directory (the database and its write-ahead log, the logs, exports, backups). No key appears,
//! nor any 12-character piece of one.
//!
//! The app's side (IPC traffic, its log) is the e2e spec `secrets.test.mjs`.

mod common;
use common::{mock, parallax};

/// One key per provider: a recognisable prefix and a secret part that appears nowhere else.
const KEYS: [(&str, &str); 4] = [
    (
        "OPENROUTER_API_KEY",
        "sk-or-v1-PLANTEDopenrouter7c1d9e2f4a6b8c0d",
    ),
    (
        "OPENAI_API_KEY",
        "sk-proj-PLANTEDopenai3e5f7a9b1c2d4e6f8091",
    ),
    (
        "ANTHROPIC_API_KEY",
        "sk-ant-api03-PLANTEDanthropic5b7d9f1a3c5e",
    ),
    ("GEMINI_API_KEY", "AIzaSyPLANTEDgemini0a2c4e6f8b1d3f5a7c9e"),
];

/// Every 12-character piece of each key's secret part (after its public prefix).
fn pieces() -> Vec<String> {
    let mut out = Vec::new();
    for (_, key) in KEYS {
        let secret = &key[key.find("PLANTED").unwrap()..];
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(12) {
            out.push(w.iter().collect());
        }
    }
    out
}

/// Where a piece of a key was found, if anywhere.
fn leak_in(what: &str, bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    pieces()
        .into_iter()
        .find(|p| text.contains(p.as_str()))
        .map(|p| {
            let at = text.find(&p).unwrap();
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(80)
                .map_or(0, |(i, _)| i);
            let after: String = text[at..].chars().take(40).collect();
            format!("{what} holds {p:?}: …{}{after}…", &text[from..at])
        })
}

struct Run {
    base: String,
    root: String,
    data: tempfile::TempDir,
    out: tempfile::TempDir,
    leaks: Vec<String>,
    ran: usize,
}

impl Run {
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = parallax(&self.base, self.data.path());
        for (env, key) in KEYS {
            c.env(env, key);
        }
        c.env("OPENAI_BASE_URL", format!("{}/v1", self.root))
            .env("ANTHROPIC_BASE_URL", &self.root)
            .env("GEMINI_BASE_URL", &self.root)
            .env("PARALLAX_LOG", "trace")
            .env("PARALLAX_KEYCHAIN", "memory");
        c
    }

    /// Runs `parallax ARGS` (with `stdin`), whatever its exit code, and searches its output.
    fn run(&mut self, args: &[&str], stdin: Option<&str>) -> std::process::Output {
        let mut c = self.cmd();
        c.args(args);
        if let Some(s) = stdin {
            c.write_stdin(s.to_owned());
        }
        let out = c.output().unwrap();
        let label = format!("`parallax {}`", args.join(" "));
        self.leaks
            .extend(leak_in(&format!("{label} stdout"), &out.stdout));
        self.leaks
            .extend(leak_in(&format!("{label} stderr"), &out.stderr));
        self.ran += 1;
        out
    }
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_planted_key_appears_in_no_output_file_log_or_export() {
    let base = mock();
    let root = base.trim_end_matches("/api/v1").to_owned();
    let mut r = Run {
        base,
        root,
        data: tempfile::tempdir().unwrap(),
        out: tempfile::tempdir().unwrap(),
        leaks: Vec::new(),
        ran: 0,
    };

    // Answers from every provider, one echoing the request's headers into its text.
    let ok = r.run(
        &[
            "compare",
            "-m",
            "mock/fast",
            "-m",
            "openai:mock/fast",
            "-m",
            "anthropic:mock/fast",
            "-m",
            "gemini:mock/fast",
            "-m",
            "mock/custom@echo_key=1,tokens=12",
            "-m",
            "anthropic:mock/custom@echo_key=1,tokens=12",
            "--json",
            "a question",
        ],
        None,
    );
    let doc: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    let echoed = doc["slots"][4]["text"].as_str().unwrap();
    assert!(
        echoed.contains("Bearer [redacted]") || echoed.contains("[redacted]"),
        "the echo arrived, redacted: {echoed}"
    );

    // Every kind of provider error, from proxies that echo the key in their error bodies.
    let mut models = Vec::new();
    for status in [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503] {
        models.push(format!(
            "mock/custom@status={status},echo_key=1,retry_after=0"
        ));
        models.push(format!("openai:mock/custom@status={status},echo_key=1"));
        models.push(format!("anthropic:mock/custom@status={status},echo_key=1"));
        models.push(format!("gemini:mock/custom@status={status},echo_key=1"));
    }
    for fault in [
        "drop_after=3",
        "malformed_after=3",
        "fail_after=3",
        "context_exceeded=1",
        "refuse=1",
        "length=1",
    ] {
        models.push(format!("mock/custom@{fault},echo_key=1,tokens=8"));
        models.push(format!("gemini:mock/custom@{fault},echo_key=1,tokens=8"));
    }
    for chunk in models.chunks(16) {
        let mut args = vec!["compare"];
        for m in chunk {
            args.extend(["-m", m.as_str()]);
        }
        args.push("an erroring question");
        r.run(&args, None);
        args.push("--json");
        r.run(&args, None);
    }

    // A credential where it does not belong: refused, and the refusal does not repeat it.
    let header = format!("Authorization=Bearer {}", KEYS[0].1);
    r.run(
        &[
            "endpoints",
            "add",
            "lab",
            &format!("{}/v1", r.root),
            "--header",
            &header,
        ],
        None,
    );
    let header = format!("x-api-key={}", KEYS[2].1);
    r.run(
        &[
            "endpoints",
            "add",
            "lab2",
            "http://127.0.0.1:9/v1",
            "--header",
            &header,
        ],
        None,
    );
    // Keys typed into the CLI (kept in this process's memory: no keychain in tests), then shown.
    r.run(
        &["keys", "set", "openai"],
        Some(&format!("{}\n", KEYS[1].1)),
    );
    r.run(&["keys", "list"], None);
    r.run(&["keys", "list", "--json"], None);
    r.run(&["config", "list"], None);

    // A run killed mid-stream while a proxy echoes the key, then any command recovers it.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"));
    child.envs(
        r.cmd()
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))),
    );
    let mut child = child
        .env("PARALLAX_DATA_DIR", r.data.path())
        .env("OPENROUTER_BASE_URL", &r.base)
        .args([
            "compare",
            "-m",
            "mock/custom@echo_key=1,tokens=400,tps=40,ttft=10",
            "a question cut short",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1_500));
    child.kill().unwrap();
    let killed = child.wait_with_output().unwrap();
    r.leaks
        .extend(leak_in("the killed run's stdout", &killed.stdout));
    r.leaks
        .extend(leak_in("the killed run's stderr", &killed.stderr));
    r.run(&["history", "list"], None);
    r.run(&["history", "list", "--json"], None);

    // Everything shown and exported, in every format, to the terminal and to files.
    let list = r.run(&["history", "list", "--json"], None);
    let list: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 4, "the runs were saved: {list}");
    for id in &ids {
        r.run(&["history", "show", id], None);
        r.run(&["history", "show", id, "--json"], None);
        for format in ["markdown", "json", "csv"] {
            r.run(&["history", "export", id, "--format", format], None);
            let file = r.out.path().join(format!("{id}.{format}"));
            r.run(
                &[
                    "history",
                    "export",
                    id,
                    "--format",
                    format,
                    "--out",
                    file.to_str().unwrap(),
                ],
                None,
            );
        }
    }
    r.run(&["history", "search", "proxy"], None);
    r.run(&["history", "search", "redacted", "--json"], None);
    r.run(&["stats"], None);
    r.run(&["stats", "--json"], None);
    let backup = r.out.path().join("backup.db");
    r.run(&["history", "backup", backup.to_str().unwrap()], None);
    r.run(&["db", "check"], None);
    r.run(&["db", "check", "--json"], None);

    // Then every byte of every file.
    let mut files = files_under(r.data.path());
    files.extend(files_under(r.out.path()));
    let logs: Vec<_> = files
        .iter()
        .filter(|p| p.to_string_lossy().contains("/logs/cli.log"))
        .collect();
    assert_eq!(logs.len(), 1, "one log file for today: {files:?}");
    let log = std::fs::read_to_string(logs[0]).unwrap();
    for said in [
        "TRACE",
        "answer failed",
        "answer finished",
        "code=\"unauthorized\"",
        "marked interrupted",
    ] {
        assert!(log.contains(said), "the trace-level log says {said:?}");
    }
    assert!(
        files.iter().any(|p| p.ends_with("backup.db")) && files.len() >= 3 * ids.len() + 3,
        "exports, the backup, the database and the log were searched: {files:?}"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        r.leaks.extend(leak_in(&f.display().to_string(), &bytes));
    }
    assert!(r.ran > 60, "only {} commands ran", r.ran);
    assert!(r.leaks.is_empty(), "a key leaked:\n{}", r.leaks.join("\n"));
}
