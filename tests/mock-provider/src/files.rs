//! Images and files in requests: each face checks them as its real service does (the content
//! part shapes, base64 that decodes, the media types and sizes it takes) and tells what it was
//! sent, so a test can see that a file reached the model intact.
//!
//! Shapes (the providers' documentation, 2026):
//! - OpenAI-style (OpenRouter, OpenAI, local servers): `content` is a string or a list of parts
//!   `{type: text, text}`, `{type: image_url, image_url: {url}}`, `{type: file, file:
//!   {filename, file_data}}`; the mock takes data URLs only (it fetches nothing). Local servers
//!   (llama.cpp, LM Studio, vLLM) take no `file` part. OpenRouter refuses an image to a model
//!   whose catalog entry lists no image input ("No endpoints found that support image input").
//! - Anthropic: blocks `{type: image|document, source: {type: base64, media_type, data}}`;
//!   images PNG/JPEG/GIF/WebP of at most 5 MB, whose bytes are the type they claim; documents
//!   `application/pdf`.
//! - Gemini: parts `{inlineData: {mimeType, data}}` (or `inline_data`/`mime_type`); a request
//!   of more than 20 MB is refused.
//! - Ollama: `images`, a list of bare base64 strings (a data URL fails to decode).

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::format::Format;
use crate::script::Script;
use crate::validate::{Face, Rejection};

const IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];
const ANTHROPIC_MAX_IMAGE: usize = 5 * 1024 * 1024;
const GEMINI_MAX_REQUEST: usize = 20 * 1024 * 1024;

/// One file a request carried: its media type and its decoded size.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub media_type: String,
    pub bytes: usize,
}

fn decode(data: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(data.as_bytes())
}

/// The media type the bytes really are (the four image formats and PDF).
fn sniffed(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// `data:<type>;base64,<data>` → (type, bytes).
fn data_url(url: &str) -> Option<(&str, Vec<u8>)> {
    let rest = url.strip_prefix("data:")?;
    let (media_type, data) = rest.split_once(";base64,")?;
    Some((media_type, decode(data).ok()?))
}

fn messages(body: &Map<String, Value>) -> &[Value] {
    body.get("messages")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Checks the files of a request in `face`'s rules; returns what it carried.
pub fn check(
    face: Face,
    body: &Map<String, Value>,
    script: &Script,
) -> Result<Vec<Seen>, Rejection> {
    let seen = match face.format {
        Format::OpenRouter | Format::OpenAi => openai_style(face, body)?,
        Format::Anthropic => anthropic(body)?,
        Format::Gemini => gemini(body)?,
        Format::Ollama => ollama(body)?,
    };
    if face.format == Format::OpenRouter
        && !script.vision
        && seen.iter().any(|s| s.media_type.starts_with("image/"))
    {
        return Err(Rejection::with_status(
            404,
            "No endpoints found that support image input",
        ));
    }
    Ok(seen)
}

fn openai_style(face: Face, body: &Map<String, Value>) -> Result<Vec<Seen>, Rejection> {
    let mut seen = Vec::new();
    for (i, m) in messages(body).iter().enumerate() {
        let Some(parts) = m.get("content").and_then(Value::as_array) else {
            continue;
        };
        for (j, part) in parts.iter().enumerate() {
            let at = format!("messages[{i}].content[{j}]");
            match part.get("type").and_then(Value::as_str) {
                Some("text") if part.get("text").is_some_and(Value::is_string) => {}
                Some("text") => {
                    return Err(Rejection::bad(format!("Missing required parameter: '{at}.text'.")).openai(Some(&format!("{at}.text")), Some("missing_required_parameter")))
                }
                Some("image_url") => {
                    let url = part.pointer("/image_url/url").and_then(Value::as_str).unwrap_or("");
                    let param = format!("{at}.image_url.url");
                    match data_url(url) {
                        Some((t, bytes)) if IMAGE_TYPES.contains(&t) => seen.push(Seen { media_type: t.to_owned(), bytes: bytes.len() }),
                        _ if url.starts_with("http") => {
                            return Err(Rejection::bad(format!("the mock fetches no image URLs ({param}): send a base64 data URL")))
                        }
                        _ => {
                            return Err(Rejection::bad(format!(
                                "Invalid '{param}'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value with an invalid format."
                            ))
                            .openai(Some(&param), Some("invalid_value")))
                        }
                    }
                }
                Some("file") if face.local => {
                    return Err(Rejection::bad("unsupported content[].type: file (this server takes text and image_url parts)"))
                }
                Some("file") => {
                    let data = part.pointer("/file/file_data").and_then(Value::as_str).unwrap_or("");
                    let param = format!("{at}.file.file_data");
                    match data_url(data) {
                        Some((t, bytes)) if t == "application/pdf" && sniffed(&bytes) == Some(t) => {
                            seen.push(Seen { media_type: t.to_owned(), bytes: bytes.len() })
                        }
                        _ => {
                            return Err(Rejection::bad(format!(
                                "Invalid file data: '{param}'. Expected a base64-encoded data URL with a supported MIME type (application/pdf)."
                            ))
                            .openai(Some(&param), Some("invalid_value")))
                        }
                    }
                }
                Some(t) => {
                    return Err(Rejection::bad(format!(
                        "Invalid value: '{t}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'."
                    ))
                    .openai(Some(&format!("{at}.type")), Some("invalid_value")))
                }
                None => {
                    return Err(Rejection::bad(format!("Missing required parameter: '{at}.type'.")).openai(Some(&format!("{at}.type")), Some("missing_required_parameter")))
                }
            }
        }
    }
    Ok(seen)
}

fn anthropic(body: &Map<String, Value>) -> Result<Vec<Seen>, Rejection> {
    let mut seen = Vec::new();
    for (i, m) in messages(body).iter().enumerate() {
        let Some(blocks) = m.get("content").and_then(Value::as_array) else {
            continue;
        };
        for (j, b) in blocks.iter().enumerate() {
            let at = format!("messages.{i}.content.{j}");
            let kind = b.get("type").and_then(Value::as_str).unwrap_or("");
            match kind {
                "text" => continue,
                "image" | "document" => {}
                other => {
                    return Err(Rejection::bad(format!(
                        "{at}: Input tag '{other}' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'"
                    )))
                }
            }
            let source = b.get("source").cloned().unwrap_or(Value::Null);
            if source.get("type").and_then(Value::as_str) != Some("base64") {
                return Err(Rejection::bad(format!(
                    "{at}.{kind}.source: the mock takes base64 sources only"
                )));
            }
            let media_type = source
                .get("media_type")
                .and_then(Value::as_str)
                .unwrap_or("");
            let Ok(bytes) = decode(source.get("data").and_then(Value::as_str).unwrap_or("")) else {
                return Err(Rejection::bad(format!(
                    "{at}.{kind}.source.base64.data: invalid base64 data"
                )));
            };
            if kind == "image" {
                if !IMAGE_TYPES.contains(&media_type) {
                    return Err(Rejection::bad(format!(
                        "{at}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"
                    )));
                }
                if bytes.len() > ANTHROPIC_MAX_IMAGE {
                    return Err(Rejection::bad(format!(
                        "{at}.image.source.base64: image exceeds 5 MB maximum: {} bytes > {ANTHROPIC_MAX_IMAGE} bytes",
                        bytes.len()
                    )));
                }
                if sniffed(&bytes) != Some(media_type) {
                    return Err(Rejection::bad(format!(
                        "{at}.image.source.base64: Image does not match the provided media type {media_type}"
                    )));
                }
            } else if media_type != "application/pdf" || sniffed(&bytes) != Some(media_type) {
                return Err(Rejection::bad(format!(
                    "{at}.document.source.base64.media_type: Input should be 'application/pdf', with a PDF's bytes"
                )));
            }
            seen.push(Seen {
                media_type: media_type.to_owned(),
                bytes: bytes.len(),
            });
        }
    }
    Ok(seen)
}

fn gemini(body: &Map<String, Value>) -> Result<Vec<Seen>, Rejection> {
    let size = serde_json::to_vec(body).map_or(0, |b| b.len());
    if size > GEMINI_MAX_REQUEST {
        return Err(Rejection::bad(format!(
            "Request payload size exceeds the limit: {GEMINI_MAX_REQUEST} bytes."
        )));
    }
    let mut seen = Vec::new();
    let contents = body
        .get("contents")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, c) in contents.iter().enumerate() {
        let parts = c
            .get("parts")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (j, p) in parts.iter().enumerate() {
            let Some(inline) = p.get("inlineData").or_else(|| p.get("inline_data")) else {
                continue;
            };
            let field = format!("contents[{i}].parts[{j}].inline_data");
            let media_type = inline
                .get("mimeType")
                .or_else(|| inline.get("mime_type"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let Ok(bytes) = decode(inline.get("data").and_then(Value::as_str).unwrap_or("")) else {
                return Err(Rejection::bad(format!(
                    "Invalid value at '{field}.data' (TYPE_BYTES), Base64 decoding failed"
                ))
                .field(&format!("{field}.data")));
            };
            if media_type.is_empty() {
                return Err(Rejection::bad(format!(
                    "* {field}.mime_type: mime_type is not specified\n"
                ))
                .field(&format!("{field}.mime_type")));
            }
            if sniffed(&bytes) != Some(media_type) {
                return Err(Rejection::bad(format!(
                    "Unable to process input image or document: {field} is not {media_type}"
                )));
            }
            seen.push(Seen {
                media_type: media_type.to_owned(),
                bytes: bytes.len(),
            });
        }
    }
    Ok(seen)
}

fn ollama(body: &Map<String, Value>) -> Result<Vec<Seen>, Rejection> {
    let mut seen = Vec::new();
    for m in messages(body) {
        let Some(images) = m.get("images") else {
            continue;
        };
        let Some(images) = images.as_array() else {
            return Err(Rejection::bad("json: cannot unmarshal into Go struct field Message.messages.images of type []api.ImageData"));
        };
        for img in images {
            let text = img.as_str().unwrap_or("");
            let bytes = decode(text).map_err(|e| {
                Rejection::bad(format!(
                    "illegal base64 data at input byte {}",
                    match e {
                        base64::DecodeError::InvalidByte(at, _) => at,
                        _ => 0,
                    }
                ))
            })?;
            let media_type = sniffed(&bytes)
                .filter(|t| t.starts_with("image/"))
                .ok_or_else(|| {
                    Rejection::bad(
                        "image: unknown format (Ollama takes PNG, JPEG, GIF and WebP images)",
                    )
                })?;
            seen.push(Seen {
                media_type: media_type.to_owned(),
                bytes: bytes.len(),
            });
        }
    }
    Ok(seen)
}

/// The answer of a model sent files: what it received, e.g. "Received image/png (16 bytes) and
/// application/pdf (8 bytes).", one word per token.
pub fn received(seen: &[Seen]) -> String {
    let items: Vec<String> = seen
        .iter()
        .map(|s| format!("{} ({} bytes)", s.media_type, s.bytes))
        .collect();
    format!("Received {}.", items.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUg==";

    fn face(format: Format) -> Face {
        Face {
            format,
            local: false,
        }
    }

    fn vision() -> Script {
        Script::from_model("mock/vision").unwrap()
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn openai_style_faces_take_image_data_urls_and_pdf_files() {
        let req = body(json!({"messages": [{"role": "user", "content": [
            {"type": "text", "text": "hi"},
            {"type": "image_url", "image_url": {"url": format!("data:image/png;base64,{PNG_B64}")}},
            {"type": "file", "file": {"filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERi0xLjQ="}}]}]}));
        let seen = check(face(Format::OpenAi), &req, &vision()).unwrap();
        assert_eq!(
            received(&seen),
            "Received image/png (16 bytes) and application/pdf (8 bytes)."
        );
        // A local server takes no file part; OpenRouter refuses an image to a text-only model.
        let local = Face {
            format: Format::OpenAi,
            local: true,
        };
        assert!(check(local, &req, &vision())
            .unwrap_err()
            .message
            .contains("unsupported content[].type: file"));
        let text_only = Script::from_model("mock/fast").unwrap();
        let r = check(face(Format::OpenRouter), &req, &text_only).unwrap_err();
        assert_eq!(
            (r.status, r.message.as_str()),
            (404, "No endpoints found that support image input")
        );
        assert!(check(face(Format::OpenRouter), &req, &vision()).is_ok());
        let bad = body(json!({"messages": [{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": "data:image/png,notbase64"}}]}]}));
        assert!(check(face(Format::OpenAi), &bad, &vision())
            .unwrap_err()
            .message
            .starts_with("Invalid 'messages[0].content[0].image_url.url'"));
    }

    #[test]
    fn anthropic_checks_the_media_type_against_the_bytes() {
        let block = |t: &str| {
            body(json!({"messages": [{"role": "user", "content": [
            {"type": "image", "source": {"type": "base64", "media_type": t, "data": PNG_B64}},
            {"type": "text", "text": "hi"}]}]}))
        };
        assert_eq!(
            check(face(Format::Anthropic), &block("image/png"), &vision())
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            check(face(Format::Anthropic), &block("image/jpeg"), &vision()).unwrap_err().message,
            "messages.0.content.0.image.source.base64: Image does not match the provided media type image/jpeg"
        );
        assert!(
            check(face(Format::Anthropic), &block("image/bmp"), &vision())
                .unwrap_err()
                .message
                .contains("Input should be 'image/jpeg'")
        );
    }

    #[test]
    fn gemini_reads_inline_data_and_ollama_bare_base64() {
        let g = body(json!({"contents": [{"role": "user", "parts": [
            {"inlineData": {"mimeType": "image/png", "data": PNG_B64}}, {"text": "hi"}]}]}));
        assert_eq!(
            check(face(Format::Gemini), &g, &vision()).unwrap()[0].bytes,
            16
        );
        let o = body(json!({"messages": [{"role": "user", "content": "hi", "images": [PNG_B64]}]}));
        assert_eq!(
            check(face(Format::Ollama), &o, &vision()).unwrap()[0].media_type,
            "image/png"
        );
        let url = body(
            json!({"messages": [{"role": "user", "content": "hi", "images": [format!("data:image/png;base64,{PNG_B64}")]}]}),
        );
        assert_eq!(
            check(face(Format::Ollama), &url, &vision())
                .unwrap_err()
                .message,
            "illegal base64 data at input byte 4"
        );
    }
}
