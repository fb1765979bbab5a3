//! The history as a whole (Settings → Data): size, backup, export, import, clear. Paths come
//! from the person (a file dialog or a typed path in the UI), or default to dated files beside
//! the database.

use std::path::PathBuf;

use parallax_app::data::{self, DataInfo, ExportFormat, ExportSummary};
use tauri::AppHandle;

use super::{now_ms, store};
use crate::error::AppError;

pub async fn data_info(app: &AppHandle) -> Result<DataInfo, AppError> {
    data::data_info(&store(app)?)
}

pub async fn backup_database(app: &AppHandle, path: Option<String>) -> Result<String, AppError> {
    let store = store(app)?;
    let path =
        chosen(path)?.unwrap_or_else(|| data::default_path(&store, "backups", "db", now_ms()));
    data::backup(&store, &path)?;
    Ok(path.display().to_string())
}

pub async fn export_history(
    app: &AppHandle,
    path: Option<String>,
    ids: Option<Vec<String>>,
) -> Result<ExportSummary, AppError> {
    let store = store(app)?;
    let path =
        chosen(path)?.unwrap_or_else(|| data::default_path(&store, "exports", "jsonl", now_ms()));
    let n = {
        let (store, path) = (store.clone(), path.clone());
        tauri::async_runtime::spawn_blocking(move || match ids {
            Some(ids) => data::export_selected(&store, &ids, &path),
            None => data::export_all(&store, &path),
        })
        .await
        .unwrap_or_else(|e| panic!("the export task failed: {e}"))?
    };
    Ok(ExportSummary {
        path: path.display().to_string(),
        comparisons: n,
    })
}

pub async fn save_comparison_export(
    app: &AppHandle,
    id: String,
    format: ExportFormat,
    path: Option<String>,
) -> Result<String, AppError> {
    let store = store(app)?;
    let ext = match format {
        ExportFormat::Markdown => "md",
        ExportFormat::Json => "json",
        ExportFormat::Csv => "csv",
    };
    let path =
        chosen(path)?.unwrap_or_else(|| data::default_path(&store, "exports", ext, now_ms()));
    data::save_export(&store, &id, format, &path)?;
    Ok(path.display().to_string())
}

pub async fn save_table(
    app: &AppHandle,
    rows: Vec<Vec<String>>,
    path: Option<String>,
) -> Result<String, AppError> {
    let store = store(app)?;
    let path =
        chosen(path)?.unwrap_or_else(|| data::default_path(&store, "exports", "csv", now_ms()));
    data::save_table(&rows, &path)?;
    Ok(path.display().to_string())
}

pub async fn save_answer(
    _app: &AppHandle,
    model: String,
    text: String,
    path: String,
) -> Result<String, AppError> {
    let path = data::chosen_path(&path)?;
    data::save_answer(&model, &text, &path)?;
    Ok(path.display().to_string())
}

pub async fn import_history(app: &AppHandle, path: String) -> Result<u32, AppError> {
    let store = store(app)?;
    let path = data::chosen_path(&path)?;
    tauri::async_runtime::spawn_blocking(move || data::import_file(&store, &path))
        .await
        .unwrap_or_else(|e| panic!("the import task failed: {e}"))
}

/// Refused while a comparison runs: its answers would be deleted under it.
pub async fn clear_history(app: &AppHandle) -> Result<u32, AppError> {
    if tauri::Manager::state::<crate::AppState>(app).any_running() {
        return Err(AppError::app(
            parallax_app::AppCode::InvalidInput,
            "A comparison is still running: stop it or let it finish, then clear the history.",
        ));
    }
    data::clear_history(&store(app)?, now_ms())
}

/// A path the person gave, if any (blank is none), checked ([`data::chosen_path`]).
fn chosen(path: Option<String>) -> Result<Option<PathBuf>, AppError> {
    path.filter(|p| !p.trim().is_empty())
        .map(|p| data::chosen_path(&p))
        .transpose()
}
