//! A complaint work-order system for a social-security bureau's 12333
//! hotline. `domain` holds the pure rules (a crate of its own in
//! `src/domain`, so that it cannot do I/O), `store` the SQL, `services` the
//! user actions (one transaction each), `web` the HTTP layer, `i18n` the
//! languages and the words in them.

pub mod cli;
pub mod clock;
pub mod config;
pub mod connections;
pub use hotline_domain as domain;
pub mod i18n;
pub mod jobs;
pub mod metrics;
pub mod services;
pub mod startup;
pub mod store;
pub mod web;
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
