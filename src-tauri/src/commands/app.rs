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
