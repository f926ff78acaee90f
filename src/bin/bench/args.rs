//! `--name value` options and `--flag` switches: the few a benchmark needs,
//! with the option name in every error.

use anyhow::{anyhow, bail, Context};
use std::collections::HashMap;
use std::str::FromStr;

/// Switches that take no value.
const SWITCHES: [&str; 2] = ["force", "uncached"];

#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, String>,
    switches: Vec<String>,
}

impl Args {
    pub fn parse(raw: impl Iterator<Item = String>) -> anyhow::Result<Args> {
        let mut args = Args::default();
        let mut raw = raw.peekable();
        while let Some(word) = raw.next() {
            let Some(name) = word.strip_prefix("--") else {
                bail!("unexpected argument {word:?}");
            };
            if let Some((name, value)) = name.split_once('=') {
                args.values.insert(name.to_string(), value.to_string());
            } else if SWITCHES.contains(&name) {
                args.switches.push(name.to_string());
            } else {
                let value = raw.next().ok_or_else(|| anyhow!("--{name} needs a value"))?;
                args.values.insert(name.to_string(), value);
            }
        }
        Ok(args)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn required(&self, name: &str) -> anyhow::Result<&str> {
        self.text(name).ok_or_else(|| anyhow!("--{name} is required"))
    }

    pub fn number<T: FromStr>(&self, name: &str, default: T) -> anyhow::Result<T>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.text(name) {
            None => Ok(default),
            Some(text) => text.trim().replace('_', "").parse().with_context(|| format!("--{name}={text:?}")),
        }
    }

    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Args {
        Args::parse(words.iter().map(|w| w.to_string())).unwrap()
    }

    #[test]
    fn options_take_the_next_word_or_an_equals_value() {
        let args = parse(&["--tickets", "1_000_000", "--database-url=sqlite://x.db", "--force"]);
        assert_eq!(args.number("tickets", 0u64).unwrap(), 1_000_000);
        assert_eq!(args.required("database-url").unwrap(), "sqlite://x.db");
        assert!(args.switch("force"));
        assert_eq!(args.number("seconds", 10u64).unwrap(), 10);
        assert!(args.required("base-url").is_err());
    }

    #[test]
    fn a_missing_value_is_named() {
        let error = Args::parse(["--seconds".to_string()].into_iter()).unwrap_err();
        assert!(error.to_string().contains("--seconds"));
    }
}
