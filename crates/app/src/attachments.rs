//! Files attached to a prompt, read the one way both front ends read them: from a path the
//! person named (the CLI's `--attach`, the app's file dialog, a file dropped on the window) or
//! from bytes the page already holds (a pasted image).
//!
//! Invariant: a file too large is refused from its size before a byte of it is read, so naming
//! a 4 GB file costs nothing; every refusal names the file (`AppCode::InvalidAttachment`, field
//! `attachments`).

use std::path::Path;

use parallax_llm::attachment::MAX_ATTACHMENT_BYTES;
use parallax_llm::{Attachment, AttachmentError};

use crate::error::{AppCode, AppError};

fn refused(message: impl Into<String>) -> AppError {
    AppError::app(AppCode::InvalidAttachment, message).on("attachments")
}

/// Reads the file at `path` as an attachment.
pub fn read(path: &Path) -> Result<Attachment, AppError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => refused(format!("{shown}: no such file")),
        std::io::ErrorKind::PermissionDenied => refused(format!(
            "{shown}: permission denied (the file cannot be read)"
        )),
        _ => refused(format!("{shown} cannot be read: {e}")),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string());
    if meta.is_dir() {
        return Err(refused(format!(
            "{shown} is a folder: attach the files in it one by one"
        )));
    }
    if meta.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooLarge {
            name,
            size: meta.len(),
            limit: MAX_ATTACHMENT_BYTES,
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| refused(format!("{shown} cannot be read: {e}")))?;
    Ok(Attachment::from_bytes(&name, bytes)?)
}

/// An attachment of bytes the page holds (a pasted or dropped image), named `name`.
pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Attachment, AppError> {
    Ok(Attachment::from_bytes(name, bytes)?)
}

/// The same, from the bytes as base64 (how the page sends a file over IPC).
pub fn from_base64(name: &str, data: &str) -> Result<Attachment, AppError> {
    use base64::Engine as _;
    // Refused from its length before decoding: base64 is 4 characters for 3 bytes.
    if data.len() as u64 / 4 * 3 > MAX_ATTACHMENT_BYTES + 3 {
        return Err(AttachmentError::TooLarge {
            name: name.to_owned(),
            size: data.len() as u64 / 4 * 3,
            limit: MAX_ATTACHMENT_BYTES,
        }
        .into());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|_| {
            refused(format!(
                "{name} did not arrive whole (its bytes are not base64): attach it again"
            ))
        })?;
    from_bytes(name, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppErrorCode;

    #[test]
    fn a_missing_file_a_folder_and_a_huge_file_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(&dir.path().join("nope.png")).unwrap_err();
        assert_eq!(e.code, AppErrorCode::App(AppCode::InvalidAttachment));
        assert!(
            e.message.ends_with("nope.png: no such file"),
            "{}",
            e.message
        );
        assert_eq!(e.field.as_deref(), Some("attachments"));
        let e = read(dir.path()).unwrap_err();
        assert!(
            e.message
                .ends_with("is a folder: attach the files in it one by one"),
            "{}",
            e.message
        );
        // A sparse 30 MB file: refused from its size, never read.
        let big = dir.path().join("big.bin");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(30 * 1024 * 1024)
            .unwrap();
        assert_eq!(
            read(&big).unwrap_err().message,
            "big.bin is 30.0 MB — the most a file can be is 20 MB"
        );
    }

    #[test]
    fn bytes_from_the_page_arrive_as_base64() {
        // base64 of "# Notes\n", by hand.
        let a = from_base64("pasted.md", "IyBOb3Rlcwo=").unwrap();
        assert_eq!((a.name.as_str(), a.size), ("pasted.md", 8));
        let e = from_base64("x.png", "not base64!").unwrap_err();
        assert_eq!(
            e.message,
            "x.png did not arrive whole (its bytes are not base64): attach it again"
        );
    }

    #[test]
    fn a_file_is_read_with_its_name_kind_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.md");
        std::fs::write(&p, "# Notes\n").unwrap();
        let a = read(&p).unwrap();
        assert_eq!(
            (a.name.as_str(), a.media_type.as_str(), a.size),
            ("notes.md", "text/plain", 8)
        );
        assert_eq!(a.data.as_deref(), Some(&b"# Notes\n"[..]));
    }
}
