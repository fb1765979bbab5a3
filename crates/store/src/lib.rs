//! parallax-store — the SQLite database shared by the app and the `parallax` CLI.
//!
//! Owns: opening the database (pragmas, migrations, refusing what it cannot read), the history of
//! comparisons and their slots, and the settings both front ends share.
//!
//! Invariants:
//! - Schema changes are numbered migrations tracked by `PRAGMA user_version`; a database written
//!   by a newer Parallax is refused and left byte-for-byte untouched.
//! - A file that is not a SQLite database is never modified or deleted; the error names it.
//! - Unknown numbers are stored as NULL, never 0.
//! - API keys are never written here.

pub mod analytics;
mod attachments;
mod catalog;
mod curation;
mod endpoints;
pub mod export;
mod migrate;
mod owner;
mod records;
mod repair;
mod saved;
mod search;
pub mod seed;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};

pub use analytics::{
    civil_day, Analytics, AnalyticsSummary, DaySpend, LeaderboardRow, ModelDaySpend, ModelStats,
    Recommendation, RecommendationKind, Voters, DEFAULT_PRIOR_GAMES,
};
pub use catalog::{CatalogRefresh, PriceChange, PriceChangeKind};
pub use curation::{
    normalize_tag, NewVote, VoteRecord, MAX_NOTES_CHARS, MAX_TAGS, MAX_TAG_CHARS, MAX_TITLE_CHARS,
};
pub use endpoints::CustomEndpoint;
pub use migrate::{create_at_version, SCHEMA_VERSION};
pub use records::*;
#[doc(hidden)]
pub use repair::testing as repair_testing;
pub use repair::{check_database, recover_database, CheckReport, RecoverReport, TableRecovery};
pub use saved::{check_name, Alias, ModelSet};
pub use search::{
    fts_query, group_hits, GroupHit, HistoryFilter, SearchGroup, SearchHit, SearchOrder,
    SearchPage, RECENT_ABOVE,
};

/// The directory both the app and the CLI use, unless `PARALLAX_DATA_DIR` says otherwise.
/// Same identifier as `tauri.conf.json`, so the two front ends meet in one database.
pub const APP_IDENTIFIER: &str = "dev.parallax.desktop";
pub const DATA_DIR_ENV: &str = "PARALLAX_DATA_DIR";
pub const DB_FILE: &str = "parallax.db";

pub fn data_dir() -> Result<PathBuf, StoreError> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or(StoreError::NoDataDir)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not find a data directory for this user; set {DATA_DIR_ENV}")]
    NoDataDir,
    #[error("could not create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} was written by a newer version of Parallax (schema {found}, this version knows up to {supported}). \
         It was left untouched; update Parallax to open it."
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is not a readable Parallax database (it may be corrupt). It was left untouched. \
         Moving it aside (the app offers to; `parallax db move-aside` does it) starts a fresh \
         history and keeps the file."
    )]
    Corrupt { path: PathBuf },
    /// What was looked for (`comparison`, `answer`, `vote`) and its id.
    #[error("no {0} with id {1} in this history")]
    NotFound(&'static str, String),
    /// Input a person can fix (a bad title, a vote between answers of different comparisons).
    #[error("{0}")]
    Invalid(String),
    /// SQLite met a damaged page ("database disk image is malformed") in a database that
    /// opened; the file is the one this thread was using (see `repair.rs`).
    #[error(
        "{} has damaged pages (SQLite: database disk image is malformed), so some of it cannot be \
         read or written. `parallax db check` says what is damaged; `parallax db recover` copies \
         everything still readable into a fresh history and keeps the damaged file beside it.",
        path.as_deref().map_or_else(|| "the history database".to_owned(), |p| p.display().to_string())
    )]
    Damaged { path: Option<PathBuf> },
    /// SQLite could not write because the disk (or the file system's quota) is full.
    #[error(
        "cannot write to {}: the disk is full (SQLite: database or disk is full). Nothing was \
         half-written; free some space and try again.",
        path.as_deref().map_or_else(|| "the history database".to_owned(), |p| p.display().to_string())
    )]
    Full { path: Option<PathBuf> },
    /// SQLite could not write because the file or its directory is read-only.
    #[error(
        "cannot write to {}: it is read-only (SQLite: attempt to write a readonly database). \
         Check the permissions of the file and of its folder.",
        path.as_deref().map_or_else(|| "the history database".to_owned(), |p| p.display().to_string())
    )]
    ReadOnly { path: Option<PathBuf> },
    /// The database file this process opened is no longer at its path: its folder was removed
    /// or moved (or the file replaced) while the process ran. What it writes goes to a file no
    /// history will read.
    #[error(
        "{} is gone: its folder was removed or moved while Parallax ran, so what was written \
         since is in no history. Start Parallax again to use a history there.",
        path.display()
    )]
    Vanished { path: PathBuf },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if repair::is_damage(&e) {
            let path = repair::last_file();
            if let Some(p) = &path {
                repair::note_damaged(p);
            }
            Self::Damaged { path }
        } else if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                rusqlite::ErrorCode::DiskFull => Self::Full {
                    path: repair::last_file(),
                },
                rusqlite::ErrorCode::ReadOnly => Self::ReadOnly {
                    path: repair::last_file(),
                },
                _ => Self::Sqlite(e),
            }
        } else {
            Self::Sqlite(e)
        }
    }
}

impl StoreError {
    /// Stable code for the IPC boundary and the CLI.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoDataDir | Self::CreateDir { .. } | Self::Vanished { .. } => "data_dir",
            Self::NewerVersion { .. } => "database_too_new",
            Self::Corrupt { .. } => "database_corrupt",
            Self::Damaged { .. } => "database_damaged",
            Self::Full { .. } => "disk_full",
            Self::ReadOnly { .. } => "read_only",
            Self::NotFound(..) => "not_found",
            Self::Invalid(_) => "invalid_input",
            Self::Sqlite(_) => "database",
        }
    }
}

/// A handle on the database. Cheap to clone; all clones share two connections.
///
/// Writes go through one connection (SQLite has one writer anyway); history reads go through a
/// second one, so with WAL a search or a history page never waits behind a streaming
/// comparison's partial-text flushes. In memory there is only the one connection.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    reader: Option<Arc<Mutex<Connection>>>,
    path: PathBuf,
    /// The data directory, for owner locks; `None` in memory.
    dir: Option<PathBuf>,
    owner: Arc<owner::Owner>,
    /// `path`, shared cheaply with the thread-local a damaged-page error names its file from.
    file: Arc<Path>,
    /// The file as opened (device and inode), to notice it is no longer at `path`
    /// ([`Store::check_still_there`]); `None` in memory.
    identity: Option<(u64, u64)>,
    /// Opened read-only because its folder cannot be written ([`Store::open_read_only`]).
    read_only: bool,
}

/// A file's device and inode.
fn identity_of(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

impl Store {
    /// Opens (creating if needed) `parallax.db` in `dir`.
    pub fn open_in_dir(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        Self::open(&dir.join(DB_FILE))
    }

    /// Opens (creating if needed) the database at `path`. When its folder cannot be written
    /// (a read-only mount, a folder without write permission) an existing history still opens,
    /// read-only ([`Store::open_read_only`]): it can be read, searched and exported, and every
    /// write is refused as `read_only` naming the file.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        match Self::open_writable(path) {
            Err(e) if !folder_writable(path.parent()) => {
                if !path.exists() {
                    // Nothing to read, and no history can be created there.
                    return Err(StoreError::ReadOnly {
                        path: Some(path.to_owned()),
                    });
                }
                Self::open_read_only(path).map_err(|read| match read {
                    // Not readable either: the first reason is the one to give.
                    StoreError::Sqlite(_) => e,
                    other => other,
                })
            }
            other => other,
        }
    }

    /// The history in a folder that cannot be written, opened for reading only (SQLite's
    /// `immutable`: no journal, no lock files, which a read-only folder could not hold). No
    /// owner lock is claimed and nothing is recovered; a history that would need an upgrade is
    /// refused (the upgrade would be a write).
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let conn = immutable(path)?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(repair::unreadable_at(path))?;
        if found > migrate::SCHEMA_VERSION {
            return Err(StoreError::NewerVersion {
                path: path.to_owned(),
                found,
                supported: migrate::SCHEMA_VERSION,
            });
        }
        if found < migrate::SCHEMA_VERSION {
            return Err(StoreError::ReadOnly {
                path: Some(path.to_owned()),
            });
        }
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA foreign_keys = ON;")?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            reader: None,
            dir: None,
            owner: Arc::new(owner::Owner::claim(None)?),
            file: Arc::from(path),
            identity: identity_of(path),
            read_only: true,
            path: path.to_owned(),
        })
    }

    fn open_writable(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        let mut store = Self::init(conn, path.to_owned(), path.parent().map(Path::to_owned))?;
        let reader = Connection::open(path)?;
        reader.busy_timeout(std::time::Duration::from_secs(5))?;
        // A guard, not a permission: this connection is only ever given to reads.
        reader.execute_batch("PRAGMA query_only = ON; PRAGMA foreign_keys = ON;")?;
        store.reader = Some(Arc::new(Mutex::new(reader)));
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(
            Connection::open_in_memory()?,
            PathBuf::from(":memory:"),
            None,
        )
    }

    fn init(conn: Connection, path: PathBuf, dir: Option<PathBuf>) -> Result<Self, StoreError> {
        migrate::prepare(&conn, &path)?;
        let owner = owner::Owner::claim(dir.as_deref())?;
        let identity = dir.as_ref().and_then(|_| identity_of(&path));
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            reader: None,
            dir,
            owner: Arc::new(owner),
            file: Arc::from(path.as_path()),
            identity,
            read_only: false,
            path,
        })
    }

    /// `Vanished` when the file this store opened is no longer at its path (its folder removed
    /// or moved while the process ran): writes still "succeed" into the orphaned file, so a
    /// writer that must know checks after writing.
    pub fn check_still_there(&self) -> Result<(), StoreError> {
        match self.identity {
            Some(opened) if identity_of(&self.path) != Some(opened) => Err(StoreError::Vanished {
                path: self.path.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Whether this history was opened read-only (its folder cannot be written): reads work,
    /// every write is refused as `read_only`.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub(crate) fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The id this process stamps on the slots it creates (see `owner.rs`).
    pub fn owner_id(&self) -> &str {
        &self.owner.id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (statements are
        // atomic), so a poisoned lock is safe to keep using.
        repair::using(&self.file);
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The connection for writing the history: refused once this process has met a damaged
    /// page in the file, so a run does not go on writing into it (its answers are reported
    /// unsaved, with the way out, instead).
    fn writable(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        if repair::known_damaged(&self.path) {
            return Err(StoreError::Damaged {
                path: Some(self.path.clone()),
            });
        }
        Ok(self.conn())
    }

    /// Runs `f` while holding the write connection, as a long write would. For tests that prove
    /// reads do not wait on writes.
    #[doc(hidden)]
    pub fn while_writing<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self.conn();
        f()
    }

    /// A number that changes whenever another process (the CLI beside the app) has committed
    /// to this database since the last call — SQLite's `data_version` on the write connection,
    /// which this process's own writes leave alone. The app polls it to notice runs it did not
    /// make.
    pub fn others_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The connection for reads that a person waits on (history, search, analytics).
    fn read(&self) -> MutexGuard<'_, Connection> {
        repair::using(&self.file);
        match &self.reader {
            Some(r) => r.lock().unwrap_or_else(|p| p.into_inner()),
            None => self.conn(),
        }
    }

    pub fn get_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets or (with `None`) clears a setting.
    pub fn set_setting(&self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        self.set_settings(&[(key.to_owned(), value.map(str::to_owned))])
    }

    /// Sets (or, with `None`, removes) several settings in one transaction: all or none.
    pub fn set_settings(&self, values: &[(String, Option<String>)]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (key, value) in values {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
            };
        }
        tx.commit()?;
        Ok(())
    }
}

/// `path` opened read-only and `immutable` (no journal, no `-shm`, no locks): the only way SQLite
/// reads a WAL database in a folder it cannot write.
pub(crate) fn immutable(path: &Path) -> rusqlite::Result<Connection> {
    // A URI: `%`, `?` and `#` in the path are escaped so they stay part of the name.
    let name = path
        .display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_URI
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(format!("file:{name}?immutable=1"), flags)
}

/// Whether a file can be created in `dir` (tried, not guessed from permission bits: a read-only
/// mount refuses even root, and root passes any permission check).
pub(crate) fn folder_writable(dir: Option<&Path>) -> bool {
    let dir = dir.unwrap_or(Path::new("."));
    let probe = dir.join(format!(".parallax-write-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}

/// Renames an unreadable or damaged database (and its `-wal`/`-shm` files) to
/// `<name>.corrupt-<at_ms>` beside it, so the next open starts a fresh history while the old
/// bytes are kept for recovery. Only ever done on an explicit request, and refused for a
/// database that opens and passes `quick_check` (or that a newer Parallax wrote: that one is
/// not corrupt).
pub fn move_aside_if_corrupt(path: &Path, at_ms: i64) -> Result<PathBuf, StoreError> {
    if !path.exists() {
        return Err(StoreError::Invalid(format!(
            "there is no database at {}",
            path.display()
        )));
    }
    match Store::open(path) {
        Ok(store) => {
            drop(store);
            if check_database(path, true)?.ok() {
                return Err(StoreError::Invalid(format!(
                    "{} opens and passes SQLite's check; nothing was moved",
                    path.display()
                )));
            }
        }
        Err(StoreError::Corrupt { .. } | StoreError::Damaged { .. }) => {}
        Err(other) => return Err(other),
    }
    let aside = |p: &Path| {
        let mut name = p.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".corrupt-{at_ms}"));
        p.with_file_name(name)
    };
    let target = aside(path);
    let io = |source: std::io::Error| StoreError::CreateDir {
        path: target.clone(),
        source,
    };
    std::fs::rename(path, &target).map_err(io)?;
    repair::forget_damaged(path);
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_os_string();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            std::fs::rename(&side, aside(&side)).map_err(io)?;
        }
    }
    Ok(target)
}
