//! Full-text search over prompts and answers (FTS5, see migration 0009), ranked by BM25, each hit
//! pointing to the exact slot with a snippet where the matched words are marked `«…»`.

use rusqlite::params;
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

impl Store {
    /// Best matches first; `offset` pages through them.
    pub fn search(
        &self,
        text: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.title, c.created_at, s.id, s.idx, s.model,
                    snippet(slots_fts, -1, '«', '»', '…', 16)
             FROM slots_fts
             JOIN slots s ON s.rowid = slots_fts.rowid
             JOIN comparisons c ON c.id = s.comparison_id
             WHERE slots_fts MATCH ?1
             ORDER BY bm25(slots_fts), c.created_at DESC
             LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![query, limit, offset], |r| {
            Ok(SearchHit {
                comparison_id: r.get(0)?,
                title: r.get(1)?,
                created_at_ms: r.get(2)?,
                slot_id: r.get(3)?,
                slot_index: r.get(4)?,
                model: r.get(5)?,
                snippet: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
            return Err(StoreError::NotFound(id.to_owned()));
        }
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
