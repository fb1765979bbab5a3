//! IPC types that exist only at the shell (views assembled for the UI). Domain types come from
//! the core crates; all of them are exported to TypeScript by `tests/bindings.rs`.

use parallax_engine::settings::SettingSource;
use parallax_llm::key::KeySource;
use parallax_llm::ProviderKind;
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

/// Where a key comes from, shown masked. Never carries the key itself.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyView {
    pub source: KeySource,
    pub masked: Option<String>,
    /// The environment variable that overrides the keychain, if any.
    pub env_var: Option<String>,
}

/// One built-in provider as Settings shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProviderView {
    pub kind: ProviderKind,
    pub name: String,
    /// The base URL in force (environment, saved setting or default).
    pub base_url: String,
    pub base_url_source: SettingSource,
    /// The value saved in the shared database, which the environment may override.
    pub saved_base_url: Option<String>,
    pub default_base_url: String,
    pub base_url_env: Option<String>,
    pub needs_key: bool,
    pub key: KeyView,
}

/// One custom OpenAI-compatible endpoint as Settings shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EndpointView {
    pub name: String,
    pub base_url: String,
    pub headers: Vec<(String, String)>,
    pub key: KeyView,
}

/// What Settings shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsView {
    pub providers: Vec<ProviderView>,
    pub endpoints: Vec<EndpointView>,
    /// Whether an OS keychain could be reached. When not, keys come from the environment only.
    pub keychain_available: bool,
    /// Why the keychain could not be used, in the platform's words.
    pub keychain_message: Option<String>,
    /// The answer cache's lifetime in seconds; `None` when the cache is off.
    #[ts(type = "number | null")]
    pub cache_ttl_seconds: Option<u64>,
    /// Spending caps in USD (`None`: no cap), and what was spent today (UTC).
    pub budget_per_comparison_usd: Option<f64>,
    pub budget_daily_usd: Option<f64>,
    pub spent_today_usd: f64,
}
