//! The TypeScript types in `ui/src/backend/bindings/` are generated from the Rust IPC types.
//! This test regenerates them into a temporary directory and fails when the committed files
//! differ. `UPDATE_BINDINGS=1 cargo test -p parallax-desktop --test bindings` (or
//! `make bindings`) rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use ts_rs::TS;

fn export_all(dir: &Path) {
    parallax_desktop::ipc::AppInfo::export_all_to(dir).unwrap();
    parallax_app::settings::SettingsView::export_all_to(dir).unwrap();
    parallax_app::settings::SettingChange::export_all_to(dir).unwrap();
    parallax_app::providers::KeyRow::export_all_to(dir).unwrap();
    parallax_desktop::error::AppError::export_all_to(dir).unwrap();
    parallax_engine::ComparisonSpec::export_all_to(dir).unwrap();
    parallax_engine::ComparisonEvent::export_all_to(dir).unwrap();
    parallax_store::ComparisonSummary::export_all_to(dir).unwrap();
    parallax_store::ComparisonRecord::export_all_to(dir).unwrap();
    parallax_llm::CatalogModel::export_all_to(dir).unwrap();
    parallax_store::CustomEndpoint::export_all_to(dir).unwrap();
    parallax_engine::estimate::Estimate::export_all_to(dir).unwrap();
    parallax_store::SearchPage::export_all_to(dir).unwrap();
    parallax_store::HistoryFilter::export_all_to(dir).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let committed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/backend/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let generated = read_dir(fresh.path());
    assert!(
        generated.len() > 10,
        "expected the full set of IPC types, got {generated:?}"
    );

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed_dir);
        std::fs::create_dir_all(&committed_dir).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }
    let committed = read_dir(&committed_dir);
    let stale: Vec<&String> = generated
        .keys()
        .chain(committed.keys())
        .filter(|k| generated.get(*k) != committed.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "TypeScript bindings are out of date for {stale:?}; run `make bindings` and commit ui/src/backend/bindings/"
    );
}
