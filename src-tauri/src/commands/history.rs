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
