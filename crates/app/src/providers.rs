//! Providers, custom endpoints and their keys. Both front ends name an endpoint the same way
//! (`openrouter`, or a custom endpoint's own name) and see a key only masked.
//!
//! Keys: the endpoint's environment variable wins, else the OS keychain
//! ([`EndpointRef::key_env`], [`EndpointRef::keychain_account`]). Nothing here stores a key
//! anywhere else.

use parallax_engine::settings::{resolve_endpoint, validate_base_url, validate_endpoint_name};
use parallax_llm::key::{self, ApiKey, KeySource, KeychainError};
use parallax_llm::{EndpointRef, ProviderKind};
use parallax_store::{CustomEndpoint, Store};
use serde::Serialize;
use ts_rs::TS;

use crate::{AppCode, AppError};

/// Built-in providers a person configures (everything but `compatible`, which is per endpoint).
pub fn builtin_providers() -> impl Iterator<Item = ProviderKind> {
    ProviderKind::ALL
        .into_iter()
        .filter(|k| *k != ProviderKind::Compatible)
}

/// What a person typed to name an endpoint: a built-in provider, or a saved custom endpoint.
pub fn parse_endpoint(store: &Store, name: &str) -> Result<EndpointRef, AppError> {
    let name = name.trim();
    match ProviderKind::parse(name) {
        Some(k) if k != ProviderKind::Compatible => Ok(EndpointRef::builtin(k)),
        _ if store.get_endpoint(name)?.is_some() => Ok(EndpointRef::custom(name)),
        _ => {
            let known: Vec<&str> = builtin_providers().map(ProviderKind::as_str).collect();
            Err(AppError::app(
                AppCode::UnknownProvider,
                format!(
                    "{name:?} is neither a provider ({}) nor a custom endpoint",
                    known.join(", ")
                ),
            )
            .on("provider"))
        }
    }
}

/// The endpoint a front end names by kind and optional name (as IPC and targets carry it),
/// checked: a custom endpoint must be saved, so a key is never stored for one that does not
/// exist (or under a bare `compatible`).
pub fn checked_endpoint(
    store: &Store,
    kind: ProviderKind,
    name: Option<&str>,
) -> Result<EndpointRef, AppError> {
    match (kind, name) {
        (ProviderKind::Compatible, Some(n)) => parse_endpoint(store, n)
            .ok()
            .filter(|at| at.kind == ProviderKind::Compatible)
            .ok_or_else(|| {
                AppError::app(
                    AppCode::UnknownProvider,
                    format!("there is no custom endpoint named {n:?}"),
                )
                .on("endpoint")
            }),
        (ProviderKind::Compatible, None) => Err(AppError::app(
            AppCode::UnknownProvider,
            "a custom endpoint is named: which one?",
        )
        .on("endpoint")),
        (kind, _) => Ok(EndpointRef::builtin(kind)),
    }
}

/// Where a key comes from, shown masked. Never carries the key itself.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyView {
    pub source: KeySource,
    pub masked: Option<String>,
    /// The environment variable that overrides the keychain, if any.
    pub env_var: Option<String>,
}

/// The key in force for `at`, masked, and where it comes from.
pub fn key_view(store: &Store, at: &EndpointRef) -> KeyView {
    let resolved = resolve_endpoint(store, at.kind, at.name.as_deref()).ok();
    KeyView {
        source: resolved.as_ref().map_or(KeySource::None, |r| r.key_source),
        masked: resolved.and_then(|r| r.endpoint.api_key.map(|k| k.masked())),
        env_var: at.key_env(),
    }
}

/// One row of `parallax keys list` (and its `--json`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyRow {
    pub endpoint: EndpointRef,
    /// As people type it: `openrouter`, `lab`.
    pub name: String,
    pub key: KeyView,
    /// Whether a request can work without a key (Ollama, custom endpoints).
    pub needs_key: bool,
}

/// Every built-in provider and custom endpoint with its key, masked.
pub fn key_rows(store: &Store) -> Result<Vec<KeyRow>, AppError> {
    let mut at: Vec<EndpointRef> = builtin_providers().map(EndpointRef::builtin).collect();
    at.extend(
        store
            .list_endpoints()?
            .into_iter()
            .map(|e| EndpointRef::custom(e.name)),
    );
    Ok(at
        .into_iter()
        .map(|at| KeyRow {
            name: at.display().to_owned(),
            key: key_view(store, &at),
            needs_key: at.kind.needs_key(),
            endpoint: at,
        })
        .collect())
}

/// Checks a key a person pasted: not empty, no spaces inside (something else pasted along).
pub fn check_key(raw: &str) -> Result<ApiKey, AppError> {
    let invalid = |m: &str| AppError::app(AppCode::InvalidApiKey, m).on("api_key");
    let key = ApiKey::new(raw).ok_or_else(|| invalid("The key is empty."))?;
    if key.expose().chars().any(char::is_whitespace) {
        return Err(invalid(
            "A key has no spaces in it; was something else pasted along?",
        ));
    }
    Ok(key)
}

/// Saves a key in the OS keychain; returns it masked. It is never stored anywhere else.
pub fn save_key(at: &EndpointRef, raw: &str) -> Result<String, AppError> {
    if at.kind == ProviderKind::Demo {
        return Err(AppError::app(
            AppCode::InvalidApiKey,
            "The demo models are built in and take no key.",
        )
        .on("api_key"));
    }
    let key = check_key(raw)?;
    key::keychain_set(&at.keychain_account(), &key)?;
    tracing::info!(endpoint = %at.display(), "key saved in the keychain");
    Ok(key.masked())
}

/// Removes a key from the OS keychain (an environment variable is not touched).
pub fn delete_key(at: &EndpointRef) -> Result<(), AppError> {
    key::keychain_delete(&at.keychain_account())?;
    tracing::info!(endpoint = %at.display(), "key removed from the keychain");
    Ok(())
}

/// Whether an OS keychain can be used here, and if not, why (in the platform's words).
pub fn keychain_status() -> (bool, Option<String>) {
    match key::keychain_get(&EndpointRef::builtin(ProviderKind::OpenRouter).keychain_account()) {
        Err(KeychainError::Unavailable(reason)) => (false, Some(reason)),
        Err(e) => (true, Some(e.to_string())),
        Ok(_) => (true, None),
    }
}

/// Adds or replaces a custom OpenAI-compatible endpoint, checked first; returns it as saved.
pub fn save_endpoint(
    store: &Store,
    endpoint: CustomEndpoint,
    now_ms: i64,
) -> Result<CustomEndpoint, AppError> {
    validate_endpoint_name(&endpoint.name)
        .map_err(|m| AppError::app(AppCode::InvalidEndpoint, m).on("name"))?;
    let base_url = validate_base_url(&endpoint.base_url)
        .map_err(|m| AppError::app(AppCode::InvalidBaseUrl, m).on("base_url"))?;
    // Two names that spell the same key variable (`lm-studio`, `lm_studio`) would send one
    // server's key to the other.
    let env = EndpointRef::custom(endpoint.name.clone()).key_env();
    if let Some(other) = store
        .list_endpoints()?
        .into_iter()
        .find(|e| e.name != endpoint.name && EndpointRef::custom(e.name.clone()).key_env() == env)
    {
        return Err(AppError::app(
            AppCode::InvalidEndpoint,
            format!(
                "{:?} and the endpoint {:?} would share the key variable {}; choose another name",
                endpoint.name,
                other.name,
                env.unwrap_or_default()
            ),
        )
        .on("name"));
    }
    let mut headers = Vec::new();
    for (k, v) in endpoint.headers {
        let (k, v) = (k.trim().to_owned(), v.trim().to_owned());
        if k.is_empty() {
            continue;
        }
        if !k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::app(
                AppCode::InvalidEndpoint,
                format!("{k:?} is not a header name: use letters, digits, '-' or '_'"),
            )
            .on("headers"));
        }
        // Headers are saved in plain text (the database, its backups and exports of settings);
        // a key belongs in the keychain, sent as `Authorization: Bearer …` or in the header
        // the endpoint names (`key_header`).
        if parallax_llm::key::is_credential_header(&k) {
            return Err(AppError::app(
                AppCode::InvalidEndpoint,
                format!(
                    "{k:?} carries a credential, and headers are saved in plain text; save the key \
                     in the OS keychain instead (Settings › Providers, or `parallax keys set {}`, \
                     or {}), and it is sent as `Authorization: Bearer …`, or in the header you \
                     name as the endpoint's key header (`--key-header {k}`)",
                    endpoint.name,
                    env.as_deref().unwrap_or("its environment variable")
                ),
            )
            .on("headers"));
        }
        headers.push((k, v));
    }
    let key_header = match endpoint.key_header.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(h) => Some(
            validate_key_header(h)
                .map_err(|m| AppError::app(AppCode::InvalidEndpoint, m).on("key_header"))?,
        ),
    };
    if let Some(h) = &key_header {
        if headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(h)) {
            return Err(AppError::app(
                AppCode::InvalidEndpoint,
                format!("{h:?} is both the key's header and an extra header; keep one"),
            )
            .on("key_header"));
        }
    }
    let saved = CustomEndpoint {
        name: endpoint.name,
        base_url,
        headers,
        key_header,
    };
    store.upsert_endpoint(&saved, now_ms)?;
    Ok(saved)
}

/// Headers a key cannot be sent in: HTTP's own, which the request sets itself.
const NOT_KEY_HEADERS: &[&str] = &[
    "host",
    "content-type",
    "content-length",
    "accept",
    "accept-encoding",
    "connection",
    "transfer-encoding",
    "user-agent",
];

/// A key header's name as given, or why it cannot be one. `Authorization` is allowed: the key
/// is then its whole value (a scheme other than Bearer, written into the key).
pub fn validate_key_header(name: &str) -> Result<String, String> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "{name:?} is not a header name: use letters, digits, '-' or '_' (at most 64)"
        ));
    }
    if NOT_KEY_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(format!("{name:?} is set by every request itself and cannot carry the key; name the header your server reads the key from (e.g. api-key)"));
    }
    Ok(name.to_owned())
}

/// What became of one credential header found saved with a custom endpoint (headers that carry
/// a credential were saved in plain text before `save_endpoint` refused them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCredential {
    pub endpoint: String,
    /// The header's name (never its value).
    pub header: String,
    /// Moved into the keychain as the endpoint's key (or it already held that key): the header
    /// is gone from the database. Otherwise it is kept, still sent, and `left` says why.
    pub moved: bool,
    pub left: Option<String>,
}

/// Moves the credentials older versions saved as custom endpoints' headers out of the database:
/// an `Authorization: Bearer …` header becomes the endpoint's key in the OS keychain, and a
/// header that is a key as it is (`api-key: …`, `x-api-key: …`) becomes the key too, its name
/// the endpoint's `key_header` — sent the same way either way, so nothing changes on the wire —
/// and leaves the database. Nothing is lost: a header stays where moving it would change what is
/// sent (a second credential header, a value that is not one token, or a keychain that already
/// holds a different key) or could lose it (`persistent_keychain` false: a keychain that
/// forgets at exit, or none). Called as the history opens (`open_store`); each
/// header's fate is logged by name, never by value.
pub fn move_saved_credentials(
    store: &Store,
    persistent_keychain: bool,
) -> Result<Vec<SavedCredential>, AppError> {
    let mut report = Vec::new();
    for endpoint in store.list_endpoints()? {
        if !endpoint
            .headers
            .iter()
            .any(|(k, _)| key::is_credential_header(k))
        {
            continue;
        }
        let account = EndpointRef::custom(endpoint.name.clone()).keychain_account();
        let mut kept = Vec::new();
        let mut changed = false;
        // The endpoint's key header once a header has become its key (`None` inside: bearer).
        let mut key_header: Option<Option<String>> = None;
        for (name, value) in &endpoint.headers {
            if !key::is_credential_header(name) {
                kept.push((name.clone(), value.clone()));
                continue;
            }
            let left = |why: &str| SavedCredential {
                endpoint: endpoint.name.clone(),
                header: name.clone(),
                moved: false,
                left: Some(why.to_owned()),
            };
            // How the key would be sent once moved: `Authorization: Bearer` (no key header) or
            // this header with the key as its whole value.
            let (token, header) = match bearer_token(name, value) {
                Some(t) => (Some(t), None),
                None => (plain_key(name, value), Some(name.clone())),
            };
            let already = key_header
                .clone()
                .or_else(|| endpoint.key_header.clone().map(Some));
            let outcome = match token {
                None => left("not a key the keychain can hold as it is (a bearer token, or one token as a header's whole value): this header is still needed as it is"),
                Some(_) if already.as_ref().is_some_and(|h| h.as_deref().map(str::to_ascii_lowercase) != header.as_deref().map(str::to_ascii_lowercase)) => {
                    left("another header already carries this endpoint's key")
                }
                Some(_) if !persistent_keychain => left("no lasting keychain here (none, or PARALLAX_KEYCHAIN=memory)"),
                Some(token) => match key::keychain_get(&account) {
                    Ok(Some(k)) if k.expose() == token => SavedCredential { endpoint: endpoint.name.clone(), header: name.clone(), moved: true, left: None },
                    Ok(Some(_)) => left("the keychain already holds a different key for this endpoint"),
                    Ok(None) => match ApiKey::new(token.to_owned()).map(|k| key::keychain_set(&account, &k)) {
                        Some(Ok(())) => SavedCredential { endpoint: endpoint.name.clone(), header: name.clone(), moved: true, left: None },
                        Some(Err(e)) => left(&e.to_string()),
                        None => left("an empty token"),
                    },
                    Err(e) => left(&e.to_string()),
                },
            };
            if outcome.moved {
                changed = true;
                key_header = Some(header);
                tracing::info!(endpoint = %endpoint.name, header = %name, "a saved credential header moved to the keychain");
            } else {
                kept.push((name.clone(), value.clone()));
                tracing::warn!(endpoint = %endpoint.name, header = %name, why = outcome.left.as_deref().unwrap_or(""), "a credential header stays saved in plain text");
            }
            report.push(outcome);
        }
        if changed {
            // An existing endpoint keeps its creation time (the upsert updates the rest only).
            store.upsert_endpoint(
                &CustomEndpoint {
                    headers: kept,
                    key_header: key_header.flatten().or(endpoint.key_header.clone()),
                    ..endpoint
                },
                0,
            )?;
        }
    }
    Ok(report)
}

/// The key of a header that carries one as its whole value (`api-key`, `x-api-key`): one token,
/// no scheme word. `Authorization` is never such a header (its value names a scheme).
fn plain_key<'a>(name: &str, value: &'a str) -> Option<&'a str> {
    let value = value.trim();
    (!name.trim().eq_ignore_ascii_case("authorization")
        && !value.is_empty()
        && !value.contains(char::is_whitespace))
    .then_some(value)
}

/// The token of an `Authorization: Bearer <token>` header, if that is what it is.
fn bearer_token<'a>(name: &str, value: &'a str) -> Option<&'a str> {
    if !name.trim().eq_ignore_ascii_case("authorization") {
        return None;
    }
    let value = value.trim();
    let (scheme, token) = value.split_once(char::is_whitespace)?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer")
        && !token.is_empty()
        && !token.contains(char::is_whitespace))
    .then_some(token)
}

/// Removes a custom endpoint, its keychain key and its concurrency limit.
pub fn remove_endpoint(store: &Store, name: &str) -> Result<(), AppError> {
    if !store.remove_endpoint(name)? {
        return Err(AppError::app(
            AppCode::NotFound,
            format!("no custom endpoint named {name:?}"),
        ));
    }
    let at = EndpointRef::custom(name);
    store.set_setting(
        &format!(
            "{}{}",
            parallax_engine::settings::PROVIDER_CONCURRENCY_PREFIX,
            at.label()
        ),
        None,
    )?;
    // A keychain that is unavailable simply had no key for it.
    let _ = key::keychain_delete(&at.keychain_account());
    Ok(())
}

/// What Settings shows after "Test connection": where it went, how fast it answered, how many
/// models it lists, and the key's limit and credit where the provider tells.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionReport {
    pub endpoint: EndpointRef,
    pub base_url: String,
    pub key_source: KeySource,
    #[serde(flatten)]
    pub test: parallax_engine::ConnectionTest,
}

/// Tests an endpoint as configured now. A refused key or an unreachable server is the
/// provider's error (its stable code), said once, for this endpoint.
pub async fn test_connection(
    engine: &parallax_engine::Engine,
    at: &EndpointRef,
) -> Result<ConnectionReport, AppError> {
    let resolved = resolve_endpoint(engine.store(), at.kind, at.name.as_deref())?;
    parallax_engine::settings::check_key(&resolved)?;
    let test = engine.test_connection(&resolved.endpoint).await?;
    Ok(ConnectionReport {
        endpoint: at.clone(),
        base_url: resolved.endpoint.base_url.clone(),
        key_source: resolved.key_source,
        test,
    })
}
