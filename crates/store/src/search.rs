//! Full-text search over prompts and answers (FTS5, see migration 0009), ranked by BM25, each hit
//! pointing to the exact slot with a snippet where the matched words are marked `«…»`.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub comparison_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub slot_id: String,
    pub slot_index: u32,
    pub model: String,
    /// Text around the match, the matched words between `«` and `»`.
    pub snippet: String,
}

/// The longest search: a few sentences pasted from an answer, not an answer.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// Turns what a person typed into an FTS5 query that cannot be a syntax error: every word is a
/// quoted term (all must match), a trailing `*` keeps its prefix meaning.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter_map(|w| {
            let prefix = w.ends_with('*');
            let word: String = w
                .trim_end_matches('*')
                .chars()
                .filter(|c| *c != '"')
                .collect();
            (!word.is_empty()).then(|| {
                if prefix {
                    format!("\"{word}\"*")
                } else {
                    format!("\"{word}\"")
                }
            })
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Narrows history listings and searches. Every field is optional; all given ones must hold.
/// Answer-level conditions (model, provider, status, cost) hold for one same answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct HistoryFilter {
    /// The model asked for, or the one that answered.
    pub model: Option<String>,
    pub provider: Option<String>,
    /// Comparisons created at or after this instant (unix ms).
    #[ts(type = "number | null")]
    pub since_ms: Option<i64>,
    /// Comparisons created before this instant (unix ms).
    #[ts(type = "number | null")]
    pub until_ms: Option<i64>,
    pub status: Option<crate::SlotStatus>,
    /// Cost of the answer, USD; answers of unknown cost never match a cost bound.
    pub min_cost_usd: Option<f64>,
    pub max_cost_usd: Option<f64>,
    /// Whether the answer (search) or the comparison (listing) has been voted on.
    pub has_vote: Option<bool>,
    pub tag: Option<String>,
    /// Only comparisons of the same prompt (and system prompt) as this comparison, word for
    /// word: the runs of one prompt over time.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_prompt_as: Option<String>,
}

impl HistoryFilter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// A filter nothing could pass because its bounds contradict each other, or a cost bound
    /// that is not an amount, is a mistake to say, not an empty list to show.
    pub fn check(&self) -> Result<(), StoreError> {
        for v in [self.min_cost_usd, self.max_cost_usd].into_iter().flatten() {
            if !v.is_finite() || v < 0.0 {
                return Err(StoreError::Invalid(format!(
                    "a cost bound is an amount of USD of 0 or more, not {v}"
                )));
            }
        }
        if let (Some(lo), Some(hi)) = (self.min_cost_usd, self.max_cost_usd) {
            if lo > hi {
                return Err(StoreError::Invalid(format!(
                    "the lowest cost ({lo}) is above the highest ({hi})"
                )));
            }
        }
        if let (Some(from), Some(to)) = (self.since_ms, self.until_ms) {
            if from > to {
                return Err(StoreError::Invalid(
                    "the date range ends before it starts".into(),
                ));
            }
        }
        Ok(())
    }

    /// Conditions on one answer `s`.
    fn slot_conditions(&self, sql: &mut Vec<String>, args: &mut Vec<Value>) {
        if let Some(m) = &self.model {
            args.push(Value::Text(m.clone()));
            let n = args.len();
            sql.push(format!("(s.model = ?{n} OR s.served_model = ?{n})"));
        }
        if let Some(p) = &self.provider {
            args.push(Value::Text(p.clone()));
            sql.push(format!("s.provider = ?{}", args.len()));
        }
        if let Some(st) = self.status {
            args.push(Value::Text(st.as_str().into()));
            sql.push(format!("s.status = ?{}", args.len()));
        }
        if let Some(v) = self.min_cost_usd {
            args.push(Value::Real(v));
            sql.push(format!("s.cost_usd >= ?{}", args.len()));
        }
        if let Some(v) = self.max_cost_usd {
            args.push(Value::Real(v));
            sql.push(format!("s.cost_usd <= ?{}", args.len()));
        }
    }

    /// Conditions on one comparison `c`.
    fn comparison_conditions(&self, sql: &mut Vec<String>, args: &mut Vec<Value>) {
        if let Some(v) = self.since_ms {
            args.push(Value::Integer(v));
            sql.push(format!("c.created_at >= ?{}", args.len()));
        }
        if let Some(v) = self.until_ms {
            args.push(Value::Integer(v));
            sql.push(format!("c.created_at < ?{}", args.len()));
        }
        if let Some(id) = &self.same_prompt_as {
            args.push(Value::Text(id.clone()));
            let n = args.len();
            // The prefix comparison is what the expression index `comparisons_by_prompt`
            // (migration 0015) answers; the whole text and the system prompt then decide.
            sql.push(format!(
                "substr(c.prompt, 1, 256) = (SELECT substr(prompt, 1, 256) FROM comparisons WHERE id = ?{n})
                 AND c.prompt = (SELECT prompt FROM comparisons WHERE id = ?{n})
                 AND coalesce(c.system, '') = (SELECT coalesce(system, '') FROM comparisons WHERE id = ?{n})"
            ));
        }
        if let Some(t) = &self.tag {
            args.push(Value::Text(crate::normalize_tag(t).unwrap_or_default()));
            // An IN list lets SQLite start from the tag's index instead of testing every row.
            sql.push(format!(
                "c.id IN (SELECT comparison_id FROM comparison_tags WHERE tag = ?{})",
                args.len()
            ));
        }
    }

    /// The whole filter as conditions on a comparison `c` (for listings).
    pub(crate) fn comparison_sql(&self, args: &mut Vec<Value>) -> String {
        let mut sql = Vec::new();
        self.comparison_conditions(&mut sql, args);
        let mut slot = Vec::new();
        self.slot_conditions(&mut slot, args);
        if !slot.is_empty() {
            sql.push(format!(
                "EXISTS (SELECT 1 FROM slots s WHERE s.comparison_id = c.id AND {})",
                slot.join(" AND ")
            ));
        }
        if let Some(v) = self.has_vote {
            sql.push(format!(
                "{}EXISTS (SELECT 1 FROM votes v WHERE v.comparison_id = c.id)",
                if v { "" } else { "NOT " }
            ));
        }
        and_all(sql)
    }

    /// The whole filter as conditions on an answer `s` of comparison `c` (for search hits).
    pub(crate) fn slot_sql(&self, args: &mut Vec<Value>) -> String {
        let mut sql = Vec::new();
        self.comparison_conditions(&mut sql, args);
        self.slot_conditions(&mut sql, args);
        if let Some(v) = self.has_vote {
            sql.push(format!(
                "{}EXISTS (SELECT 1 FROM vote_slots vs WHERE vs.slot_id = s.id)",
                if v { "" } else { "NOT " }
            ));
        }
        and_all(sql)
    }
}

fn and_all(sql: Vec<String>) -> String {
    if sql.is_empty() {
        "1".into()
    } else {
        sql.join(" AND ")
    }
}

/// One page of search hits, best first, and where the next page starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// The same hits grouped by comparison, in the order each comparison first appears (its
    /// best hit's rank), so a word in a five-model prompt is one comparison, not five rows.
    #[serde(default)]
    pub groups: Vec<SearchGroup>,
    /// Pass back as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
    /// How the hits are ordered: best first, or newest first for words most answers have.
    #[serde(default)]
    pub order: SearchOrder,
}

/// The order of a search's hits. A query matching more than [`RECENT_ABOVE`] answers (a word
/// nearly every answer has, like "the", or a common prefix) is listed newest first: ranking
/// that many by BM25 took ~200 ms a keystroke over 100,000 answers, and BM25 gives a word most
/// answers share almost no weight (its IDF is clamped), so best-first said little anyway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    /// BM25, then the oldest answer first among equals.
    #[default]
    Relevance,
    /// The newest answer first.
    Recent,
}

/// Above this many matching answers a search lists them newest first ([`SearchOrder`]).
pub const RECENT_ABOVE: u64 = 20_000;

/// A comparison's hits on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchGroup {
    pub comparison_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// Its matching answers, best first; an answer whose snippet repeats one already listed
    /// (the same prompt words in every column) is kept for its column but shows no snippet.
    pub answers: Vec<GroupHit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GroupHit {
    pub slot_id: String,
    pub slot_index: u32,
    pub model: String,
    /// `None` when an earlier answer of the group has the same snippet.
    pub snippet: Option<String>,
}

/// Groups a page's hits by comparison, keeping best-first order.
pub fn group_hits(hits: &[SearchHit]) -> Vec<SearchGroup> {
    let mut groups: Vec<SearchGroup> = Vec::new();
    for h in hits {
        let i = match groups
            .iter()
            .position(|g| g.comparison_id == h.comparison_id)
        {
            Some(i) => i,
            None => {
                groups.push(SearchGroup {
                    comparison_id: h.comparison_id.clone(),
                    title: h.title.clone(),
                    created_at_ms: h.created_at_ms,
                    answers: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[i];
        let seen = g
            .answers
            .iter()
            .any(|a| a.snippet.as_deref() == Some(h.snippet.as_str()));
        g.answers.push(GroupHit {
            slot_id: h.slot_id.clone(),
            slot_index: h.slot_index,
            model: h.model.clone(),
            snippet: (!seen).then(|| h.snippet.clone()),
        });
    }
    groups
}

/// Where the next page of a search starts.
enum Cursor {
    /// After this rank and rowid (best first). Ranks are compared as stored, so a page boundary
    /// never drops or repeats a hit while the history is unchanged.
    Ranked(f64, i64),
    /// Before this rowid (newest first).
    Recent(i64),
}

fn parse_cursor(after: &str) -> Result<Cursor, StoreError> {
    let bad = || StoreError::Invalid(format!("{after:?} is not a page cursor from a search"));
    let (head, id) = after.split_once(':').ok_or_else(bad)?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    if head == "recent" {
        return Ok(Cursor::Recent(id));
    }
    Ok(Cursor::Ranked(head.parse().map_err(|_| bad())?, id))
}

impl Store {
    /// Best matches first (BM25, then oldest answer first among equals), `limit` per page; a
    /// query matching more than [`RECENT_ABOVE`] answers newest first ([`SearchOrder`]).
    pub fn search(
        &self,
        text: &str,
        filter: &HistoryFilter,
        limit: u32,
        after: Option<&str>,
    ) -> Result<SearchPage, StoreError> {
        self.search_ordered(text, filter, limit, after, RECENT_ABOVE)
    }

    /// [`Store::search`] with the threshold of [`SearchOrder::Recent`] given (tests use a small one).
    #[doc(hidden)]
    pub fn search_ordered(
        &self,
        text: &str,
        filter: &HistoryFilter,
        limit: u32,
        after: Option<&str>,
        recent_above: u64,
    ) -> Result<SearchPage, StoreError> {
        let empty = SearchPage {
            hits: Vec::new(),
            groups: Vec::new(),
            next: None,
            order: SearchOrder::Relevance,
        };
        filter.check()?;
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(StoreError::Invalid(format!(
                "a search has at most {MAX_QUERY_CHARS} characters"
            )));
        }
        let Some(query) = fts_query(text) else {
            return Ok(empty);
        };
        let after = after.map(parse_cursor).transpose()?;
        // The first page decides the order by how many answers match (the filter aside: an
        // upper bound, and counting through the filter's joins would cost what it saves); a
        // next page keeps its first page's order (its cursor says which).
        let order = match &after {
            Some(Cursor::Recent(_)) => SearchOrder::Recent,
            Some(Cursor::Ranked(..)) => SearchOrder::Relevance,
            None => {
                let matches: u64 = self.read().query_row(
                    "SELECT count(*) FROM slots_fts WHERE slots_fts MATCH ?1",
                    [&query],
                    |r| r.get(0),
                )?;
                if matches > recent_above {
                    SearchOrder::Recent
                } else {
                    SearchOrder::Relevance
                }
            }
        };
        let mut args = vec![Value::Text(query)];
        let cursor = match after {
            Some(Cursor::Ranked(rank, rowid)) => {
                args.push(Value::Real(rank));
                args.push(Value::Integer(rowid));
                "(slots_fts.rank > ?2 OR (slots_fts.rank = ?2 AND slots_fts.rowid > ?3))"
            }
            Some(Cursor::Recent(rowid)) => {
                args.push(Value::Integer(rowid));
                "slots_fts.rowid < ?2"
            }
            None => "1",
        };
        // Newest first never computes a rank: FTS5 walks the matches by rowid from the end
        // and stops at the page (rank is selected as 0 to keep one row shape).
        let (rank_col, order_by) = match order {
            SearchOrder::Relevance => ("slots_fts.rank", "slots_fts.rank, slots_fts.rowid"),
            SearchOrder::Recent => ("0.0", "slots_fts.rowid DESC"),
        };
        let outer_order = match order {
            SearchOrder::Relevance => "page.rank, page.rowid",
            SearchOrder::Recent => "page.rowid DESC",
        };
        let filter_sql = filter.slot_sql(&mut args);
        // Every row of `slots_fts` is an answer (the triggers keep them in step), so without a
        // filter the page needs nothing but the index. Joining each match to its answer and its
        // comparison costs a row lookup per match — for a common word ~10,000 of them, most of
        // the time this search took — and only a filter needs those columns.
        let joins = if filter.is_empty() {
            ""
        } else {
            "JOIN slots s ON s.rowid = slots_fts.rowid
                  JOIN comparisons c ON c.id = s.comparison_id"
        };
        args.push(Value::Integer(i64::from(limit) + 1));
        // `page` ranks every match and keeps the page in exact keyset order; the answer and its
        // comparison are then read for the page's rows only. The snippet is made inside `page`:
        // with ORDER BY … LIMIT, SQLite computes a row's other columns only once its sort key
        // has entered the top LIMIT so far (select.c, `pDeferredRowLoad`), so snippet() runs for
        // those rows only (~130 of 10,000 for a common word in the bench; all 10,000 would take
        // ~160 ms). Making the snippets afterwards with `MATCH … AND rowid = ?` per page row
        // would run the full-text query again for each row, which for a prefix (`tel*`: the
        // doclists of every term so starting merged again) costs more than the whole search.
        // The outer query keeps `page`'s order (no second sort in EXPLAIN QUERY PLAN).
        let sql = format!(
            "WITH page AS (
                 SELECT {rank_col} AS rank, slots_fts.rowid AS rowid,
                        snippet(slots_fts, -1, '«', '»', '…', 16) AS snippet
                 FROM slots_fts
                 {joins}
                 WHERE slots_fts MATCH ?1 AND {cursor} AND {filter_sql}
                 ORDER BY {order_by}
                 LIMIT ?{})
             SELECT c.id, c.title, c.created_at, s.id, s.idx, s.model, page.snippet, page.rank,
                    page.rowid
             FROM page
             CROSS JOIN slots s ON s.rowid = page.rowid
             CROSS JOIN comparisons c ON c.id = s.comparison_id
             ORDER BY {outer_order}",
            args.len()
        );
        let conn = self.read();
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut last = None;
        let mut hits = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((
                    SearchHit {
                        comparison_id: r.get(0)?,
                        title: r.get(1)?,
                        created_at_ms: r.get(2)?,
                        slot_id: r.get(3)?,
                        slot_index: r.get(4)?,
                        model: r.get(5)?,
                        snippet: r.get(6)?,
                    },
                    r.get::<_, f64>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let more = hits.len() > limit as usize;
        hits.truncate(limit as usize);
        if more {
            last = hits.last().map(|(_, rank, rowid)| match order {
                SearchOrder::Relevance => format!("{rank}:{rowid}"),
                SearchOrder::Recent => format!("recent:{rowid}"),
            });
        }
        let hits: Vec<SearchHit> = hits.into_iter().map(|(h, ..)| h).collect();
        Ok(SearchPage {
            groups: group_hits(&hits),
            hits,
            next: last,
            order,
        })
    }

    /// Deletes a comparison and its answers (the search index follows).
    pub fn delete_comparison(&self, id: &str) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        // Slots first, while their comparison still exists: the index's delete trigger needs the
        // comparison's prompt to remove exactly what it indexed.
        tx.execute("DELETE FROM slots WHERE comparison_id = ?1", [id])?;
        let n = tx.execute("DELETE FROM comparisons WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(StoreError::NotFound("comparison", id.to_owned()));
        }
        crate::attachments::drop_unused(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// FTS5's own consistency check of the index against its content (for tests and repairs).
    pub fn check_search_index(&self) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO slots_fts (slots_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn a_filter_nothing_could_pass_is_refused_and_one_bound_alone_is_fine() {
        let f = |min, max, since, until| HistoryFilter {
            min_cost_usd: min,
            max_cost_usd: max,
            since_ms: since,
            until_ms: until,
            ..HistoryFilter::default()
        };
        assert!(f(Some(0.5), Some(0.5), Some(10), Some(10)).check().is_ok());
        assert!(f(Some(0.0), None, None, Some(0)).check().is_ok());
        let said = |h: HistoryFilter| h.check().unwrap_err().to_string();
        assert!(said(f(Some(0.6), Some(0.5), None, None)).contains("above the highest"));
        assert!(said(f(Some(-0.01), None, None, None)).contains("0 or more"));
        assert!(said(f(None, Some(f64::NAN), None, None)).contains("0 or more"));
        assert!(said(f(None, None, Some(11), Some(10))).contains("ends before it starts"));
    }

    fn hit(c: &str, at: i64, idx: u32, snippet: &str) -> SearchHit {
        SearchHit {
            comparison_id: c.into(),
            title: format!("title {c}"),
            created_at_ms: at,
            slot_id: format!("{c}-{idx}"),
            slot_index: idx,
            model: format!("m/{idx}"),
            snippet: snippet.into(),
        }
    }

    #[test]
    fn hits_group_by_comparison_best_first_and_a_repeated_snippet_is_said_once() {
        let hits = [
            hit("a", 10, 2, "why is the «sky» blue"),
            hit("b", 20, 0, "the «sky» at dusk"),
            hit("a", 10, 0, "why is the «sky» blue"),
            hit("a", 10, 1, "a «sky» full of stars"),
        ];
        let g = group_hits(&hits);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].comparison_id.as_str(), g[0].created_at_ms), ("a", 10));
        assert_eq!(g[1].comparison_id, "b");
        let a: Vec<(u32, Option<&str>)> = g[0]
            .answers
            .iter()
            .map(|x| (x.slot_index, x.snippet.as_deref()))
            .collect();
        assert_eq!(
            a,
            [
                (2, Some("why is the «sky» blue")),
                (0, None),
                (1, Some("a «sky» full of stars"))
            ]
        );
    }
}
