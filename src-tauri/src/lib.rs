//! The desktop shell: builder wiring only. Logic lives in the core crates; commands are thin
//! adapters in [`commands`]; IPC types are generated into `ui/src/backend/bindings/`.

mod commands;
pub mod error;
pub mod ipc;
mod state;

pub use state::AppState;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .manage(AppState::open())
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::move_database_aside,
            commands::settings::get_settings,
            commands::settings::set_settings,
            commands::settings::set_base_url,
            commands::settings::save_api_key,
            commands::settings::delete_api_key,
            commands::settings::save_endpoint,
            commands::settings::remove_endpoint,
            commands::compare::list_models,
            commands::compare::start_comparison,
            commands::compare::follow_up,
            commands::compare::cancel_comparison,
            commands::compare::cancel_slot,
            commands::compare::estimate_comparison,
            commands::settings::set_budget,
            commands::settings::set_cache_ttl,
            commands::history::list_comparisons,
            commands::history::get_comparison,
            commands::history::search_history,
            commands::history::delete_comparison,
        ])
        .run(tauri::generate_context!())
        .expect("the Parallax window could not start");
}
