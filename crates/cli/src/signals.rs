//! Signals that stop a run the way Ctrl+C does. SIGINT, SIGTERM (what `timeout`, CI runners and
//! service managers send) and SIGHUP (a closed terminal) all cancel the run: answers still
//! streaming are saved as cancelled with the text that arrived, what finished is printed, and
//! the process exits with the shell's convention, 128 + the signal's number.

use std::process::ExitCode;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use parallax_engine::RunControl;
use tokio::signal::unix::{signal, SignalKind};

/// Which signal stopped the run, if one did.
#[derive(Clone, Default)]
pub struct Stopped(Arc<AtomicI32>);

impl Stopped {
    /// 128 + the signal's number when a signal stopped the run.
    pub fn exit_code(&self) -> Option<ExitCode> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            n => Some(ExitCode::from(128 + n as u8)),
        }
    }
}

/// Cancels `control` on SIGINT, SIGTERM or SIGHUP (the first one wins). Must be called inside
/// the Tokio runtime.
pub fn cancel_on_signals(control: RunControl) -> Stopped {
    let stopped = Stopped::default();
    for (kind, number, name) in [
        (SignalKind::interrupt(), libc_number::SIGINT, "SIGINT"),
        (SignalKind::terminate(), libc_number::SIGTERM, "SIGTERM"),
        (SignalKind::hangup(), libc_number::SIGHUP, "SIGHUP"),
    ] {
        let Ok(mut stream) = signal(kind) else {
            continue;
        };
        let (control, stopped) = (control.clone(), stopped.clone());
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                let _ = stopped
                    .0
                    .compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst);
                if number == libc_number::SIGINT {
                    control.cancel();
                } else {
                    control.cancel_because(format!("stopped by {name}"));
                }
            }
        });
    }
    stopped
}

/// The three signal numbers (the same on every Linux architecture Parallax ships for).
mod libc_number {
    pub const SIGHUP: i32 = 1;
    pub const SIGINT: i32 = 2;
    pub const SIGTERM: i32 = 15;
}
