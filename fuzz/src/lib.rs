//! The domain's parsers under fuzzing, and what must hold of whatever they
//! accept or refuse.
//!
//! This depends on the `hotline-domain` crate alone, not on the `hotline`
//! library: the library would bring the whole web and database stack into
//! every instrumented fuzz build (several minutes on two cores instead of
//! seconds).

pub use hotline_domain as domain;

pub mod checks;
