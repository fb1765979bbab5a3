//! Providers and endpoints: which wire format a target speaks, where it lives, how it is keyed.
//!
//! Base URLs follow each ecosystem's convention, so a value copied from a provider's docs works:
//! OpenRouter, OpenAI and OpenAI-compatible bases include the API path (`…/api/v1`, `…/v1`);
//! Anthropic and Gemini bases are the bare host (the client appends `/v1/messages`,
//! `/v1beta/models/…`); Ollama's is `OLLAMA_HOST`, scheme optional. Any base may carry a path
//! prefix (a gateway or proxy in front of the provider).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::key::ApiKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    // Spelled as people and `as_str` spell them, not `open_router`.
    #[serde(rename = "openrouter")]
    OpenRouter,
    #[serde(rename = "openai")]
    OpenAi,
    /// Any server that speaks OpenAI's chat completions (LM Studio, llama.cpp, vLLM, Groq…).
    Compatible,
    Anthropic,
    Gemini,
    Ollama,
    /// The built-in demo models: made-up answers and prices, served in-process on a loopback
    /// port in OpenRouter's wire format (no key, no network; `mock_provider::demo`).
    Demo,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 7] = [
        Self::OpenRouter,
        Self::OpenAi,
        Self::Compatible,
        Self::Anthropic,
        Self::Gemini,
        Self::Ollama,
        Self::Demo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenRouter => "openrouter",
            Self::OpenAi => "openai",
            Self::Compatible => "compatible",
            Self::Anthropic => "anthropic",
            Self::Gemini => "gemini",
            Self::Ollama => "ollama",
            Self::Demo => "demo",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Self::OpenRouter => "OpenRouter",
            Self::OpenAi => "OpenAI",
            Self::Compatible => "OpenAI-compatible endpoint",
            Self::Anthropic => "Anthropic",
            Self::Gemini => "Gemini",
            Self::Ollama => "Ollama",
            Self::Demo => "Demo models",
        }
    }

    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            Self::OpenRouter => Some("https://openrouter.ai/api/v1"),
            Self::OpenAi => Some("https://api.openai.com/v1"),
            Self::Anthropic => Some("https://api.anthropic.com"),
            Self::Gemini => Some("https://generativelanguage.googleapis.com"),
            Self::Ollama => Some("http://127.0.0.1:11434"),
            // Where the in-process demo server listens is known only once it runs.
            Self::Compatible | Self::Demo => None,
        }
    }

    /// The environment variable that overrides the base URL.
    pub fn base_url_env(self) -> Option<&'static str> {
        match self {
            Self::OpenRouter => Some("OPENROUTER_BASE_URL"),
            Self::OpenAi => Some("OPENAI_BASE_URL"),
            Self::Anthropic => Some("ANTHROPIC_BASE_URL"),
            Self::Gemini => Some("GEMINI_BASE_URL"),
            Self::Ollama => Some("OLLAMA_HOST"),
            Self::Compatible | Self::Demo => None,
        }
    }

    /// The environment variable holding the key; `None` for keyless providers.
    pub fn key_env(self) -> Option<&'static str> {
        match self {
            Self::OpenRouter => Some("OPENROUTER_API_KEY"),
            Self::OpenAi => Some("OPENAI_API_KEY"),
            Self::Anthropic => Some("ANTHROPIC_API_KEY"),
            Self::Gemini => Some("GEMINI_API_KEY"),
            Self::Ollama | Self::Compatible | Self::Demo => None,
        }
    }

    /// Whether a request without a key can work at all.
    pub fn needs_key(self) -> bool {
        !matches!(self, Self::Ollama | Self::Compatible | Self::Demo)
    }

    /// Whether its requests are written in OpenRouter's dialect of the chat format (the
    /// `reasoning` object): OpenRouter, and the demo provider that speaks its wire format.
    pub fn speaks_openrouter(self) -> bool {
        matches!(self, Self::OpenRouter | Self::Demo)
    }

    /// Whether a person sets its base URL (a custom endpoint has its own; the demo's is the
    /// in-process server's).
    pub fn has_base_url_setting(self) -> bool {
        !matches!(self, Self::Compatible | Self::Demo)
    }
}

/// Which endpoint a target, a key, a catalog or a setting belongs to: a built-in provider, or a
/// named custom OpenAI-compatible endpoint. The one identity type; every spelling of it (the
/// label stored with a slot, the catalog key, the keychain account, the key's environment
/// variable, the name people type) is a method here.
///
/// Invariant: `name` is `Some` exactly when `kind` is [`ProviderKind::Compatible`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct EndpointRef {
    pub kind: ProviderKind,
    /// A custom endpoint's name (`lab`); `None` for a built-in provider.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl EndpointRef {
    /// A built-in provider. `Compatible` needs a name: use [`EndpointRef::custom`].
    pub fn builtin(kind: ProviderKind) -> Self {
        debug_assert!(
            kind != ProviderKind::Compatible,
            "a custom endpoint has a name"
        );
        Self { kind, name: None }
    }

    pub fn custom(name: impl Into<String>) -> Self {
        Self {
            kind: ProviderKind::Compatible,
            name: Some(name.into()),
        }
    }

    /// From a kind and an optional endpoint name, as targets and IPC carry them.
    pub fn of(kind: ProviderKind, name: Option<&str>) -> Self {
        match (kind, name) {
            (ProviderKind::Compatible, Some(n)) => Self::custom(n),
            (kind, _) => Self { kind, name: None },
        }
    }

    /// What people type and read: `openrouter`, or the custom endpoint's own name (`lab`).
    pub fn display(&self) -> &str {
        self.name.as_deref().unwrap_or(self.kind.as_str())
    }

    /// Stored with a slot and used for concurrency limits: `openrouter`, `compatible:lab`.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("compatible:{n}"),
            None => self.kind.as_str().to_owned(),
        }
    }

    /// The key a saved catalog is kept under: the provider, or the custom endpoint's name
    /// (two custom endpoints list different models).
    pub fn catalog_key(&self) -> String {
        self.display().to_owned()
    }

    /// The OS keychain account of its key: the provider's name, or `endpoint:<name>`.
    pub fn keychain_account(&self) -> String {
        match &self.name {
            Some(n) => format!("endpoint:{n}"),
            None => self.kind.as_str().to_owned(),
        }
    }

    /// The environment variable that holds its key (and wins over the keychain):
    /// `OPENROUTER_API_KEY`, `PARALLAX_ENDPOINT_LM_STUDIO_API_KEY`; `None` for Ollama.
    pub fn key_env(&self) -> Option<String> {
        match &self.name {
            Some(n) => {
                let upper: String = n
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                Some(format!("PARALLAX_ENDPOINT_{upper}_API_KEY"))
            }
            None => self.kind.key_env().map(str::to_owned),
        }
    }
}

/// Where and how to reach one provider. `Debug` shows header names, never values.
#[derive(Clone)]
pub struct Endpoint {
    pub kind: ProviderKind,
    /// Shown in messages: "OpenRouter", or a custom endpoint's name ("LM Studio").
    pub name: String,
    /// Normalized: no trailing `/`; for Ollama a scheme is added when missing.
    pub base_url: String,
    pub api_key: Option<ApiKey>,
    /// Extra headers a custom endpoint asks for (a gateway's auth, an org id…). Values are
    /// treated as secrets: never printed.
    pub extra_headers: Vec<(String, String)>,
    /// The header a custom endpoint wants its key in, the key as its whole value (Azure
    /// OpenAI's `api-key`, a gateway's `x-api-key`); `None`: `Authorization: Bearer <key>`.
    pub key_header: Option<String>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.extra_headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Endpoint")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("extra_header_names", &names)
            .field("key_header", &self.key_header)
            .finish()
    }
}

impl Endpoint {
    pub fn new(kind: ProviderKind, base_url: impl Into<String>, api_key: Option<ApiKey>) -> Self {
        Self {
            kind,
            name: kind.display_name().to_owned(),
            base_url: normalize_base_url(kind, &base_url.into()),
            api_key,
            extra_headers: Vec::new(),
            key_header: None,
        }
    }

    pub fn openrouter(base_url: impl Into<String>, api_key: Option<ApiKey>) -> Self {
        Self::new(ProviderKind::OpenRouter, base_url, api_key)
    }

    /// Its identity: the provider, or for a custom endpoint the name it was saved under.
    pub fn endpoint_ref(&self) -> EndpointRef {
        EndpointRef::of(self.kind, Some(&self.name))
    }

    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Whether it runs on this machine: Ollama, or a server on a loopback address. Such a
    /// server computes one answer at a time on one GPU, so requests default to one at a time.
    pub fn is_local(&self) -> bool {
        if self.kind == ProviderKind::Ollama {
            return true;
        }
        if self.kind != ProviderKind::Compatible {
            return false;
        }
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        let host = rest.split(['/', '?']).next().unwrap_or("");
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.split_once(']'))
            .map_or_else(
                || host.rsplit_once(':').map_or(host, |(h, _)| h),
                |(h, _)| h,
            );
        host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// `base` + `/` + `path`, whatever slashes either side had.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Trims whitespace and trailing slashes; gives a scheme-less Ollama host `http://`.
pub fn normalize_base_url(kind: ProviderKind, raw: &str) -> String {
    let url = raw.trim().trim_end_matches('/');
    if kind == ProviderKind::Ollama && !url.contains("://") {
        return format!("http://{url}");
    }
    url.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalized_per_convention() {
        let e = Endpoint::new(
            ProviderKind::OpenRouter,
            " https://gw.example/openrouter/api/v1/ ",
            None,
        );
        assert_eq!(
            e.url("/chat/completions"),
            "https://gw.example/openrouter/api/v1/chat/completions"
        );
        let o = Endpoint::new(ProviderKind::Ollama, "10.0.0.5:11434", None);
        assert_eq!(o.url("api/chat"), "http://10.0.0.5:11434/api/chat");
        let o = Endpoint::new(ProviderKind::Ollama, "https://ollama.lan", None);
        assert_eq!(o.base_url, "https://ollama.lan");
    }

    #[test]
    fn servers_on_this_machine_are_local() {
        let local = |url: &str| Endpoint::new(ProviderKind::Compatible, url, None).is_local();
        assert!(local("http://127.0.0.1:1234/v1"));
        assert!(local("http://localhost:8080/v1"));
        assert!(local("http://[::1]:8000/v1"));
        assert!(local("http://127.0.0.2/v1"));
        assert!(!local("http://10.0.0.5:8000/v1"));
        assert!(!local("https://api.groq.com/openai/v1"));
        assert!(!local("http://localhost.example.com/v1"));
        assert!(Endpoint::new(ProviderKind::Ollama, "10.0.0.5:11434", None).is_local());
        assert!(!Endpoint::new(ProviderKind::OpenAi, "http://127.0.0.1:9/v1", None).is_local());
    }

    #[test]
    fn an_endpoint_is_spelled_the_same_way_everywhere() {
        let lab = EndpointRef::custom("lm-studio");
        assert_eq!(lab.display(), "lm-studio");
        assert_eq!(lab.label(), "compatible:lm-studio");
        assert_eq!(lab.catalog_key(), "lm-studio");
        assert_eq!(lab.keychain_account(), "endpoint:lm-studio");
        assert_eq!(
            lab.key_env().as_deref(),
            Some("PARALLAX_ENDPOINT_LM_STUDIO_API_KEY")
        );
        let or = EndpointRef::of(ProviderKind::OpenRouter, Some("ignored"));
        assert_eq!(or, EndpointRef::builtin(ProviderKind::OpenRouter));
        assert_eq!(or.label(), "openrouter");
        assert_eq!(or.keychain_account(), "openrouter");
        assert_eq!(or.key_env().as_deref(), Some("OPENROUTER_API_KEY"));
        assert_eq!(EndpointRef::builtin(ProviderKind::Ollama).key_env(), None);
        assert_eq!(
            serde_json::to_string(&or).unwrap(),
            r#"{"kind":"openrouter"}"#
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in ProviderKind::ALL {
            assert_eq!(ProviderKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                k.as_str(),
                "serde and as_str agree"
            );
        }
    }
}
