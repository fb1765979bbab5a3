//! A bare Tauri window (an empty page, no commands, no plugins) built from the same Tauri as the
//! app: `make bench` measures its memory in the same run as the app's, and the app's idle memory
//! is reported as a ratio to it.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/bare/tauri.conf.json"))
        .expect("the bare window could not start");
}
