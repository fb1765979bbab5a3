//! Settings: thin adapters over `parallax_app::{settings, providers}`, each returning the fresh
//! [`SettingsView`] so the UI shows exactly what was saved.

use parallax_app::providers;
use parallax_app::settings::{self, SettingChange, SettingsView};
use parallax_engine::SystemClock;
use parallax_llm::ProviderKind;
use parallax_store::CustomEndpoint;
use tauri::AppHandle;

use super::store;
use crate::error::AppError;

fn view(app: &AppHandle) -> Result<SettingsView, AppError> {
    settings::settings_view(&store(app)?, &SystemClock)
}

pub async fn get_settings(app: &AppHandle) -> Result<SettingsView, AppError> {
    view(app)
}

pub async fn set_settings(
    app: &AppHandle,
    changes: Vec<SettingChange>,
) -> Result<SettingsView, AppError> {
    settings::change_settings(&store(app)?, &changes)?;
    tauri::Manager::state::<crate::AppState>(app).apply_settings()?;
    view(app)
}

pub async fn save_api_key(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
    api_key: String,
) -> Result<SettingsView, AppError> {
    let at = providers::checked_endpoint(&store(app)?, provider, endpoint.as_deref())?;
    providers::save_key(&at, &api_key)?;
    view(app)
}

pub async fn delete_api_key(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<SettingsView, AppError> {
    let at = providers::checked_endpoint(&store(app)?, provider, endpoint.as_deref())?;
    providers::delete_key(&at)?;
    view(app)
}

pub async fn test_connection(
    app: &AppHandle,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<providers::ConnectionReport, AppError> {
    let engine = tauri::Manager::state::<crate::AppState>(app).engine()?;
    let at = providers::checked_endpoint(engine.store(), provider, endpoint.as_deref())?;
    providers::test_connection(&engine, &at).await
}

/// Ollama and OpenAI-compatible servers answering on this machine's default ports.
pub async fn detect_local_servers(
    app: &AppHandle,
) -> Result<Vec<parallax_app::catalogs::LocalServer>, AppError> {
    let engine = tauri::Manager::state::<crate::AppState>(app).engine()?;
    parallax_app::catalogs::detect_local_servers(&engine).await
}

pub async fn save_endpoint(
    app: &AppHandle,
    endpoint: CustomEndpoint,
) -> Result<SettingsView, AppError> {
    providers::save_endpoint(&store(app)?, endpoint, super::now_ms())?;
    tauri::Manager::state::<crate::AppState>(app).apply_settings()?;
    view(app)
}

pub async fn remove_endpoint(app: &AppHandle, name: String) -> Result<SettingsView, AppError> {
    providers::remove_endpoint(&store(app)?, &name)?;
    tauri::Manager::state::<crate::AppState>(app).apply_settings()?;
    view(app)
}
