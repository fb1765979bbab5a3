//! Fan-out benchmark (issues 4 and 16): N slots against the mock provider, each with a 300 ms
//! time to first token and 200 tokens at 100 tok/s. Reports, per N: wall time ÷ the slowest
//! slot's own time (target ≤ 1.02 at N = 32); TTFT against the wire truth; engine CPU time per
//! 1,000 streamed tokens; peak RSS.
//!
//! TTFT truth: the mock stamps, on `CLOCK_MONOTONIC`, when each request arrives and when it hands
//! the request's first answer text to the socket (`GET /__mock/wire`). The model's TTFT as the
//! wire saw it is the difference; the error of a reported TTFT is `reported − wire`: what the
//! engine adds (handing the request over, reading and decoding the first chunk) plus ±0.5 ms of
//! rounding to whole milliseconds. Targets: p95 ≤ 2 ms at N = 32, ≤ 5 ms at N = 128. The first
//! run of each N opens N connections, so its figure includes their set-up. The first-token
//! event's lag behind the wire is shown too, on the same clock: what a caller waits beyond it.
//!
//! The mock runs as its own process (`MOCK_PROVIDER_BIN`, set by `scripts/bench.sh`) so that its
//! CPU time is not counted as the engine's. Linux only (reads /proc for CPU time and RSS).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mock_provider::monotonic_ns;
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
    let (mut mock, url) = mock_provider::spawn_process(&bin);
    let endpoint = Endpoint::openrouter(format!("{url}/api/v1"), None);

    let root = url.clone();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    // The mock's wire record: model → (when the request arrived, when its first answer text was
    // handed to the socket).
    let wire_record = |rt: &tokio::runtime::Runtime| -> HashMap<String, (u64, Option<u64>)> {
        rt.block_on(async {
            let v: serde_json::Value = reqwest::get(format!("{root}/__mock/wire"))
                .await
                .and_then(|r| r.error_for_status())
                .expect("the mock's wire record")
                .json()
                .await
                .expect("wire record JSON");
            v["requests"]
                .as_array()
                .expect("requests")
                .iter()
                .filter_map(|r| {
                    Some((
                        r["model"].as_str()?.to_owned(),
                        (r["arrived_ns"].as_u64()?, r["first_text_ns"].as_u64()),
                    ))
                })
                .collect()
        })
    };
    let clear_wire = |rt: &tokio::runtime::Runtime| {
        rt.block_on(async {
            reqwest::Client::new()
                .delete(format!("{root}/__mock/wire"))
                .send()
                .await
                .expect("clear the wire record");
        })
    };
    println!("| N slots | runs | wall ÷ slowest slot (median) | TTFT as reported − wire, p50 / p95 | first-token event − wire, p50 / p95 | TTFT − wire p95, first run (N new connections) | engine CPU per 1,000 tokens | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|");
    for n in [1usize, 8, 32, 128] {
        let mut ratios = Vec::new();
        let mut reported = Vec::new();
        let mut event_lag = Vec::new();
        let mut cold = Vec::new();
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
            // Each slot its own tag, so the wire record tells them apart.
            let spec = ComparisonSpec::simple(
                "benchmark",
                None,
                (0..n)
                    .map(|i| Target::model(format!("{MODEL},tag={i}")))
                    .collect(),
            );
            clear_wire(&rt);
            let record = engine.prepare(&spec).unwrap();
            // When each slot's first-token event reached the caller, on CLOCK_MONOTONIC (the
            // clock the mock stamps the wire with).
            let seen: Arc<std::sync::Mutex<Vec<(u32, u64)>>> = Arc::default();
            let log = seen.clone();
            let sink: EventSink = Arc::new(move |e| {
                if let parallax_engine::ComparisonEvent::FirstToken { slot, .. } = e {
                    log.lock().unwrap().push((slot, monotonic_ns()));
                }
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
            let on_wire = wire_record(&rt);
            let seen = seen.lock().unwrap();
            for s in &done.slots {
                let event = seen.iter().find(|(i, _)| *i == s.index).map(|(_, t)| *t);
                let (Some(event), Some(&(arrived, Some(first_text)))) =
                    (event, on_wire.get(&s.model))
                else {
                    panic!("slot {} has no first-token event or wire record", s.index);
                };
                // The model's TTFT as the wire saw it: from the request's arrival to its first
                // answer text leaving the server.
                let wire_ttft_ms = (first_text - arrived) as f64 / 1e6;
                let err = s.ttft_ms.unwrap() as f64 - wire_ttft_ms;
                if rep == 0 {
                    cold.push(err);
                    continue;
                }
                reported.push(err);
                event_lag.push((event as f64 - first_text as f64) / 1e6);
            }
            if rep > 0 {
                ratios.push(wall.as_secs_f64() * 1000.0 / slowest);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        for v in [&mut ratios, &mut reported, &mut event_lag, &mut cold] {
            v.sort_by(f64::total_cmp);
        }
        let tokens = (reps * n) as f64 * TOKENS as f64;
        println!(
            "| {n} | 1 + {} | {:.3} | {:.2} ms / {:.2} ms | {:.2} ms / {:.2} ms | {:.2} ms | {:.1} ms | {:.0} MiB |",
            reps - 1,
            ratios[ratios.len() / 2],
            percentile(&reported, 0.5),
            percentile(&reported, 0.95),
            percentile(&event_lag, 0.5),
            percentile(&event_lag, 0.95),
            percentile(&cold, 0.95),
            cpu * 1000.0 / (tokens / 1000.0),
            peak_rss_mib()
        );
    }

    // Send → wire, as the app's Send: a fresh engine over a file-backed history (as the app
    // opens it), one OpenAI-family target via OpenRouter, from `prepare` (what the app's
    // `start_comparison` command calls first) to the request's arrival at the mock. Nothing that
    // only informs (the estimate's tokenizer, catalog lookups) may sit in between. Run 1 is the
    // first Send of a process; the others have a warm process but a fresh engine each.
    let dir = std::env::temp_dir().join(format!("parallax-fanout-{}", std::process::id()));
    let mut send_to_wire = Vec::new();
    for run in 0..10 {
        let store = Store::open_in_dir(&dir.join(format!("run-{run}"))).unwrap();
        let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default());
        let spec = ComparisonSpec::simple(
            "Explain parallax in one sentence.",
            None,
            vec![Target::model("openai/gpt-4o")],
        );
        clear_wire(&rt);
        let sent_at = monotonic_ns();
        let record = engine.prepare(&spec).unwrap();
        let done = rt.block_on(engine.execute(
            record,
            &spec,
            &|_| Ok(endpoint.clone()),
            Arc::new(|_| {}),
            RunControl::new(),
        ));
        assert_eq!(done.slots[0].status, parallax_store::SlotStatus::Done);
        let (arrived, _) = wire_record(&rt)["openai/gpt-4o"];
        send_to_wire.push((arrived - sent_at) as f64 / 1e6);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let first = send_to_wire[0];
    send_to_wire.sort_by(f64::total_cmp);
    println!();
    println!("| Send → request on the wire (openai/gpt-4o via OpenRouter, file-backed history) | first Send of the process | p50 / p95 of 10 | target |");
    println!("|---|---|---|---|");
    println!(
        "| `prepare` → the mock has the request | {first:.1} ms | {:.1} ms / {:.1} ms | ≤ 20 ms |",
        percentile(&send_to_wire, 0.5),
        percentile(&send_to_wire, 0.95)
    );
    let _ = mock.kill();
    let _ = mock.wait();
}
