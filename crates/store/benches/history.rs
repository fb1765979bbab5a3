//! The history at scale: a generator fills a database with 100,000 answers across 20,000
//! comparisons (realistic lengths, Zipf-distributed words, six months, votes on 5 %), then
//! measures what people wait on. Prints Markdown table rows for BENCHMARKS.md.
//!
//! `PARALLAX_BIN` (a release `parallax`) adds the whole-process time of `history search`;
//! `BENCH_COMPARISONS` scales the corpus down for a quick look.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parallax_llm::{ErrorCode, Usage};
use parallax_store::*;

/// xorshift64*: deterministic, good enough to pick words.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "da", "gor", "lin", "the", "ban", "qui",
    "sor", "tel", "mar", "zen", "fu",
];

/// A pronounceable word for each rank: the most frequent words are the shortest.
fn word(rank: usize) -> String {
    let mut n = rank;
    let mut w = String::new();
    loop {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            break;
        }
    }
    w
}

struct Zipf {
    cdf: Vec<f64>,
}
impl Zipf {
    fn new(n: usize) -> Self {
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = (1..=n)
            .map(|r| {
                acc += 1.0 / r as f64;
                acc
            })
            .collect();
        let total = acc;
        cdf.iter_mut().for_each(|c| *c /= total);
        Self { cdf }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|c| *c < u).min(self.cdf.len() - 1)
    }
}

const MODELS: &[(&str, f64, u64)] = &[
    ("openai/gpt-4o-mini", 0.6, 350),
    ("openai/gpt-4o", 10.0, 500),
    ("anthropic/claude-sonnet-4.5", 15.0, 700),
    ("anthropic/claude-haiku-4.5", 4.0, 400),
    ("google/gemini-2.5-flash", 2.5, 300),
    ("google/gemini-2.5-pro", 10.0, 900),
    ("meta-llama/llama-3.3-70b-instruct", 0.4, 450),
    ("mistralai/mistral-large", 6.0, 550),
    ("deepseek/deepseek-chat", 1.1, 800),
    ("qwen/qwen3-235b-a22b", 0.9, 650),
    ("x-ai/grok-4", 15.0, 1200),
    ("ollama:llama3.2", 0.0, 250),
];

fn percentile(mut v: Vec<Duration>, q: f64) -> Duration {
    v.sort();
    v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    f(); // warm the page cache and the statement cache
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    (percentile(samples.clone(), 0.5), percentile(samples, 0.95))
}

fn main() {
    let comparisons: usize = std::env::var("BENCH_COMPARISONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    let zipf = Zipf::new(30_000);
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut doc_freq: HashMap<usize, u32> = HashMap::new();
    let mut text = |rng: &mut Rng, words: u64, count: bool| -> String {
        let mut out = String::with_capacity(words as usize * 7);
        let mut seen = std::collections::HashSet::new();
        for i in 0..words {
            let r = zipf.sample(rng);
            if count && seen.insert(r) {
                *doc_freq.entry(r).or_default() += 1;
            }
            out.push_str(&word(r));
            out.push(if i % 14 == 13 { '.' } else { ' ' });
            if i % 70 == 69 {
                out.push_str("\n\n");
            }
        }
        out
    };

    let start_ms: i64 = 1_779_000_000_000;
    let span_ms: i64 = 180 * 86_400_000;
    let t0 = Instant::now();
    let mut answers = 0usize;
    let mut bytes = 0usize;
    for c in 0..comparisons {
        let prompt_words = rng.range(8, 60);
        let prompt = text(&mut rng, prompt_words, false);
        let at = start_ms + (c as i64 * span_ms) / comparisons as i64;
        let picks: Vec<usize> = (0..5)
            .map(|_| rng.range(0, MODELS.len() as u64) as usize)
            .collect();
        let rec = store
            .create_comparison(
                &NewComparison {
                    prompt,
                    system: None,
                    parent_id: None,
                    slots: picks
                        .iter()
                        .map(|m| NewSlot {
                            provider: "openrouter".into(),
                            model: MODELS[*m].0.into(),
                            ..Default::default()
                        })
                        .collect(),
                },
                at,
            )
            .unwrap();
        for (slot, m) in rec.slots.iter().zip(&picks) {
            let (_, price, ttft) = MODELS[*m];
            let mut s = slot.clone();
            let roll = rng.unit();
            // Answers of 40 to 700 words (≈ 250 to 4,500 characters), skewed short.
            let words = 40 + (rng.unit().powi(2) * 660.0) as u64;
            if roll < 0.04 {
                s.status = SlotStatus::Failed;
                s.error = Some(SlotError {
                    code: ErrorCode::RateLimited,
                    message: "Rate limit exceeded; try again in 20 seconds.".into(),
                });
            } else {
                s.status = if roll < 0.05 {
                    SlotStatus::Cancelled
                } else {
                    SlotStatus::Done
                };
                s.text = text(&mut rng, words, true);
                bytes += s.text.len();
                s.ttft_ms = Some(ttft / 2 + rng.range(0, ttft));
                s.total_ms = Some(s.ttft_ms.unwrap() + words * 15);
                s.usage = Usage {
                    input_tokens: Some(40),
                    output_tokens: Some(words as u32 * 4 / 3),
                    ..Default::default()
                };
                s.cost = if price == 0.0 {
                    Cost::UNKNOWN
                } else {
                    Cost {
                        usd: Some(words as f64 * 4.0 / 3.0 * price / 1e6),
                        source: CostSource::Billed,
                    }
                };
            }
            store
                .finish_slot(&s, None, (None, None), at + 5_000, None)
                .unwrap();
            answers += 1;
        }
        if c % 20 == 0 {
            let ids: Vec<String> = rec.slots.iter().take(2).map(|s| s.id.clone()).collect();
            store
                .add_vote(
                    &rec.id,
                    &NewVote {
                        winner_slot_id: Some(ids[rng.range(0, 2) as usize].clone()),
                        slot_ids: ids,
                        blind: true,
                        voter: "human".into(),
                    },
                    at + 10_000,
                )
                .unwrap();
        }
        if c % 50 == 0 {
            store
                .set_tags(&rec.id, &[format!("topic{}", c % 7)])
                .unwrap();
        }
    }
    let insert = t0.elapsed();
    drop(store);

    // Checkpoint so the size is the database's, not a WAL's.
    let path = dir.path().join(DB_FILE);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let size = std::fs::metadata(&path).unwrap().len();

    // A common word (in about 10 % of answers) and a rare one (about 0.1 %).
    let pick = |target: f64| -> String {
        let want = target * answers as f64;
        let (rank, _) = doc_freq
            .iter()
            .min_by(|a, b| {
                ((*a.1 as f64) - want)
                    .abs()
                    .total_cmp(&((*b.1 as f64) - want).abs())
                    .then(a.0.cmp(b.0))
            })
            .unwrap();
        word(*rank)
    };
    let common = pick(0.10);
    let rare = pick(0.001);
    let share = |w: &str| {
        let rank = (0..30_000).find(|r| word(*r) == w).unwrap();
        doc_freq[&rank] as f64 / answers as f64 * 100.0
    };

    let cold = {
        let samples: Vec<Duration> = (0..10)
            .map(|_| {
                let t = Instant::now();
                let s = Store::open(&path).unwrap();
                std::hint::black_box(s.list_comparisons(1, None).unwrap());
                t.elapsed()
            })
            .collect();
        (percentile(samples.clone(), 0.5), percentile(samples, 0.95))
    };
    let store = Store::open(&path).unwrap();
    let none = HistoryFilter::default();
    let page = time(200, || store.list_comparisons(50, None).unwrap());
    let deep = {
        let mut before = None;
        for _ in 0..20 {
            before = store
                .list_comparisons(50, before.as_deref())
                .unwrap()
                .last()
                .map(|c| c.id.clone());
        }
        time(200, || {
            store.list_comparisons(50, before.as_deref()).unwrap()
        })
    };
    let filtered = time(100, || {
        store
            .list_comparisons_where(
                &HistoryFilter {
                    model: Some("x-ai/grok-4".into()),
                    status: Some(SlotStatus::Failed),
                    ..Default::default()
                },
                50,
                None,
            )
            .unwrap()
    });
    let common_hits = store.search(&common, &none, 20, None).unwrap();
    let search_common = time(50, || store.search(&common, &none, 20, None).unwrap());
    let search_common_p2 = time(50, || {
        store
            .search(&common, &none, 20, common_hits.next.as_deref())
            .unwrap()
    });
    let search_rare = time(200, || store.search(&rare, &none, 20, None).unwrap());
    let rare_count = store.search(&rare, &none, 1000, None).unwrap().hits.len();
    let analytics = time(10, || store.analytics(&none).unwrap());
    let analytics_month = time(20, || {
        store
            .analytics(&HistoryFilter {
                since_ms: Some(start_ms + span_ms - 30 * 86_400_000),
                ..Default::default()
            })
            .unwrap()
    });
    let board = time(20, || {
        store.leaderboard(&none, DEFAULT_PRIOR_GAMES).unwrap()
    });
    let recommendations = time(5, || store.recommendations(5).unwrap());

    let process = std::env::var("PARALLAX_BIN").ok().map(|bin| {
        let run = || {
            let out = std::process::Command::new(&bin)
                .args(["history", "search", &rare, "--limit", "20"])
                .env("PARALLAX_DATA_DIR", dir.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        time(20, run)
    });

    println!(
        "Corpus: {comparisons} comparisons, {answers} answers ({:.0} MB of answer text), votes on 5 %.",
        bytes as f64 / 1e6
    );
    println!();
    println!("| measure | p50 | p95 | target | p95 ÷ target |");
    println!("|---|---|---|---|---|");
    let row = |name: &str, (p50, p95): (Duration, Duration), target_ms: Option<f64>| {
        let (t, r) = match target_ms {
            Some(t) => (
                format!("{t} ms"),
                format!("{:.2}", p95.as_secs_f64() * 1000.0 / t),
            ),
            None => ("—".into(), "—".into()),
        };
        println!("| {name} | {} | {} | {t} | {r} |", ms(p50), ms(p95));
    };
    row("history: first page (50)", page, Some(5.0));
    row("history: page 21 (keyset)", deep, Some(5.0));
    row("history: filtered (model + failed)", filtered, None);
    row(
        &format!(
            "search: common word ({:.1} % of answers), top 20 with snippets",
            share(&common)
        ),
        search_common,
        Some(30.0),
    );
    row(
        "search: common word, page 2 (keyset)",
        search_common_p2,
        Some(30.0),
    );
    row(
        &format!("search: rare word ({rare_count} answers), top 20"),
        search_rare,
        Some(5.0),
    );
    row("analytics: all history", analytics, Some(200.0));
    row("analytics: last 30 days", analytics_month, Some(200.0));
    row(
        &format!("leaderboard ({} votes)", comparisons.div_ceil(20)),
        board,
        None,
    );
    row(
        "recommendations (overall + 5 tags)",
        recommendations,
        Some(200.0),
    );
    row("cold open + first row", cold, None);
    if let Some(p) = process {
        row("`parallax history search` (whole process)", p, Some(60.0));
    }
    println!();
    println!(
        "| database size | insert throughput |\n|---|---|\n| {:.0} MB ({:.2} KB per answer) | {:.0} answers/s ({:.1} s in all) |",
        size as f64 / 1e6,
        size as f64 / 1e3 / answers as f64,
        answers as f64 / insert.as_secs_f64(),
        insert.as_secs_f64()
    );
}
