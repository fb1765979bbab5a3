use parallax_engine::budget;
use parallax_engine::settings::{
    base_url, base_url_setting, endpoint_key_env, keychain_account, resolve_endpoint,
    validate_base_url, validate_endpoint_name,
};
use parallax_llm::key::{self, ApiKey, KeychainError};
use parallax_llm::ProviderKind;
use parallax_store::CustomEndpoint;
use tauri::State;

use crate::error::{AppCode, AppError};
use crate::ipc::{EndpointView, KeyView, ProviderView, SettingsView};
use crate::AppState;

fn key_view(kind: ProviderKind, endpoint: Option<&str>, store: &parallax_store::Store) -> KeyView {
    let resolved = resolve_endpoint(store, kind, endpoint).ok();
    let env_var = match endpoint {
        Some(name) => Some(endpoint_key_env(name)),
        None => kind.key_env().map(str::to_owned),
    };
    KeyView {
        source: resolved
            .as_ref()
            .map_or(key::KeySource::None, |r| r.key_source),
        masked: resolved.and_then(|r| r.endpoint.api_key.map(|k| k.masked())),
        env_var,
    }
}

fn view(state: &AppState) -> Result<SettingsView, AppError> {
    let engine = state.engine()?;
    let store = engine.store();
    let mut providers = Vec::new();
    for kind in ProviderKind::ALL
        .into_iter()
        .filter(|k| *k != ProviderKind::Compatible)
    {
        let (url, source) = base_url(store, kind)?;
        providers.push(ProviderView {
            kind,
            name: kind.display_name().to_owned(),
            base_url: url,
            base_url_source: source,
            saved_base_url: store.get_setting(&base_url_setting(kind))?,
            default_base_url: kind.default_base_url().unwrap_or_default().to_owned(),
            base_url_env: kind.base_url_env().map(str::to_owned),
            needs_key: kind.needs_key(),
            key: key_view(kind, None, store),
        });
    }
    let endpoints = store
        .list_endpoints()?
        .into_iter()
        .map(|e| EndpointView {
            key: key_view(ProviderKind::Compatible, Some(&e.name), store),
            name: e.name,
            base_url: e.base_url,
            headers: e.headers,
        })
        .collect();
    let (keychain_available, keychain_message) = match key::keychain_get(OPENROUTER_ACCOUNT) {
        Err(KeychainError::Unavailable(reason)) => (false, Some(reason)),
        Err(e) => (true, Some(e.to_string())),
        Ok(_) => (true, None),
    };
    let b = budget::Budget::load(store)?;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let spent_today_usd = store.spend_since(budget::day_start_ms(now_ms))?;
    Ok(SettingsView {
        providers,
        endpoints,
        keychain_available,
        keychain_message,
        cache_ttl_seconds: store
            .get_setting(parallax_engine::CACHE_TTL_SETTING)?
            .and_then(|v| v.parse().ok()),
        budget_per_comparison_usd: b.per_comparison_usd,
        budget_daily_usd: b.daily_usd,
        spent_today_usd,
    })
}

const OPENROUTER_ACCOUNT: &str = "openrouter";

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, AppError> {
    view(&state)
}

/// Saves a built-in provider's base URL in the shared database (`None` or empty: the default).
#[tauri::command]
pub async fn set_base_url(
    state: State<'_, AppState>,
    provider: ProviderKind,
    base_url: Option<String>,
) -> Result<SettingsView, AppError> {
    if provider == ProviderKind::Compatible {
        return Err(AppError::app(
            AppCode::InvalidBaseUrl,
            "Custom endpoints are edited as endpoints.",
        ));
    }
    let value = match base_url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // Ollama's convention allows a bare host:port.
        Some(raw) if provider == ProviderKind::Ollama && !raw.contains("://") => {
            Some(raw.to_owned())
        }
        Some(raw) => {
            Some(validate_base_url(raw).map_err(|m| AppError::app(AppCode::InvalidBaseUrl, m))?)
        }
        None => None,
    };
    state
        .engine()?
        .store()
        .set_setting(&base_url_setting(provider), value.as_deref())?;
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
    let k = ApiKey::new(api_key)
        .ok_or_else(|| AppError::app(AppCode::InvalidApiKey, "The key is empty."))?;
    key::keychain_set(&keychain_account(provider, endpoint.as_deref()), &k)?;
    view(&state)
}

#[tauri::command]
pub async fn delete_api_key(
    state: State<'_, AppState>,
    provider: ProviderKind,
    endpoint: Option<String>,
) -> Result<SettingsView, AppError> {
    key::keychain_delete(&keychain_account(provider, endpoint.as_deref()))?;
    view(&state)
}

/// Adds or replaces a custom OpenAI-compatible endpoint.
#[tauri::command]
pub async fn save_endpoint(
    state: State<'_, AppState>,
    endpoint: CustomEndpoint,
) -> Result<SettingsView, AppError> {
    validate_endpoint_name(&endpoint.name)
        .map_err(|m| AppError::app(AppCode::InvalidEndpoint, m))?;
    let base_url = validate_base_url(&endpoint.base_url)
        .map_err(|m| AppError::app(AppCode::InvalidBaseUrl, m))?;
    let headers = endpoint
        .headers
        .into_iter()
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .collect();
    let engine = state.engine()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    engine.store().upsert_endpoint(
        &CustomEndpoint {
            name: endpoint.name,
            base_url,
            headers,
        },
        now,
    )?;
    view(&state)
}

#[tauri::command]
pub async fn remove_endpoint(
    state: State<'_, AppState>,
    name: String,
) -> Result<SettingsView, AppError> {
    state.engine()?.store().remove_endpoint(&name)?;
    // A keychain that is unavailable simply had no key for it.
    let _ = key::keychain_delete(&keychain_account(ProviderKind::Compatible, Some(&name)));
    view(&state)
}

/// Sets the spending caps (USD; `None` removes a cap). Shared with the CLI.
#[tauri::command]
pub async fn set_budget(
    state: State<'_, AppState>,
    per_comparison_usd: Option<f64>,
    daily_usd: Option<f64>,
) -> Result<SettingsView, AppError> {
    let engine = state.engine()?;
    let store = engine.store();
    for (key, value) in [
        (budget::PER_COMPARISON_SETTING, per_comparison_usd),
        (budget::DAILY_SETTING, daily_usd),
    ] {
        if let Some(v) = value {
            if !v.is_finite() || v < 0.0 {
                return Err(AppError::app(
                    AppCode::InvalidBudget,
                    format!("{v} is not an amount in USD"),
                ));
            }
        }
        store.set_setting(key, value.map(|v| v.to_string()).as_deref())?;
    }
    view(&state)
}

/// Turns the answer cache on (seconds an answer may be served again) or off (`None` or 0).
#[tauri::command]
pub async fn set_cache_ttl(
    state: State<'_, AppState>,
    seconds: Option<u64>,
) -> Result<SettingsView, AppError> {
    let value = seconds.filter(|s| *s > 0).map(|s| s.to_string());
    state
        .engine()?
        .store()
        .set_setting(parallax_engine::CACHE_TTL_SETTING, value.as_deref())?;
    view(&state)
}
