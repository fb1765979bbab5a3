//! The whole `parallax` process (issue 16): a cold `parallax compare` against the mock provider
//! (its own process), with a file-backed history, as people run it. Prints Markdown tables:
//!
//! 1. **Spawn → first request on the wire**, per provider: this process reads `CLOCK_MONOTONIC`
//!    just before spawning `parallax compare`; the mock stamps the same clock when the request
//!    arrives (`GET /__mock/wire`). Target ≤ 20 ms for every provider. Peak RSS of the process
//!    (`wait4`'s `ru_maxrss`): no tokenizer memory unless an estimate is asked for.
//! 2. **Fan-out**, N slots of 300 ms to the first token then 200 tokens at 100 tok/s (one token
//!    per event on OpenRouter's face): the process's CPU time (user + system, from `wait4`) per
//!    1,000 stream events, persistence included (target ≤ 20 ms); and how the reported TTFT sits
//!    against the wire, split in two: the request side (TTFB: handing the request over, the
//!    connection set-up of a cold process, the mock answering with headers) and the reading
//!    side, `(TTFT − TTFB) − (first text on the wire − request on the wire)`.
//!
//! `PARALLAX_BIN` and `MOCK_PROVIDER_BIN` (release builds) are set by `scripts/bench.sh`.
//! Linux only.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use mock_provider::monotonic_ns;
use serde_json::Value;

struct Run {
    cpu_ms: f64,
    max_rss_kib: i64,
    exit: i32,
}

/// Spawns and waits with `wait4`, for the child's own CPU time and peak RSS.
fn run(cmd: &mut Command) -> (u64, Run) {
    let spawned_at = monotonic_ns();
    // Reaped by `wait4` below, not by `Child::wait`, which would not give its rusage.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("spawn parallax");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped (std's `Child` is never waited on).
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    let tv = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (
        spawned_at,
        Run {
            cpu_ms: tv(usage.ru_utime) + tv(usage.ru_stime),
            max_rss_kib: usage.ru_maxrss,
            exit,
        },
    )
}

/// A bodyless HTTP/1.1 request to the mock; the response body.
fn http(addr: &str, method: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect to the mock");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned()
}

struct WireRequest {
    model: String,
    arrived_ns: u64,
    first_text_ns: Option<u64>,
}

fn wire(addr: &str) -> Vec<WireRequest> {
    let v: Value = serde_json::from_str(&http(addr, "GET", "/__mock/wire")).expect("wire JSON");
    let requests = v["requests"].as_array().expect("requests").iter();
    requests
        .map(|r| WireRequest {
            model: r["model"].as_str().unwrap_or_default().to_owned(),
            arrived_ns: r["arrived_ns"].as_u64().expect("arrival"),
            first_text_ns: r["first_text_ns"].as_u64(),
        })
        .collect()
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let parallax = std::env::var("PARALLAX_BIN").expect("run through `make bench` (PARALLAX_BIN)");
    let mock_bin =
        std::env::var("MOCK_PROVIDER_BIN").expect("run through `make bench` (MOCK_PROVIDER_BIN)");
    let (mut mock, root) = mock_provider::spawn_process(&mock_bin);
    let addr = root.trim_start_matches("http://").to_owned();

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let base = |cmd: &mut Command| {
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("PARALLAX_DATA_DIR", &data)
            .env("OPENROUTER_BASE_URL", format!("{root}/api/v1"))
            .env("OPENAI_BASE_URL", format!("{root}/v1"))
            .env("ANTHROPIC_BASE_URL", &root)
            .env("GEMINI_BASE_URL", &root)
            .env("OLLAMA_HOST", &root)
            .env("OPENROUTER_API_KEY", "sk-or-bench")
            .env("OPENAI_API_KEY", "sk-bench")
            .env("ANTHROPIC_API_KEY", "sk-ant-bench")
            .env("GEMINI_API_KEY", "bench")
            .stdin(Stdio::null())
            .stderr(Stdio::null());
    };
    // The history exists, as it does after the first run (its creation is timed apart below).
    let mut add = Command::new(&parallax);
    base(&mut add);
    let added = add
        .args(["endpoints", "add", "local", &format!("{root}/local/v1")])
        .stdout(Stdio::null())
        .status()
        .expect("add the compatible endpoint");
    assert!(added.success(), "parallax endpoints add");

    let out_path = dir.path().join("out.json");
    let compare = |models: &[String], json: bool| {
        let mut cmd = Command::new(&parallax);
        base(&mut cmd);
        cmd.arg("compare");
        for m in models {
            cmd.args(["-m", m]);
        }
        if json {
            cmd.arg("--json");
        }
        cmd.arg("Explain parallax in one sentence.");
        cmd.stdout(std::fs::File::create(&out_path).unwrap());
        cmd
    };

    // 1. Spawn → wire, per provider.
    println!(
        "| provider (model) | runs | spawn → request on the wire p50 / p95 | peak RSS | target |"
    );
    println!("|---|---|---|---|---|");
    let providers = [
        ("OpenRouter (openai/gpt-4o)", "openai/gpt-4o"),
        ("OpenAI (openai:gpt-4o)", "openai:gpt-4o"),
        (
            "Anthropic (anthropic:claude-sonnet-4-5)",
            "anthropic:claude-sonnet-4-5",
        ),
        (
            "Gemini (gemini:gemini-2.5-flash)",
            "gemini:gemini-2.5-flash",
        ),
        ("Ollama (ollama:mock/fast)", "ollama:mock/fast"),
        ("compatible endpoint (local:mock/fast)", "local:mock/fast"),
    ];
    const RUNS: usize = 15;
    for (label, model) in providers {
        let mut lat = Vec::new();
        let mut rss = 0;
        for _ in 0..RUNS {
            http(&addr, "DELETE", "/__mock/wire");
            let (spawned, r) = run(&mut compare(&[model.to_owned()], true));
            assert_eq!(r.exit, 0, "{label}: parallax compare failed");
            let w = wire(&addr);
            let arrived = w.iter().map(|r| r.arrived_ns).min().expect("a request");
            lat.push((arrived - spawned) as f64 / 1e6);
            rss = rss.max(r.max_rss_kib);
        }
        println!(
            "| {label} | {RUNS} | {:.1} ms / {:.1} ms | {:.0} MiB | ≤ 20 ms |",
            percentile(&mut lat, 0.5),
            percentile(&mut lat, 0.95),
            rss as f64 / 1024.0
        );
    }
    // A first run ever: the history is created (migrations) before the request leaves.
    let mut first_ever = Vec::new();
    for i in 0..5 {
        let fresh = dir.path().join(format!("fresh-{i}"));
        http(&addr, "DELETE", "/__mock/wire");
        let mut cmd = compare(&["mock/fast".to_owned()], true);
        cmd.env("PARALLAX_DATA_DIR", &fresh);
        let (spawned, r) = run(&mut cmd);
        assert_eq!(r.exit, 0, "first run");
        let arrived = wire(&addr).iter().map(|r| r.arrived_ns).min().unwrap();
        first_ever.push((arrived - spawned) as f64 / 1e6);
    }
    println!(
        "| OpenRouter, first run ever (history created) | 5 | {:.1} ms / {:.1} ms | — | — |",
        percentile(&mut first_ever, 0.5),
        percentile(&mut first_ever, 0.95)
    );
    println!();

    // 2. Fan-out: CPU per event and TTFT against the wire.
    println!("| N slots | runs | CPU per 1,000 events (whole process) | TTFT − wire, request side (TTFB) p50 / p95 | TTFT − wire, reading side p50 / p95 | peak RSS |");
    println!("|---|---|---|---|---|---|");
    const TOKENS: f64 = 200.0;
    for n in [1usize, 8, 32, 128] {
        let runs = (64 / n).clamp(3, 10);
        let models: Vec<String> = (0..n)
            .map(|i| format!("mock/custom@ttft=300,tps=100,tokens=200,tag={i}"))
            .collect();
        let (mut cpu, mut rss) = (0.0, 0);
        let (mut request_side, mut reading_side) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            http(&addr, "DELETE", "/__mock/wire");
            let (_, r) = run(&mut compare(&models, true));
            assert_eq!(r.exit, 0, "fan-out of {n}");
            cpu += r.cpu_ms;
            rss = rss.max(r.max_rss_kib);
            let on_wire = wire(&addr);
            let out: Value =
                serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
            for s in out["slots"].as_array().unwrap() {
                let model = s["model"].as_str().unwrap();
                let w = on_wire
                    .iter()
                    .find(|w| w.model == model)
                    .expect("the slot's request");
                let ttft = s["ttft_ms"].as_f64().expect("ttft");
                let ttfb = s["ttfb_ms"].as_f64().expect("ttfb");
                let wire_ttft = (w.first_text_ns.expect("first text") - w.arrived_ns) as f64 / 1e6;
                request_side.push(ttfb);
                reading_side.push(ttft - ttfb - wire_ttft);
            }
        }
        let events = (runs * n) as f64 * TOKENS;
        println!(
            "| {n} | {runs} | {:.1} ms | {:.1} ms / {:.1} ms | {:.2} ms / {:.2} ms | {:.0} MiB |",
            cpu / (events / 1000.0),
            percentile(&mut request_side, 0.5),
            percentile(&mut request_side, 0.95),
            percentile(&mut reading_side, 0.5),
            percentile(&mut reading_side, 0.95),
            rss as f64 / 1024.0
        );
    }
    let _ = mock.kill();
    let _ = mock.wait();
}
