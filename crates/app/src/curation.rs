//! What a person adds to a saved comparison: tags, votes (by column, as both front ends show
//! answers), and the rules both apply: removing and adding tags in one step, and the default
//! set a vote is between (the answers that produced something, plus the winner).

use parallax_store::{normalize_tag, NewVote, Store, VoteRecord};
use serde::Deserialize;
use ts_rs::TS;

use crate::{AppCode, AppError};

/// Adds and removes tags (normalized: `"  Code Review "` is `code review`); returns the tags.
pub fn retag(
    store: &Store,
    id: &str,
    add: &[String],
    remove: &[String],
) -> Result<Vec<String>, AppError> {
    let c = store.get_comparison(id)?;
    let remove: Vec<String> = remove.iter().filter_map(|t| normalize_tag(t)).collect();
    let mut tags: Vec<String> = c.tags.into_iter().filter(|t| !remove.contains(t)).collect();
    tags.extend(add.iter().cloned());
    Ok(store.set_tags(id, &tags)?)
}

/// A tag in use and how many comparisons carry it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, TS)]
pub struct TagCount {
    pub tag: String,
    pub count: u32,
}

/// Every tag in use, as the store orders them.
pub fn tags(store: &Store) -> Result<Vec<TagCount>, AppError> {
    Ok(store
        .list_tags()?
        .into_iter()
        .map(|(tag, count)| TagCount { tag, count })
        .collect())
}

/// A person's vote on a comparison, by column index.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct VoteRequest {
    /// The best answer's column; `None` is a tie.
    #[ts(optional)]
    #[serde(default)]
    pub winner: Option<u32>,
    /// The columns compared; empty: every answer that produced something, plus the winner.
    #[ts(as = "Option<Vec<u32>>", optional)]
    #[serde(default)]
    pub among: Vec<u32>,
    /// Whether the answers were shown without model names.
    #[ts(as = "Option<bool>", optional)]
    #[serde(default)]
    pub blind: bool,
}

/// Records a human vote.
pub fn vote(
    store: &Store,
    id: &str,
    request: &VoteRequest,
    at_ms: i64,
) -> Result<VoteRecord, AppError> {
    let c = store.get_comparison(id)?;
    let slot_id = |i: u32| {
        c.slots
            .get(i as usize)
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                AppError::app(
                    AppCode::InvalidInput,
                    format!(
                        "this comparison has columns 0 to {}, not {i}",
                        c.slots.len().saturating_sub(1)
                    ),
                )
            })
    };
    let slot_ids = if request.among.is_empty() {
        c.slots
            .iter()
            .filter(|s| s.status.generated() || Some(s.index) == request.winner)
            .map(|s| s.id.clone())
            .collect()
    } else {
        request
            .among
            .iter()
            .map(|i| slot_id(*i))
            .collect::<Result<Vec<_>, _>>()?
    };
    let vote = NewVote {
        slot_ids,
        winner_slot_id: request.winner.map(slot_id).transpose()?,
        blind: request.blind,
        voter: "human".into(),
    };
    Ok(store.add_vote(id, &vote, at_ms)?)
}
