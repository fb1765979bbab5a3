//! A catalog refresh, as the app and `parallax models refresh` do it after the response has
//! arrived: parse OpenRouter's `GET /models` body (the real 414-model snapshot bundled with the
//! app) and record it — compare every model with the stored list, write the price history rows
//! and the changed models — in a file-backed database. Each timed refresh changes the prices
//! of 5 % of the models (alternating two versions of the list), so the diff has work to do.
//! Target (issue 12): ≤ 300 ms after the response arrives. Prints Markdown rows for
//! BENCHMARKS.md; asserts only that the changes were recorded.

use std::time::Instant;

use parallax_llm::catalog::parse_openrouter_models;
use parallax_store::Store;

const ROUNDS: usize = 20;

fn main() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/data/openrouter-catalog.json"
    );
    let body = std::fs::read_to_string(path).expect("the bundled catalog");
    let mut json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let models = json["data"].as_array().expect("data").len();
    // Version B: every 20th model's prompt price doubled.
    for (i, m) in json["data"].as_array_mut().unwrap().iter_mut().enumerate() {
        if i % 20 == 0 {
            if let Some(p) = m["pricing"]["prompt"]
                .as_str()
                .and_then(|s| s.parse::<f64>().ok())
            {
                m["pricing"]["prompt"] = serde_json::json!(format!("{}", p * 2.0 + 1e-7));
            }
        }
    }
    let changed = serde_json::to_string(&json).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("history.db")).unwrap();
    store
        .record_catalog("openrouter", &parse_openrouter_models(&body).unwrap(), 1)
        .unwrap();

    let (mut parse, mut record, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let text = if round % 2 == 0 { &changed } else { &body };
        let t0 = Instant::now();
        let list = parse_openrouter_models(text).unwrap();
        let t1 = Instant::now();
        let refresh = store
            .record_catalog("openrouter", &list, 2 + round as i64)
            .unwrap();
        let t2 = Instant::now();
        assert_eq!(
            refresh.changed as usize,
            models.div_ceil(20),
            "every 20th model repriced"
        );
        parse.push((t1 - t0).as_secs_f64() * 1000.0);
        record.push((t2 - t1).as_secs_f64() * 1000.0);
        total.push((t2 - t0).as_secs_f64() * 1000.0);
    }
    let row = |what: &str, xs: &mut Vec<f64>, target: &str| {
        xs.sort_by(f64::total_cmp);
        let p = |q: f64| xs[((q * xs.len() as f64) as usize).min(xs.len() - 1)];
        println!(
            "| {what} | {:.1} ms | {:.1} ms | {:.1} ms | {target} |",
            p(0.5),
            p(0.95),
            xs[xs.len() - 1]
        );
    };
    println!("| catalog refresh, {models} models, {ROUNDS} rounds, 5 % repriced each | p50 | p95 | max | target |");
    println!("|---|---|---|---|---|");
    row("parse the response", &mut parse, "—");
    row(
        "record it (diff, price history, changed rows)",
        &mut record,
        "—",
    );
    row("parse + record", &mut total, "≤ 300 ms");
}
