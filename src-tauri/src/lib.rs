//! The desktop shell: builder wiring only. Logic lives in the application layer and the core
//! crates; the command surface is one table ([`surface`]) that generates the Tauri commands and
//! the UI's TypeScript functions; command bodies are thin adapters in [`commands`].

mod commands;
pub mod error;
pub mod ipc;
pub mod rendering;
mod state;
pub mod surface;

pub use state::AppState;

/// The app: plugins, state and commands, ready to run with a context.
pub fn builder() -> tauri::Builder<tauri::Wry> {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::open())
        .invoke_handler(surface::handler())
}

pub fn run() {
    let logs = parallax_app::log::init("app");
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        logs = ?logs,
        rendering = ?rendering::chosen(),
        "parallax-desktop started"
    );
    builder()
        .run(tauri::generate_context!())
        .expect("the Parallax window could not start");
}
