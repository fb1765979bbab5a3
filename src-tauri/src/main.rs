// Hides the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // How WebKit draws (compositing off without a GPU): an environment variable WebKit reads,
    // so set before any thread starts.
    parallax_desktop::rendering::choose();
    // `--memory-keychain`: keys live in this process's memory only and are forgotten at exit
    // (for demos and the e2e suite on machines without a Secret Service). Set before any thread
    // starts, so every later read of the environment sees it.
    if std::env::args_os()
        .skip(1)
        .any(|a| a == "--memory-keychain")
    {
        std::env::set_var(parallax_llm::key::KEYCHAIN_ENV, "memory");
    }
    parallax_desktop::run()
}
