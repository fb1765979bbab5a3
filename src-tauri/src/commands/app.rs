use tauri::State;

use crate::ipc::AppInfo;
use crate::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.clone(),
        database_error: state.startup_error(),
    }
}

/// Moves an unreadable history database aside (renamed beside it, never deleted) and starts a
/// fresh one. Refused for a database that opens, or one a newer Parallax wrote.
#[tauri::command]
pub fn move_database_aside(state: State<'_, AppState>) -> Result<String, crate::error::AppError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Ok(state.move_database_aside(now)?.display().to_string())
}
