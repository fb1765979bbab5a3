//! Shared settings as both front ends see and change them. Every change goes through the
//! engine's one validation table ([`parallax_engine::settings::setting_specs`]); a batch is
//! checked whole before anything is written, and a refusal names the setting
//! ([`AppError::field`]) so the app shows it next to the field and the CLI next to the key.

use parallax_engine::budget;
use parallax_engine::settings::{
    base_url, base_url_setting, provider_enabled_setting, setting_specs, SettingSource, SettingSpec,
};
use parallax_engine::Clock;
use parallax_llm::{EndpointRef, ProviderKind};
use parallax_store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::providers::{builtin_providers, key_view, keychain_status, KeyView};
use crate::{AppCode, AppError};

/// One setting with the value in force and where it comes from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingRow {
    #[serde(flatten)]
    pub spec: SettingSpec,
    /// The value in force (`None`: the default applies).
    pub value: Option<String>,
    /// The value saved in the shared database, which the environment may override.
    pub saved: Option<String>,
    pub source: SettingSource,
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
    /// Offered in the app's pickers (setting `<provider>.enabled`).
    pub enabled: bool,
    pub key: KeyView,
}

/// One custom OpenAI-compatible endpoint as Settings shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct EndpointView {
    pub name: String,
    pub base_url: String,
    pub headers: Vec<(String, String)>,
    /// The header the key is sent in, the key as its whole value; `None`: `Authorization: Bearer`.
    pub key_header: Option<String>,
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
    /// Every shared setting, in the validation table's order.
    pub settings: Vec<SettingRow>,
    /// The answer cache's lifetime in seconds; `None` when the cache is off.
    #[ts(type = "number | null")]
    pub cache_ttl_seconds: Option<u64>,
    /// Spending caps in USD (`None`: no cap), and what was spent today (UTC).
    pub budget_per_comparison_usd: Option<f64>,
    pub budget_daily_usd: Option<f64>,
    pub spent_today_usd: f64,
}

/// Every setting with its value in force (base URLs resolve through the environment too).
pub fn setting_rows(store: &Store) -> Result<Vec<SettingRow>, AppError> {
    let mut rows = Vec::new();
    for spec in setting_specs(store)? {
        let saved = store.get_setting(&spec.key)?;
        let provider = spec
            .key
            .strip_suffix(".base_url")
            .and_then(ProviderKind::parse);
        let (value, source) = match provider {
            Some(kind) => {
                let (v, s) = base_url(store, kind)?;
                (Some(v), s)
            }
            None => match &saved {
                Some(v) => (Some(v.clone()), SettingSource::Database),
                None => (None, SettingSource::Default),
            },
        };
        rows.push(SettingRow {
            spec,
            value,
            saved,
            source,
        });
    }
    Ok(rows)
}

fn switch_on(store: &Store, key: &str) -> Result<bool, AppError> {
    Ok(store.get_setting(key)?.as_deref() != Some("off"))
}

/// What Settings shows, assembled once for both front ends.
pub fn settings_view(store: &Store, clock: &dyn Clock) -> Result<SettingsView, AppError> {
    let mut providers = Vec::new();
    for kind in builtin_providers() {
        // The demo provider's address is its in-process server's: nothing to show or set, and
        // no reason to start it for a look at Settings.
        let (url, source) = if kind.has_base_url_setting() {
            base_url(store, kind)?
        } else {
            (
                String::new(),
                parallax_engine::settings::SettingSource::Default,
            )
        };
        providers.push(ProviderView {
            kind,
            name: kind.display_name().to_owned(),
            base_url: url,
            base_url_source: source,
            saved_base_url: store.get_setting(&base_url_setting(kind))?,
            default_base_url: kind.default_base_url().unwrap_or_default().to_owned(),
            base_url_env: kind.base_url_env().map(str::to_owned),
            needs_key: kind.needs_key(),
            enabled: switch_on(store, &provider_enabled_setting(kind))?,
            key: key_view(store, &EndpointRef::builtin(kind)),
        });
    }
    let endpoints = store
        .list_endpoints()?
        .into_iter()
        .map(|e| EndpointView {
            key: key_view(store, &EndpointRef::custom(e.name.clone())),
            name: e.name,
            base_url: e.base_url,
            headers: e.headers,
            key_header: e.key_header,
        })
        .collect();
    let (keychain_available, keychain_message) = keychain_status();
    let b = budget::Budget::load(store)?;
    let spent_today_usd = store.spend_since(budget::day_start_ms(clock.unix_ms()))?;
    Ok(SettingsView {
        providers,
        endpoints,
        keychain_available,
        keychain_message,
        settings: setting_rows(store)?,
        cache_ttl_seconds: store
            .get_setting(parallax_engine::CACHE_TTL_SETTING)?
            .and_then(|v| v.parse().ok())
            .filter(|s| *s > 0),
        budget_per_comparison_usd: b.per_comparison_usd,
        budget_daily_usd: b.daily_usd,
        spent_today_usd,
    })
}

/// One change: a setting's key and the text a person typed (`None` or blank: back to the
/// default).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct SettingChange {
    pub key: String,
    #[ts(optional)]
    #[serde(default)]
    pub value: Option<String>,
}

fn find<'a>(specs: &'a [SettingSpec], key: &str) -> Result<&'a SettingSpec, AppError> {
    specs.iter().find(|s| s.key == key).ok_or_else(|| {
        AppError::app(
            AppCode::UnknownSetting,
            format!(
                "{key:?} is not a setting; the settings are: {}",
                specs
                    .iter()
                    .map(|s| s.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .on(key)
    })
}

/// Applies every change, or none: each value is checked first, and the first that cannot be
/// read is refused with a message naming it. Returns the values as stored (`None`: unset).
pub fn change_settings(
    store: &Store,
    changes: &[SettingChange],
) -> Result<Vec<(String, Option<String>)>, AppError> {
    let specs = setting_specs(store)?;
    let mut checked = Vec::with_capacity(changes.len());
    for c in changes {
        let spec = find(&specs, &c.key)?;
        let value = match c.value.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(spec.check(raw).map_err(|m| {
                AppError::app(AppCode::InvalidSetting, format!("{}: {m}", c.key)).on(&c.key)
            })?),
        };
        // A cache lifetime of 0 is "off": stored as unset, so "off" has one spelling.
        let off = spec.key == parallax_engine::CACHE_TTL_SETTING;
        let value = value.filter(|v| !(off && v == "0"));
        checked.push((c.key.clone(), value));
    }
    store.set_settings(&checked)?;
    Ok(checked)
}

/// The value saved under a known setting (`None`: the default applies).
pub fn saved_setting(store: &Store, key: &str) -> Result<Option<String>, AppError> {
    find(&setting_specs(store)?, key)?;
    Ok(store.get_setting(key)?)
}
