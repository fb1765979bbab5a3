//! IPC types that exist only at the shell (views assembled for the UI). Domain types come from
//! the core crates; all of them are exported to TypeScript by `tests/bindings.rs`.

use parallax_engine::settings::SettingSource;
use parallax_llm::key::KeySource;
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

/// What Settings shows. Never carries a key, only its masked form.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsView {
    /// The base URL in force (environment, saved setting or default).
    pub base_url: String,
    /// The value saved in the shared database, which the environment may override.
    pub saved_base_url: Option<String>,
    pub base_url_source: SettingSource,
    pub default_base_url: String,
    pub key_source: KeySource,
    pub key_masked: Option<String>,
    /// Whether an OS keychain could be reached. When not, keys come from the environment only.
    pub keychain_available: bool,
    /// Why the keychain could not be used, in the platform's words.
    pub keychain_message: Option<String>,
}
