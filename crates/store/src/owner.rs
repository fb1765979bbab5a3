//! Who owns the slots being streamed, so a crash can be told apart from a run still going in
//! another process (the app and the CLI share one database).
//!
//! Each process that runs comparisons holds an exclusive OS file lock on `owners/<id>.lock` in
//! the data directory for as long as it lives, and stamps its id on the slots it streams. The OS
//! releases the lock when the process dies, however it dies; so at start-up, slots still pending
//! or streaming whose owner's lock can be taken belonged to a dead process and are marked
//! `interrupted`, with the text they had.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::params;

use crate::{Store, StoreError};

/// This process's claim: the id it stamps on slots and the locked file that proves it is alive.
#[derive(Debug)]
pub struct Owner {
    pub id: String,
    // Held for the process's life; dropping it releases the lock.
    lock: Option<(File, PathBuf)>,
}

impl Drop for Owner {
    fn drop(&mut self) {
        // A clean exit tidies up; after a crash the next start-up removes the file.
        if let Some((_, path)) = self.lock.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Owner {
    /// Claims a fresh owner id under `dir/owners/`. Without a directory (in-memory stores) the
    /// owner is never considered dead by anyone else, which is what tests want.
    pub(crate) fn claim(dir: Option<&Path>) -> Result<Owner, StoreError> {
        let id = ulid::Ulid::new().to_string();
        let Some(dir) = dir else {
            return Ok(Owner { id, lock: None });
        };
        let owners = dir.join("owners");
        std::fs::create_dir_all(&owners).map_err(|source| StoreError::CreateDir {
            path: owners.clone(),
            source,
        })?;
        let path = owners.join(format!("{id}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| StoreError::CreateDir {
                path: path.clone(),
                source,
            })?;
        file.try_lock().map_err(|e| StoreError::CreateDir {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(Owner {
            id,
            lock: Some((file, path)),
        })
    }
}

fn lock_path(dir: &Path, owner: &str) -> Option<PathBuf> {
    // Owner ids are ULIDs; anything else in the column is not a path we should touch.
    owner
        .chars()
        .all(|c| c.is_ascii_alphanumeric())
        .then(|| dir.join("owners").join(format!("{owner}.lock")))
}

/// Whether the process that owns `owner` is gone: its lock file is missing or lockable.
fn owner_is_gone(dir: &Path, owner: &str) -> bool {
    let Some(path) = lock_path(dir, owner) else {
        return true;
    };
    match OpenOptions::new().write(true).open(&path) {
        Err(_) => true,
        Ok(f) => f.try_lock().is_ok(),
    }
}

impl Store {
    /// Marks `interrupted` every pending or streaming slot whose owner process is gone, keeping
    /// its partial text, and removes the dead owners' lock files. Returns how many slots changed.
    /// Slots of a process still running (the app while the CLI starts, say) are left alone.
    pub fn recover_interrupted(&self, now_ms: i64) -> Result<usize, StoreError> {
        let Some(dir) = self.dir() else { return Ok(0) };
        let owners: Vec<Option<String>> = {
            let conn = self.conn();
            let mut stmt = conn.prepare(
                "SELECT DISTINCT owner FROM slots WHERE status IN ('pending', 'streaming')",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut changed = 0;
        for owner in owners {
            let gone = match &owner {
                Some(o) if *o == self.owner_id() => false,
                Some(o) => owner_is_gone(dir, o),
                // Written by a version that did not record owners: nobody can still own them.
                None => true,
            };
            if !gone {
                continue;
            }
            changed += self.conn().execute(
                "UPDATE slots SET status = 'interrupted', finished_at = ?2,
                   error_code = COALESCE(error_code, 'stream_interrupted'),
                   error_message = COALESCE(error_message, 'Parallax stopped while this answer was streaming; the text received until then is kept.')
                 WHERE status IN ('pending', 'streaming') AND owner IS ?1",
                params![owner, now_ms],
            )?;
            if let Some(path) = owner.as_deref().and_then(|o| lock_path(dir, o)) {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(changed)
    }
}

/// Whether a live process (the app, another `parallax`) holds an owner lock in `dir`: a file
/// that must not be swapped under it.
pub(crate) fn someone_alive(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir.join("owners")) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".lock")) else {
            return false;
        };
        !owner_is_gone(dir, id)
    })
}
