//! The history as a whole: where it lives and how big it is, a backup, an export of everything,
//! an import, and clearing it. Paths come from the person (a file dialog or the command line);
//! nothing here overwrites an existing file.

use std::path::{Path, PathBuf};

use parallax_store::export::{self, ImportError};
use parallax_store::{Store, StoreError};
use serde::Serialize;
use ts_rs::TS;

use crate::{AppCode, AppError};

/// Where the history lives and how big it is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DataInfo {
    pub data_dir: String,
    pub database_path: String,
    /// The database file with its write-ahead log, in bytes.
    #[ts(type = "number")]
    pub database_bytes: u64,
    pub comparisons: u32,
    /// Where the log files are (`crate::log`): one per program and day, to attach to a report.
    pub log_dir: String,
}

pub fn data_info(store: &Store) -> Result<DataInfo, AppError> {
    let path = store.path();
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let wal = path.with_extension("db-wal");
    let comparisons = store.count_comparisons()?;
    Ok(DataInfo {
        data_dir: path
            .parent()
            .map(|d| d.display().to_string())
            .unwrap_or_default(),
        database_path: path.display().to_string(),
        database_bytes: size(path) + size(&wal),
        comparisons,
        log_dir: path
            .parent()
            .map(|d| crate::log::log_dir(d).display().to_string())
            .unwrap_or_default(),
    })
}

fn refuse_existing(path: &Path) -> Result<(), AppError> {
    if path.exists() {
        return Err(AppError::app(
            AppCode::InvalidInput,
            format!("{} already exists; choose another name", path.display()),
        )
        .on("path"));
    }
    Ok(())
}

fn io_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::app(
        AppCode::DataDir,
        format!("could not write {}: {e}", path.display()),
    )
    .on("path")
}

/// Where a backup or an export goes when the person does not choose: a dated file in a folder
/// beside the database (`backups/parallax-2026-11-30T0512.db`, `exports/…jsonl`), never over an
/// existing file (a counter is added).
pub fn default_path(store: &Store, folder: &str, extension: &str, now_ms: i64) -> PathBuf {
    let dir = store
        .path()
        .parent()
        .map_or_else(|| PathBuf::from(folder), |d| d.join(folder));
    let stamp = utc_stamp(now_ms);
    let mut path = dir.join(format!("parallax-{stamp}.{extension}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("parallax-{stamp}-{n}.{extension}"));
        n += 1;
    }
    path
}

/// `2026-11-30T0512` (UTC) from unix milliseconds: sortable and safe in a file name.
fn utc_stamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!(
        "{}T{:02}{:02}",
        parallax_store::civil_day(days),
        rem / 3600,
        rem % 3600 / 60
    )
}

/// A path a person chose in the app (a file dialog, a typed path), checked before anything is
/// read or written: absolute (the app has no working folder a relative path could mean) and in
/// a folder that exists (a dialog offers no other; a typo is not a reason to create folders).
pub fn chosen_path(path: &str) -> Result<PathBuf, AppError> {
    let path = PathBuf::from(path.trim());
    let refuse = |why: String| Err(AppError::app(AppCode::InvalidInput, why).on("path"));
    if !path.is_absolute() {
        return refuse(format!(
            "{} is not a full path: choose the file in the dialog, or type it from /",
            path.display()
        ));
    }
    match path.parent() {
        Some(dir) if dir.is_dir() => Ok(path),
        Some(dir) => refuse(format!("there is no folder {}", dir.display())),
        None => refuse(format!("{} is not a file", path.display())),
    }
}

/// A consistent copy of the whole database (even while comparisons run).
pub fn backup(store: &Store, path: &Path) -> Result<(), AppError> {
    refuse_existing(path)?;
    create_parent(path)?;
    Ok(store.backup_to(path)?)
}

fn create_parent(path: &Path) -> Result<(), AppError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))
        }
        _ => Ok(()),
    }
}

/// Every comparison, oldest first, one JSON export per line (each line is what
/// `parallax history export --format json` writes, on one line). Returns how many.
pub fn export_all(store: &Store, path: &Path) -> Result<u32, AppError> {
    export_ids(store, &store.comparison_ids()?, path)
}

/// The comparisons `ids` (History's selection) as JSON Lines at `path`, in that order; Import
/// reads the file back. Refuses an empty selection and an unknown id (nothing written).
pub fn export_selected(store: &Store, ids: &[String], path: &Path) -> Result<u32, AppError> {
    if ids.is_empty() {
        return Err(AppError::app(AppCode::InvalidInput, "no comparison is selected").on("ids"));
    }
    export_ids(store, ids, path)
}

fn export_ids(store: &Store, ids: &[String], path: &Path) -> Result<u32, AppError> {
    refuse_existing(path)?;
    let mut out = String::new();
    let mut n = 0;
    for id in ids {
        let mut c = store.get_comparison(id)?;
        // The files' bytes go with them: an import must lose nothing.
        store.fill_comparison_attachments(&mut c)?;
        let line: serde_json::Value =
            serde_json::from_str(&export::to_json(&c)).expect("an export is JSON");
        out.push_str(&line.to_string());
        out.push('\n');
        n += 1;
    }
    create_parent(path)?;
    std::fs::write(path, out).map_err(|e| io_error(path, e))?;
    Ok(n)
}

/// Where everything was exported, and how many comparisons.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportSummary {
    pub path: String,
    pub comparisons: u32,
}

/// Imports a JSON export, or JSON Lines of them: every comparison or none (each is checked
/// first; an id already in this history refuses the whole file). Returns how many.
/// The largest file `import_file` reads (all of it is parsed before anything is written).
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

pub fn import_file(store: &Store, path: &Path) -> Result<u32, AppError> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_IMPORT_BYTES {
            return Err(AppError::app(
                AppCode::InvalidInput,
                format!(
                    "{} is {:.1} GiB; an import reads at most 1 GiB (split it: each line of an \
                     \"export everything\" file is one comparison); nothing was imported",
                    path.display(),
                    meta.len() as f64 / f64::from(1u32 << 30)
                ),
            )
            .on("path"));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::app(
            AppCode::InvalidInput,
            format!("could not read {}: {e}", path.display()),
        )
        .on("path")
    })?;
    let refused = |line: Option<usize>, e: ImportError| {
        let e = match e {
            // A record the history refused as it was being written (a file whose bytes are not
            // the file it names): the file's problem, said with its path like any other.
            ImportError::Store(StoreError::Invalid(m)) => ImportError::Invalid(m),
            // The history could not be written: the machine's problem, not the file's.
            ImportError::Store(e) => return AppError::from(e),
            e => e,
        };
        let at = line.map_or_else(String::new, |l| format!(" (line {l})"));
        AppError::app(
            AppCode::InvalidInput,
            format!("{}{at}: {e}; nothing was imported", path.display()),
        )
        .on("path")
    };
    // One JSON document (an export, pretty-printed or not), else JSON Lines of exports.
    let list = if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
        vec![export::parse_json(&text).map_err(|e| refused(None, e))?]
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| export::parse_json(l).map_err(|e| refused(Some(i + 1), e)))
            .collect::<Result<Vec<_>, _>>()?
    };
    if list.is_empty() {
        return Err(AppError::app(
            AppCode::InvalidInput,
            format!("{} holds no export; nothing was imported", path.display()),
        )
        .on("path"));
    }
    store
        .import_comparisons(&list)
        .map_err(|e| refused(None, e))?;
    Ok(list.len() as u32)
}

/// The formats one comparison is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A metrics table then every answer, to read or paste.
    Markdown,
    /// Every field, re-importable.
    Json,
    /// One row per answer, for spreadsheets.
    Csv,
}

/// One comparison as text in `format`.
pub fn export_text(store: &Store, id: &str, format: ExportFormat) -> Result<String, AppError> {
    let mut c = store.get_comparison(id)?;
    Ok(match format {
        ExportFormat::Markdown => export::to_markdown(&c),
        ExportFormat::Json => {
            // JSON keeps everything for re-import, attached files' bytes included.
            store.fill_comparison_attachments(&mut c)?;
            export::to_json(&c)
        }
        ExportFormat::Csv => export::to_csv(&c),
    })
}

/// One comparison in `format` written to `path` (never overwrites): Compare's Export. The
/// text is exactly `export_text`'s, so the file and the clipboard copy agree.
pub fn save_export(
    store: &Store,
    id: &str,
    format: ExportFormat,
    path: &Path,
) -> Result<(), AppError> {
    refuse_existing(path)?;
    let text = export_text(store, id, format)?;
    create_parent(path)?;
    std::fs::write(path, text).map_err(|e| io_error(path, e))
}

/// A table as the person sees it (Analytics' numbers, a chart's data) saved as CSV at `path`
/// (never overwrites). The first row is the header; every row has as many cells.
pub fn save_table(rows: &[Vec<String>], path: &Path) -> Result<(), AppError> {
    let width = rows.first().map_or(0, Vec::len);
    if width == 0 {
        return Err(AppError::app(AppCode::InvalidInput, "there is no table to save").on("rows"));
    }
    if let Some(i) = rows.iter().position(|r| r.len() != width) {
        return Err(AppError::app(
            AppCode::InvalidInput,
            format!(
                "row {} has {} cells, the header {width}",
                i + 1,
                rows[i].len()
            ),
        )
        .on("rows"));
    }
    refuse_existing(path)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Model names and titles are untrusted: nothing a spreadsheet would run as a formula.
        w.write_record(
            r.iter()
                .map(|c| parallax_store::export::spreadsheet_safe(c).into_owned()),
        )
        .expect("writes to memory");
    }
    let bytes = w.into_inner().expect("writes to memory");
    create_parent(path)?;
    std::fs::write(path, bytes).map_err(|e| io_error(path, e))
}

/// An answer the history could not take (a full disk, a locked or damaged database), kept only
/// in its column, saved as Markdown (`# model`, then the text as the model wrote it) at `path`,
/// which the person chose (never overwrites): closing the app then loses nothing.
pub fn save_answer(model: &str, text: &str, path: &Path) -> Result<(), AppError> {
    refuse_existing(path)?;
    create_parent(path)?;
    std::fs::write(path, format!("# {model}\n\n{text}\n")).map_err(|e| io_error(path, e))
}

/// Deletes every comparison; returns how many there were. Today's spend is kept for the daily
/// cap (clearing history is not a way around a budget).
pub fn clear_history(store: &Store, now_ms: i64) -> Result<u32, AppError> {
    Ok(store.clear_history(parallax_engine::budget::day_start_ms(now_ms))?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chosen_path_is_absolute_and_in_a_folder_that_exists() {
        let tmp = std::env::temp_dir();
        let inside = tmp.join("parallax-chosen.md");
        assert_eq!(
            super::chosen_path(&format!(" {} ", inside.display())).unwrap(),
            inside
        );
        for bad in [
            "answer.md".to_owned(),
            "./answer.md".to_owned(),
            tmp.join("parallax-no-such-folder-7/answer.md")
                .display()
                .to_string(),
            "/".to_owned(),
        ] {
            let e = super::chosen_path(&bad).unwrap_err();
            assert_eq!(
                e.code,
                crate::AppErrorCode::App(crate::AppCode::InvalidInput),
                "{bad}"
            );
            assert_eq!(e.field.as_deref(), Some("path"), "{bad}");
        }
        assert!(
            !tmp.join("parallax-no-such-folder-7").exists(),
            "no folder was created"
        );
    }

    #[test]
    fn a_table_is_saved_as_csv_quoted_where_needed_and_never_over_a_file() {
        let dir = std::env::temp_dir().join(format!("parallax-table-{}", std::process::id()));
        let path = dir.join("spend.csv");
        let _ = std::fs::remove_dir_all(&dir);
        let rows = vec![
            vec!["model".to_string(), "cost_usd".to_string()],
            vec!["a, \"quoted\" model".to_string(), "0.5".to_string()],
            vec!["=HYPERLINK(\"http://x\")".to_string(), "-0.5".to_string()],
        ];
        super::save_table(&rows, &path).unwrap();
        // A formula is text ('=…); a negative number stays a number.
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "model,cost_usd\n\"a, \"\"quoted\"\" model\",0.5\n\"'=HYPERLINK(\"\"http://x\"\")\",-0.5\n"
        );
        let again = super::save_table(&rows, &path).unwrap_err();
        assert!(
            again.message.contains("already exists"),
            "{}",
            again.message
        );
        let ragged = super::save_table(
            &[vec!["a".into(), "b".into()], vec!["1".into()]],
            &dir.join("x.csv"),
        )
        .unwrap_err();
        assert_eq!(ragged.message, "row 2 has 1 cells, the header 2");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unsaved_answer_is_saved_as_markdown_and_never_over_a_file() {
        let dir = std::env::temp_dir().join(format!("parallax-answer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("nested").join("answer.md");
        super::save_answer("openai/gpt-4o-mini", "Line one.\n\n`code`", &path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# openai/gpt-4o-mini\n\nLine one.\n\n`code`\n"
        );
        let again = super::save_answer("m", "other", &path).unwrap_err();
        assert!(
            again.message.contains("already exists"),
            "{}",
            again.message
        );
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .contains("Line one."));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn file_stamps_are_utc_civil_dates() {
        // 2026-11-30 05:12:59 UTC, computed by hand: 20,787 days after 1970-01-01, plus 18,779 s.
        assert_eq!(super::utc_stamp(1_796_015_579_000), "2026-11-30T0512");
        assert_eq!(super::utc_stamp(0), "1970-01-01T0000");
        // A leap day.
        assert_eq!(super::utc_stamp(951_782_400_000), "2000-02-29T0000");
    }
}
