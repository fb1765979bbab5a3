//! Model catalogs as fetched: the latest list per source (so prices can be browsed offline) and a
//! price history with one row per change — never one per fetch.
//!
//! Invariants: a refetch with identical prices writes only the snapshot row; the first fetch of
//! a source records every model as `listed` (the baseline), later ones record `added`,
//! `changed` and `removed`; a model that comes back after a removal is `added` again.

use parallax_llm::{CatalogModel, Price};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PriceChangeKind {
    /// Present in the source's first fetch: the baseline, not news.
    Listed,
    Added,
    Changed,
    Removed,
}

impl PriceChangeKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Listed => "listed",
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
    fn parse(s: &str) -> Self {
        match s {
            "listed" => Self::Listed,
            "added" => Self::Added,
            "removed" => Self::Removed,
            _ => Self::Changed,
        }
    }
}

/// What one fetch changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogRefresh {
    pub source: String,
    #[ts(type = "number")]
    pub fetched_at_ms: i64,
    pub models: u32,
    pub added: u32,
    pub changed: u32,
    pub removed: u32,
}

/// One row of a model's price history, with the prices before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PriceChange {
    pub source: String,
    pub model_id: String,
    #[ts(type = "number")]
    pub changed_at_ms: i64,
    pub kind: PriceChangeKind,
    /// USD per million tokens after the change; `None` when unknown, variable or removed.
    pub prompt_price_per_m: Option<f64>,
    pub completion_price_per_m: Option<f64>,
    pub previous_prompt_price_per_m: Option<f64>,
    pub previous_completion_price_per_m: Option<f64>,
}

/// Every price kind of a model, in a fixed order: equal JSON means equal prices.
fn prices_json(m: &CatalogModel) -> String {
    let p: [Price; 7] = [
        m.prompt_price,
        m.completion_price,
        m.reasoning_price,
        m.cache_read_price,
        m.cache_write_price,
        m.request_price,
        m.image_price,
    ];
    serde_json::to_string(&p).expect("plain JSON")
}

impl Store {
    /// Records a fetched catalog of `source` (a provider kind or a custom endpoint's name).
    pub fn record_catalog(
        &self,
        source: &str,
        models: &[CatalogModel],
        at_ms: i64,
    ) -> Result<CatalogRefresh, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let first: bool = tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM catalog_snapshots WHERE source = ?1)",
            [source],
            |r| r.get(0),
        )?;
        let mut out = CatalogRefresh {
            source: source.to_owned(),
            fetched_at_ms: at_ms,
            models: models.len() as u32,
            ..Default::default()
        };
        {
            let mut get = tx.prepare_cached(
                "SELECT prices_json, model_json, removed_at FROM catalog_models WHERE source = ?1 AND model_id = ?2",
            )?;
            let mut history = tx.prepare_cached(
                "INSERT INTO price_history (source, model_id, changed_at, kind, prices_json,
                   prompt_price_per_m, completion_price_per_m) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO catalog_models (source, model_id, model_json, prices_json, first_seen, changed_at, removed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, NULL)
                 ON CONFLICT (source, model_id) DO UPDATE SET model_json = excluded.model_json,
                   prices_json = excluded.prices_json, changed_at = excluded.changed_at, removed_at = NULL",
            )?;
            for m in models {
                let prices = prices_json(m);
                let model_json = serde_json::to_string(m).expect("plain JSON");
                let known: Option<(String, String, Option<i64>)> = get
                    .query_row(params![source, m.id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .optional()?;
                let kind = match &known {
                    None if first => Some(PriceChangeKind::Listed),
                    None => Some(PriceChangeKind::Added),
                    Some((_, _, Some(_))) => Some(PriceChangeKind::Added),
                    Some((old, _, None)) if *old != prices => Some(PriceChangeKind::Changed),
                    Some(_) => None,
                };
                if let Some(kind) = kind {
                    history.execute(params![
                        source,
                        m.id,
                        at_ms,
                        kind.as_str(),
                        prices,
                        m.prompt_price.usd(),
                        m.completion_price.usd()
                    ])?;
                    match kind {
                        PriceChangeKind::Added => out.added += 1,
                        PriceChangeKind::Changed => out.changed += 1,
                        _ => {}
                    }
                }
                // Names and limits change too; rewrite the row only when something did.
                if kind.is_some() || known.as_ref().is_some_and(|k| k.1 != model_json) {
                    upsert.execute(params![source, m.id, model_json, prices, at_ms])?;
                }
            }
        }
        // Whatever was listed before and is not now has been removed.
        let listed: std::collections::HashSet<&str> =
            models.iter().map(|m| m.id.as_str()).collect();
        let gone: Vec<String> = {
            let mut stmt = tx.prepare_cached(
                "SELECT model_id FROM catalog_models WHERE source = ?1 AND removed_at IS NULL",
            )?;
            let ids = stmt
                .query_map([source], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids.into_iter()
                .filter(|id| !listed.contains(id.as_str()))
                .collect()
        };
        for id in &gone {
            tx.execute(
                "UPDATE catalog_models SET removed_at = ?3 WHERE source = ?1 AND model_id = ?2",
                params![source, id, at_ms],
            )?;
            tx.execute(
                "INSERT INTO price_history (source, model_id, changed_at, kind) VALUES (?1, ?2, ?3, 'removed')",
                params![source, id, at_ms],
            )?;
        }
        out.removed = gone.len() as u32;
        tx.execute(
            "INSERT INTO catalog_snapshots (source, fetched_at, model_count) VALUES (?1, ?2, ?3)",
            params![source, at_ms, models.len() as u32],
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// The models `source` listed at its latest fetch, and when that was; `None` if never fetched.
    pub fn saved_catalog(
        &self,
        source: &str,
    ) -> Result<Option<(i64, Vec<CatalogModel>)>, StoreError> {
        let conn = self.read();
        let Some(at) = conn.query_row(
            "SELECT max(fetched_at) FROM catalog_snapshots WHERE source = ?1",
            [source],
            |r| r.get::<_, Option<i64>>(0),
        )?
        else {
            return Ok(None);
        };
        let mut stmt = conn.prepare_cached(
            "SELECT model_json FROM catalog_models WHERE source = ?1 AND removed_at IS NULL ORDER BY model_id",
        )?;
        let models = stmt
            .query_map([source], |r| r.get::<_, String>(0))?
            .filter_map(|j| j.ok().and_then(|j| serde_json::from_str(&j).ok()))
            .collect();
        Ok(Some((at, models)))
    }

    /// One model as the latest fetch of `source` listed it; `None` if unknown or removed.
    pub fn saved_catalog_model(
        &self,
        source: &str,
        model_id: &str,
    ) -> Result<Option<CatalogModel>, StoreError> {
        let json: Option<String> = self
            .read()
            .query_row(
                "SELECT model_json FROM catalog_models
                 WHERE source = ?1 AND model_id = ?2 AND removed_at IS NULL",
                params![source, model_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Like [`Store::saved_catalog_model`], with when that catalog was last fetched (unix ms):
    /// a price read from it is "the list price in the catalog of <that date>".
    pub fn saved_catalog_price(
        &self,
        source: &str,
        model_id: &str,
    ) -> Result<Option<(CatalogModel, i64)>, StoreError> {
        let row: Option<(String, i64)> = self
            .read()
            .query_row(
                "SELECT m.model_json, (SELECT max(fetched_at) FROM catalog_snapshots WHERE source = m.source)
                 FROM catalog_models m
                 WHERE m.source = ?1 AND m.model_id = ?2 AND m.removed_at IS NULL",
                params![source, model_id],
                |r| Ok((r.get(0)?, r.get::<_, Option<i64>>(1)?.unwrap_or(0))),
            )
            .optional()?;
        Ok(row.and_then(|(j, at)| serde_json::from_str(&j).ok().map(|m| (m, at))))
    }

    /// Added, changed and removed models at or after `since_ms`, newest first (baseline rows of a
    /// first fetch are left out). `model` narrows to one model's whole history, baseline included.
    pub fn price_changes(
        &self,
        since_ms: i64,
        model: Option<&str>,
    ) -> Result<Vec<PriceChange>, StoreError> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT * FROM (
               SELECT source, model_id, changed_at, kind, prompt_price_per_m, completion_price_per_m,
                 lag(prompt_price_per_m) OVER w, lag(completion_price_per_m) OVER w, id
               FROM price_history
               WHERE ?2 IS NULL OR model_id = ?2
               WINDOW w AS (PARTITION BY source, model_id ORDER BY changed_at, id))
             WHERE changed_at >= ?1 AND (?2 IS NOT NULL OR kind != 'listed')
             ORDER BY changed_at DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![since_ms, model], |r| {
            Ok(PriceChange {
                source: r.get(0)?,
                model_id: r.get(1)?,
                changed_at_ms: r.get(2)?,
                kind: PriceChangeKind::parse(&r.get::<_, String>(3)?),
                prompt_price_per_m: r.get(4)?,
                completion_price_per_m: r.get(5)?,
                previous_prompt_price_per_m: r.get(6)?,
                previous_completion_price_per_m: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When `source` was last fetched.
    pub fn last_catalog_fetch(&self, source: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .read()
            .query_row(
                "SELECT max(fetched_at) FROM catalog_snapshots WHERE source = ?1",
                [source],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}

impl Store {
    /// Keeps the latest list of providers serving `model_id` in catalog `source`.
    pub fn save_model_endpoints(
        &self,
        source: &str,
        model_id: &str,
        endpoints: &[parallax_llm::openrouter::ProviderEndpoint],
        at_ms: i64,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO model_endpoints (source, model_id, fetched_at, endpoints_json)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source, model_id) DO UPDATE
             SET fetched_at = excluded.fetched_at, endpoints_json = excluded.endpoints_json",
            rusqlite::params![
                source,
                model_id,
                at_ms,
                serde_json::to_string(endpoints).expect("plain JSON")
            ],
        )?;
        Ok(())
    }

    /// The last list of providers saved for `model_id`, with when it was fetched.
    #[allow(clippy::type_complexity)]
    pub fn model_endpoints(
        &self,
        source: &str,
        model_id: &str,
    ) -> Result<Option<(i64, Vec<parallax_llm::openrouter::ProviderEndpoint>)>, StoreError> {
        let row: Option<(i64, String)> = self
            .read()
            .query_row(
                "SELECT fetched_at, endpoints_json FROM model_endpoints
                 WHERE source = ?1 AND model_id = ?2",
                [source, model_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(at, json)| serde_json::from_str(&json).ok().map(|e| (at, e))))
    }
}
