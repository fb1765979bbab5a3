//! What people add to a comparison after it ran: an edited title, notes, tags, and votes.
//!
//! Invariants: tags are stored normalized (trimmed, inner spaces collapsed, lower case, at most
//! [`MAX_TAG_CHARS`]), so filtering by tag never depends on how it was typed. A vote is between
//! two or more distinct answers of one comparison; its winner is one of them, or none for a tie.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{derive_title, Store, StoreError};

pub const MAX_TAG_CHARS: usize = 40;
pub const MAX_TITLE_CHARS: usize = 200;
/// A note is a person's text about a comparison, not a second answer: a long page at most.
pub const MAX_NOTES_CHARS: usize = 100_000;
/// The most tags one comparison carries.
pub const MAX_TAGS: usize = 50;

/// One judgement between answers of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VoteRecord {
    pub id: String,
    /// The answers compared (two for a pair, more for best of N), in slot order.
    pub slot_ids: Vec<String>,
    /// The best answer; `None` is a tie.
    pub winner_slot_id: Option<String>,
    /// Whether the voter saw the answers without model names.
    pub blind: bool,
    /// `human`, or `judge:<model>` for an LLM judge.
    pub voter: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct NewVote {
    pub slot_ids: Vec<String>,
    pub winner_slot_id: Option<String>,
    pub blind: bool,
    pub voter: String,
}

/// A tag as stored: `"  Code   Review "` → `"code review"`. `None` when nothing is left.
pub fn normalize_tag(tag: &str) -> Option<String> {
    let t = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    let t: String = t.to_lowercase().chars().take(MAX_TAG_CHARS).collect();
    let t = t.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

impl Store {
    /// Renames a comparison. An empty title goes back to the one derived from the prompt.
    pub fn set_title(&self, id: &str, title: &str) -> Result<String, StoreError> {
        let conn = self.conn();
        let prompt: String = conn
            .query_row("SELECT prompt FROM comparisons WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound("comparison", id.to_owned()))?;
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let (title, edited) = if title.is_empty() {
            (derive_title(&prompt), false)
        } else if title.chars().count() > MAX_TITLE_CHARS {
            return Err(StoreError::Invalid(format!(
                "a title has at most {MAX_TITLE_CHARS} characters"
            )));
        } else {
            (title, true)
        };
        conn.execute(
            "UPDATE comparisons SET title = ?2, title_edited = ?3 WHERE id = ?1",
            params![id, title, edited],
        )?;
        Ok(title)
    }

    pub fn set_notes(&self, id: &str, notes: &str) -> Result<(), StoreError> {
        if notes.chars().count() > MAX_NOTES_CHARS {
            return Err(StoreError::Invalid(format!(
                "a note has at most {MAX_NOTES_CHARS} characters"
            )));
        }
        let n = self.conn().execute(
            "UPDATE comparisons SET notes = ?2 WHERE id = ?1",
            params![id, notes.trim_end()],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound("comparison", id.to_owned()));
        }
        Ok(())
    }

    /// Replaces a comparison's tags; returns them as stored (normalized, sorted, distinct).
    pub fn set_tags(&self, id: &str, tags: &[String]) -> Result<Vec<String>, StoreError> {
        let mut tags: Vec<String> = tags.iter().filter_map(|t| normalize_tag(t)).collect();
        tags.sort();
        tags.dedup();
        if tags.len() > MAX_TAGS {
            return Err(StoreError::Invalid(format!(
                "a comparison has at most {MAX_TAGS} tags"
            )));
        }
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if !crate::records::comparison_exists(&tx, id)? {
            return Err(StoreError::NotFound("comparison", id.to_owned()));
        }
        tx.execute("DELETE FROM comparison_tags WHERE comparison_id = ?1", [id])?;
        for t in &tags {
            tx.execute(
                "INSERT INTO comparison_tags (comparison_id, tag) VALUES (?1, ?2)",
                params![id, t],
            )?;
        }
        tx.commit()?;
        Ok(tags)
    }

    /// Every tag in use, with how many comparisons carry it, most used first.
    pub fn list_tags(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let conn = self.read();
        let mut stmt = conn.prepare_cached(
            "SELECT tag, count(*) FROM comparison_tags GROUP BY tag ORDER BY count(*) DESC, tag",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a vote between answers of `comparison_id`.
    pub fn add_vote(
        &self,
        comparison_id: &str,
        vote: &NewVote,
        at_ms: i64,
    ) -> Result<VoteRecord, StoreError> {
        let mut ids = vote.slot_ids.clone();
        ids.sort();
        ids.dedup();
        if ids.len() < 2 {
            return Err(StoreError::Invalid(
                "a vote needs at least two different answers".into(),
            ));
        }
        if let Some(w) = &vote.winner_slot_id {
            if !ids.contains(w) {
                return Err(StoreError::Invalid(
                    "the winner must be one of the answers voted on".into(),
                ));
            }
        }
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut ordered = Vec::with_capacity(ids.len());
        {
            let mut stmt =
                tx.prepare_cached("SELECT comparison_id, idx FROM slots WHERE id = ?1")?;
            for id in &ids {
                let (cid, idx): (String, u32) = stmt
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                    .ok_or_else(|| StoreError::NotFound("answer", id.clone()))?;
                if cid != comparison_id {
                    return Err(StoreError::Invalid(format!(
                        "answer {id} belongs to another comparison"
                    )));
                }
                ordered.push((idx, id.clone()));
            }
        }
        ordered.sort();
        let vote_id = ulid::Ulid::new().to_string();
        tx.execute(
            "INSERT INTO votes (id, comparison_id, winner_slot_id, blind, voter, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                vote_id,
                comparison_id,
                vote.winner_slot_id,
                vote.blind,
                vote.voter,
                at_ms
            ],
        )?;
        for (_, id) in &ordered {
            tx.execute(
                "INSERT INTO vote_slots (vote_id, slot_id) VALUES (?1, ?2)",
                params![vote_id, id],
            )?;
        }
        tx.commit()?;
        Ok(VoteRecord {
            id: vote_id,
            slot_ids: ordered.into_iter().map(|(_, id)| id).collect(),
            winner_slot_id: vote.winner_slot_id.clone(),
            blind: vote.blind,
            voter: vote.voter.clone(),
            created_at_ms: at_ms,
        })
    }

    pub fn delete_vote(&self, vote_id: &str) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM votes WHERE id = ?1", [vote_id])?;
        if n == 0 {
            return Err(StoreError::NotFound("vote", vote_id.to_owned()));
        }
        Ok(())
    }

    /// Tags, notes and votes of a comparison, read on `conn` (the caller's connection).
    pub(crate) fn curation_of(
        conn: &rusqlite::Connection,
        id: &str,
    ) -> Result<(Vec<String>, String, Vec<VoteRecord>), StoreError> {
        let notes: String = conn
            .query_row("SELECT notes FROM comparisons WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_default();
        let mut stmt = conn.prepare_cached(
            "SELECT tag FROM comparison_tags WHERE comparison_id = ?1 ORDER BY tag",
        )?;
        let tags = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT v.id, v.winner_slot_id, v.blind, v.voter, v.created_at,
                    (SELECT group_concat(slot_id, ' ') FROM
                        (SELECT vs.slot_id FROM vote_slots vs JOIN slots s ON s.id = vs.slot_id
                         WHERE vs.vote_id = v.id ORDER BY s.idx))
             FROM votes v WHERE v.comparison_id = ?1 ORDER BY v.created_at, v.id",
        )?;
        let votes = stmt
            .query_map([id], |r| {
                let slots: Option<String> = r.get(5)?;
                Ok(VoteRecord {
                    id: r.get(0)?,
                    winner_slot_id: r.get(1)?,
                    blind: r.get(2)?,
                    voter: r.get(3)?,
                    created_at_ms: r.get(4)?,
                    slot_ids: slots
                        .map(|s| s.split(' ').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((tags, notes, votes))
    }
}
