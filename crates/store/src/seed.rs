//! A made-up history, deterministic from a seed, for the benchmarks and the end-to-end tests
//! (`parallax db seed`): comparisons spread over the days before a given instant, each asking
//! two to six of a dozen real model ids, with answers of Zipf-distributed pronounceable words,
//! every outcome a real history has (done, failed with several error codes, refused, truncated,
//! cancelled, interrupted), billed, computed and unknown costs, reasoning tokens, prompts run
//! again weeks later, a person's and a judge's votes, and tags.
//!
//! Invariants: the same options give the same history (text, figures, votes, tags; the ids are
//! ULIDs and differ); nothing here reads the clock (the caller gives `end_ms`); a test that
//! checks figures computes them from what was stored (an export), never from this module.

use std::collections::HashMap;

use parallax_llm::{ErrorCode, Usage};

use crate::{
    Cost, CostSource, NewComparison, NewSlot, NewVote, SlotError, SlotStatus, Store, StoreError,
};

/// What to make.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub comparisons: usize,
    /// The random stream: the same seed, the same history.
    pub seed: u64,
    /// The newest comparison's instant (unix ms); the rest are spread over `days` before it.
    pub end_ms: i64,
    pub days: u32,
    /// Answer lengths in words, at least and at most (skewed towards the short end).
    pub answer_words: (u64, u64),
    /// Count in how many answers each word appears (the benchmark picks a common and a rare
    /// word from it); costs memory on a large history.
    pub count_words: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            comparisons: 10_000,
            seed: 0x5eed_cafe_f00d_d00d,
            end_ms: 0,
            days: 180,
            answer_words: (40, 700),
            count_words: false,
        }
    }
}

/// What was made.
#[derive(Debug, Clone, Default)]
pub struct SeedReport {
    pub comparisons: usize,
    pub answers: usize,
    /// Bytes of answer text.
    pub text_bytes: usize,
    /// Per word, the answers it appears in (only with `count_words`).
    pub word_answers: HashMap<String, u32>,
}

/// The models a seeded history asks: id, provider, USD per million output tokens (0: no price
/// known, so its cost is unknown), typical time to first token (ms), whether it reasons.
pub const SEED_MODELS: &[(&str, &str, f64, u64, bool)] = &[
    ("openai/gpt-4o-mini", "openrouter", 0.6, 350, false),
    ("openai/gpt-4o", "openrouter", 10.0, 500, false),
    ("anthropic/claude-sonnet-4.5", "openrouter", 15.0, 700, true),
    ("anthropic/claude-haiku-4.5", "openrouter", 4.0, 400, false),
    ("google/gemini-2.5-flash", "openrouter", 2.5, 300, true),
    ("google/gemini-2.5-pro", "openrouter", 10.0, 900, true),
    (
        "meta-llama/llama-3.3-70b-instruct",
        "openrouter",
        0.4,
        450,
        false,
    ),
    ("mistralai/mistral-large", "openrouter", 6.0, 550, false),
    ("deepseek/deepseek-chat", "openrouter", 1.1, 800, false),
    ("qwen/qwen3-235b-a22b", "openrouter", 0.9, 650, true),
    ("x-ai/grok-4", "openrouter", 15.0, 1200, true),
    ("llama3.2", "ollama", 0.0, 250, false),
];

/// The tags a seeded comparison may carry.
pub const SEED_TAGS: &[&str] = &[
    "code",
    "writing",
    "math",
    "support",
    "translation",
    "rag",
    "eval",
];

/// xorshift64*: deterministic, good enough to pick words.
struct Rng(u64);
impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo).max(1)
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "da", "gor", "lin", "the", "ban", "qui",
    "sor", "tel", "mar", "zen", "fu",
];

/// A pronounceable word for each rank: the most frequent words are the shortest.
pub fn word(rank: usize) -> String {
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

/// Word ranks drawn with probability ∝ 1/rank.
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
        cdf.iter_mut().for_each(|c| *c /= acc);
        Self { cdf }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|c| *c < u).min(self.cdf.len() - 1)
    }
}

struct Words {
    zipf: Zipf,
    counts: Option<HashMap<usize, u32>>,
}

impl Words {
    /// `n` words in sentences of 14 and paragraphs of 70.
    fn text(&mut self, rng: &mut Rng, n: u64, count: bool) -> String {
        let mut out = String::with_capacity(n as usize * 7);
        let mut seen = std::collections::HashSet::new();
        for i in 0..n {
            let r = self.zipf.sample(rng);
            if count {
                if let Some(c) = self.counts.as_mut() {
                    if seen.insert(r) {
                        *c.entry(r).or_default() += 1;
                    }
                }
            }
            out.push_str(&word(r));
            // 70 is a multiple of 14: a paragraph ends a sentence.
            out.push_str(if i % 70 == 69 {
                ".\n\n"
            } else if i % 14 == 13 {
                ". "
            } else {
                " "
            });
        }
        out.trim_end().to_string()
    }
}

/// Fills `store` as `opts` says; `progress` is called with the comparisons made so far.
pub fn seed_history(
    store: &Store,
    opts: &SeedOptions,
    mut progress: impl FnMut(usize),
) -> Result<SeedReport, StoreError> {
    let mut rng = Rng::new(opts.seed);
    let mut words = Words {
        zipf: Zipf::new(30_000),
        counts: opts.count_words.then(HashMap::new),
    };
    let span_ms = i64::from(opts.days.max(1)) * 86_400_000;
    let n = opts.comparisons.max(1) as i64;
    let (lo, hi) = (
        opts.answer_words.0.max(1),
        opts.answer_words.1.max(opts.answer_words.0 + 1),
    );
    let mut report = SeedReport::default();
    // Prompts worth running again later (the runs of one prompt over time).
    let mut rerunnable: Vec<(String, Vec<usize>)> = Vec::new();
    for c in 0..opts.comparisons {
        let at = opts.end_ms - span_ms + ((c as i64 + 1) * span_ms) / n;
        let (prompt, picks) = if !rerunnable.is_empty() && rng.unit() < 0.08 {
            rerunnable[rng.range(0, rerunnable.len() as u64) as usize].clone()
        } else {
            let words_in = rng.range(8, 60);
            let prompt = words.text(&mut rng, words_in, false);
            let k = rng.range(2, 7) as usize;
            let picks: Vec<usize> = (0..k)
                .map(|_| rng.range(0, SEED_MODELS.len() as u64) as usize)
                .collect();
            if rng.unit() < 0.05 {
                rerunnable.push((prompt.clone(), picks.clone()));
            }
            (prompt, picks)
        };
        let input_tokens = (prompt.split_whitespace().count() as u32 * 4).div_ceil(3) + 12;
        let rec = store.create_comparison(
            &NewComparison {
                prompt,
                system: None,
                parent_id: None,
                slots: picks
                    .iter()
                    .map(|m| NewSlot {
                        provider: SEED_MODELS[*m].1.into(),
                        model: SEED_MODELS[*m].0.into(),
                        ..Default::default()
                    })
                    .collect(),
            },
            at,
        )?;
        for (slot, m) in rec.slots.iter().zip(&picks) {
            let (id, provider, price, ttft, reasons) = SEED_MODELS[*m];
            let mut s = slot.clone();
            let roll = rng.unit();
            let n_words = lo + (rng.unit().powi(2) * (hi - lo) as f64) as u64;
            let ttft_ms = ttft / 2 + rng.range(0, ttft);
            let output = (n_words as u32 * 4).div_ceil(3);
            let reasoning = if reasons { output / 2 } else { 0 };
            if roll < 0.04 {
                let (code, message) = [
                    (
                        ErrorCode::RateLimited,
                        "Rate limit exceeded; try again in 20 seconds.",
                    ),
                    (
                        ErrorCode::InsufficientCredits,
                        "Insufficient credits: add credits to continue.",
                    ),
                    (
                        ErrorCode::ProviderOverloaded,
                        "The provider is overloaded; try again later.",
                    ),
                    (ErrorCode::Timeout, "No answer within 120 seconds."),
                ][rng.range(0, 4) as usize];
                s.status = SlotStatus::Failed;
                s.error = Some(SlotError {
                    code,
                    message: message.into(),
                });
            } else {
                let (status, keep) = match roll {
                    r if r < 0.055 => (SlotStatus::Refused, 0.05),
                    r if r < 0.075 => (SlotStatus::Truncated, 1.0),
                    r if r < 0.085 => (SlotStatus::Cancelled, 0.4),
                    r if r < 0.09 => (SlotStatus::Interrupted, 0.3),
                    _ => (SlotStatus::Done, 1.0),
                };
                let kept = ((n_words as f64 * keep) as u64).max(3);
                s.status = status;
                s.text = words.text(&mut rng, kept, true);
                report.text_bytes += s.text.len();
                s.ttft_ms = Some(ttft_ms);
                let finished = matches!(
                    status,
                    SlotStatus::Done | SlotStatus::Truncated | SlotStatus::Refused
                );
                s.total_ms = Some(ttft_ms + kept * 15 + u64::from(reasoning) * 5);
                let out = (kept as u32 * 4).div_ceil(3) + if finished { reasoning } else { 0 };
                s.usage = Usage {
                    input_tokens: Some(input_tokens),
                    output_tokens: finished.then_some(out),
                    reasoning_tokens: (finished && reasons).then_some(reasoning),
                    ..Default::default()
                };
                s.served_model = Some(id.to_string());
                s.finish_reason = Some(
                    match status {
                        SlotStatus::Refused => "content_filter",
                        SlotStatus::Truncated => "length",
                        _ => "stop",
                    }
                    .into(),
                );
                s.cost = match (finished, price > 0.0, rng.unit()) {
                    (true, true, r) if r < 0.85 => Cost {
                        usd: Some(
                            (f64::from(out) * price + f64::from(input_tokens) * price / 4.0) / 1e6,
                        ),
                        source: if provider == "openrouter" {
                            CostSource::Billed
                        } else {
                            CostSource::Computed
                        },
                    },
                    (true, true, _) => Cost {
                        usd: Some(
                            (f64::from(out) * price + f64::from(input_tokens) * price / 4.0) / 1e6,
                        ),
                        source: CostSource::Computed,
                    },
                    _ => Cost::UNKNOWN,
                };
            }
            store.finish_slot(&s, None, (None, None), at + 5_000, None)?;
            report.answers += 1;
        }
        if c % 20 == 0 && rec.slots.len() >= 2 {
            let ids: Vec<String> = rec.slots.iter().take(3).map(|s| s.id.clone()).collect();
            let winner =
                (rng.unit() > 0.1).then(|| ids[rng.range(0, ids.len() as u64) as usize].clone());
            store.add_vote(
                &rec.id,
                &NewVote {
                    winner_slot_id: winner,
                    slot_ids: ids,
                    blind: true,
                    voter: "human".into(),
                },
                at + 10_000,
            )?;
        }
        if c % 45 == 7 && rec.slots.len() >= 2 {
            let ids: Vec<String> = rec.slots.iter().map(|s| s.id.clone()).collect();
            let winner = ids[rng.range(0, ids.len() as u64) as usize].clone();
            store.add_vote(
                &rec.id,
                &NewVote {
                    winner_slot_id: Some(winner),
                    slot_ids: ids,
                    blind: true,
                    voter: "judge:openai/gpt-4o".into(),
                },
                at + 20_000,
            )?;
        }
        if c % 40 == 3 {
            let tag = SEED_TAGS[rng.range(0, SEED_TAGS.len() as u64) as usize];
            store.set_tags(&rec.id, &[tag.to_string()])?;
        }
        report.comparisons += 1;
        if c % 500 == 499 {
            progress(c + 1);
        }
    }
    report.word_answers = words
        .counts
        .unwrap_or_default()
        .into_iter()
        .map(|(r, n)| (word(r), n))
        .collect();
    Ok(report)
}
