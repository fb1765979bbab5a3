//! The error every command returns is the application layer's ([`parallax_app::AppError`]):
//! it crosses IPC as `{code, message, field?}`, and the UI branches on `code`.

pub use parallax_app::{AppCode, AppError, AppErrorCode};
