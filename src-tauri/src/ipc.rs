//! IPC types that exist only at the shell. Domain types and views come from the core crates and
//! the application layer (re-exported here for the command table); all of them are exported to
//! TypeScript by `tests/bindings.rs`.

use serde::Serialize;
use ts_rs::TS;

use crate::error::AppError;

pub use parallax_app::curation::TagCount;
pub use parallax_app::data::{DataInfo, ExportFormat, ExportSummary};
pub use parallax_app::targets::SavedCatalog;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    /// Set when the history database could not be opened; the UI shows it and stays usable.
    pub database_error: Option<AppError>,
    /// Set when the history opened read-only (its folder cannot be written): what that means.
    pub read_only: Option<String>,
    /// How the window is drawn (GPU compositing or not, and why): Settings → Appearance.
    pub rendering: crate::rendering::Rendering,
}

/// One IPC argument of a command, read with the argument's own name in the error: an argument
/// of the wrong type or shape, or one missing, comes back as the coded error every command
/// returns (`invalid_input`, `field` = the argument's name as the UI sends it) rather than
/// Tauri's own plain-text refusal, so the UI branches on the code there too. The value itself
/// is not repeated when the argument may hold a secret (`apiKey`).
pub struct Arg<T>(pub T);

impl<'de, R: tauri::Runtime, T: serde::de::DeserializeOwned> tauri::ipc::CommandArg<'de, R>
    for Arg<T>
{
    fn from_command(
        item: tauri::ipc::CommandItem<'de, R>,
    ) -> Result<Self, tauri::ipc::InvokeError> {
        let (command, key) = (item.name, item.key);
        serde::Deserialize::deserialize(item)
            .map(Arg)
            .map_err(|e: serde_json::Error| {
                let why = if key.to_ascii_lowercase().contains("key") {
                    "is not a text".to_owned()
                } else {
                    let said = e.to_string();
                    // serde's wording, cut: a huge wrong value is not worth echoing whole.
                    let said: String = said.chars().take(300).collect();
                    said
                };
                let error = parallax_app::AppError::app(
                    parallax_app::AppCode::InvalidInput,
                    format!("`{command}` was called with an unusable `{key}`: {why}"),
                )
                .on(key);
                tauri::ipc::InvokeError::from(error)
            })
    }
}
