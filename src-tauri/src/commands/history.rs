//! Saved comparisons: pages, search, one comparison, and what a person adds to it.

use parallax_app::curation::{self, TagCount, VoteRequest};
use parallax_app::data::{self, ExportFormat};
use parallax_store::{ComparisonRecord, ComparisonSummary, HistoryFilter, SearchPage, VoteRecord};
use tauri::AppHandle;

use super::{now_ms, store};
use crate::error::AppError;

const PAGE: u32 = 100;
const SEARCH_PAGE: u32 = 50;

pub async fn list_comparisons(
    app: &AppHandle,
    before: Option<String>,
    filter: Option<HistoryFilter>,
) -> Result<Vec<ComparisonSummary>, AppError> {
    Ok(store(app)?.list_comparisons_where(&filter.unwrap_or_default(), PAGE, before.as_deref())?)
}

pub async fn get_comparison(app: &AppHandle, id: String) -> Result<ComparisonRecord, AppError> {
    Ok(store(app)?.get_comparison(&id)?)
}

pub async fn search_history(
    app: &AppHandle,
    query: String,
    filter: Option<HistoryFilter>,
    after: Option<String>,
) -> Result<SearchPage, AppError> {
    Ok(store(app)?.search(
        &query,
        &filter.unwrap_or_default(),
        SEARCH_PAGE,
        after.as_deref(),
    )?)
}

pub async fn delete_comparison(app: &AppHandle, id: String) -> Result<(), AppError> {
    Ok(store(app)?.delete_comparison(&id)?)
}

pub async fn set_title(app: &AppHandle, id: String, title: String) -> Result<String, AppError> {
    Ok(store(app)?.set_title(&id, &title)?)
}

pub async fn set_notes(app: &AppHandle, id: String, notes: String) -> Result<(), AppError> {
    Ok(store(app)?.set_notes(&id, &notes)?)
}

pub async fn set_tags(
    app: &AppHandle,
    id: String,
    tags: Vec<String>,
) -> Result<Vec<String>, AppError> {
    Ok(store(app)?.set_tags(&id, &tags)?)
}

pub async fn list_tags(app: &AppHandle) -> Result<Vec<TagCount>, AppError> {
    curation::tags(&store(app)?)
}

pub async fn vote(
    app: &AppHandle,
    id: String,
    request: VoteRequest,
) -> Result<VoteRecord, AppError> {
    curation::vote(&store(app)?, &id, &request, now_ms())
}

/// The judge runs as a comparison of its own (registered, so it can be stopped like any run);
/// its events stream on `on_event`; the verdict comes back when it has answered.
pub async fn judge_comparison(
    app: &AppHandle,
    id: String,
    judge: parallax_engine::Target,
    rubric: String,
    among: Vec<u32>,
    on_event: tauri::ipc::Channel<Vec<parallax_engine::ComparisonEvent>>,
) -> Result<parallax_app::judge::Judgement, AppError> {
    let engine = tauri::Manager::state::<crate::AppState>(app).engine()?;
    let control = parallax_engine::RunControl::new();
    let sink = super::compare::batched(on_event);
    parallax_app::judge::judge(&engine, &id, judge, &rubric, &among, sink, control).await
}

pub async fn judge_rubrics(_app: &AppHandle) -> Result<Vec<parallax_app::judge::Rubric>, AppError> {
    Ok(parallax_app::judge::rubrics())
}

/// Per column, the name an answer uses for itself that would unmask a blind vote.
pub async fn self_naming(app: &AppHandle, id: String) -> Result<Vec<Option<String>>, AppError> {
    let c = store(app)?.get_comparison(&id)?;
    Ok(c.slots
        .iter()
        .map(|s| parallax_app::judge::self_naming(&s.text, &s.model))
        .collect())
}

/// Only a change matters, so the low 32 bits do (a plain number in TypeScript).
pub async fn others_version(app: &AppHandle) -> Result<u32, AppError> {
    Ok((store(app)?.others_version()? & 0xffff_ffff) as u32)
}

pub async fn delete_vote(app: &AppHandle, vote_id: String) -> Result<(), AppError> {
    Ok(store(app)?.delete_vote(&vote_id)?)
}

pub async fn export_comparison(
    app: &AppHandle,
    id: String,
    format: ExportFormat,
) -> Result<String, AppError> {
    data::export_text(&store(app)?, &id, format)
}
