//! API keys: where they come from (environment first, then the OS keychain) and how they are kept
//! out of every string we produce.
//!
//! Invariant: an [`ApiKey`] never prints. Its `Debug` and `Display` show a mask, and every
//! provider message that reaches a person goes through [`redact`] first.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Service name under which keys are stored in the OS keychain.
const KEYCHAIN_SERVICE: &str = "dev.parallax.desktop";

#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Returns `None` for an empty or whitespace-only key: "no key" has one representation.
    pub fn new(raw: impl Into<String>) -> Option<Self> {
        let raw = raw.into().trim().to_string();
        (!raw.is_empty()).then_some(Self(raw))
    }

    /// The secret itself, for building a request header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A form safe to show: the first characters of the prefix and the last four.
    pub fn masked(&self) -> String {
        let n = self.0.chars().count();
        if n <= 8 {
            return "••••".to_string();
        }
        let head: String = self.0.chars().take(3).collect();
        let tail: String = self.0.chars().skip(n - 4).collect();
        format!("{head}…{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Headers whose value is a credential: masked wherever a server or proxy echoes them
/// (`redact`), and refused as a custom endpoint's plain-text header (`is_credential_header`).
pub const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
    "cookie",
    "set-cookie",
];

/// Whether a header named `name` carries a credential: one of [`CREDENTIAL_HEADERS`], or a
/// name that says so (`…token…`, `…secret…`, `…api-key…`, `…apikey…`, `…password…`, `…auth…`).
pub fn is_credential_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    CREDENTIAL_HEADERS.contains(&n.as_str())
        || [
            "token", "secret", "api-key", "apikey", "password", "passwd", "auth",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// Removes `key` from `text`, and masks any credential a proxy or server echoes back: the value
/// after `Bearer `, and the value of every credential header (`"x-api-key": "…"`,
/// `api-key=…`, `Authorization: Basic …`), whatever key it was.
pub fn redact(text: &str, key: Option<&ApiKey>) -> String {
    let mut out = redact_key(text, key).into_owned();
    for name in CREDENTIAL_HEADERS {
        out = mask_header_values(&out, name);
    }
    while let Some(pos) = out.find("Bearer ") {
        let start = pos + "Bearer ".len();
        let end = out[start..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',')
            .map_or(out.len(), |e| start + e);
        if out[start..end] == *"[redacted]" {
            break;
        }
        out.replace_range(pos..end, "Bearer [redacted]");
    }
    out
}

/// `text` without `key` itself (and nothing else): for model answers, where "Bearer" and
/// header names are ordinary words of code samples, but the key, echoed by a proxy, is not.
pub fn redact_key<'a>(text: &'a str, key: Option<&ApiKey>) -> std::borrow::Cow<'a, str> {
    match key {
        Some(k) if !k.0.is_empty() && text.contains(&k.0) => {
            text.replace(&k.0, "[redacted]").into()
        }
        _ => text.into(),
    }
}

/// Text still arriving, split into what may be shown or saved now — with the key taken out —
/// and a tail held back because it could be the beginning of the key (shown with the next
/// piece, or replaced by the answer as saved when it ends). So a key a proxy echoes reaches
/// neither the screen nor a partial save, even when it arrives in pieces.
pub fn split_settled<'a>(text: &'a str, key: Option<&ApiKey>) -> (String, &'a str) {
    let Some(k) = key.map(|k| k.0.as_str()).filter(|k| !k.is_empty()) else {
        return (text.to_owned(), "");
    };
    let held = (1..k.len().min(text.len() + 1))
        .rev()
        .filter(|n| k.is_char_boundary(*n) && text.is_char_boundary(text.len() - n))
        .find(|n| text.ends_with(&k[..*n]))
        .unwrap_or(0);
    let (settled, rest) = text.split_at(text.len() - held);
    (settled.replace(k, "[redacted]"), rest)
}

/// Masks the value after each `name` (any case, not inside a longer name) followed by `:` or
/// `=` (quotes and spaces around allowed). An auth scheme word (`Basic`, `Bearer`…) is kept.
fn mask_header_values(text: &str, name: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let is_name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        let mut i = at + name.len();
        from = i;
        if at > 0 && is_name_char(bytes[at - 1]) || i < bytes.len() && is_name_char(bytes[i]) {
            continue;
        }
        let skip = |i: &mut usize, set: &[u8]| {
            while *i < bytes.len() && set.contains(&bytes[*i]) {
                *i += 1;
            }
        };
        skip(&mut i, b"\"' \t");
        if i >= bytes.len() || !(bytes[i] == b':' || bytes[i] == b'=') {
            continue;
        }
        i += 1;
        skip(&mut i, b" \t\"'");
        // An auth scheme (`Basic xyz`): keep the word, mask what follows it.
        let word_end = text[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(text.len(), |e| i + e);
        if word_end > i
            && bytes.get(word_end) == Some(&b' ')
            && ["basic", "bearer", "token", "digest"].contains(&lower[i..word_end].as_ref())
        {
            i = word_end + 1;
        }
        let end = text[i..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '}' | ')' | '&')
            })
            .map_or(text.len(), |e| i + e);
        if end == i || &text[i..end] == "[redacted]" {
            continue;
        }
        out.push_str(&text[copied..i]);
        out.push_str("[redacted]");
        copied = end;
        from = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Where the key in use came from; shown in Settings so people know which one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Environment,
    Keychain,
    None,
}

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service on this machine (e.g. a headless Linux box without Secret Service).
    #[error(
        "no OS keychain is available on this machine ({0}); set the key in the environment instead"
    )]
    Unavailable(String),
    #[error("the OS keychain refused the operation: {0}")]
    Failed(String),
}

/// `PARALLAX_KEYCHAIN=memory`: keys are kept in this process's memory only and forgotten when
/// it exits. For end-to-end tests and demos on machines without a Secret Service (keyring's own
/// mock keeps a key only in the entry that set it, so a key saved and then read back would
/// vanish). Nothing is ever written anywhere.
pub const KEYCHAIN_ENV: &str = "PARALLAX_KEYCHAIN";

fn memory_keychain() -> bool {
    std::env::var(KEYCHAIN_ENV).is_ok_and(|v| v == "memory")
}

/// Whether a key saved in the keychain outlives this process (false with [`KEYCHAIN_ENV`]
/// `=memory`): what may be moved into it without being lost.
pub fn keychain_is_lasting() -> bool {
    !memory_keychain()
}

fn entry(account: &str) -> Result<keyring::Entry, KeychainError> {
    if memory_keychain() {
        return Ok(keyring::Entry::new_with_credential(Box::new(
            memory::Credential(account.to_owned()),
        )));
    }
    keyring::Entry::new(KEYCHAIN_SERVICE, account).map_err(map_keyring_error)
}

/// The in-memory keychain behind [`KEYCHAIN_ENV`].
mod memory {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    fn secrets() -> &'static Mutex<HashMap<String, Vec<u8>>> {
        static SECRETS: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
        SECRETS.get_or_init(Mutex::default)
    }

    /// One account's entry; its secret lives in the process-wide map.
    pub struct Credential(pub String);

    impl keyring::credential::CredentialApi for Credential {
        fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
            let mut map = secrets().lock().unwrap_or_else(|p| p.into_inner());
            map.insert(self.0.clone(), secret.to_vec());
            Ok(())
        }

        fn get_secret(&self) -> keyring::Result<Vec<u8>> {
            let map = secrets().lock().unwrap_or_else(|p| p.into_inner());
            map.get(&self.0).cloned().ok_or(keyring::Error::NoEntry)
        }

        fn delete_credential(&self) -> keyring::Result<()> {
            let mut map = secrets().lock().unwrap_or_else(|p| p.into_inner());
            map.remove(&self.0)
                .map(|_| ())
                .ok_or(keyring::Error::NoEntry)
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    impl std::fmt::Debug for Credential {
        // The account only: never the secret.
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "memory keychain entry {:?}", self.0)
        }
    }
}

fn map_keyring_error(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            KeychainError::Unavailable(inner.to_string())
        }
        other => KeychainError::Failed(other.to_string()),
    }
}

/// Reads a key from the keychain. `Ok(None)` means the keychain works but holds no key.
pub fn keychain_get(account: &str) -> Result<Option<ApiKey>, KeychainError> {
    match entry(account)?.get_password() {
        Ok(v) => Ok(ApiKey::new(v)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map_keyring_error(e)),
    }
}

pub fn keychain_set(account: &str, key: &ApiKey) -> Result<(), KeychainError> {
    entry(account)?
        .set_password(key.expose())
        .map_err(map_keyring_error)
}

pub fn keychain_delete(account: &str) -> Result<(), KeychainError> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map_keyring_error(e)),
    }
}

/// Resolves a key: the environment variable wins over the keychain, so a CI job or a shell can
/// override what the app saved. A keychain that cannot be reached counts as "no key there".
pub fn resolve(env_var: &str, account: &str) -> (Option<ApiKey>, KeySource) {
    if let Some(k) = std::env::var(env_var).ok().and_then(ApiKey::new) {
        return (Some(k), KeySource::Environment);
    }
    match keychain_get(account) {
        Ok(Some(k)) => (Some(k), KeySource::Keychain),
        _ => (None, KeySource::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_key() {
        let k = ApiKey::new("sk-or-v1-0123456789abcdef").unwrap();
        let shown = format!("{k:?} {k}");
        assert!(!shown.contains("0123456789abcdef"), "key leaked: {shown}");
        assert!(
            shown.contains("cdef"),
            "mask should keep the last four: {shown}"
        );
    }

    #[test]
    fn empty_key_is_no_key() {
        assert!(ApiKey::new("   ").is_none());
    }

    #[test]
    fn redact_masks_every_credential_header_a_server_echoes() {
        let echoed = r#"{"error":"denied","headers":{"x-api-key":"sk-ant-123456","api-key": "az-987654","X-Goog-Api-Key":"AIza-555"}}"#;
        let out = redact(echoed, None);
        for secret in ["sk-ant-123456", "az-987654", "AIza-555"] {
            assert!(!out.contains(secret), "{secret} survived: {out}");
        }
        assert_eq!(
            out,
            r#"{"error":"denied","headers":{"x-api-key":"[redacted]","api-key": "[redacted]","X-Goog-Api-Key":"[redacted]"}}"#
        );
        assert_eq!(
            redact("Authorization: Basic dXNlcjpwYXNz, next", None),
            "Authorization: Basic [redacted], next"
        );
        assert_eq!(
            redact("proxy sent api-key=abc123&x=1; cookie: sid=42", None),
            "proxy sent api-key=[redacted]&x=1; cookie: [redacted]"
        );
        // A header named in prose, or a longer header name, is left alone.
        let prose = "send the api-key header; my-api-key-id: 7";
        assert_eq!(redact(prose, None), prose);
    }

    #[test]
    fn credential_headers_are_recognised_by_name() {
        for name in [
            "Authorization",
            "api-key",
            "X-API-Key",
            "x_auth_token",
            "X-Secret",
            "OpenAI-Api-Key",
            "apikey",
        ] {
            assert!(is_credential_header(name), "{name}");
        }
        for name in [
            "X-Title",
            "HTTP-Referer",
            "OpenAI-Organization",
            "x-request-id",
        ] {
            assert!(!is_credential_header(name), "{name}");
        }
    }

    #[test]
    fn an_answer_loses_only_the_key_itself() {
        let k = ApiKey::new("sk-or-v1-abcdef123456").unwrap();
        let answer = "Use `Authorization: Bearer $KEY`; the proxy said sk-or-v1-abcdef123456.";
        assert_eq!(
            redact_key(answer, Some(&k)),
            "Use `Authorization: Bearer $KEY`; the proxy said [redacted]."
        );
    }

    #[test]
    fn streamed_text_never_shows_a_key_even_in_pieces() {
        let k = ApiKey::new("sk-secret-value-42").unwrap();
        // The key in three pieces, as a proxy's echo might arrive.
        let mut carry = String::new();
        let mut shown = String::new();
        for piece in ["the proxy saw sk-sec", "ret-val", "ue-42 and s", "o on"] {
            let joined = std::mem::take(&mut carry) + piece;
            let (now, held) = split_settled(&joined, Some(&k));
            shown.push_str(&now);
            carry = held.to_owned();
            assert!(!shown.contains("sk-sec"), "{shown}");
        }
        assert_eq!(shown + &carry, "the proxy saw [redacted] and so on");
        // Without a key, everything is shown at once.
        assert_eq!(split_settled("sk-sec", None), ("sk-sec".to_owned(), ""));
        // A held tail that turns out not to be the key is shown with the next piece.
        let (now, held) = split_settled("ask", Some(&k));
        assert_eq!((now.as_str(), held), ("a", "sk"));
        assert_eq!(split_settled("sky", Some(&k)).0, "sky");
    }

    #[test]
    fn redact_removes_the_key_and_bearer_tokens() {
        let k = ApiKey::new("sk-secret-value-42").unwrap();
        let text =
            "bad key sk-secret-value-42; header was Authorization: Bearer sk-other-token, end";
        let out = redact(text, Some(&k));
        assert!(!out.contains("sk-secret-value-42"), "{out}");
        assert!(!out.contains("sk-other-token"), "{out}");
        assert!(
            out.ends_with(", end"),
            "text after the token must survive: {out}"
        );
    }
}
