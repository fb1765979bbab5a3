//! IPC types that exist only at the shell. Domain types and views come from the core crates and
//! the application layer; all of them are exported to TypeScript by `tests/bindings.rs`.

use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Set when the history database could not be opened; the UI shows it and stays usable.
    pub database_error: Option<AppError>,
}
