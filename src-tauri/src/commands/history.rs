use parallax_store::{ComparisonRecord, ComparisonSummary, HistoryFilter, SearchPage};
use tauri::State;

use crate::error::AppError;
use crate::AppState;

const PAGE: u32 = 100;

/// Newest first, a page at a time; `before` is the last id of the previous page.
#[tauri::command]
pub async fn list_comparisons(
    state: State<'_, AppState>,
    before: Option<String>,
    filter: Option<HistoryFilter>,
) -> Result<Vec<ComparisonSummary>, AppError> {
    Ok(state.engine()?.store().list_comparisons_where(
        &filter.unwrap_or_default(),
        PAGE,
        before.as_deref(),
    )?)
}

#[tauri::command]
pub async fn get_comparison(
    state: State<'_, AppState>,
    id: String,
) -> Result<ComparisonRecord, AppError> {
    Ok(state.engine()?.store().get_comparison(&id)?)
}

/// Full-text search over prompts and answers, best matches first; `after` is the previous
/// page's `next`.
#[tauri::command]
pub async fn search_history(
    state: State<'_, AppState>,
    query: String,
    filter: Option<HistoryFilter>,
    after: Option<String>,
) -> Result<SearchPage, AppError> {
    Ok(state
        .engine()?
        .store()
        .search(&query, &filter.unwrap_or_default(), 50, after.as_deref())?)
}

#[tauri::command]
pub async fn delete_comparison(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    Ok(state.engine()?.store().delete_comparison(&id)?)
}
