//! IPC types that exist only at the shell. Domain types and views come from the core crates and
//! the application layer (re-exported here for the command table); all of them are exported to
//! TypeScript by `tests/bindings.rs`.

use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;

pub use parallax_app::curation::TagCount;
pub use parallax_app::data::{DataInfo, ExportFormat, ExportSummary};
pub use parallax_app::targets::SavedCatalog;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Set when the history database could not be opened; the UI shows it and stays usable.
    pub database_error: Option<AppError>,
}
