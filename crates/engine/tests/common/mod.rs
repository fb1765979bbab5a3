//! What the engine's test files share: a run against the mock provider with every event
//! recorded, and a fresh engine on an in-memory store.
#![allow(dead_code)] // each test binary uses its own subset

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use parallax_engine::*;
use parallax_llm::Endpoint;
use parallax_store::Store;

pub struct Run {
    pub record: parallax_store::ComparisonRecord,
    pub events: Vec<ComparisonEvent>,
    pub wall: Duration,
}

/// Prepares and executes `spec` on `engine` against `endpoint`, recording every event.
pub async fn execute(
    engine: &Engine,
    spec: &ComparisonSpec,
    endpoint: Endpoint,
    control: RunControl,
) -> Run {
    let record = engine.prepare(spec).unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink_events = events.clone();
    let sink: EventSink = Arc::new(move |e| sink_events.lock().unwrap().push(e));
    let started = Instant::now();
    let record = engine
        .execute(record, spec, &|_| Ok(endpoint.clone()), sink, control)
        .await;
    let wall = started.elapsed();
    let events = events.lock().unwrap().clone();
    Run {
        record,
        events,
        wall,
    }
}

pub fn fresh_engine(config: EngineConfig) -> Engine {
    Engine::new(
        Store::open_in_memory().unwrap(),
        Arc::new(SystemClock),
        config,
    )
}

/// The usual spec: a system prompt and a four-word prompt (6 words in all, as the mock counts).
pub fn spec_for(targets: Vec<Target>) -> ComparisonSpec {
    ComparisonSpec::simple(
        "Say something about parallax",
        Some("Be brief.".into()),
        targets,
    )
}

pub async fn run_with(
    base: &str,
    targets: Vec<Target>,
    config: EngineConfig,
    cancel_after: Option<Duration>,
) -> Run {
    let control = RunControl::new();
    if let Some(after) = cancel_after {
        let c = control.clone();
        tokio::spawn(async move {
            tokio::time::sleep(after).await;
            c.cancel();
        });
    }
    execute(
        &fresh_engine(config),
        &spec_for(targets),
        Endpoint::openrouter(base, None),
        control,
    )
    .await
}

/// Error-mapping tests want each failure as it comes, without retries.
pub fn no_retries() -> EngineConfig {
    EngineConfig {
        max_retries: 0,
        ..Default::default()
    }
}

pub async fn run(targets: &[&str]) -> Run {
    let base = mock_provider::start().await;
    run_with(
        &base,
        targets.iter().map(|m| Target::model(*m)).collect(),
        no_retries(),
        None,
    )
    .await
}

pub fn expected_text(n: usize) -> String {
    (0..n)
        .map(mock_provider::script_word)
        .collect::<Vec<_>>()
        .join(" ")
}
