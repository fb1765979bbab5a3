//! Analytics from your own history: per model and per day figures, spend per day, a leaderboard
//! from votes, and recommendations.
//!
//! Definitions (also in ARCHITECTURE.md):
//! - The population is every answer that reached an outcome (done, refused, truncated, failed,
//!   cancelled, interrupted) and came from a provider — cached answers were not requests.
//! - The outcomes a model is responsible for are done, refused, truncated and failed (a person's
//!   Stop or a crash of this app is not the model's doing). `errors` counts failed answers and
//!   the error rate is failed ÷ those outcomes; `refused` and `truncated` are counted apart with
//!   their own rates: a refusal is not a transport error, and it is not a normal answer either.
//! - Tokens and cost are sums over the population; an unknown cost is counted apart, never as 0.
//! - Latency percentiles are over generated answers (done and truncated: they generated as
//!   usual), nearest-rank (p95 of 20 values is the 19th). A refusal's short reply would flatter
//!   them.
//! - Days are UTC calendar days of the comparison's creation.
//! - The leaderboard expands each vote into pairs — the winner beat each other answer, a tie ties
//!   every pair; pairs of the same model are skipped — and fits Bradley–Terry strengths by
//!   minorization–maximization, ties counting half a win each. `prior_games` virtual games
//!   (half won) against a fixed reference of strength 1 keep an unbeaten model finite.
//!   Ratings are on the Elo scale: 1000 + 400·log10(strength).

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{HistoryFilter, Store, StoreError};

/// How many answers (or votes) a model needs before it is recommended.
pub const MIN_SAMPLES: u32 = 3;
/// Default regularization of the leaderboard, in virtual games per model.
pub const DEFAULT_PRIOR_GAMES: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ModelStats {
    /// The UTC day (`YYYY-MM-DD`) for per-day rows; `None` for totals over the range.
    pub day: Option<String>,
    pub provider: String,
    pub model: String,
    pub requests: u32,
    /// Answers that finished normally.
    #[serde(default)]
    pub done: u32,
    pub errors: u32,
    /// failed ÷ (done + refused + truncated + failed); `None` when none happened.
    pub error_rate: Option<f64>,
    /// Answers the model declined or a filter stopped.
    pub refused: u32,
    /// refused ÷ (done + refused + truncated + failed).
    pub refusal_rate: Option<f64>,
    /// Answers cut at a length limit.
    pub truncated: u32,
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    #[ts(type = "number")]
    pub reasoning_tokens: u64,
    /// Input tokens read from the provider's prompt cache (part of `input_tokens`).
    #[serde(default)]
    #[ts(type = "number")]
    pub cached_tokens: u64,
    /// Sum of known costs; `None` when no cost is known.
    pub cost_usd: Option<f64>,
    /// Answers whose cost is unknown (so `cost_usd` is a lower bound when > 0).
    pub unknown_cost: u32,
    #[ts(type = "number | null")]
    pub ttft_p50_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub ttft_p95_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub total_p50_ms: Option<u64>,
    #[ts(type = "number | null")]
    pub total_p95_ms: Option<u64>,
    /// The billed part of `cost_usd` (the provider's own figure).
    pub billed_usd: Option<f64>,
    /// The part of `cost_usd` computed from list prices.
    pub computed_usd: Option<f64>,
    /// Tokens per second of its answers (`Speed`, where measurable): 10th, 50th and 90th
    /// percentiles (nearest rank).
    pub tps_p10: Option<f64>,
    pub tps_p50: Option<f64>,
    pub tps_p90: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DaySpend {
    pub day: String,
    pub requests: u32,
    pub cost_usd: Option<f64>,
    pub unknown_cost: u32,
    /// The billed part of `cost_usd`.
    pub billed_usd: Option<f64>,
    /// The part of `cost_usd` computed from list prices.
    pub computed_usd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Analytics {
    /// One row per model over the whole range, most requested first.
    pub models: Vec<ModelStats>,
    /// One row per day and model, oldest day first.
    pub by_day: Vec<ModelStats>,
    pub spend_per_day: Vec<DaySpend>,
}

/// One model's spend on one day: the per-day rows of [`AnalyticsSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ModelDaySpend {
    pub day: String,
    pub provider: String,
    pub model: String,
    pub requests: u32,
    /// The sum of the known costs; `None` when none was known.
    pub cost_usd: Option<f64>,
    /// Answers whose cost is unknown (never counted as 0).
    pub unknown_cost: u32,
}

/// [`Analytics`] with per-day rows that carry only the spend: what the app's Analytics room
/// draws. Over all of a large history the per-day rows are thousands (2,172 for 25,000
/// comparisons), and whole [`ModelStats`] rows made 1.2 MB of JSON that took ~100 ms to cross
/// the IPC and be read; these are a sixth of that, and need no per-day percentiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AnalyticsSummary {
    /// One row per model over the whole range, most requested first (as in [`Analytics`]).
    pub models: Vec<ModelStats>,
    /// One row per day and model, oldest day first, then by model and provider.
    pub by_day: Vec<ModelDaySpend>,
    pub spend_per_day: Vec<DaySpend>,
}

/// What a per-day row adds up: every figure ([`Acc`]) or only the spend ([`SpendAcc`]).
trait DayFold: Default {
    /// The row a day's fold becomes.
    type Row;
    fn add(&mut self, a: &AnswerRow);
    fn finish(self, day: String, provider: String, model: String) -> Self::Row;
}

impl DayFold for Acc {
    type Row = ModelStats;
    fn add(&mut self, a: &AnswerRow) {
        Acc::add(self, a)
    }
    fn finish(self, day: String, provider: String, model: String) -> ModelStats {
        Acc::finish(self, Some(day), provider, model)
    }
}

#[derive(Default)]
struct SpendAcc {
    requests: u32,
    cost: Option<f64>,
    unknown_cost: u32,
}

impl DayFold for SpendAcc {
    type Row = ModelDaySpend;
    fn add(&mut self, a: &AnswerRow) {
        self.requests += 1;
        match a.cost {
            Some(c) => *self.cost.get_or_insert(0.0) += c,
            None => self.unknown_cost += 1,
        }
    }
    fn finish(self, day: String, provider: String, model: String) -> ModelDaySpend {
        ModelDaySpend {
            day,
            provider,
            model,
            requests: self.requests,
            cost_usd: self.cost,
            unknown_cost: self.unknown_cost,
        }
    }
}

/// The per-model totals, the per-day rows (by day, then model, then provider) and the spend
/// per day, folded in one pass over the answers.
struct Folded<R> {
    models: Vec<ModelStats>,
    by_day: Vec<R>,
    spend_per_day: Vec<DaySpend>,
}

/// Whose votes a leaderboard counts: a person's and judge models' are kept apart (a judge's
/// taste is not yours), or all together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Voters {
    /// Votes a person cast (`human`).
    #[default]
    Human,
    /// Votes of LLM judges (`judge:<model>`).
    Judges,
    All,
}

impl Voters {
    /// The condition on `v.voter`, to AND onto a WHERE clause.
    fn sql(self) -> &'static str {
        match self {
            Self::Human => "AND v.voter = 'human'",
            Self::Judges => "AND v.voter LIKE 'judge:%'",
            Self::All => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LeaderboardRow {
    pub model: String,
    /// Bradley–Terry strength on the Elo scale (1000 = the reference).
    pub rating: f64,
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    /// Votes the model took part in (against another model).
    pub votes: u32,
    /// (wins + ties ÷ 2) ÷ pairs.
    pub win_rate: f64,
    /// Mean known cost of its answers in the range; `None` when none is known.
    pub avg_cost_usd: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationKind {
    /// Lowest mean cost per done answer.
    Cheapest,
    /// Lowest median total time of done answers.
    Fastest,
    /// Highest leaderboard rating.
    BestVoted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Recommendation {
    /// `None`: over all history; otherwise among comparisons with this tag.
    pub tag: Option<String>,
    pub kind: RecommendationKind,
    pub model: String,
    /// USD per answer, milliseconds, or rating, by `kind`.
    pub value: f64,
    /// How many answers (or votes) the figure rests on.
    pub basis: u32,
}

/// Nearest-rank percentile of sorted values.
pub fn percentile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// One answer as analytics reads it: no string per row (a model is an index into
/// [`Answers::keys`], a day an integer), so 100,000 answers cost no allocation each.
struct AnswerRow {
    /// The comparison's rowid.
    comparison: i64,
    /// Days since 1970-01-01 (UTC) of the comparison's creation.
    day: i64,
    /// Index into `Answers::keys`.
    key: usize,
    status: Outcome,
    ttft: Option<u64>,
    total: Option<u64>,
    input: Option<u64>,
    output: Option<u64>,
    reasoning: Option<u64>,
    cost: Option<f64>,
    /// Whether `cost` was billed by the provider (else computed, or unknown).
    billed: bool,
    tps: Option<f64>,
    /// Input tokens read from the prompt cache.
    cached: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    Refused,
    Truncated,
    Failed,
    /// Cancelled or interrupted: a request, not the model's error.
    Stopped,
}

struct Answers {
    rows: Vec<AnswerRow>,
    /// (provider, model) of each distinct key.
    keys: Vec<(String, String)>,
}

/// A text column borrowed from the row (no allocation); a non-text value is a type error like
/// any other column's.
fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str, StoreError> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            .into()
    })
}

/// `YYYY-MM-DD` for a count of days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
pub fn civil_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[derive(Default)]
struct Acc {
    requests: u32,
    done: u32,
    refused: u32,
    truncated: u32,
    errors: u32,
    input: u64,
    output: u64,
    reasoning: u64,
    cached: u64,
    cost: Option<f64>,
    billed: Option<f64>,
    computed: Option<f64>,
    unknown_cost: u32,
    ttft: Vec<u64>,
    total: Vec<u64>,
    tps: Vec<f64>,
}

/// Adds a known cost to the billed or the computed sum.
fn split_cost(billed: &mut Option<f64>, computed: &mut Option<f64>, a: &AnswerRow) {
    if let Some(c) = a.cost {
        *if a.billed { billed } else { computed }.get_or_insert(0.0) += c;
    }
}

impl Acc {
    fn add(&mut self, a: &AnswerRow) {
        self.requests += 1;
        match a.status {
            Outcome::Done | Outcome::Truncated => {
                if a.status == Outcome::Done {
                    self.done += 1;
                } else {
                    self.truncated += 1;
                }
                self.ttft.extend(a.ttft);
                self.total.extend(a.total);
                self.tps.extend(a.tps);
            }
            Outcome::Refused => self.refused += 1,
            Outcome::Failed => self.errors += 1,
            Outcome::Stopped => {}
        }
        self.input += a.input.unwrap_or(0);
        self.output += a.output.unwrap_or(0);
        self.reasoning += a.reasoning.unwrap_or(0);
        self.cached += a.cached.unwrap_or(0);
        match a.cost {
            Some(c) => *self.cost.get_or_insert(0.0) += c,
            None => self.unknown_cost += 1,
        }
        split_cost(&mut self.billed, &mut self.computed, a);
    }

    fn finish(mut self, day: Option<String>, provider: String, model: String) -> ModelStats {
        self.ttft.sort_unstable();
        self.total.sort_unstable();
        self.tps.sort_unstable_by(f64::total_cmp);
        let outcomes = self.done + self.refused + self.truncated + self.errors;
        let rate = |n: u32| (outcomes > 0).then(|| f64::from(n) / f64::from(outcomes));
        ModelStats {
            day,
            provider,
            model,
            requests: self.requests,
            done: self.done,
            errors: self.errors,
            error_rate: rate(self.errors),
            refused: self.refused,
            refusal_rate: rate(self.refused),
            truncated: self.truncated,
            input_tokens: self.input,
            output_tokens: self.output,
            reasoning_tokens: self.reasoning,
            cached_tokens: self.cached,
            cost_usd: self.cost,
            unknown_cost: self.unknown_cost,
            ttft_p50_ms: percentile(&self.ttft, 0.5),
            ttft_p95_ms: percentile(&self.ttft, 0.95),
            total_p50_ms: percentile(&self.total, 0.5),
            total_p95_ms: percentile(&self.total, 0.95),
            billed_usd: self.billed,
            computed_usd: self.computed,
            tps_p10: percentile(&self.tps, 0.1),
            tps_p50: percentile(&self.tps, 0.5),
            tps_p90: percentile(&self.tps, 0.9),
        }
    }
}

impl Store {
    /// The answers' figures the analytics fold, read from the `slots_figures` index alone (every
    /// column here must be in it: an answer's row holds its text, and reading the rows walks
    /// their overflow pages; `answers_plan` lets a test check it).
    fn answers_sql(filter: &HistoryFilter, args: &mut Vec<Value>) -> String {
        let filter_sql = filter.slot_sql(args);
        format!(
            "SELECT c.created_at, s.provider, s.model, s.status, s.ttft_ms, s.total_ms,
                    s.input_tokens, s.output_tokens, s.reasoning_tokens, s.cost_usd, c.rowid,
                    s.cost_source, s.tokens_per_second, s.cache_read_tokens
             FROM comparisons c CROSS JOIN slots s ON s.comparison_id = c.id
             WHERE s.cached = 0
               AND s.status IN ('done', 'refused', 'truncated', 'failed', 'cancelled', 'interrupted')
               AND {filter_sql}"
        )
    }

    /// SQLite's plan for the analytics read (`EXPLAIN QUERY PLAN`, one line per step), for tests.
    #[doc(hidden)]
    pub fn answers_plan(&self, filter: &HistoryFilter) -> Result<Vec<String>, StoreError> {
        let mut args: Vec<Value> = Vec::new();
        let sql = Self::answers_sql(filter, &mut args);
        let conn = self.read();
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(3)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn answers(&self, filter: &HistoryFilter) -> Result<Answers, StoreError> {
        let mut args: Vec<Value> = Vec::new();
        let sql = Self::answers_sql(filter, &mut args);
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&sql)?;
        // CROSS JOIN keeps comparisons the outer loop: a date range or a tag then narrows by
        // index before any answer is read, and each comparison's answers are one index range
        // (SQLite, without statistics, would otherwise scan every answer).
        // provider → model → key; looked up by &str, so a row allocates only for a new model.
        let mut index: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut rows = Vec::new();
        let mut cursor = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = cursor.next()? {
            let provider = text_at(r, 1)?;
            let model = text_at(r, 2)?;
            let key = match index.get(provider).and_then(|m| m.get(model)) {
                Some(k) => *k,
                None => {
                    keys.push((provider.to_owned(), model.to_owned()));
                    index
                        .entry(provider.to_owned())
                        .or_default()
                        .insert(model.to_owned(), keys.len() - 1);
                    keys.len() - 1
                }
            };
            let status = match text_at(r, 3)? {
                "done" => Outcome::Done,
                "refused" => Outcome::Refused,
                "truncated" => Outcome::Truncated,
                "failed" => Outcome::Failed,
                _ => Outcome::Stopped,
            };
            rows.push(AnswerRow {
                day: r.get::<_, i64>(0)?.div_euclid(86_400_000),
                key,
                status,
                ttft: r.get(4)?,
                total: r.get(5)?,
                input: r.get(6)?,
                output: r.get(7)?,
                reasoning: r.get(8)?,
                cost: r.get(9)?,
                comparison: r.get(10)?,
                billed: text_at(r, 11)? == "billed",
                tps: r.get(12)?,
                cached: r.get(13)?,
            });
        }
        Ok(Answers { rows, keys })
    }

    /// Per model and per day figures and spend per day, over the answers `filter` lets through.
    pub fn analytics(&self, filter: &HistoryFilter) -> Result<Analytics, StoreError> {
        let f = self.fold::<Acc>(filter)?;
        Ok(Analytics {
            models: f.models,
            by_day: f.by_day,
            spend_per_day: f.spend_per_day,
        })
    }

    /// [`Store::analytics`] with per-day rows of spend only (the app's Analytics room).
    pub fn analytics_summary(
        &self,
        filter: &HistoryFilter,
    ) -> Result<AnalyticsSummary, StoreError> {
        let f = self.fold::<SpendAcc>(filter)?;
        Ok(AnalyticsSummary {
            models: f.models,
            by_day: f.by_day,
            spend_per_day: f.spend_per_day,
        })
    }

    fn fold<D: DayFold>(&self, filter: &HistoryFilter) -> Result<Folded<D::Row>, StoreError> {
        filter.check()?;
        let Answers { rows, keys } = self.answers(filter)?;
        let mut models: Vec<Acc> = keys.iter().map(|_| Acc::default()).collect();
        // Per-day rows come out by day, then model, then provider: each key's place in that
        // order, so a row's day entry is found by comparing integers, not strings.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_unstable_by(|a, b| (&keys[*a].1, &keys[*a].0).cmp(&(&keys[*b].1, &keys[*b].0)));
        let mut rank = vec![0; keys.len()];
        for (r, k) in order.iter().enumerate() {
            rank[*k] = r;
        }
        let mut by_day: BTreeMap<(i64, usize), D> = BTreeMap::new();
        let mut spend: BTreeMap<i64, DaySpend> = BTreeMap::new();
        for a in &rows {
            models[a.key].add(a);
            by_day.entry((a.day, rank[a.key])).or_default().add(a);
            let d = spend.entry(a.day).or_insert_with(|| DaySpend {
                day: civil_day(a.day),
                requests: 0,
                cost_usd: None,
                unknown_cost: 0,
                billed_usd: None,
                computed_usd: None,
            });
            d.requests += 1;
            match a.cost {
                Some(c) => *d.cost_usd.get_or_insert(0.0) += c,
                None => d.unknown_cost += 1,
            }
            split_cost(&mut d.billed_usd, &mut d.computed_usd, a);
        }
        let mut models: Vec<ModelStats> = models
            .into_iter()
            .zip(&keys)
            .map(|(acc, (p, m))| acc.finish(None, p.clone(), m.clone()))
            .collect();
        models.sort_by(|a, b| {
            b.requests
                .cmp(&a.requests)
                .then_with(|| a.model.cmp(&b.model))
                .then_with(|| a.provider.cmp(&b.provider))
        });
        Ok(Folded {
            models,
            by_day: by_day
                .into_iter()
                .map(|((d, r), acc)| {
                    let (p, m) = &keys[order[r]];
                    acc.finish(civil_day(d), p.clone(), m.clone())
                })
                .collect(),
            spend_per_day: spend.into_values().collect(),
        })
    }

    /// Models ranked by their strength in votes on comparisons `filter` lets through.
    pub fn leaderboard(
        &self,
        filter: &HistoryFilter,
        prior_games: f64,
        voters: Voters,
    ) -> Result<Vec<LeaderboardRow>, StoreError> {
        filter.check()?;
        let mut board = self.fit_leaderboard(filter, prior_games, voters)?;
        let costs = self.mean_costs(filter)?;
        for row in &mut board {
            row.avg_cost_usd = costs.get(&row.model).copied();
        }
        Ok(board)
    }

    /// The leaderboard without the cost column (which needs every answer, not only votes).
    fn fit_leaderboard(
        &self,
        filter: &HistoryFilter,
        prior_games: f64,
        voters: Voters,
    ) -> Result<Vec<LeaderboardRow>, StoreError> {
        // (vote, model, won) for every answer of every vote in range.
        let mut args: Vec<Value> = Vec::new();
        let filter_sql = format!("{} {}", filter.comparison_sql(&mut args), voters.sql());
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT v.id, s.model, v.winner_slot_id IS NOT NULL AND v.winner_slot_id = s.id,
                    v.winner_slot_id IS NULL
             FROM votes v
             JOIN comparisons c ON c.id = v.comparison_id
             JOIN vote_slots vs ON vs.vote_id = v.id
             JOIN slots s ON s.id = vs.slot_id
             WHERE {filter_sql}
             ORDER BY v.id"
        ))?;
        let mut votes: BTreeMap<String, (bool, Vec<(String, bool)>)> = BTreeMap::new();
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        for row in rows {
            let (vote, model, won, tie) = row?;
            let e = votes.entry(vote).or_insert_with(|| (tie, Vec::new()));
            e.1.push((model, won));
        }
        drop(stmt);
        drop(conn);

        #[derive(Default, Clone)]
        struct Tally {
            wins: u32,
            losses: u32,
            ties: u32,
            votes: u32,
        }
        let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
        // Games between two models: (i, j) → (wins of i over j as half-units).
        let mut games: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
        for (tie, answers) in votes.values() {
            let mut took_part: Vec<&str> = Vec::new();
            for (i, (mi, wi)) in answers.iter().enumerate() {
                for (mj, wj) in &answers[i + 1..] {
                    if mi == mj || (!tie && !wi && !wj) {
                        continue; // same model, or two losers of a best-of-N
                    }
                    let (a, b, score_a) = if mi < mj {
                        (
                            mi,
                            mj,
                            if *tie {
                                0.5
                            } else if *wi {
                                1.0
                            } else {
                                0.0
                            },
                        )
                    } else {
                        (
                            mj,
                            mi,
                            if *tie {
                                0.5
                            } else if *wj {
                                1.0
                            } else {
                                0.0
                            },
                        )
                    };
                    let g = games.entry((a.clone(), b.clone())).or_default();
                    g.0 += score_a;
                    g.1 += 1.0 - score_a;
                    for (m, s) in [(a, score_a), (b, 1.0 - score_a)] {
                        let t = tally.entry(m.clone()).or_default();
                        if *tie {
                            t.ties += 1;
                        } else if s > 0.5 {
                            t.wins += 1;
                        } else {
                            t.losses += 1;
                        }
                    }
                    took_part.extend([a.as_str(), b.as_str()]);
                }
            }
            took_part.sort_unstable();
            took_part.dedup();
            for m in took_part {
                tally.get_mut(m).expect("tallied above").votes += 1;
            }
        }
        let strengths = bradley_terry(
            &tally.keys().cloned().collect::<Vec<_>>(),
            &games,
            prior_games,
        );
        let mut board: Vec<LeaderboardRow> = tally
            .into_iter()
            .map(|(model, t)| {
                let pairs = t.wins + t.losses + t.ties;
                LeaderboardRow {
                    rating: 1000.0 + 400.0 * strengths[&model].log10(),
                    avg_cost_usd: None,
                    win_rate: (f64::from(t.wins) + f64::from(t.ties) / 2.0)
                        / f64::from(pairs.max(1)),
                    model,
                    wins: t.wins,
                    losses: t.losses,
                    ties: t.ties,
                    votes: t.votes,
                }
            })
            .collect();
        board.sort_by(|a, b| {
            b.rating
                .total_cmp(&a.rating)
                .then_with(|| b.votes.cmp(&a.votes))
                .then_with(|| a.model.cmp(&b.model))
        });
        Ok(board)
    }

    /// Mean known cost per answer, by model.
    fn mean_costs(&self, filter: &HistoryFilter) -> Result<HashMap<String, f64>, StoreError> {
        let mut args: Vec<Value> = Vec::new();
        let filter_sql = filter.slot_sql(&mut args);
        let conn = self.read();
        // Comparisons outer, as in `answers`: each one's answers are then read from the
        // `slots_figures` index alone. Left to itself SQLite walks `slots_by_model` for the
        // GROUP BY and reads every answer's row, overflow pages included, to reach its cost.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT s.model, avg(s.cost_usd)
             FROM comparisons c CROSS JOIN slots s ON s.comparison_id = c.id
             WHERE s.cost_usd IS NOT NULL AND s.cached = 0 AND {filter_sql} GROUP BY s.model"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cheapest, fastest and best-voted model over all history and within each of the
    /// `max_tags` most used tags. A model needs [`MIN_SAMPLES`] answers (or votes) to count.
    pub fn recommendations(&self, max_tags: usize) -> Result<Vec<Recommendation>, StoreError> {
        let tags: Vec<String> = self
            .list_tags()?
            .into_iter()
            .take(max_tags)
            .map(|(t, _)| t)
            .collect();
        // One pass over history; each tag's scope is a subset of it.
        let Answers { rows, keys } = self.answers(&HistoryFilter::default())?;
        // Comparison → the listed tags it carries (indexes into `tags`).
        let tagged: HashMap<i64, Vec<usize>> = {
            let conn = self.read();
            let mut stmt = conn.prepare_cached(
                "SELECT c.rowid, t.tag FROM comparison_tags t JOIN comparisons c ON c.id = t.comparison_id",
            )?;
            let mut map: HashMap<i64, Vec<usize>> = HashMap::new();
            for pair in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
                let (c, t) = pair?;
                if let Some(i) = tags.iter().position(|x| *x == t) {
                    map.entry(c).or_default().push(i);
                }
            }
            map
        };
        // Done answers overall and within each tag, in history order (as read), in one pass.
        let mut done: Vec<&AnswerRow> = Vec::new();
        let mut by_tag: Vec<Vec<&AnswerRow>> = vec![Vec::new(); tags.len()];
        for a in rows.iter().filter(|a| a.status == Outcome::Done) {
            done.push(a);
            for t in tagged.get(&a.comparison).into_iter().flatten() {
                by_tag[*t].push(a);
            }
        }
        // Figures are per model name (whichever provider served it), names in sorted order.
        let mut names: Vec<&str> = keys.iter().map(|(_, m)| m.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let name_of: Vec<usize> = keys
            .iter()
            .map(|(_, m)| names.binary_search(&m.as_str()).expect("listed above"))
            .collect();
        let mut scopes: Vec<(Option<String>, Vec<&AnswerRow>)> = vec![(None, done)];
        scopes.extend(tags.into_iter().map(Some).zip(by_tag));
        let mut out = Vec::new();
        for (tag, answers) in scopes {
            // Per name: known costs and total times, in history order.
            let mut by_model: Vec<(Vec<f64>, Vec<u64>)> = vec![Default::default(); names.len()];
            for a in answers {
                let e = &mut by_model[name_of[a.key]];
                e.0.extend(a.cost);
                e.1.extend(a.total);
            }
            let cheapest = names
                .iter()
                .zip(&by_model)
                .filter(|(_, (c, _))| c.len() as u32 >= MIN_SAMPLES)
                .map(|(m, (c, _))| (*m, c.iter().sum::<f64>() / c.len() as f64, c.len() as u32))
                .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
            let fastest = names
                .iter()
                .zip(&mut by_model)
                .filter(|(_, (_, t))| t.len() as u32 >= MIN_SAMPLES)
                .map(|(m, (_, t))| {
                    t.sort_unstable();
                    (*m, percentile(t, 0.5).unwrap_or(0) as f64, t.len() as u32)
                })
                .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
            let filter = HistoryFilter {
                tag: tag.clone(),
                ..Default::default()
            };
            let best = self
                .fit_leaderboard(&filter, DEFAULT_PRIOR_GAMES, Voters::Human)?
                .into_iter()
                .find(|r| r.votes >= MIN_SAMPLES)
                .map(|r| (r.model, r.rating, r.votes));
            for (kind, pick) in [
                (
                    RecommendationKind::Cheapest,
                    cheapest.map(|(m, v, n)| (m.to_owned(), v, n)),
                ),
                (
                    RecommendationKind::Fastest,
                    fastest.map(|(m, v, n)| (m.to_owned(), v, n)),
                ),
                (RecommendationKind::BestVoted, best),
            ] {
                if let Some((model, value, basis)) = pick {
                    out.push(Recommendation {
                        tag: tag.clone(),
                        kind,
                        model,
                        value,
                        basis,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// Bradley–Terry strengths by minorization–maximization (Hunter, 2004). `games[(a, b)]` holds
/// the points a and b scored against each other (a < b). With `prior` > 0 each model also played
/// `prior` games against a reference of strength 1, winning half; with no prior the strengths
/// are scaled to a geometric mean of 1.
pub fn bradley_terry(
    models: &[String],
    games: &BTreeMap<(String, String), (f64, f64)>,
    prior: f64,
) -> HashMap<String, f64> {
    let idx: HashMap<&str, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let n = models.len();
    let mut score = vec![prior / 2.0; n];
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for ((a, b), (sa, sb)) in games {
        let (i, j) = (idx[a.as_str()], idx[b.as_str()]);
        score[i] += sa;
        score[j] += sb;
        pairs.push((i, j, sa + sb));
    }
    let mut p = vec![1.0_f64; n];
    for _ in 0..10_000 {
        let mut denom = vec![prior; n];
        for d in denom.iter_mut().zip(&p) {
            *d.0 /= d.1 + 1.0;
        }
        for &(i, j, g) in &pairs {
            let s = g / (p[i] + p[j]);
            denom[i] += s;
            denom[j] += s;
        }
        let mut next: Vec<f64> = (0..n)
            .map(|i| {
                if denom[i] > 0.0 {
                    // A model that never scored would go to 0; keep it tiny but finite.
                    (score[i] / denom[i]).max(1e-6)
                } else {
                    1.0
                }
            })
            .collect();
        if prior == 0.0 && n > 0 {
            let g = (next.iter().map(|v| v.ln()).sum::<f64>() / n as f64).exp();
            next.iter_mut().for_each(|v| *v /= g);
        }
        let change = next
            .iter()
            .zip(&p)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        p = next;
        if change < 1e-10 {
            break;
        }
    }
    models.iter().cloned().zip(p).collect()
}

impl Store {
    /// Each model's median output tokens over its finished answers (`done`, not served from
    /// the cache): how long that model usually answers, for estimating a prompt's cost on it.
    pub fn typical_output_tokens(&self) -> Result<HashMap<String, u32>, StoreError> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT s.model, s.output_tokens FROM comparisons c
             CROSS JOIN slots s ON s.comparison_id = c.id
             WHERE s.cached = 0 AND s.status = 'done' AND s.output_tokens IS NOT NULL",
        )?;
        let mut by_model: HashMap<String, Vec<u64>> = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_model
                .entry(text_at(r, 0)?.to_owned())
                .or_default()
                .push(r.get(1)?);
        }
        Ok(by_model
            .into_iter()
            .filter_map(|(m, mut v)| {
                v.sort_unstable();
                let median = percentile(&v, 0.5)?;
                Some((m, u32::try_from(median).unwrap_or(u32::MAX)))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::civil_day;

    #[test]
    fn days_become_calendar_dates_across_leap_years_and_the_epoch() {
        for (days, date) in [
            (0, "1970-01-01"),
            (19_782, "2024-02-29"),
            (11_017, "2000-03-01"),
            (-1, "1969-12-31"),
            (47_846, "2100-12-31"),
        ] {
            assert_eq!(civil_day(days), date, "{days}");
        }
    }
}
