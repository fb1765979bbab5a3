//! A bare Tauri window (no commands, no plugins) built from the same Tauri as the app: `make
//! bench` measures its memory in the same run as the app's, and the app's idle memory is reported
//! as a ratio to it.
//!
//! `bare_window` shows an empty page; `bare_window --text` a page of plain text filling the
//! window (no script, no scrolling). The second is the fair floor for a window that shows
//! anything: WebKit's compositor keeps no tiles for a page of one colour, and pays for the tiles
//! of any painted one (BENCHMARKS.md, "The app in its WebKit window").

fn main() {
    let page = if std::env::args().any(|a| a == "--text") {
        "text.html"
    } else {
        "index.html"
    };
    tauri::Builder::default()
        .setup(move |app| {
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App(page.into()))
                .title("Bare")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!("examples/bare/tauri.conf.json"))
        .expect("the bare window could not start");
}
