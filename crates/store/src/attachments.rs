//! Attached files in history (migration 0017): each file's bytes kept once by SHA-256 in
//! `attachments`, tied to the slots that sent it by `attachment_uses`.
//!
//! Invariants:
//! - A slot's `messages_json` never holds a file's bytes, only what names it
//!   (`Attachment::without_data`); [`messages_json`] is the one way slots' messages are written.
//! - A use is written only for a file whose bytes are here (an import of an export made without
//!   them keeps the names and no use), so every use resolves.
//! - A file no slot uses is deleted with the comparison that last used it ([`drop_unused`]).

use parallax_llm::{Attachment, Message};
use rusqlite::{params, OptionalExtension, Transaction};

use crate::{ComparisonRecord, Store, StoreError};

/// Saves the bytes of every file in `messages` (once per hash), ties them to `slot_id`, and
/// returns the messages as JSON without the bytes.
pub(crate) fn messages_json(
    tx: &Transaction<'_>,
    slot_id: &str,
    messages: &[Message],
) -> Result<String, StoreError> {
    let mut kept = Vec::with_capacity(messages.len());
    for m in messages {
        let mut m = m.clone();
        for a in &mut m.attachments {
            if let Some(data) = &a.data {
                // Bytes from outside (an import) must be the file they name.
                let named = a.clone().verified().ok().map(|v| v.sha256);
                if named.as_deref() != Some(a.sha256.as_str()) {
                    return Err(StoreError::Invalid(format!(
                        "the attached file {} is not the file its record names (its bytes do not hash to {})",
                        a.name, a.sha256
                    )));
                }
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO attachments (sha256, media_type, size, data)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![a.sha256, a.media_type, a.size, &data[..]])?;
            }
            tx.prepare_cached(
                "INSERT OR IGNORE INTO attachment_uses (slot_id, sha256)
                 SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?2)",
            )?
            .execute(params![slot_id, a.sha256])?;
            *a = a.without_data();
        }
        kept.push(m);
    }
    Ok(serde_json::to_string(&kept).expect("plain JSON"))
}

/// Deletes the files no slot uses any more (after slots were deleted).
pub(crate) fn drop_unused(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM attachments WHERE NOT EXISTS
           (SELECT 1 FROM attachment_uses u WHERE u.sha256 = attachments.sha256)",
        [],
    )?;
    Ok(())
}

impl Store {
    /// Puts back the bytes of every attached file in `messages` that history holds (a file it
    /// does not hold stays without them; `llm::attachment::check` refuses to send it).
    pub fn fill_attachments(&self, messages: &mut [Message]) -> Result<(), StoreError> {
        for m in messages {
            self.fill_files(&mut m.attachments)?;
        }
        Ok(())
    }

    /// Puts back the bytes of every file in `files` that history holds.
    pub fn fill_files(&self, files: &mut [Attachment]) -> Result<(), StoreError> {
        if files.iter().all(|a| a.data.is_some()) {
            return Ok(());
        }
        let conn = self.read();
        let mut stmt = conn.prepare_cached("SELECT data FROM attachments WHERE sha256 = ?1")?;
        for a in files.iter_mut().filter(|a| a.data.is_none()) {
            let data: Option<Vec<u8>> = stmt.query_row([&a.sha256], |r| r.get(0)).optional()?;
            a.data = data.map(parallax_llm::attachment::FileBytes::from);
        }
        Ok(())
    }

    /// A comparison with its files' bytes in every slot's messages: what a JSON export carries,
    /// so that importing it loses nothing.
    pub fn fill_comparison_attachments(&self, c: &mut ComparisonRecord) -> Result<(), StoreError> {
        for s in &mut c.slots {
            self.fill_attachments(&mut s.messages)?;
        }
        Ok(())
    }

    /// How many files history keeps and their bytes together.
    pub fn attachment_totals(&self) -> Result<(u64, u64), StoreError> {
        Ok(self.read().query_row(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM attachments",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
