//! Disk faults (issue 14). A full disk: the data directory on a 1 MiB tmpfs, and an answer of
//! ~2 MB streaming into it. The save fails part-way; the answer is still printed whole, the reason names the
//! file, the exit code is 74 (EX_IOERR), and the database is not left half-written: SQLite's
//! integrity check passes and the next command sees what was saved as an interrupted answer
//! whose text is the beginning of what was printed.
//!
//! A read-only folder (the same tmpfs remounted read-only; tests run as root, whom permission
//! bits do not stop): every command that reads still works, without writing a byte there; a
//! comparison is refused before anything is sent, naming the file; a write (a tag) is refused
//! the same way; both exit 74.
//!
//! A folder removed while a comparison runs (no mount needed): every answer printed whole, none
//! reported saved, the file named once, exit 74.
//!
//! Needs to mount a tmpfs (root with CAP_SYS_ADMIN, as the test machines run). Where that is not
//! allowed the tests say so and pass — except under CI=true, where the machine should allow it.

use serde_json::Value;

mod common;
use common::{json_of, mock, parallax, spawn_parallax};

/// A tmpfs of `size` mounted on `dir` for the guard's life.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: &std::path::Path, size: &str) -> Option<Tmpfs> {
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_owned()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The tmpfs, or `None` after saying the test is skipped (failing under CI=true).
fn tmpfs_or_skip(dir: &std::path::Path, size: &str, test: &str) -> Option<Tmpfs> {
    let disk = Tmpfs::mount(dir, size);
    if disk.is_none() {
        let why =
            format!("SKIPPED {test}: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}");
        eprintln!("{why}");
    }
    disk
}

fn remount(dir: &std::path::Path, options: &str) {
    let ok = std::process::Command::new("mount")
        .args(["-o", &format!("remount,{options}")])
        .arg(dir)
        .status()
        .unwrap();
    assert!(ok.success(), "mount -o remount,{options}");
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        out.push(p.clone());
        if p.is_dir() {
            out.extend(walk(&p));
        }
    }
    out
}

/// A vanished folder needs no mount: the data directory is removed while a comparison streams.
/// The answers are printed whole; none is reported saved (even one that finished before the
/// removal went into a file no history will read); the reason names the file; exit 74.
#[test]
fn a_folder_removed_mid_run_loses_no_printed_answer_and_says_none_was_saved() {
    let base = mock();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("history");
    let child = spawn_parallax(
        &base,
        &data,
        &[
            "compare",
            "-m",
            "mock/custom@ttft=20,tps=50,tokens=60",
            "-m",
            "mock/custom@ttft=20,tps=10000,tokens=5",
            "--json",
            "the folder goes away",
        ],
    );
    std::thread::sleep(std::time::Duration::from_millis(600));
    std::fs::remove_dir_all(&data).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(74), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the result is printed");
    let words = |n| {
        (0..n)
            .map(mock_provider::script_word)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(doc["slots"][0]["text"], words(60), "the slow answer, whole");
    assert_eq!(doc["slots"][1]["text"], words(5), "the quick one, whole");
    let db = data.join("parallax.db").display().to_string();
    for slot in doc["slots"].as_array().unwrap() {
        let why = slot["unsaved"]
            .as_str()
            .expect("each says it was not saved");
        assert!(
            why.contains(&db) && why.contains("removed or moved"),
            "{why}"
        );
        assert_eq!(why.matches(&db).count(), 1, "the file named once: {why}");
    }
    assert!(err.contains("is gone"), "{err}");
}

#[test]
fn a_read_only_folder_is_read_and_every_write_is_refused_naming_the_file() {
    let base = mock();
    let dir = tempfile::tempdir().unwrap();
    let Some(_disk) = tmpfs_or_skip(dir.path(), "8m", "a_read_only_folder") else {
        return;
    };
    let data = dir.path();
    let first = json_of(parallax(&base, data).args([
        "compare",
        "-m",
        "mock/fast",
        "--json",
        "written before the folder became read-only",
    ]));
    let id = first["id"].as_str().unwrap().to_owned();
    let requests = common::mock_requests(&base)["mock/fast"].clone();
    remount(data, "ro");
    let before = names_in(data);

    let refused = parallax(&base, data)
        .args(["compare", "-m", "mock/fast", "asked while read-only"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(74));
    let err = String::from_utf8_lossy(&refused.stderr);
    let db = data.join("parallax.db");
    assert!(
        err.contains(&db.display().to_string()) && err.contains("read-only"),
        "names the file and why: {err}"
    );
    assert_eq!(
        common::mock_requests(&base)["mock/fast"],
        requests,
        "nothing was sent (nothing spent, nothing lost)"
    );

    // Everything that reads works there.
    let listed = json_of(parallax(&base, data).args(["history", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let hits = json_of(parallax(&base, data).args(["history", "search", "read-only", "--json"]));
    assert_eq!(hits["groups"][0]["comparison_id"], id.as_str(), "{hits}");
    json_of(parallax(&base, data).args(["stats", "--json"]));
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("kept.json");
    parallax(&base, data)
        .args(["history", "export", &id, "--format", "json", "--out"])
        .arg(&file)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("written before"));
    parallax(&base, data)
        .args(["db", "check"])
        .assert()
        .success();
    // A write is refused as the comparison was.
    let tag = parallax(&base, data)
        .args(["history", "tag", &id, "--add", "kept"])
        .output()
        .unwrap();
    assert_eq!(tag.status.code(), Some(74));
    assert!(String::from_utf8_lossy(&tag.stderr).contains("read-only"));
    assert_eq!(names_in(data), before, "not a byte was written there");

    // Writable again: everything works as before.
    remount(data, "rw");
    parallax(&base, data)
        .args(["history", "tag", &id, "--add", "kept"])
        .assert()
        .success();
    let store = parallax_store::Store::open_in_dir(data).unwrap();
    assert_eq!(store.get_comparison(&id).unwrap().tags, ["kept"]);
}

#[test]
fn a_disk_that_fills_mid_stream_is_said_and_nothing_is_half_written() {
    let base = mock();
    let dir = tempfile::tempdir().unwrap();
    let Some(_disk) = tmpfs_or_skip(dir.path(), "1m", "a_disk_that_fills_mid_stream") else {
        return;
    };
    let data = dir.path();
    // ~2 MB of answer, in a few seconds: more than the disk holds.
    let child = spawn_parallax(
        &base,
        data,
        &[
            "compare",
            "-m",
            "mock/custom@ttft=50,tps=100000,tokens=300000,chunk=2000",
            "--json",
            "fill the disk",
        ],
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(74),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the result is printed");
    let slot = &doc["slots"][0];
    let printed = slot["text"].as_str().unwrap();
    let whole: Vec<&str> = (0..300_000).map(mock_provider::script_word).collect();
    assert_eq!(printed, whole.join(" "), "the whole answer, printed");
    let why = slot["unsaved"].as_str().expect("says it was not saved");
    assert!(why.contains("parallax.db"), "{why}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not be saved"), "{err}");
    assert!(
        err.contains("full"),
        "the reason says the disk is full: {err}"
    );

    let report = parallax_store::check_database(&data.join("parallax.db"), false).unwrap();
    assert!(report.ok(), "half-written: {:?}", report.problems);
    // The disk still full: the history can still be read (marking the dead run's answer
    // interrupted, which reindexes its text, does not fit and waits for a later open).
    let listed = json_of(parallax(&base, data).args(["history", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Space freed: the next command marks the dead run's answer interrupted.
    remount(data, "size=8m");
    let listed = json_of(parallax(&base, data).args([
        "history",
        "list",
        "--status",
        "interrupted",
        "--json",
    ]));
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "what was saved is kept, as interrupted"
    );
    let id = listed[0]["id"].as_str().unwrap();
    let store = parallax_store::Store::open_in_dir(data).unwrap();
    let saved = &store.get_comparison(id).unwrap().slots[0];
    assert!(
        printed.starts_with(&saved.text),
        "the saved text is the beginning of the answer"
    );
}
