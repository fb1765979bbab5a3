//! Settings both front ends resolve the same way: environment first, then the shared database,
//! then the default. The source is reported so Settings can say which one is in force.

use parallax_llm::key::{self, KeySource};
use parallax_llm::openai_compat::{Endpoint, OPENROUTER_DEFAULT_BASE_URL};
use parallax_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

pub fn openrouter_base_url(store: &Store) -> Result<(String, SettingSource), StoreError> {
    if let Some(v) = std::env::var(OPENROUTER_BASE_URL_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return Ok((
            v.trim().trim_end_matches('/').to_owned(),
            SettingSource::Environment,
        ));
    }
    if let Some(v) = store.get_setting(OPENROUTER_BASE_URL_SETTING)? {
        return Ok((v, SettingSource::Database));
    }
    Ok((
        OPENROUTER_DEFAULT_BASE_URL.to_owned(),
        SettingSource::Default,
    ))
}

/// The OpenRouter endpoint as configured right now (key from env, else keychain).
pub fn openrouter_endpoint(store: &Store) -> Result<ResolvedEndpoint, StoreError> {
    let (base_url, base_url_source) = openrouter_base_url(store)?;
    let (api_key, key_source) = key::resolve(OPENROUTER_API_KEY_ENV, OPENROUTER_KEYCHAIN_ACCOUNT);
    Ok(ResolvedEndpoint {
        endpoint: Endpoint::openrouter(base_url, api_key),
        base_url_source,
        key_source,
    })
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
}
