//! Thin command adapters: unpack state, call the core, map the error.

pub mod app;
pub mod compare;
pub mod history;
pub mod settings;
