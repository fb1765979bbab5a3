//! The bodies of the commands in `surface.rs`: each takes the app handle and exactly the IPC
//! arguments the table lists, unpacks the state, calls the application layer or the core, and
//! returns its error as is. No logic a front end would have to repeat lives here.

pub mod app;
pub mod compare;
pub mod data;
pub mod history;
pub mod insights;
pub mod prices;
pub mod saved;
pub mod settings;

use tauri::{AppHandle, Manager};

use crate::error::AppError;
use crate::AppState;

/// The store of the history, or why it could not be opened.
fn store(app: &AppHandle) -> Result<parallax_store::Store, AppError> {
    Ok(app.state::<AppState>().engine()?.store().clone())
}

/// Wall-clock milliseconds for timestamps people read (the engine's clock).
fn now_ms() -> i64 {
    parallax_engine::Clock::unix_ms(&parallax_engine::SystemClock)
}
