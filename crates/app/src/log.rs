//! The log both front ends write: one file per program and day in `logs/` beside the history
//! (`logs/app.log.2026-11-30`, `logs/cli.log.2026-11-30`), the last [`KEPT_DAYS`] kept, plain
//! text a person can read and attach to a bug report. Events are structured (`tracing`: a
//! message and `key=value` fields); what is logged and at which level is said where it is
//! logged (the engine logs a run's events, the front ends their commands' failures).
//!
//! `PARALLAX_LOG` sets the level or a filter (`debug`, `parallax_engine=trace,info`); the
//! default is `info`. `PARALLAX_LOG=off` writes nothing.
//!
//! Invariants:
//! - Nothing secret is logged: no key, no header value, no URL query (Gemini carries its key
//!   there), no prompt or answer text — ids, models, codes, timings and redacted messages only.
//!   Every line still passes through [`parallax_llm::key::redact`] on its way to the file, so a
//!   credential header or a bearer token that reached a message by mistake is masked.
//! - Logging never stops a program: a log folder that cannot be created means no log.

use std::io::Write;
use std::path::{Path, PathBuf};

use tracing_subscriber::fmt::MakeWriter;

/// Where the level or filter comes from.
pub const LOG_ENV: &str = "PARALLAX_LOG";
/// Days of logs kept per program.
pub const KEPT_DAYS: usize = 7;

/// The folder the logs go to: `logs/` in the data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Starts logging for `program` (`app` or `cli`) into [`log_dir`] of the data directory, once
/// per process (later calls do nothing). Returns the folder, or `None` when there is no log.
pub fn init(program: &str) -> Option<PathBuf> {
    let filter = std::env::var(LOG_ENV).unwrap_or_default();
    let filter = if filter.trim().is_empty() {
        "info".to_owned()
    } else {
        filter
    };
    if filter.trim() == "off" {
        return None;
    }
    let dir = log_dir(&parallax_store::data_dir().ok()?);
    std::fs::create_dir_all(&dir).ok()?;
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(format!("{program}.log"))
        .max_log_files(KEPT_DAYS)
        .build(&dir)
        .ok()?;
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Redacted(std::sync::Mutex::new(file)))
        .try_init()
        .ok()?;
    Some(dir)
}

/// The file, behind the last line of defence: every formatted line is redacted before it is
/// written ([`parallax_llm::key::redact`] masks credential headers and bearer tokens).
struct Redacted<W>(std::sync::Mutex<W>);

/// One record as it is formatted; written whole, redacted, when dropped.
struct Line<'a, W: Write> {
    out: &'a std::sync::Mutex<W>,
    buf: Vec<u8>,
}

impl<W: Write> Write for Line<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for Line<'_, W> {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buf);
        let safe = parallax_llm::key::redact(&text, None);
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let _ = out.write_all(safe.as_bytes());
        let _ = out.flush();
    }
}

impl<'a, W: Write + 'a> MakeWriter<'a> for Redacted<W> {
    type Writer = Line<'a, W>;

    fn make_writer(&'a self) -> Self::Writer {
        Line {
            out: &self.0,
            buf: Vec::with_capacity(256),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_written_whole_with_credential_headers_and_bearer_tokens_masked() {
        let sink = Redacted(std::sync::Mutex::new(Vec::<u8>::new()));
        {
            let mut line = sink.make_writer();
            line.write_all(b"WARN echoed: Authorization: Bearer sk-or-v1-abcdef123456 ")
                .unwrap();
            line.write_all(b"x-api-key: sk-ant-zyx987654\n").unwrap();
            assert!(
                sink.0.lock().unwrap().is_empty(),
                "nothing before the line ends"
            );
        }
        let written = String::from_utf8(sink.0.into_inner().unwrap()).unwrap();
        assert!(written.starts_with("WARN echoed: "), "{written}");
        assert!(written.ends_with('\n'));
        for secret in ["sk-or-v1-abcdef123456", "sk-ant-zyx987654"] {
            assert!(
                !written.contains(secret),
                "{secret} reached the log: {written}"
            );
        }
    }
}
