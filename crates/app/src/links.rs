//! Links in model answers, on their way out of the app. An answer is untrusted: its links never
//! navigate the app's webview; after the person confirms, the system browser opens them — and
//! only web addresses (`http`, `https`) with a host, no spaces or control characters (a
//! `file:`, `javascript:` or custom-scheme link would hand an answer's author a way to run or
//! open something on this machine).

use crate::{AppCode, AppError};

/// The longest address opened (browsers take more; an answer has no need to).
pub const MAX_URL_CHARS: usize = 2048;

/// `raw`, trimmed, if it is a web address safe to hand to the system browser.
pub fn checked_url(raw: &str) -> Result<String, AppError> {
    let url = raw.trim();
    let refuse = |why: &str| {
        AppError::app(
            AppCode::InvalidInput,
            format!("This link was not opened: {why}."),
        )
        .on("url")
    };
    if url.chars().count() > MAX_URL_CHARS {
        return Err(refuse("it is too long"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse("it contains spaces or control characters"));
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| refuse("only web addresses (http, https) are opened"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return Err(refuse("it has no host"));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_with_a_host_are_opened() {
        assert_eq!(
            checked_url(" https://example.com/a?b=1#c ").unwrap(),
            "https://example.com/a?b=1#c"
        );
        assert!(checked_url("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "JAVASCRIPT:alert(1)",
            "vscode://x",
            "https://",
            "https://user@/x",
            "https://exa mple.com",
            "https://example.com/\u{1b}]52;c;x",
            "//example.com",
        ] {
            let e = checked_url(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("url"), "{bad}");
        }
        assert!(checked_url(&format!("https://e.com/{}", "a".repeat(3000))).is_err());
    }
}
