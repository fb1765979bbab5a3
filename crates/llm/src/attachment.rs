//! Files sent with a prompt: images, PDFs and text files.
//!
//! Owns what an attachment is, how its kind is recognised (from its bytes, never from its name
//! alone), the limits every provider shares, which provider takes which kind, and the pieces
//! each wire format carries one in (`wire_*` functions, used by the adapters).
//!
//! Invariants:
//! - `sha256` and `size` are those of the bytes; [`Attachment::from_bytes`] is the only way to
//!   make one with bytes, so they cannot disagree.
//! - `data` is `None` only in a record read back from history (the store keeps the bytes once,
//!   by hash, not inside every slot's messages) and is put back before a request is built;
//!   [`check`] refuses a request that still lacks them rather than sending less than was asked.
//! - Text files are sent as text inside the prompt (every provider takes text); images and PDFs
//!   as the provider's own content parts. Nothing is dropped silently: a kind a provider cannot
//!   take is refused for that provider's slots with the reason.

use std::sync::Arc;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{ErrorCode, LlmError};
use crate::provider::ProviderKind;

/// The largest file, and the most all of one prompt's files may weigh together: Gemini takes
/// at most 20 MB in one request (inline data included), OpenAI 20 MB per image.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;
/// Anthropic refuses an image over 5 MB ("image exceeds 5 MB maximum").
pub const ANTHROPIC_MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

/// What a file is, as far as providers care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// PNG, JPEG, GIF or WebP: the four formats every vision API takes.
    Image,
    Pdf,
    /// UTF-8 text (code, Markdown, CSV, JSON…): sent inside the prompt.
    Text,
}

/// One file attached to a message.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Attachment {
    /// The file's name as the person chose it (no directories): shown, and given to providers
    /// that take a filename.
    pub name: String,
    /// `image/png`, `image/jpeg`, `image/gif`, `image/webp`, `application/pdf` or `text/plain`.
    pub media_type: String,
    pub kind: AttachmentKind,
    #[ts(type = "number")]
    pub size: u64,
    /// Lowercase hex SHA-256 of the bytes: how history keeps each file once.
    pub sha256: String,
    /// The bytes, base64 in JSON (IPC, exports); `None` in history records (see the module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null", optional)]
    pub data: Option<FileBytes>,
}

/// A file's bytes: shared, not copied, by every slot's request; base64 in JSON.
#[derive(Clone, PartialEq, Eq)]
pub struct FileBytes(pub Arc<[u8]>);

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(v: Vec<u8>) -> Self {
        Self(Arc::from(v))
    }
}

impl Serialize for FileBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for FileBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map(Self::from)
            .map_err(|e| serde::de::Error::custom(format!("attachment data is not base64: {e}")))
    }
}

impl std::fmt::Debug for Attachment {
    // The bytes would flood a log line; their hash says which file it is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("media_type", &self.media_type)
            .field("size", &self.size)
            .field("sha256", &self.sha256)
            .field("data", &self.data.as_ref().map(|_| "…"))
            .finish()
    }
}

/// Why a file cannot be attached. Each names the file and says what would be taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AttachmentError {
    #[error("{name} is empty")]
    Empty { name: String },
    #[error("{name} is {} — the most a file can be is {}", mib(*size), whole_mb(*limit))]
    TooLarge { name: String, size: u64, limit: u64 },
    #[error("the attached files weigh {} together — the most one prompt can carry is {} (Gemini's limit for a whole request)", mib(*total), whole_mb(*limit))]
    TooMuch { total: u64, limit: u64 },
    #[error("{name} is not a file a model can read: attach an image (PNG, JPEG, GIF or WebP), a PDF, or a UTF-8 text file")]
    Unsupported { name: String },
    /// What came with the bytes (kind, size, hash) is not what the bytes are.
    #[error("{name} does not match what was said of it (its type, size or hash): attach it again")]
    Mismatch { name: String },
}

impl AttachmentError {
    /// Stable code across IPC and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty { .. } => "attachment_empty",
            Self::TooLarge { .. } => "attachment_too_large",
            Self::TooMuch { .. } => "attachments_too_large",
            Self::Unsupported { .. } => "attachment_unsupported",
            Self::Mismatch { .. } => "attachment_mismatch",
        }
    }
}

fn whole_mb(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

fn mib(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}

/// The media type the bytes are, from their first bytes; `None` for anything else.
fn sniff(bytes: &[u8]) -> Option<(&'static str, AttachmentKind)> {
    use AttachmentKind::*;
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", Image))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", Image))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", Image))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", Image))
    } else if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", Pdf))
    } else if !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        Some(("text/plain", Text))
    } else {
        None
    }
}

impl Attachment {
    /// An attachment of these bytes under this name (directories in it are dropped).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Self, AttachmentError> {
        let name = name
            .rsplit(['/', '\\'])
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("file")
            .to_owned();
        let size = bytes.len() as u64;
        if size == 0 {
            return Err(AttachmentError::Empty { name });
        }
        if size > MAX_ATTACHMENT_BYTES {
            return Err(AttachmentError::TooLarge {
                name,
                size,
                limit: MAX_ATTACHMENT_BYTES,
            });
        }
        let Some((media_type, kind)) = sniff(&bytes) else {
            return Err(AttachmentError::Unsupported { name });
        };
        let sha256 = hex(&Sha256::digest(&bytes));
        Ok(Self {
            name,
            media_type: media_type.to_owned(),
            kind,
            size,
            sha256,
            data: Some(FileBytes::from(bytes)),
        })
    }

    /// This attachment without its bytes: what a history record keeps.
    pub fn without_data(&self) -> Self {
        Self {
            data: None,
            ..self.clone()
        }
    }

    /// Checks an attachment that came with its bytes from outside (IPC, an import): the kind,
    /// size and hash are recomputed from the bytes, never trusted.
    pub fn verified(self) -> Result<Self, AttachmentError> {
        match self.data {
            Some(d) => Self::from_bytes(&self.name, d.to_vec()),
            None => Ok(self),
        }
    }

    fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.data.as_deref().unwrap_or(&[]))
    }

    /// `data:<type>;base64,<bytes>`: how OpenAI-style APIs take a file inline.
    fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.media_type, self.base64())
    }

    fn text(&self) -> &str {
        self.data
            .as_deref()
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or("")
    }
}

/// Refuses files that together weigh more than one prompt can carry.
pub fn check_total(files: &[Attachment]) -> Result<(), AttachmentError> {
    let total: u64 = files.iter().map(|a| a.size).sum();
    if total > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooMuch {
            total,
            limit: MAX_ATTACHMENT_BYTES,
        });
    }
    Ok(())
}

/// Which kinds a provider takes as content parts (text files go everywhere, as text).
pub fn takes(kind: ProviderKind, what: AttachmentKind) -> bool {
    match what {
        AttachmentKind::Text | AttachmentKind::Image => true,
        // OpenRouter and OpenAI take a `file` part; Anthropic a `document` block; Gemini inline
        // data. Ollama's native API takes `images` only, and local OpenAI-compatible servers
        // (llama.cpp, LM Studio, vLLM) no `file` part.
        AttachmentKind::Pdf => matches!(
            kind,
            ProviderKind::OpenRouter
                | ProviderKind::OpenAi
                | ProviderKind::Anthropic
                | ProviderKind::Gemini
        ),
    }
}

/// Refuses a request this provider would refuse or could only send in part: a PDF where PDFs
/// are not taken, an image over Anthropic's limit, a file whose bytes are not here.
pub fn check(kind: ProviderKind, messages: &[crate::Message]) -> Result<(), LlmError> {
    for a in messages.iter().flat_map(|m| &m.attachments) {
        if a.data.is_none() {
            return Err(LlmError::new(
                ErrorCode::FileMissing,
                format!("{} was attached, but its bytes are not in this history (an import keeps only what the export carried): attach it again", a.name),
            ));
        }
        if !takes(kind, a.kind) {
            return Err(LlmError::new(
                ErrorCode::UnsupportedInput,
                format!(
                    "{} does not take PDFs ({} was attached): send it to OpenRouter, OpenAI, Anthropic or Gemini, or attach its text instead",
                    kind.display_name(),
                    a.name
                ),
            ));
        }
        if kind == ProviderKind::Anthropic
            && a.kind == AttachmentKind::Image
            && a.size > ANTHROPIC_MAX_IMAGE_BYTES
        {
            return Err(LlmError::new(
                ErrorCode::UnsupportedInput,
                format!(
                    "Anthropic takes images of at most 5 MB; {} is {}: attach a smaller image",
                    a.name,
                    mib(a.size)
                ),
            ));
        }
    }
    Ok(())
}

/// The message's text with its text files before it, each in a `<file name="…">` element (the
/// form Anthropic's prompting guide recommends for documents; any model reads it).
pub fn text_with_files(m: &crate::Message) -> std::borrow::Cow<'_, str> {
    let files: Vec<&Attachment> = m
        .attachments
        .iter()
        .filter(|a| a.kind == AttachmentKind::Text)
        .collect();
    if files.is_empty() {
        return std::borrow::Cow::Borrowed(&m.content);
    }
    let mut out = String::new();
    for a in files {
        let body = a.text();
        out.push_str(&format!(
            "<file name=\"{}\">\n{body}",
            a.name.replace('"', "'")
        ));
        if !body.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("</file>\n\n");
    }
    out.push_str(&m.content);
    std::borrow::Cow::Owned(out)
}

fn media(m: &crate::Message) -> impl Iterator<Item = &Attachment> {
    m.attachments
        .iter()
        .filter(|a| a.kind != AttachmentKind::Text)
}

/// An OpenAI-style message (OpenRouter, OpenAI, compatible servers): plain `content` text when
/// nothing but text is attached, else content parts — the text first (OpenRouter's advice),
/// then `image_url` data URLs and `file` parts with `file_data`.
pub fn wire_openai(m: &crate::Message) -> serde_json::Value {
    use serde_json::json;
    let text = text_with_files(m);
    if media(m).next().is_none() {
        return json!({"role": m.role, "content": text});
    }
    let mut parts = vec![json!({"type": "text", "text": text})];
    for a in media(m) {
        parts.push(match a.kind {
            AttachmentKind::Image => {
                json!({"type": "image_url", "image_url": {"url": a.data_url()}})
            }
            _ => json!({"type": "file", "file": {"filename": a.name, "file_data": a.data_url()}}),
        });
    }
    json!({"role": m.role, "content": parts})
}

/// An Anthropic message: images as `image` blocks and PDFs as `document` blocks, both base64
/// sources, before the text (Anthropic's advice: documents first, the question last).
pub fn wire_anthropic(m: &crate::Message) -> serde_json::Value {
    use serde_json::json;
    let text = text_with_files(m);
    if media(m).next().is_none() {
        return json!({"role": m.role, "content": text});
    }
    let mut blocks: Vec<serde_json::Value> = media(m)
        .map(|a| {
            let block = if a.kind == AttachmentKind::Image {
                "image"
            } else {
                "document"
            };
            json!({"type": block, "source": {"type": "base64", "media_type": a.media_type, "data": a.base64()}})
        })
        .collect();
    blocks.push(json!({"type": "text", "text": text}));
    json!({"role": m.role, "content": blocks})
}

/// Gemini `parts`: each image or PDF as `inlineData`, then the text.
pub fn wire_gemini_parts(m: &crate::Message) -> Vec<serde_json::Value> {
    use serde_json::json;
    let mut parts: Vec<serde_json::Value> = media(m)
        .map(|a| json!({"inlineData": {"mimeType": a.media_type, "data": a.base64()}}))
        .collect();
    parts.push(json!({"text": text_with_files(m)}));
    parts
}

/// An Ollama message: its images as bare base64 strings in `images` (no data-URL prefix: Ollama
/// decodes the string as it is).
pub fn wire_ollama(m: &crate::Message) -> serde_json::Value {
    use serde_json::json;
    let mut v = json!({"role": m.role, "content": text_with_files(m)});
    let images: Vec<String> = media(m)
        .filter(|a| a.kind == AttachmentKind::Image)
        .map(Attachment::base64)
        .collect();
    if !images.is_empty() {
        v["images"] = json!(images);
    }
    v
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Message;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn the_kind_comes_from_the_bytes_not_the_name() {
        let a = Attachment::from_bytes("photo.txt", PNG.to_vec()).unwrap();
        assert_eq!(
            (a.media_type.as_str(), a.kind),
            ("image/png", AttachmentKind::Image)
        );
        let p = Attachment::from_bytes("dir/sub/report", b"%PDF-1.7\n...".to_vec()).unwrap();
        assert_eq!((p.name.as_str(), p.kind), ("report", AttachmentKind::Pdf));
        let t = Attachment::from_bytes("notes.png", "héllo".as_bytes().to_vec()).unwrap();
        assert_eq!(
            (t.media_type.as_str(), t.kind),
            ("text/plain", AttachmentKind::Text)
        );
        for (b, mt) in [
            (&[0xFF, 0xD8, 0xFF, 0xE0][..], "image/jpeg"),
            (b"GIF89a..", "image/gif"),
            (b"RIFF\x10\0\0\0WEBPVP8 ", "image/webp"),
        ] {
            assert_eq!(
                Attachment::from_bytes("x", b.to_vec()).unwrap().media_type,
                mt
            );
        }
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_its_name() {
        let e = Attachment::from_bytes("a.bin", vec![0, 159, 146, 150]).unwrap_err();
        assert_eq!(e.code(), "attachment_unsupported");
        assert!(
            e.to_string()
                .starts_with("a.bin is not a file a model can read"),
            "{e}"
        );
        assert_eq!(
            Attachment::from_bytes("e.txt", Vec::new())
                .unwrap_err()
                .to_string(),
            "e.txt is empty"
        );
        let big = vec![b'a'; 21 * 1024 * 1024];
        assert_eq!(
            Attachment::from_bytes("big.txt", big)
                .unwrap_err()
                .to_string(),
            "big.txt is 21.0 MB — the most a file can be is 20 MB"
        );
    }

    #[test]
    fn the_hash_is_sha256_of_the_bytes() {
        // `printf abc | sha256sum`
        let a = Attachment::from_bytes("abc.txt", b"abc".to_vec()).unwrap();
        assert_eq!(
            a.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(a.size, 3);
    }

    #[test]
    fn json_carries_the_bytes_as_base64_and_a_record_without_them() {
        let a = Attachment::from_bytes("abc.txt", b"abc".to_vec()).unwrap();
        let j = serde_json::to_value(&a).unwrap();
        assert_eq!(j["data"], "YWJj");
        let back: Attachment = serde_json::from_value(j).unwrap();
        assert_eq!(back, a);
        let record = serde_json::to_value(a.without_data()).unwrap();
        assert!(record.get("data").is_none());
        let bad = serde_json::json!({"name": "x", "media_type": "text/plain", "kind": "text", "size": 1, "sha256": "", "data": "***"});
        assert!(serde_json::from_value::<Attachment>(bad).is_err());
    }

    #[test]
    fn bytes_from_outside_are_checked_again() {
        let mut a = Attachment::from_bytes("abc.txt", b"abc".to_vec()).unwrap();
        a.kind = AttachmentKind::Image;
        a.media_type = "image/png".into();
        a.sha256 = "0".repeat(64);
        let v = a.verified().unwrap();
        assert_eq!((v.kind, v.sha256.len()), (AttachmentKind::Text, 64));
        assert_ne!(v.sha256, "0".repeat(64));
    }

    fn with(files: Vec<Attachment>) -> Message {
        let mut m = Message::user("What is in these?");
        m.attachments = files;
        m
    }

    #[test]
    fn text_files_go_before_the_prompt_in_file_elements() {
        let m = with(vec![
            Attachment::from_bytes("a.md", b"# A".to_vec()).unwrap(),
            Attachment::from_bytes("b.csv", b"x,y\n1,2\n".to_vec()).unwrap(),
        ]);
        assert_eq!(
            text_with_files(&m),
            "<file name=\"a.md\">\n# A\n</file>\n\n<file name=\"b.csv\">\nx,y\n1,2\n</file>\n\nWhat is in these?"
        );
        assert_eq!(
            wire_openai(&m),
            serde_json::json!({"role": "user", "content": text_with_files(&m)})
        );
    }

    #[test]
    fn each_wire_format_carries_an_image_its_own_way() {
        let m = with(vec![Attachment::from_bytes("p.png", PNG.to_vec()).unwrap()]);
        // base64 of the 16 PNG bytes above, by hand: `printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' | base64`
        let b64 = "iVBORw0KGgoAAAANSUhEUg==";
        assert_eq!(
            wire_openai(&m),
            serde_json::json!({"role": "user", "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image_url", "image_url": {"url": format!("data:image/png;base64,{b64}")}}]})
        );
        assert_eq!(
            wire_anthropic(&m),
            serde_json::json!({"role": "user", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": b64}},
                {"type": "text", "text": "What is in these?"}]})
        );
        assert_eq!(
            wire_gemini_parts(&m),
            vec![
                serde_json::json!({"inlineData": {"mimeType": "image/png", "data": b64}}),
                serde_json::json!({"text": "What is in these?"})
            ]
        );
        assert_eq!(
            wire_ollama(&m),
            serde_json::json!({"role": "user", "content": "What is in these?", "images": [b64]})
        );
    }

    #[test]
    fn a_pdf_is_a_file_part_or_a_document_block() {
        let m = with(vec![
            Attachment::from_bytes("r.pdf", b"%PDF-1.4".to_vec()).unwrap()
        ]);
        assert_eq!(
            wire_openai(&m)["content"][1],
            serde_json::json!({"type": "file", "file": {"filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQ="}})
        );
        assert_eq!(
            wire_anthropic(&m)["content"][0],
            serde_json::json!({"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQ="}})
        );
    }

    #[test]
    fn a_provider_that_cannot_take_a_file_refuses_it_by_name() {
        let pdf = with(vec![
            Attachment::from_bytes("r.pdf", b"%PDF-1.4".to_vec()).unwrap()
        ]);
        for kind in [ProviderKind::Ollama, ProviderKind::Compatible] {
            let e = check(kind, std::slice::from_ref(&pdf)).unwrap_err();
            assert_eq!(e.code, ErrorCode::UnsupportedInput);
            assert!(
                e.message
                    .contains("does not take PDFs (r.pdf was attached)"),
                "{}",
                e.message
            );
        }
        for kind in [
            ProviderKind::OpenRouter,
            ProviderKind::OpenAi,
            ProviderKind::Anthropic,
            ProviderKind::Gemini,
        ] {
            assert!(check(kind, std::slice::from_ref(&pdf)).is_ok(), "{kind:?}");
        }
        let mut big = Attachment::from_bytes("big.png", PNG.to_vec()).unwrap();
        big.size = 6 * 1024 * 1024;
        let m = with(vec![big]);
        assert!(check(ProviderKind::Anthropic, std::slice::from_ref(&m))
            .unwrap_err()
            .message
            .starts_with("Anthropic takes images of at most 5 MB; big.png is 6.0 MB"));
        assert!(check(ProviderKind::OpenAi, std::slice::from_ref(&m)).is_ok());
        let lost = with(vec![Attachment::from_bytes("p.png", PNG.to_vec())
            .unwrap()
            .without_data()]);
        let e = check(ProviderKind::OpenAi, &[lost]).unwrap_err();
        assert_eq!(e.code, ErrorCode::FileMissing);
        assert!(e
            .message
            .contains("p.png was attached, but its bytes are not in this history"));
    }

    #[test]
    fn files_together_are_limited_like_one() {
        let mut a = Attachment::from_bytes("a.txt", b"a".to_vec()).unwrap();
        a.size = 12 * 1024 * 1024;
        assert!(check_total(std::slice::from_ref(&a)).is_ok());
        let e = check_total(&[a.clone(), a]).unwrap_err();
        assert_eq!(e.code(), "attachments_too_large");
        assert_eq!(e.to_string(), "the attached files weigh 24.0 MB together — the most one prompt can carry is 20 MB (Gemini's limit for a whole request)");
    }
}
