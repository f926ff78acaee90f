//! The domain's parsers under fuzzing, and what must hold of whatever they
//! accept or refuse.
//!
//! `src/domain` is compiled here on its own rather than through the
//! `hotline` library: it needs only chrono and argon2, while the library
//! would bring the whole web and database stack into every instrumented
//! fuzz build (several minutes on two cores instead of seconds). The code
//! under test is the same file for file.

#[path = "../../src/domain/mod.rs"]
pub mod domain;

pub mod checks;
