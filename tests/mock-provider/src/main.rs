//! `mock-provider [--port N] [--catalog FILE]`: serves the scripted mock on 127.0.0.1 until
//! killed. `--catalog` adds the models of a trimmed catalog file (see
//! `mock_provider::catalog_entries`) to the OpenRouter model list.
//! Prints one line, `mock-provider listening on http://127.0.0.1:PORT`, once it accepts.

use std::io::Write;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mut port: u16 = 0;
    let mut options = mock_provider::Options::default();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => {
                port = args.next().and_then(|p| p.parse().ok()).unwrap_or_else(|| {
                    eprintln!("mock-provider: --port needs a number");
                    std::process::exit(2)
                })
            }
            "--catalog" => {
                let path = args.next().unwrap_or_default();
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                    eprintln!("mock-provider: cannot read the catalog {path:?}: {e}");
                    std::process::exit(2)
                });
                options.extra_models = mock_provider::catalog_entries(&text).unwrap_or_else(|e| {
                    eprintln!("mock-provider: {path:?} is not a trimmed catalog: {e}");
                    std::process::exit(2)
                });
            }
            "-h" | "--help" => {
                println!("usage: mock-provider [--port N] [--catalog FILE]   (port 0 or absent: pick a free port)");
                return;
            }
            other => {
                eprintln!("mock-provider: unknown argument {other:?}; try --help");
                std::process::exit(2)
            }
        }
    }
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("mock-provider: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1)
        }
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    // Whoever started the mock may stop reading once it has the address: a closed stdout must
    // not take the server down (println! would panic on the broken pipe).

    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "mock-provider listening on http://{addr}");
    let _ = writeln!(out, "OpenRouter base URL: http://{addr}/api/v1");
    let _ = out.flush();
    drop(out);
    let _ = std::io::stdout().flush();
    mock_provider::serve_with(listener, options).await;
}
