//! The history as a whole (Settings → Data): size, backup, export, import, clear. Paths come
//! from the person (a file dialog in the UI).

use std::path::PathBuf;

use parallax_app::data::{self, DataInfo};
use tauri::AppHandle;

use super::store;
use crate::error::AppError;

pub async fn data_info(app: &AppHandle) -> Result<DataInfo, AppError> {
    data::data_info(&store(app)?)
}

pub async fn backup_database(app: &AppHandle, path: String) -> Result<(), AppError> {
    data::backup(&store(app)?, &PathBuf::from(path))
}

pub async fn export_history(app: &AppHandle, path: String) -> Result<u32, AppError> {
    let store = store(app)?;
    tauri::async_runtime::spawn_blocking(move || data::export_all(&store, &PathBuf::from(path)))
        .await
        .unwrap_or_else(|e| panic!("the export task failed: {e}"))
}

pub async fn import_history(app: &AppHandle, path: String) -> Result<u32, AppError> {
    let store = store(app)?;
    tauri::async_runtime::spawn_blocking(move || data::import_file(&store, &PathBuf::from(path)))
        .await
        .unwrap_or_else(|e| panic!("the import task failed: {e}"))
}

pub async fn clear_history(app: &AppHandle) -> Result<u32, AppError> {
    data::clear_history(&store(app)?)
}
