//! parallax-app — the application layer: the use cases both front ends (the `parallax` CLI and
//! the desktop shell) call, so they cannot disagree. Tauri-free and terminal-free: functions
//! take a [`parallax_store::Store`] or an [`parallax_engine::Engine`] and return typed values
//! or an [`AppError`]; printing, IPC and exit codes stay in the front ends.
//!
//! Owns:
//! - opening the history and the engine, the one way ([`open`]);
//! - files attached to a prompt, read from a path or the page's bytes ([`attachments`]);
//! - shared settings: the view Settings shows and every change, through the engine's one
//!   validation table ([`settings`]);
//! - providers, custom endpoints and their keys, named by one identity
//!   ([`parallax_llm::EndpointRef`]) ([`providers`]);
//! - model names as people type them (aliases, `@sets`) turned into targets ([`targets`]);
//! - catalogs as pickers show them (the saved one when offline) and local model servers found
//!   on this machine ([`catalogs`]);
//! - tags and votes on saved comparisons ([`curation`]);
//! - word differences between answers and what most of them share ([`diff`]);
//! - a run's events batched and merged for a front end that draws them ([`events`]);
//! - an LLM judge's verdict saved as a judge vote, and answers that name their model
//!   ([`judge`]);
//! - links from answers checked before the system browser opens them ([`links`]);
//! - what a workload costs on every model, by the one price rule ([`prices`]);
//! - the history as a whole: size, backup, export, import, clearing ([`data`]);
//! - the log file both front ends write, redacted ([`log`]);
//! - the error both front ends report, with stable codes ([`error`]).
//!
//! Invariants:
//! - A value that cannot be read is refused with a message naming the setting
//!   ([`AppError::field`]), never saved as "nothing"; a batch of changes is checked whole
//!   before anything is written.
//! - A key never leaves this layer except masked.

pub mod attachments;
pub mod catalogs;
pub mod curation;
pub mod data;
pub mod diff;
pub mod error;
pub mod events;
pub mod judge;
pub mod links;
pub mod log;
pub mod open;
pub mod prices;
pub mod providers;
pub mod settings;
pub mod targets;

pub use error::{AppCode, AppError, AppErrorCode};

/// Recommendations are given overall and for this many of the most used tags (`parallax stats`
/// and the app alike).
pub const RECOMMENDATION_TAGS: usize = 5;
