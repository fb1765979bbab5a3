//! A database with damaged pages: finding out what is damaged, and getting out.
//!
//! Owns: `check_database` (SQLite's `integrity_check`, or `quick_check` when asked to be fast,
//! with each problem tied to the table it is in), `recover_database` (every row that can still
//! be read copied into a fresh database at the current schema; the damaged file kept beside it)
//! and the registry that lets a "malformed" error from anywhere name the file it came from.
//!
//! Invariants:
//! - Nothing here writes to the damaged file: it is opened read-only, then renamed (never
//!   deleted) once the recovered copy is complete and checked.
//! - The recovered database passes `integrity_check` and its foreign keys hold: a row whose
//!   parent was lost (an answer whose comparison's row was damaged) is counted as lost, not kept
//!   half-linked.
//! - The search index is not copied: the triggers rebuild it from the answers as they are copied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::{Store, StoreError};

thread_local! {
    /// The file of the last connection this thread took from a `Store`. A `SQLITE_CORRUPT`
    /// surfaces deep inside a query, far from the path; the conversion into `StoreError` runs
    /// on the same thread right after, so this names the file it came from.
    static LAST_FILE: std::cell::RefCell<Option<Arc<Path>>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn using(path: &Arc<Path>) {
    LAST_FILE.with(|f| {
        let mut f = f.borrow_mut();
        if f.as_ref().is_none_or(|p| !Arc::ptr_eq(p, path)) {
            *f = Some(path.clone());
        }
    });
}

/// The file a damaged-page error is about (`None` for an in-memory database).
pub(crate) fn last_file() -> Option<PathBuf> {
    LAST_FILE
        .with(|f| f.borrow().clone())
        .filter(|p| p.as_os_str() != ":memory:")
        .map(|p| p.to_path_buf())
}

/// Files this process has met a damaged page in: no more history is written to them.
static DAMAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(crate) fn note_damaged(path: &Path) {
    let mut known = DAMAGED.lock().unwrap_or_else(|p| p.into_inner());
    if !known.iter().any(|p| p == path) {
        known.push(path.to_owned());
    }
}

pub(crate) fn forget_damaged(path: &Path) {
    DAMAGED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .retain(|p| p != path);
}

pub(crate) fn known_damaged(path: &Path) -> bool {
    let known = DAMAGED.lock().unwrap_or_else(|p| p.into_inner());
    !known.is_empty() && known.iter().any(|p| p == path)
}

pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.code == ErrorCode::DatabaseCorrupt || f.code == ErrorCode::NotADatabase)
}

/// What `check_database` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub path: PathBuf,
    /// `quick_check` (no index-to-table cross checks) rather than `integrity_check`.
    pub quick: bool,
    /// SQLite's own lines, at most 100 (empty when the file is sound).
    pub problems: Vec<String>,
    /// The tables those lines are about (a damaged index counts as its table's), by name, in
    /// the order first met.
    pub damaged: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Maps SQLite's "not a database" / "malformed" met while opening `path` to `Corrupt` (the file
/// cannot be used at all), anything else to `Sqlite`.
pub(crate) fn unreadable_at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |e| {
        if is_damage(&e) {
            StoreError::Corrupt {
                path: path.to_owned(),
            }
        } else {
            StoreError::Sqlite(e)
        }
    }
}

fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    if !path.exists() {
        return Err(StoreError::Invalid(format!(
            "there is no database at {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // A WAL database in a folder that cannot be written cannot be read this way (SQLite needs
    // its `-shm` beside it): the first read says "unable to open", and the immutable way reads it.
    match conn.query_row("PRAGMA user_version", [], |_| Ok(())) {
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::CannotOpen => {
            Ok(crate::immutable(path)?)
        }
        _ => Ok(conn),
    }
}

/// Runs SQLite's consistency check over the whole file (`quick`: `quick_check`, which skips
/// checking that indexes match their tables and is several times faster), then, for problems
/// SQLite does not tie to a b-tree ("Page 536: btreeInitPage() returns error code 11"), the
/// same check table by table to name the damaged ones.
pub fn check_database(path: &Path, quick: bool) -> Result<CheckReport, StoreError> {
    let conn = open_read_only(path)?;
    let kind = if quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    let unreadable = unreadable_at(path);
    let (problems, stopped) =
        run_check(&conn, &format!("PRAGMA {kind}(100)")).map_err(unreadable)?;
    let names: Vec<(i64, String)> = conn
        .prepare("SELECT rootpage, name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()
        })
        .map_err(unreadable)?;
    // Every b-tree (tables and their indexes) by root page, and each index's table: a damaged
    // index is reported as its table's damage.
    let trees: Vec<(i64, String, String)> = conn
        .prepare("SELECT rootpage, name, tbl_name FROM sqlite_master WHERE rootpage > 0")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()
        })
        .map_err(unreadable)?;
    let roots: HashMap<i64, String> = trees.iter().map(|(r, _, t)| (*r, t.clone())).collect();
    let table_of: HashMap<String, String> = trees
        .iter()
        .map(|(_, n, t)| (n.clone(), t.clone()))
        .collect();
    let mut damaged: Vec<String> = Vec::new();
    let mut untied = stopped;
    for line in &problems {
        match root_of(line)
            .and_then(|root| roots.get(&root).cloned())
            .or_else(|| index_of(line).map(|i| table_of.get(&i).cloned().unwrap_or(i)))
        {
            Some(name) if !damaged.contains(&name) => damaged.push(name),
            Some(_) => {}
            None => untied = true,
        }
    }
    if untied {
        for (_, table) in &names {
            let quoted = table.replace('\'', "''");
            let bad = run_check(&conn, &format!("PRAGMA quick_check('{quoted}')"))
                .map_or(true, |(lines, stopped)| stopped || !lines.is_empty());
            if bad && !damaged.contains(table) {
                damaged.push(table.clone());
            }
        }
    }
    Ok(CheckReport {
        path: path.to_owned(),
        quick,
        problems,
        damaged,
    })
}

/// The problem lines of one check pragma ("ok" left out), and whether SQLite stopped it
/// part-way on a damaged page (it reports what it found, then fails the next step).
fn run_check(conn: &Connection, pragma: &str) -> Result<(Vec<String>, bool), rusqlite::Error> {
    let mut stmt = conn.prepare(pragma)?;
    let mut rows = stmt.query([])?;
    let mut lines = Vec::new();
    loop {
        match rows.next() {
            Ok(Some(r)) => {
                let line: String = r.get(0)?;
                if line != "ok" {
                    lines.push(line);
                }
            }
            Ok(None) => return Ok((lines, false)),
            Err(e) if is_damage(&e) => {
                lines
                    .push("SQLite stopped the check here: database disk image is malformed".into());
                return Ok((lines, true));
            }
            Err(e) => return Err(e),
        }
    }
}

/// The root page in "Tree N page …" (SQLite's wording for a damaged b-tree).
fn root_of(line: &str) -> Option<i64> {
    let rest = &line[line.find("Tree ")? + 5..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The index in "wrong # of entries in index NAME" / "row N missing from index NAME".
fn index_of(line: &str) -> Option<String> {
    let rest = &line[line.find("index ")? + 6..];
    rest.split_whitespace().next().map(str::to_owned)
}

/// What `recover_database` did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecoverReport {
    /// The recovered history, now at the original path.
    #[ts(type = "string")]
    pub path: PathBuf,
    /// The damaged file, renamed beside it (never deleted).
    #[ts(type = "string")]
    pub damaged_kept_at: PathBuf,
    /// Per table: rows copied, and rows that could not be read or had lost their parent.
    pub tables: Vec<TableRecovery>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TableRecovery {
    pub table: String,
    #[ts(type = "number")]
    pub copied: u64,
    /// Rows read but not kept: their parent row was lost (an answer whose comparison was on a
    /// damaged page), or the current schema refuses them.
    #[ts(type = "number")]
    pub lost: u64,
    /// Damaged stretches stepped over: how many rows each held cannot be known.
    #[ts(type = "number")]
    pub damaged_stretches: u64,
}

/// The tables a history holds, parents before children (foreign keys). The search index is
/// left out: the triggers fill it as answers are copied. (A test holds this list to the schema.)
pub(crate) const TABLES: &[&str] = &[
    "settings",
    "comparisons",
    "slots",
    "endpoints",
    "comparison_tags",
    "votes",
    "vote_slots",
    "catalog_snapshots",
    "catalog_models",
    "price_history",
    "model_sets",
    "aliases",
    "model_endpoints",
    "attachments",
    "attachment_uses",
];

/// Copies every row that can still be read from the database at `path` into a fresh one at the
/// current schema, checks it, then renames the damaged file to `<name>.damaged-<at_ms>` (with
/// its `-wal`/`-shm`) and puts the recovered one in its place. Refused while a live process
/// (the app, another command) holds an owner lock in its directory.
pub fn recover_database(path: &Path, at_ms: i64) -> Result<RecoverReport, StoreError> {
    if path.parent().is_some_and(crate::owner::someone_alive) {
        return Err(StoreError::Invalid(format!(
            "{} is in use (the app or another parallax command has it open); close it, then \
             recover",
            path.display()
        )));
    }
    let src = open_read_only(path)?;
    let named = |suffix: &str| {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{suffix}-{at_ms}"));
        path.with_file_name(name)
    };
    let fresh_path = named("recovered");
    let io = |p: &Path| {
        let p = p.to_owned();
        move |source: std::io::Error| StoreError::CreateDir { path: p, source }
    };
    if fresh_path.exists() {
        std::fs::remove_file(&fresh_path).map_err(io(&fresh_path))?;
    }
    let mut tables = Vec::new();
    {
        let fresh = Store::open(&fresh_path)?;
        let conn = fresh.conn();
        conn.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")?;
        for table in TABLES {
            if let Some(t) = copy_table(&src, &conn, table)? {
                tables.push(t);
            }
        }
        // Rows whose parent row was lost: foreign_key_check lists them by table and rowid.
        let orphans: Vec<(String, i64)> = conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
            })?
            .filter_map(|r| match r {
                Ok((t, Some(rowid))) => Some(Ok((t, rowid))),
                Ok((_, None)) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        for (table, rowid) in &orphans {
            conn.execute(
                &format!("DELETE FROM \"{table}\" WHERE rowid = ?1"),
                [rowid],
            )?;
            if let Some(t) = tables.iter_mut().find(|t| t.table == *table) {
                t.copied -= 1;
                t.lost += 1;
            }
        }
        // WITHOUT ROWID children (tags, vote links) have no rowid to report: drop them by key.
        conn.execute_batch(
            "DELETE FROM comparison_tags WHERE comparison_id NOT IN (SELECT id FROM comparisons);
             DELETE FROM vote_slots WHERE vote_id NOT IN (SELECT id FROM votes)
                 OR slot_id NOT IN (SELECT id FROM slots);
             DELETE FROM attachment_uses WHERE slot_id NOT IN (SELECT id FROM slots)
                 OR sha256 NOT IN (SELECT sha256 FROM attachments);
             COMMIT; PRAGMA foreign_keys = ON;",
        )?;
        let bad: Vec<String> = conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        if bad != ["ok"] {
            return Err(StoreError::Invalid(format!(
                "the recovered copy at {} did not pass its own check ({}); the damaged file was \
                 left where it is",
                fresh_path.display(),
                bad.join("; ")
            )));
        }
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    }
    drop(src);
    let kept = named("damaged");
    std::fs::rename(path, &kept).map_err(io(&kept))?;
    for suffix in ["-wal", "-shm"] {
        let side = |p: &Path| {
            let mut s = p.as_os_str().to_os_string();
            s.push(suffix);
            PathBuf::from(s)
        };
        if side(path).exists() {
            std::fs::rename(side(path), side(&kept)).map_err(io(&kept))?;
        }
        if side(&fresh_path).exists() {
            std::fs::remove_file(side(&fresh_path)).map_err(io(&fresh_path))?;
        }
    }
    std::fs::rename(&fresh_path, path).map_err(io(path))?;
    forget_damaged(path);
    Ok(RecoverReport {
        path: path.to_owned(),
        damaged_kept_at: kept,
        tables,
    })
}

/// Copies what can be read of `table` (the columns both schemas have). `None` when the damaged
/// file has no such table (an older schema).
fn copy_table(
    src: &Connection,
    dst: &Connection,
    table: &str,
) -> Result<Option<TableRecovery>, StoreError> {
    let columns = |c: &Connection| -> Vec<String> {
        c.prepare(&format!("PRAGMA table_info(\"{table}\")"))
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(1))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_or_default()
    };
    let theirs = columns(src);
    if theirs.is_empty() {
        return Ok(None);
    }
    let shared: Vec<String> = columns(dst)
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect();
    let list = shared
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; shared.len()].join(", ");
    let mut insert = dst.prepare(&format!(
        "INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})"
    ))?;
    let mut out = TableRecovery {
        table: table.to_owned(),
        copied: 0,
        lost: 0,
        damaged_stretches: 0,
    };
    let mut put = |row: Vec<Value>, out: &mut TableRecovery| -> Result<(), StoreError> {
        match insert.execute(rusqlite::params_from_iter(row)) {
            Ok(1) => out.copied += 1,
            Ok(_) => out.lost += 1,
            // A value the current schema refuses (a CHECK an older row breaks): lost, not fatal.
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == ErrorCode::ConstraintViolation =>
            {
                out.lost += 1
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    };
    let without_rowid: bool = src
        .query_row(
            "SELECT coalesce(instr(upper(sql), 'WITHOUT ROWID') > 0, 0) FROM sqlite_master
             WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap_or(false);
    let width = shared.len();
    if without_rowid {
        // One pass (these tables are small: tags, vote links, providers' lists); a damaged page
        // ends it, and what was read before it is kept.
        let mut stmt = src.prepare(&format!("SELECT {list} FROM \"{table}\""))?;
        let Ok(mut rows) = stmt.query([]) else {
            out.damaged_stretches += 1;
            return Ok(Some(out));
        };
        loop {
            match rows.next() {
                Ok(Some(r)) => match (0..width).map(|i| r.get::<_, Value>(i)).collect() {
                    Ok(row) => put(row, &mut out)?,
                    Err(_) => out.damaged_stretches += 1,
                },
                Ok(None) => break,
                Err(_) => {
                    out.damaged_stretches += 1;
                    break;
                }
            }
        }
        return Ok(Some(out));
    }
    // By rowid, 256 rows at a time. When a read fails, rows one at a time up to the damage (so
    // what precedes it is kept), then past it: the first place further on from which a read
    // succeeds (see `step_over`).
    let mut page = src.prepare(&format!(
        "SELECT rowid, {list} FROM \"{table}\" WHERE rowid > ?1 ORDER BY rowid LIMIT 256"
    ))?;
    let mut one = src.prepare(&format!(
        "SELECT rowid, {list} FROM \"{table}\" WHERE rowid > ?1 ORDER BY rowid LIMIT 1"
    ))?;
    let mut after = i64::MIN;
    loop {
        if let Ok(rows) = read_rows(&mut page, after, width) {
            let Some(last) = rows.last().map(|r| r.0) else {
                break;
            };
            after = last;
            for (_, row) in rows {
                put(row, &mut out)?;
            }
            continue;
        }
        while let Ok(rows) = read_rows(&mut one, after, width) {
            let Some((id, row)) = rows.into_iter().next() else {
                return Ok(Some(out));
            };
            after = id;
            put(row, &mut out)?;
        }
        out.damaged_stretches += 1;
        match step_over(&mut one, after, width) {
            Some(next) => after = next,
            None => break,
        }
    }
    Ok(Some(out))
}

/// Reads the rows after rowid `after` that `stmt` selects.
fn read_rows(
    stmt: &mut rusqlite::Statement<'_>,
    after: i64,
    width: usize,
) -> Result<Vec<(i64, Vec<Value>)>, rusqlite::Error> {
    let mut rows = stmt.query([after])?;
    let mut got = Vec::new();
    while let Some(r) = rows.next()? {
        let row = (1..=width)
            .map(|i| r.get::<_, Value>(i))
            .collect::<Result<Vec<_>, _>>()?;
        got.push((r.get(0)?, row));
    }
    Ok(got)
}

/// Reading after rowid `failed` fails: the smallest `x > failed` after which a read succeeds,
/// by doubling steps and then bisecting back (so readable rows just past the damage are not
/// skipped). `None` when no read succeeds up to the largest rowid.
fn step_over(one: &mut rusqlite::Statement<'_>, failed: i64, width: usize) -> Option<i64> {
    let mut ok = |x: i64| read_rows(one, x, width).is_ok();
    let (mut bad, mut good) = (failed, None);
    let mut step: i64 = 1;
    while good.is_none() {
        let x = failed.checked_add(step)?;
        if ok(x) {
            good = Some(x);
        } else {
            bad = x;
            step = step.checked_mul(2)?;
        }
    }
    let mut good = good?;
    while good - bad > 1 {
        let mid = bad + (good - bad) / 2;
        if ok(mid) {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Some(good)
}

/// Damage made by hand, for the tests of this module's callers (the store's, the CLI's).
#[doc(hidden)]
pub mod testing {
    use std::path::Path;

    fn u16_at(b: &[u8], at: usize) -> usize {
        usize::from(u16::from_be_bytes([b[at], b[at + 1]]))
    }

    fn u32_at(b: &[u8], at: usize) -> usize {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
    }

    /// Overwrites the type byte of the slots table's last leaf page (its newest answers) with
    /// one no b-tree page has, following SQLite's file format; returns how many answers that
    /// page holds (its header's cell count). The database must not be open.
    pub fn damage_newest_answers(path: &Path) -> u64 {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        let root: usize = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'slots'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        drop(conn);
        let mut bytes = std::fs::read(path).unwrap();
        let page_size = match u16_at(&bytes, 16) {
            1 => 65_536,
            n => n,
        };
        // Down the right edge: interior pages (0x05) keep their right-most child at offset 8.
        let mut page = root;
        loop {
            let at = (page - 1) * page_size;
            match bytes[at] {
                0x05 => page = u32_at(&bytes, at + 8),
                0x0d => break,
                other => panic!("page {page} has type {other:#x}, not a table b-tree page"),
            }
        }
        assert_ne!(page, root, "the slots table must span several pages");
        let at = (page - 1) * page_size;
        let cells = u16_at(&bytes, at + 3) as u64;
        bytes[at] = 0x0b;
        std::fs::write(path, &bytes).unwrap();
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table of the current schema is copied by `recover_database` (a new table in a
    /// migration must be added to TABLES), and nothing else but the search index.
    #[test]
    fn recovery_knows_every_table() {
        let store = Store::open_in_memory().unwrap();
        let names: Vec<String> = store
            .conn()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'slots_fts%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut ours: Vec<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
        ours.sort();
        assert_eq!(names, ours);
    }

    #[test]
    fn sqlite_problem_lines_name_their_tree_or_index() {
        assert_eq!(
            root_of("Tree 7 page 31 cell 2: 2nd reference to page 40"),
            Some(7)
        );
        assert_eq!(
            index_of("wrong # of entries in index slots_by_model"),
            Some("slots_by_model".to_owned())
        );
        assert_eq!(root_of("Page 12 is never used"), None);
    }
}
