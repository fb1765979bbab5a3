//! Settings commands: thin adapters over `parallax_app::{settings, providers}`, each returning
//! the fresh [`SettingsView`] so the UI shows exactly what was saved.

use parallax_app::providers;
use parallax_app::settings::{self, SettingChange, SettingsView};
use parallax_engine::SystemClock;
use parallax_llm::{EndpointRef, ProviderKind};
use parallax_store::CustomEndpoint;
use tauri::State;

use crate::error::AppError;
use crate::AppState;

fn view(state: &AppState) -> Result<SettingsView, AppError> {
    settings::settings_view(state.engine()?.store(), &SystemClock)
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, AppError> {
    view(&state)
}

/// Changes shared settings (the text as typed; `None` or blank: the default). All or nothing:
/// a value that cannot be read is refused with `field` naming it, and nothing is saved.
#[tauri::command]
pub async fn set_settings(
    state: State<'_, AppState>,
    changes: Vec<SettingChange>,
) -> Result<SettingsView, AppError> {
    settings::change_settings(state.engine()?.store(), &changes)?;
    view(&state)
}

/// Saves a built-in provider's base URL (`None` or empty: the default).
#[tauri::command]
pub async fn set_base_url(
    state: State<'_, AppState>,
    provider: ProviderKind,
    base_url: Option<String>,
) -> Result<SettingsView, AppError> {
    let change = SettingChange {
        key: parallax_engine::settings::base_url_setting(provider),
        value: base_url,
    };
    settings::change_settings(state.engine()?.store(), &[change])?;
    view(&state)
}

/// Stores a key in the OS keychain. The key never comes back: only its masked form.
#[tauri::command]
pub async fn save_api_key(
    state: State<'_, AppState>,
    provider: ProviderKind,
    endpoint: Option<String>,
    api_key: String,
) -> Result<SettingsView, AppError> {
    providers::save_key(&EndpointRef::of(provider, endpoint.as_deref()), &api_key)?;
    view(&state)
}

#[tauri::command]
pub async fn delete_api_key(
    state: State<'_, AppState>,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<SettingsView, AppError> {
    providers::delete_key(&EndpointRef::of(provider, endpoint.as_deref()))?;
    view(&state)
}

/// Adds or replaces a custom OpenAI-compatible endpoint.
#[tauri::command]
pub async fn save_endpoint(
    state: State<'_, AppState>,
    endpoint: CustomEndpoint,
) -> Result<SettingsView, AppError> {
    let engine = state.engine()?;
    providers::save_endpoint(
        engine.store(),
        endpoint,
        parallax_engine::Clock::unix_ms(&SystemClock),
    )?;
    view(&state)
}

#[tauri::command]
pub async fn remove_endpoint(
    state: State<'_, AppState>,
    name: String,
) -> Result<SettingsView, AppError> {
    providers::remove_endpoint(state.engine()?.store(), &name)?;
    view(&state)
}

/// A value as the UI sends it: the text typed, or (older views) a number.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub enum Typed {
    Text(String),
    Number(f64),
}

fn text(v: Option<Typed>) -> Option<String> {
    v.map(|v| match v {
        Typed::Text(t) => t,
        Typed::Number(n) => n.to_string(),
    })
}

/// Sets the spending caps as typed (blank: no cap). Shared with the CLI's `config set`.
#[tauri::command]
pub async fn set_budget(
    state: State<'_, AppState>,
    per_comparison_usd: Option<Typed>,
    daily_usd: Option<Typed>,
) -> Result<SettingsView, AppError> {
    let changes = [
        SettingChange {
            key: parallax_engine::budget::PER_COMPARISON_SETTING.into(),
            value: text(per_comparison_usd),
        },
        SettingChange {
            key: parallax_engine::budget::DAILY_SETTING.into(),
            value: text(daily_usd),
        },
    ];
    settings::change_settings(state.engine()?.store(), &changes)?;
    view(&state)
}

/// Turns the answer cache on (seconds, as typed) or off (blank or 0).
#[tauri::command]
pub async fn set_cache_ttl(
    state: State<'_, AppState>,
    seconds: Option<Typed>,
) -> Result<SettingsView, AppError> {
    let change = SettingChange {
        key: parallax_engine::CACHE_TTL_SETTING.into(),
        value: text(seconds),
    };
    settings::change_settings(state.engine()?.store(), &[change])?;
    view(&state)
}
