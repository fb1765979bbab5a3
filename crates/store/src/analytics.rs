//! Analytics from your own history: per model and per day figures, spend per day, a leaderboard
//! from votes, and recommendations.
//!
//! Definitions (also in ARCHITECTURE.md):
//! - The population is every answer that reached an outcome (done, failed, cancelled,
//!   interrupted) and came from a provider — cached answers were not requests.
//! - `errors` counts failed answers; the error rate is failed ÷ (done + failed): the outcomes a
//!   model is responsible for (a person's Stop or a crash of this app is not the model's error).
//! - Tokens and cost are sums over the population; an unknown cost is counted apart, never as 0.
//! - Latency percentiles are over done answers, nearest-rank (p95 of 20 values is the 19th).
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
    pub errors: u32,
    /// failed ÷ (done + failed); `None` when neither happened.
    pub error_rate: Option<f64>,
    #[ts(type = "number")]
    pub input_tokens: u64,
    #[ts(type = "number")]
    pub output_tokens: u64,
    #[ts(type = "number")]
    pub reasoning_tokens: u64,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DaySpend {
    pub day: String,
    pub requests: u32,
    pub cost_usd: Option<f64>,
    pub unknown_cost: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Analytics {
    /// One row per model over the whole range, most requested first.
    pub models: Vec<ModelStats>,
    /// One row per day and model, oldest day first.
    pub by_day: Vec<ModelStats>,
    pub spend_per_day: Vec<DaySpend>,
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
pub fn percentile(sorted: &[u64], q: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

struct AnswerRow {
    comparison_id: String,
    day: String,
    provider: String,
    model: String,
    status: String,
    ttft: Option<u64>,
    total: Option<u64>,
    input: Option<u64>,
    output: Option<u64>,
    reasoning: Option<u64>,
    cost: Option<f64>,
}

#[derive(Default)]
struct Acc {
    requests: u32,
    done: u32,
    errors: u32,
    input: u64,
    output: u64,
    reasoning: u64,
    cost: Option<f64>,
    unknown_cost: u32,
    ttft: Vec<u64>,
    total: Vec<u64>,
}

impl Acc {
    fn add(&mut self, a: &AnswerRow) {
        self.requests += 1;
        match a.status.as_str() {
            "done" => {
                self.done += 1;
                self.ttft.extend(a.ttft);
                self.total.extend(a.total);
            }
            "failed" => self.errors += 1,
            _ => {}
        }
        self.input += a.input.unwrap_or(0);
        self.output += a.output.unwrap_or(0);
        self.reasoning += a.reasoning.unwrap_or(0);
        match a.cost {
            Some(c) => *self.cost.get_or_insert(0.0) += c,
            None => self.unknown_cost += 1,
        }
    }

    fn finish(mut self, day: Option<String>, provider: String, model: String) -> ModelStats {
        self.ttft.sort_unstable();
        self.total.sort_unstable();
        let outcomes = self.done + self.errors;
        ModelStats {
            day,
            provider,
            model,
            requests: self.requests,
            errors: self.errors,
            error_rate: (outcomes > 0).then(|| f64::from(self.errors) / f64::from(outcomes)),
            input_tokens: self.input,
            output_tokens: self.output,
            reasoning_tokens: self.reasoning,
            cost_usd: self.cost,
            unknown_cost: self.unknown_cost,
            ttft_p50_ms: percentile(&self.ttft, 0.5),
            ttft_p95_ms: percentile(&self.ttft, 0.95),
            total_p50_ms: percentile(&self.total, 0.5),
            total_p95_ms: percentile(&self.total, 0.95),
        }
    }
}

impl Store {
    fn answers(&self, filter: &HistoryFilter) -> Result<Vec<AnswerRow>, StoreError> {
        let mut args: Vec<Value> = Vec::new();
        let filter_sql = filter.slot_sql(&mut args);
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT date(c.created_at / 1000, 'unixepoch'), s.provider, s.model, s.status, s.ttft_ms,
                    s.total_ms, s.input_tokens, s.output_tokens, s.reasoning_tokens, s.cost_usd,
                    c.id
             FROM slots s JOIN comparisons c ON c.id = s.comparison_id
             WHERE s.cached = 0 AND s.status IN ('done', 'failed', 'cancelled', 'interrupted')
               AND {filter_sql}"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok(AnswerRow {
                day: r.get(0)?,
                provider: r.get(1)?,
                model: r.get(2)?,
                status: r.get(3)?,
                ttft: r.get(4)?,
                total: r.get(5)?,
                input: r.get(6)?,
                output: r.get(7)?,
                reasoning: r.get(8)?,
                cost: r.get(9)?,
                comparison_id: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per model and per day figures and spend per day, over the answers `filter` lets through.
    pub fn analytics(&self, filter: &HistoryFilter) -> Result<Analytics, StoreError> {
        let rows = self.answers(filter)?;
        let mut models: HashMap<(&str, &str), Acc> = HashMap::new();
        let mut by_day: BTreeMap<(&str, &str, &str), Acc> = BTreeMap::new();
        let mut spend: BTreeMap<&str, DaySpend> = BTreeMap::new();
        for a in &rows {
            models.entry((&a.provider, &a.model)).or_default().add(a);
            by_day
                .entry((&a.day, &a.provider, &a.model))
                .or_default()
                .add(a);
            let d = spend.entry(&a.day).or_insert_with(|| DaySpend {
                day: a.day.clone(),
                requests: 0,
                cost_usd: None,
                unknown_cost: 0,
            });
            d.requests += 1;
            match a.cost {
                Some(c) => *d.cost_usd.get_or_insert(0.0) += c,
                None => d.unknown_cost += 1,
            }
        }
        let mut models: Vec<ModelStats> = models
            .into_iter()
            .map(|((p, m), acc)| acc.finish(None, p.to_owned(), m.to_owned()))
            .collect();
        models.sort_by(|a, b| {
            b.requests
                .cmp(&a.requests)
                .then_with(|| a.model.cmp(&b.model))
                .then_with(|| a.provider.cmp(&b.provider))
        });
        Ok(Analytics {
            models,
            by_day: by_day
                .into_iter()
                .map(|((d, p, m), acc)| acc.finish(Some(d.to_owned()), p.to_owned(), m.to_owned()))
                .collect(),
            spend_per_day: spend.into_values().collect(),
        })
    }

    /// Models ranked by their strength in votes on comparisons `filter` lets through.
    pub fn leaderboard(
        &self,
        filter: &HistoryFilter,
        prior_games: f64,
    ) -> Result<Vec<LeaderboardRow>, StoreError> {
        let mut board = self.fit_leaderboard(filter, prior_games)?;
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
    ) -> Result<Vec<LeaderboardRow>, StoreError> {
        // (vote, model, won) for every answer of every vote in range.
        let mut args: Vec<Value> = Vec::new();
        let filter_sql = filter.comparison_sql(&mut args);
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
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT s.model, avg(s.cost_usd) FROM slots s JOIN comparisons c ON c.id = s.comparison_id
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
        let rows = self.answers(&HistoryFilter::default())?;
        let tagged: HashMap<String, Vec<String>> = {
            let conn = self.read();
            let mut stmt = conn.prepare_cached("SELECT comparison_id, tag FROM comparison_tags")?;
            let mut map: HashMap<String, Vec<String>> = HashMap::new();
            for pair in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
                let (c, t) = pair?;
                map.entry(c).or_default().push(t);
            }
            map
        };
        let mut scopes: Vec<Option<String>> = vec![None];
        scopes.extend(tags.into_iter().map(Some));
        let mut out = Vec::new();
        for tag in scopes {
            let in_scope = |a: &&AnswerRow| match &tag {
                None => true,
                Some(t) => tagged
                    .get(&a.comparison_id)
                    .is_some_and(|ts| ts.contains(t)),
            };
            let mut by_model: BTreeMap<&str, (Vec<f64>, Vec<u64>)> = BTreeMap::new();
            for a in rows.iter().filter(in_scope).filter(|a| a.status == "done") {
                let e = by_model.entry(&a.model).or_default();
                e.0.extend(a.cost);
                e.1.extend(a.total);
            }
            let cheapest = by_model
                .iter()
                .filter(|(_, (c, _))| c.len() as u32 >= MIN_SAMPLES)
                .map(|(m, (c, _))| (*m, c.iter().sum::<f64>() / c.len() as f64, c.len() as u32))
                .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
            let fastest = by_model
                .iter_mut()
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
                .fit_leaderboard(&filter, DEFAULT_PRIOR_GAMES)?
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
