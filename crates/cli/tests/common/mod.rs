//! What every CLI test needs: the mock provider on loopback, and `parallax` pointed at it with
//! a temporary data directory and no keys or keychain from the developer's machine.
#![allow(dead_code)] // each test binary uses its own subset

use assert_cmd::Command;
use serde_json::Value;

/// Starts the mock on its own runtime thread and returns its OpenRouter base URL.
pub fn mock() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            tx.send(mock_provider::start().await).unwrap();
            std::future::pending::<()>().await;
        });
    });
    rx.recv().unwrap()
}

pub fn parallax(base: &str, data: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("parallax").unwrap();
    for var in [
        "OPENROUTER_API_KEY",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
        "OPENAI_BASE_URL",
        "ANTHROPIC_BASE_URL",
        "GEMINI_BASE_URL",
        "OLLAMA_HOST",
    ] {
        c.env_remove(var);
    }
    c.env("OPENROUTER_BASE_URL", base)
        .env("PARALLAX_DATA_DIR", data)
        // No keychain in tests: a developer's saved keys must not leak into them.
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/parallax-test-bus",
        );
    c
}

/// Runs the command, expects success, and parses its stdout as one JSON document.
pub fn json_of(cmd: &mut Command) -> Value {
    json_exit(cmd, 0)
}

/// Runs the command, expects exit `code`, and parses its stdout as one JSON document (a run
/// where an answer failed exits 1 and still prints the whole document).
pub fn json_exit(cmd: &mut Command, code: i32) -> Value {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out)
        )
    })
}

/// How many chat requests the mock has answered, per model.
pub fn mock_requests(base: &str) -> Value {
    let root = base.trim_end_matches("/api/v1");
    let url = format!("{root}/__mock/requests");
    // A blocking GET on a plain TCP socket: no HTTP client in the dev-dependencies for one call.
    use std::io::{Read, Write};
    let addr = root.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET /__mock/requests HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    let json = body
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no body from {url}"));
    serde_json::from_str(json).unwrap()
}

/// `parallax ARGS` started in the background (to be killed), with the test environment of
/// `common::parallax`, its output piped (a killed run's few KB fit the pipe).
pub fn spawn_parallax(base: &str, data: &std::path::Path, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .env("OPENROUTER_BASE_URL", base)
        .env("PARALLAX_DATA_DIR", data)
        .env_remove("OPENROUTER_API_KEY")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/parallax-test-bus",
        )
        .args(args)
        // Piped, for the tests that read the result; a killed run's few KB fit the pipe.
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}
