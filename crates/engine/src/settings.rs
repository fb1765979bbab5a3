//! Settings both front ends resolve the same way: environment first, then the shared database,
//! then the default. The source is reported so Settings can say which one is in force.
//!
//! Keys: the provider's environment variable, else the OS keychain (account = the provider's
//! name, or `endpoint:<name>` for a custom endpoint, whose environment variable is
//! `PARALLAX_ENDPOINT_<NAME>_API_KEY`).

use parallax_llm::key::{self, ApiKey, KeySource};
use parallax_llm::provider::normalize_base_url;
use parallax_llm::{Endpoint, ErrorCode, LlmError, ProviderKind};
use parallax_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Target;

pub const OPENROUTER_BASE_URL_ENV: &str = "OPENROUTER_BASE_URL";
pub const OPENROUTER_API_KEY_ENV: &str = "OPENROUTER_API_KEY";
pub const OPENROUTER_BASE_URL_SETTING: &str = "openrouter.base_url";
/// Account name of the OpenRouter key in the OS keychain.
pub const OPENROUTER_KEYCHAIN_ACCOUNT: &str = "openrouter";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    Environment,
    Database,
    Default,
}

#[derive(Debug, Clone)]
pub struct ResolvedEndpoint {
    pub endpoint: Endpoint,
    pub base_url_source: SettingSource,
    pub key_source: KeySource,
}

/// Checks a base URL a person typed: absolute http(s), no query. Returns it without a trailing `/`.
pub fn validate_base_url(raw: &str) -> Result<String, String> {
    let url = raw.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("{url:?} must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("{url:?} has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!(
            "{url:?} must not contain spaces, a query or a fragment"
        ));
    }
    Ok(url.to_owned())
}

/// The database key holding a built-in provider's base URL.
pub fn base_url_setting(kind: ProviderKind) -> String {
    format!("{}.base_url", kind.as_str())
}

/// Base URL of a built-in provider (not `compatible`): environment, database, default.
pub fn base_url(store: &Store, kind: ProviderKind) -> Result<(String, SettingSource), StoreError> {
    if let Some(v) = kind
        .base_url_env()
        .and_then(|e| std::env::var(e).ok())
        .filter(|v| !v.trim().is_empty())
    {
        return Ok((normalize_base_url(kind, &v), SettingSource::Environment));
    }
    if let Some(v) = store.get_setting(&base_url_setting(kind))? {
        return Ok((normalize_base_url(kind, &v), SettingSource::Database));
    }
    Ok((
        kind.default_base_url().unwrap_or_default().to_owned(),
        SettingSource::Default,
    ))
}

pub fn openrouter_base_url(store: &Store) -> Result<(String, SettingSource), StoreError> {
    base_url(store, ProviderKind::OpenRouter)
}

/// Keychain account for a provider or a custom endpoint.
pub fn keychain_account(kind: ProviderKind, endpoint: Option<&str>) -> String {
    match (kind, endpoint) {
        (ProviderKind::Compatible, Some(name)) => format!("endpoint:{name}"),
        (kind, _) => kind.as_str().to_owned(),
    }
}

/// Environment variable for a custom endpoint's key: `PARALLAX_ENDPOINT_LM_STUDIO_API_KEY`.
pub fn endpoint_key_env(name: &str) -> String {
    let upper: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("PARALLAX_ENDPOINT_{upper}_API_KEY")
}

fn resolve_key(kind: ProviderKind, endpoint: Option<&str>) -> (Option<ApiKey>, KeySource) {
    let env = match (kind, endpoint) {
        (ProviderKind::Compatible, Some(name)) => Some(endpoint_key_env(name)),
        (kind, _) => kind.key_env().map(str::to_owned),
    };
    let account = keychain_account(kind, endpoint);
    match env {
        Some(env) => key::resolve(&env, &account),
        // Ollama: keyless by design; a keychain entry still wins if someone put one behind a proxy.
        None => match key::keychain_get(&account) {
            Ok(Some(k)) => (Some(k), KeySource::Keychain),
            _ => (None, KeySource::None),
        },
    }
}

/// Where a target's requests go, with its key. Errors are per target (they fail one slot).
pub fn resolve_endpoint(
    store: &Store,
    kind: ProviderKind,
    endpoint: Option<&str>,
) -> Result<ResolvedEndpoint, LlmError> {
    let store_err = |e: StoreError| {
        LlmError::new(
            ErrorCode::BadRequest,
            format!("Could not read settings: {e}"),
        )
    };
    let (api_key, key_source) = resolve_key(kind, endpoint);
    if kind == ProviderKind::Compatible {
        let name = endpoint.ok_or_else(|| {
            LlmError::new(
                ErrorCode::BadRequest,
                "An OpenAI-compatible target needs the name of a custom endpoint.",
            )
        })?;
        let e = store.get_endpoint(name).map_err(store_err)?.ok_or_else(|| {
            LlmError::new(
                ErrorCode::BadRequest,
                format!("There is no custom endpoint named {name:?}; add it in Settings or with `parallax endpoints add`."),
            )
        })?;
        let mut ep = Endpoint::new(kind, e.base_url, api_key).with_name(name.to_owned());
        ep.extra_headers = e.headers;
        return Ok(ResolvedEndpoint {
            endpoint: ep,
            base_url_source: SettingSource::Database,
            key_source,
        });
    }
    let (url, base_url_source) = base_url(store, kind).map_err(store_err)?;
    Ok(ResolvedEndpoint {
        endpoint: Endpoint::new(kind, url, api_key),
        base_url_source,
        key_source,
    })
}

/// The OpenRouter endpoint as configured right now.
pub fn openrouter_endpoint(store: &Store) -> Result<ResolvedEndpoint, StoreError> {
    let (url, base_url_source) = openrouter_base_url(store)?;
    let (api_key, key_source) = resolve_key(ProviderKind::OpenRouter, None);
    Ok(ResolvedEndpoint {
        endpoint: Endpoint::new(ProviderKind::OpenRouter, url, api_key),
        base_url_source,
        key_source,
    })
}

/// A missing key is only certain to fail against the provider's own service; a changed base URL
/// may be a gateway or a local mock that needs none, so the request is sent and the server decides.
pub fn check_key(resolved: &ResolvedEndpoint) -> Result<(), LlmError> {
    let e = &resolved.endpoint;
    let on_default = e.kind.default_base_url() == Some(e.base_url.as_str());
    if e.kind.needs_key() && e.api_key.is_none() && on_default {
        let env = e.kind.key_env().unwrap_or("the key variable");
        return Err(LlmError::new(
            ErrorCode::Unauthorized,
            format!(
                "No {} API key: set {env} or save a key in Settings.",
                e.name
            ),
        ));
    }
    Ok(())
}

/// Where a target's requests go, resolved against the store (and the environment and keychain);
/// `Engine::execute` asks once per provider and custom endpoint.
pub fn endpoint_for(store: &Store, target: &Target) -> Result<Endpoint, LlmError> {
    let resolved = resolve_endpoint(store, target.provider, target.endpoint.as_deref())?;
    check_key(&resolved)?;
    Ok(resolved.endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            validate_base_url(" http://127.0.0.1:9/api/v1/ ").unwrap(),
            "http://127.0.0.1:9/api/v1"
        );
        assert!(validate_base_url("openrouter.ai/api/v1")
            .unwrap_err()
            .contains("http://"));
        assert!(validate_base_url("https://").is_err());
        assert!(validate_base_url("https://x.y/v1?key=1").is_err());
    }

    #[test]
    fn custom_endpoint_key_variables_are_shell_safe() {
        assert_eq!(
            endpoint_key_env("lm-studio"),
            "PARALLAX_ENDPOINT_LM_STUDIO_API_KEY"
        );
    }

    #[test]
    fn unknown_custom_endpoint_is_a_clear_per_target_error() {
        let store = Store::open_in_memory().unwrap();
        let err = resolve_endpoint(&store, ProviderKind::Compatible, Some("nope")).unwrap_err();
        assert!(
            err.message.contains("no custom endpoint named \"nope\""),
            "{}",
            err.message
        );
        store
            .upsert_endpoint(
                &parallax_store::CustomEndpoint {
                    name: "lab".into(),
                    base_url: "http://10.0.0.2:8000/v1".into(),
                    headers: vec![("X-Team".into(), "ml".into())],
                },
                0,
            )
            .unwrap();
        let ok = resolve_endpoint(&store, ProviderKind::Compatible, Some("lab")).unwrap();
        assert_eq!(ok.endpoint.name, "lab");
        assert_eq!(
            ok.endpoint.url("chat/completions"),
            "http://10.0.0.2:8000/v1/chat/completions"
        );
        assert_eq!(
            ok.endpoint.extra_headers,
            vec![("X-Team".to_string(), "ml".to_string())]
        );
    }
}

/// A custom endpoint's name is typed in model specs (`name:model`), so it must be short, plain
/// and not a built-in provider's name.
pub fn validate_endpoint_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if name.is_empty() || name.len() > 32 || !ok_chars {
        return Err(format!(
            "{name:?} is not a valid endpoint name: use 1–32 lowercase letters, digits, '-' or '_'"
        ));
    }
    if ProviderKind::parse(name).is_some() {
        return Err(format!(
            "{name:?} is a built-in provider's name; choose another"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod endpoint_name_tests {
    use super::validate_endpoint_name;

    #[test]
    fn endpoint_names_are_plain_and_not_providers() {
        assert!(validate_endpoint_name("lm-studio").is_ok());
        assert!(validate_endpoint_name("LM Studio").is_err());
        assert!(validate_endpoint_name("").is_err());
        assert!(validate_endpoint_name("anthropic")
            .unwrap_err()
            .contains("built-in"));
        assert!(
            validate_endpoint_name("a/b").is_err(),
            "a slash would read as an OpenRouter id"
        );
    }
}

/// Shared setting holding the limit on requests in flight at once, over all providers.
pub const GLOBAL_CONCURRENCY_SETTING: &str = "concurrency.global";
/// Prefix of per-provider limits: `concurrency.ollama`, `concurrency.compatible:lab`.
pub const PROVIDER_CONCURRENCY_PREFIX: &str = "concurrency.";

/// What a shared setting is, for `parallax config` and the app: its key, what it means, and how
/// a value is checked before it is saved.
pub struct SettingSpec {
    pub key: String,
    pub about: &'static str,
    check: fn(&str) -> Result<String, String>,
}

impl SettingSpec {
    /// The value as it will be stored, or why it cannot be.
    pub fn check(&self, value: &str) -> Result<String, String> {
        (self.check)(value)
    }
}

fn check_usd(v: &str) -> Result<String, String> {
    match v.trim().trim_start_matches('$').parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x.to_string()),
        _ => Err(format!("{v:?} is not an amount in USD (e.g. 0.50)")),
    }
}

fn check_seconds(v: &str) -> Result<String, String> {
    match v.trim().parse::<u64>() {
        Ok(x) if x <= 30 * 86_400 => Ok(x.to_string()),
        _ => Err(format!(
            "{v:?} is not a number of seconds from 0 to 2592000 (30 days)"
        )),
    }
}

fn check_concurrency(v: &str) -> Result<String, String> {
    match v.trim().parse::<usize>() {
        Ok(x) if (1..=crate::MAX_SLOTS).contains(&x) => Ok(x.to_string()),
        _ => Err(format!(
            "{v:?} is not a whole number from 1 to {}",
            crate::MAX_SLOTS
        )),
    }
}

/// Every shared setting a person may set, with custom endpoints' concurrency limits.
pub fn setting_specs(store: &Store) -> Result<Vec<SettingSpec>, StoreError> {
    let mut specs = Vec::new();
    for kind in ProviderKind::ALL {
        if kind == ProviderKind::Compatible {
            continue;
        }
        specs.push(SettingSpec {
            key: base_url_setting(kind),
            about: "API base URL (the environment variable wins when set)",
            check: validate_base_url,
        });
    }
    specs.push(SettingSpec {
        key: crate::budget::PER_COMPARISON_SETTING.into(),
        about: "refuse or stop a comparison past this many USD",
        check: check_usd,
    });
    specs.push(SettingSpec {
        key: crate::budget::DAILY_SETTING.into(),
        about: "refuse or stop comparisons once a UTC day's spend passes this many USD",
        check: check_usd,
    });
    specs.push(SettingSpec {
        key: crate::CACHE_TTL_SETTING.into(),
        about: "serve an identical request answered this many seconds ago from history (0: off)",
        check: check_seconds,
    });
    specs.push(SettingSpec {
        key: GLOBAL_CONCURRENCY_SETTING.into(),
        about: "requests in flight at once, over all providers",
        check: check_concurrency,
    });
    let mut labels: Vec<String> = ProviderKind::ALL
        .iter()
        .filter(|k| **k != ProviderKind::Compatible)
        .map(|k| k.as_str().to_owned())
        .collect();
    labels.extend(
        store
            .list_endpoints()?
            .into_iter()
            .map(|e| format!("compatible:{}", e.name)),
    );
    for label in labels {
        specs.push(SettingSpec {
            key: format!("{PROVIDER_CONCURRENCY_PREFIX}{label}"),
            about: "requests in flight at once to this provider (Ollama: 1 unless set)",
            check: check_concurrency,
        });
    }
    Ok(specs)
}

impl crate::EngineConfig {
    /// Applies the shared concurrency settings, so the CLI and the app obey the same limits.
    pub fn with_settings(mut self, store: &Store) -> Result<Self, StoreError> {
        let read = |key: &str| -> Result<Option<usize>, StoreError> {
            Ok(store
                .get_setting(key)?
                .and_then(|v| check_concurrency(&v).ok())
                .and_then(|v| v.parse().ok()))
        };
        if let Some(n) = read(GLOBAL_CONCURRENCY_SETTING)? {
            self.global_concurrency = n;
        }
        for spec in setting_specs(store)? {
            if let Some(label) = spec.key.strip_prefix(PROVIDER_CONCURRENCY_PREFIX) {
                if label == "global" {
                    continue;
                }
                if let Some(n) = read(&spec.key)? {
                    self.provider_concurrency.insert(label.to_owned(), n);
                }
            }
        }
        Ok(self)
    }
}
