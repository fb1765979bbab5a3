//! Fan-out benchmark (issue 4): N slots against the mock provider, each with a 300 ms time to
//! first token and 200 tokens at 100 tok/s. Reports, per N: wall time ÷ the slowest slot's own
//! time (target ≤ 1.02 at N = 32), TTFT error against the injected 300 ms (p50/p95, target
//! ≤ 2 ms p95), engine CPU time per 1,000 streamed tokens, and peak RSS.
//!
//! The mock runs as its own process (`MOCK_PROVIDER_BIN`, set by `scripts/bench.sh`) so that its
//! CPU time is not counted as the engine's. Linux only (reads /proc for CPU time and RSS).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parallax_engine::{
    ComparisonSpec, Engine, EngineConfig, EventSink, RunControl, SystemClock, Target,
};
use parallax_llm::Endpoint;
use parallax_store::Store;

const MODEL: &str = "mock/custom@ttft=300,tps=100,tokens=200";
const TOKENS: u64 = 200;

fn cpu_seconds() -> f64 {
    // utime + stime, fields 14 and 15 of /proc/self/stat, in clock ticks (100 Hz on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let bin =
        std::env::var("MOCK_PROVIDER_BIN").expect("run through `make bench` (MOCK_PROVIDER_BIN)");
    let mut mock = Command::new(bin)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the mock provider");
    let mut first = String::new();
    let mut stdout = BufReader::new(mock.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    // Keep reading what else it prints, so it never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = first
        .trim()
        .strip_prefix("mock-provider listening on ")
        .expect("mock prints its address")
        .to_owned();
    let endpoint = Endpoint::openrouter(format!("{url}/api/v1"), None);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("| N slots | runs | wall ÷ slowest slot (median) | TTFT error p50 / p95, as recorded (whole ms) | TTFT error p50 / p95, caller's µs clock | TTFT error p95, first run (N new connections) | TTFT − TTFB error p95 | engine CPU per 1,000 tokens | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in [1usize, 8, 32, 128] {
        let mut ratios = Vec::new();
        let mut ttft_errors = Vec::new();
        let mut cold_errors = Vec::new();
        let mut fine_errors = Vec::new();
        let mut after_headers = Vec::new();
        let mut cpu = 0.0;
        // One engine per N, as the app keeps one: its HTTP client reuses connections, so the
        // first run opens N connections and later runs do not. At least ~48 warm samples per N
        // (12 runs at N = 1).
        let reps = 1 + (48 / n).clamp(3, 12);
        let engine = Engine::new(
            Store::open_in_memory().unwrap(),
            Arc::new(SystemClock),
            EngineConfig::default(),
        );
        for rep in 0..reps {
            let spec = ComparisonSpec {
                variants: vec![],
                rows: vec![],
                repeats: 1,
                history: vec![],
                parent: None,
                prompt: "benchmark".into(),
                system: None,
                targets: vec![Target::model(MODEL); n],
                allow_unknown_cost: None,
            };
            let record = engine.prepare(&spec).unwrap();
            // The caller's view with a microsecond clock: when each slot said it started (emitted
            // just before its t0) and when its first token arrived.
            let seen: Arc<std::sync::Mutex<Vec<(u32, bool, Instant)>>> = Arc::default();
            let log = seen.clone();
            let sink: EventSink = Arc::new(move |e| {
                let entry = match e {
                    parallax_engine::ComparisonEvent::SlotStarted { slot, .. } => (slot, false),
                    parallax_engine::ComparisonEvent::FirstToken { slot, .. } => (slot, true),
                    _ => return,
                };
                log.lock().unwrap().push((entry.0, entry.1, Instant::now()));
            });
            let cpu0 = cpu_seconds();
            let start = Instant::now();
            let done = rt.block_on(engine.execute(
                record,
                &spec,
                &|_| Ok(endpoint.clone()),
                sink,
                RunControl::new(),
            ));
            let wall = start.elapsed();
            cpu += cpu_seconds() - cpu0;
            assert!(
                done.slots
                    .iter()
                    .all(|s| s.status == parallax_store::SlotStatus::Done),
                "every slot finished"
            );
            let slowest = done.slots.iter().filter_map(|s| s.total_ms).max().unwrap() as f64;
            let errors = done
                .slots
                .iter()
                .map(|s| (s.ttft_ms.unwrap() as f64 - 300.0).abs());
            // The part of the error after the response headers: the engine's own stream path,
            // without connection setup and request delivery.
            after_headers.extend(
                done.slots
                    .iter()
                    .map(|s| (s.ttft_ms.unwrap() as f64 - s.ttfb_ms.unwrap() as f64 - 300.0).abs()),
            );
            if rep == 0 {
                cold_errors.extend(errors);
                continue;
            }
            let seen = seen.lock().unwrap();
            for slot in 0..n as u32 {
                let at = |first: bool| {
                    seen.iter()
                        .rev()
                        .find(|(s, f, _)| *s == slot && *f == first)
                        .map(|(_, _, t)| *t)
                };
                if let (Some(start), Some(first)) = (at(false), at(true)) {
                    let ms = first.duration_since(start).as_secs_f64() * 1000.0;
                    fine_errors.push((ms - 300.0).abs());
                }
            }
            ratios.push(wall.as_secs_f64() * 1000.0 / slowest);
            ttft_errors.extend(errors);
            std::thread::sleep(Duration::from_millis(200));
        }
        ratios.sort_by(f64::total_cmp);
        ttft_errors.sort_by(f64::total_cmp);
        cold_errors.sort_by(f64::total_cmp);
        fine_errors.sort_by(f64::total_cmp);
        after_headers.sort_by(f64::total_cmp);
        let tokens = (reps * n) as f64 * TOKENS as f64;
        println!(
            "| {n} | 1 + {} | {:.3} | {:.0} ms / {:.0} ms | {:.2} ms / {:.2} ms | {:.0} ms | {:.0} ms | {:.1} ms | {:.0} MiB |",
            reps - 1,
            ratios[ratios.len() / 2],
            percentile(&ttft_errors, 0.5),
            percentile(&ttft_errors, 0.95),
            percentile(&fine_errors, 0.5),
            percentile(&fine_errors, 0.95),
            percentile(&cold_errors, 0.95),
            percentile(&after_headers, 0.95),
            cpu * 1000.0 / (tokens / 1000.0),
            peak_rss_mib()
        );
    }
    let _ = mock.kill();
    let _ = mock.wait();
}
