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

/// Base URL of a built-in provider (not `compatible`): environment, database, default. The demo
/// provider's is its in-process server's, started here on first use (empty if it could not
/// start; [`resolve_endpoint`] then says why, in the target's own column).
pub fn base_url(store: &Store, kind: ProviderKind) -> Result<(String, SettingSource), StoreError> {
    if kind == ProviderKind::Demo {
        let url = mock_provider::demo::base_url().unwrap_or("");
        return Ok((url.to_owned(), SettingSource::Default));
    }
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

fn resolve_key(kind: ProviderKind, endpoint: Option<&str>) -> (Option<ApiKey>, KeySource) {
    let at = parallax_llm::EndpointRef::of(kind, endpoint);
    let account = at.keychain_account();
    match at.key_env() {
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
        ep.key_header = e.key_header;
        return Ok(ResolvedEndpoint {
            endpoint: ep,
            base_url_source: SettingSource::Database,
            key_source,
        });
    }
    if kind == ProviderKind::Demo {
        mock_provider::demo::base_url().map_err(|e| LlmError::new(ErrorCode::Network, e))?;
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
                    key_header: None,
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
/// No byte on the wire for this many seconds fails an answer with `timeout`.
pub const STALL_SECONDS_SETTING: &str = "timeouts.stall_seconds";
/// Longest one answer may take in all, in seconds.
pub const DEADLINE_SECONDS_SETTING: &str = "timeouts.answer_seconds";

/// The setting that hides a built-in provider from the app's pickers: `openai.enabled`.
pub fn provider_enabled_setting(kind: ProviderKind) -> String {
    format!("{}.enabled", kind.as_str())
}

/// What kind of value a setting holds: how it is checked, and which input the app shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SettingKind {
    /// An API base URL (Ollama also takes a bare `host:port`, its own convention).
    BaseUrl,
    /// An amount in USD, 0 or more (a leading `$` is fine).
    Usd,
    /// Whole seconds within `min..=max`.
    Seconds,
    /// A whole number of requests within `min..=max`.
    Count,
    /// On or off (`on`/`off`, `true`/`false`, `yes`/`no`, `1`/`0`), stored as `on` or `off`.
    Switch,
}

/// One shared setting a person may change, in `parallax config` and in the app's Settings: the
/// one validation table both front ends go through, so a value one of them accepts the other
/// accepts too.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingSpec {
    pub key: String,
    pub about: &'static str,
    pub kind: SettingKind,
    /// Bounds of a number (inclusive); `None` for URLs and amounts.
    #[ts(type = "number | null")]
    pub min: Option<u64>,
    #[ts(type = "number | null")]
    pub max: Option<u64>,
    /// What applies when nothing is saved, as people read it (`60`, `off`, `no cap`).
    pub default: String,
    /// For a base URL: the provider it belongs to.
    #[serde(skip)]
    provider: Option<ProviderKind>,
}

impl SettingSpec {
    fn new(key: impl Into<String>, about: &'static str, kind: SettingKind, default: &str) -> Self {
        Self {
            key: key.into(),
            about,
            kind,
            min: None,
            max: None,
            default: default.to_owned(),
            provider: None,
        }
    }

    fn bounds(mut self, min: u64, max: u64) -> Self {
        self.min = Some(min);
        self.max = Some(max);
        self
    }

    /// The value as it will be stored, or why it cannot be (a sentence naming the value).
    pub fn check(&self, value: &str) -> Result<String, String> {
        let v = value.trim();
        match self.kind {
            SettingKind::BaseUrl => {
                let kind = self.provider.unwrap_or(ProviderKind::OpenRouter);
                validate_base_url(&normalize_base_url(kind, v))
            }
            SettingKind::Usd => match v.strip_prefix('$').unwrap_or(v).trim().parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(x.to_string()),
                _ => Err(format!("{value:?} is not an amount in USD (e.g. 0.50)")),
            },
            SettingKind::Switch => match v.to_ascii_lowercase().as_str() {
                "on" | "true" | "yes" | "1" => Ok("on".into()),
                "off" | "false" | "no" | "0" => Ok("off".into()),
                _ => Err(format!("{value:?} is neither on nor off")),
            },
            SettingKind::Seconds | SettingKind::Count => {
                let (min, max) = (self.min.unwrap_or(0), self.max.unwrap_or(u64::MAX));
                let what = if self.kind == SettingKind::Seconds {
                    "a number of seconds"
                } else {
                    "a whole number"
                };
                match v.parse::<u64>() {
                    Ok(x) if (min..=max).contains(&x) => Ok(x.to_string()),
                    _ => Err(format!("{value:?} is not {what} from {min} to {max}")),
                }
            }
        }
    }
}

/// The value saved under `spec`, if it still passes the spec's check (a value written by an
/// older version or by hand that does not is ignored, as if unset).
fn saved_number(store: &Store, spec: &SettingSpec) -> Result<Option<u64>, StoreError> {
    Ok(store
        .get_setting(&spec.key)?
        .and_then(|v| spec.check(&v).ok())
        .and_then(|v| v.parse().ok()))
}

fn concurrency_spec(key: String, about: &'static str, default: &str) -> SettingSpec {
    SettingSpec::new(key, about, SettingKind::Count, default).bounds(1, crate::MAX_SLOTS as u64)
}

/// Every shared setting a person may set, custom endpoints' concurrency limits included.
pub fn setting_specs(store: &Store) -> Result<Vec<SettingSpec>, StoreError> {
    let mut specs = Vec::new();
    for kind in ProviderKind::ALL {
        if kind == ProviderKind::Compatible {
            continue;
        }
        if kind.has_base_url_setting() {
            let mut spec = SettingSpec::new(
                base_url_setting(kind),
                "API base URL (the environment variable wins when set)",
                SettingKind::BaseUrl,
                kind.default_base_url().unwrap_or_default(),
            );
            spec.provider = Some(kind);
            specs.push(spec);
        }
        specs.push(SettingSpec::new(
            provider_enabled_setting(kind),
            "offer this provider's models in the app (off: hidden from pickers; the CLI still reaches it)",
            SettingKind::Switch,
            "on",
        ));
    }
    specs.push(SettingSpec::new(
        crate::budget::PER_COMPARISON_SETTING,
        "refuse or stop a comparison past this many USD",
        SettingKind::Usd,
        "no cap",
    ));
    specs.push(SettingSpec::new(
        crate::budget::DAILY_SETTING,
        "refuse or stop comparisons once a UTC day's spend passes this many USD",
        SettingKind::Usd,
        "no cap",
    ));
    specs.push(
        SettingSpec::new(
            crate::CACHE_TTL_SETTING,
            "serve an identical request answered this many seconds ago from history (0: off)",
            SettingKind::Seconds,
            "0",
        )
        .bounds(0, 30 * 86_400),
    );
    let defaults = crate::EngineConfig::default();
    specs.push(
        SettingSpec::new(
            STALL_SECONDS_SETTING,
            "fail an answer when nothing arrives for this many seconds",
            SettingKind::Seconds,
            &defaults.stall_timeout.as_secs().to_string(),
        )
        .bounds(5, 3_600),
    );
    specs.push(
        SettingSpec::new(
            DEADLINE_SECONDS_SETTING,
            "longest one answer may take in all, queueing and retries included",
            SettingKind::Seconds,
            &defaults.slot_deadline.as_secs().to_string(),
        )
        .bounds(10, 86_400),
    );
    specs.push(concurrency_spec(
        GLOBAL_CONCURRENCY_SETTING.into(),
        "requests in flight at once, over all providers",
        &crate::MAX_SLOTS.to_string(),
    ));
    // (label, runs on this machine): a local server computes one answer at a time.
    let mut labels: Vec<(String, bool)> = ProviderKind::ALL
        .iter()
        .filter(|k| **k != ProviderKind::Compatible)
        .map(|k| (k.as_str().to_owned(), *k == ProviderKind::Ollama))
        .collect();
    labels.extend(store.list_endpoints()?.into_iter().map(|e| {
        let local = Endpoint::new(ProviderKind::Compatible, e.base_url, None).is_local();
        (parallax_llm::EndpointRef::custom(e.name).label(), local)
    }));
    for (label, local) in labels {
        specs.push(concurrency_spec(
            format!("{PROVIDER_CONCURRENCY_PREFIX}{label}"),
            "requests in flight at once to this provider (a server on this machine — Ollama, or an endpoint on localhost — runs one model at a time: 1 unless set)",
            if local { "1" } else { "no limit" },
        ));
    }
    Ok(specs)
}

impl crate::EngineConfig {
    /// Applies the shared concurrency and timeout settings, so the CLI and the app obey the
    /// same limits.
    pub fn with_settings(mut self, store: &Store) -> Result<Self, StoreError> {
        for spec in setting_specs(store)? {
            let Some(n) = saved_number(store, &spec)? else {
                continue;
            };
            match spec.key.as_str() {
                GLOBAL_CONCURRENCY_SETTING => self.global_concurrency = n as usize,
                STALL_SECONDS_SETTING => self.stall_timeout = std::time::Duration::from_secs(n),
                DEADLINE_SECONDS_SETTING => self.slot_deadline = std::time::Duration::from_secs(n),
                key => {
                    if let Some(label) = key.strip_prefix(PROVIDER_CONCURRENCY_PREFIX) {
                        self.provider_concurrency
                            .insert(label.to_owned(), n as usize);
                    }
                }
            }
        }
        Ok(self)
    }
}
