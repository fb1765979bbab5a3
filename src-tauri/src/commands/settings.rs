use parallax_engine::settings::{
    openrouter_base_url, validate_base_url, OPENROUTER_API_KEY_ENV, OPENROUTER_BASE_URL_SETTING,
    OPENROUTER_KEYCHAIN_ACCOUNT,
};
use parallax_llm::key::{self, ApiKey, KeychainError};
use parallax_llm::openai_compat::OPENROUTER_DEFAULT_BASE_URL;
use tauri::State;

use crate::error::{AppCode, AppError};
use crate::ipc::SettingsView;
use crate::AppState;

fn view(state: &AppState) -> Result<SettingsView, AppError> {
    let store = state.engine()?.store();
    let (base_url, base_url_source) = openrouter_base_url(store)?;
    let (k, key_source) = key::resolve(OPENROUTER_API_KEY_ENV, OPENROUTER_KEYCHAIN_ACCOUNT);
    let keychain = key::keychain_get(OPENROUTER_KEYCHAIN_ACCOUNT);
    let (keychain_available, keychain_message) = match &keychain {
        Err(KeychainError::Unavailable(reason)) => (false, Some(reason.clone())),
        Err(e) => (true, Some(e.to_string())),
        Ok(_) => (true, None),
    };
    Ok(SettingsView {
        saved_base_url: store.get_setting(OPENROUTER_BASE_URL_SETTING)?,
        base_url,
        base_url_source,
        default_base_url: OPENROUTER_DEFAULT_BASE_URL.to_owned(),
        key_source,
        key_masked: k.map(|k| k.masked()),
        keychain_available,
        keychain_message,
    })
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, AppError> {
    view(&state)
}

/// Saves the base URL in the shared database (`None` or empty: back to the default).
#[tauri::command]
pub async fn set_base_url(
    state: State<'_, AppState>,
    base_url: Option<String>,
) -> Result<SettingsView, AppError> {
    let value = match base_url.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => {
            Some(validate_base_url(raw).map_err(|m| AppError::app(AppCode::InvalidBaseUrl, m))?)
        }
        None => None,
    };
    state
        .engine()?
        .store()
        .set_setting(OPENROUTER_BASE_URL_SETTING, value.as_deref())?;
    view(&state)
}

/// Stores the key in the OS keychain. The key never comes back: only its masked form.
#[tauri::command]
pub async fn save_api_key(
    state: State<'_, AppState>,
    api_key: String,
) -> Result<SettingsView, AppError> {
    let k = ApiKey::new(api_key)
        .ok_or_else(|| AppError::app(AppCode::InvalidApiKey, "The key is empty."))?;
    key::keychain_set(OPENROUTER_KEYCHAIN_ACCOUNT, &k)?;
    view(&state)
}

#[tauri::command]
pub async fn delete_api_key(state: State<'_, AppState>) -> Result<SettingsView, AppError> {
    key::keychain_delete(OPENROUTER_KEYCHAIN_ACCOUNT)?;
    view(&state)
}
