//! The key that seals the complainants' personal data, as the app reads
//! it: `DATA_KEY` or `DATA_KEY_FILE`; with neither, a key of the
//! benchmark's own in `data/bench.key`, created on first use and handed to
//! the server that `bench run` starts.

use hotline::store::personal::DataKey;
use std::path::Path;

pub const BENCH_KEY_FILE: &str = "data/bench.key";

fn given(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

pub fn data_key() -> anyhow::Result<DataKey> {
    if let Some(key) = given("DATA_KEY") {
        return Ok(DataKey::from_base64(&key)?);
    }
    if let Some(file) = given("DATA_KEY_FILE") {
        return Ok(DataKey::read_file(Path::new(&file))?);
    }
    DataKey::read_or_create_file(Path::new(BENCH_KEY_FILE))
}

/// The variable a child server needs to find the same key, when the
/// environment it inherits names none.
pub fn for_child() -> Option<(&'static str, &'static str)> {
    (given("DATA_KEY").is_none() && given("DATA_KEY_FILE").is_none()).then_some(("DATA_KEY_FILE", BENCH_KEY_FILE))
}
