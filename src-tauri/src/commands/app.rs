//! The app itself: version and data directory, and recovering from an unreadable history.

use tauri::{AppHandle, Manager};

use crate::error::AppError;
use crate::ipc::AppInfo;
use crate::AppState;

pub async fn app_info(app: &AppHandle) -> Result<AppInfo, AppError> {
    let state = app.state::<AppState>();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.clone(),
        database_error: state.startup_error(),
        read_only: state
            .engine()
            .ok()
            .filter(|e| e.store().is_read_only())
            .map(|e| {
                format!(
                    "The folder of your history ({}) cannot be written: you can read, search and \
                     export it, but new comparisons and changes cannot be saved until it can. \
                     Check the folder's permissions or the disk it is on, then restart Parallax.",
                    e.store()
                        .path()
                        .parent()
                        .map_or_else(String::new, |d| d.display().to_string())
                )
            }),
        rendering: crate::rendering::chosen(),
    })
}

/// Refused for a database that opens, or one a newer Parallax wrote.
pub async fn move_database_aside(app: &AppHandle) -> Result<String, AppError> {
    let state = app.state::<AppState>();
    Ok(state
        .move_database_aside(super::now_ms())?
        .display()
        .to_string())
}

pub async fn recover_database(app: &AppHandle) -> Result<parallax_store::RecoverReport, AppError> {
    app.state::<AppState>().recover_database(super::now_ms())
}

/// With `PARALLAX_REPORT_READY=1` (set by `make bench`), says once on stderr that the UI is
/// interactive, so the bench can time a cold start from outside with its own clock.
pub async fn app_ready(_app: &AppHandle) -> Result<(), AppError> {
    static SAID: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("PARALLAX_REPORT_READY").is_some() {
        SAID.call_once(|| eprintln!("parallax: interactive"));
    }
    Ok(())
}

/// Opens a link from an answer in the system browser (the UI asked the person first); only
/// web addresses (`parallax_app::links::checked_url`).
pub async fn open_url(app: &AppHandle, url: String) -> Result<(), AppError> {
    use tauri_plugin_opener::OpenerExt;
    let url = parallax_app::links::checked_url(&url)?;
    app.opener().open_url(url, None::<&str>).map_err(|e| {
        AppError::app(
            crate::error::AppCode::InvalidInput,
            format!("The browser could not be opened: {e}"),
        )
    })
}
