//! The languages of the system and what is said in them. The words live in
//! Fluent files under `locales/<language>/`, embedded in the binary at
//! compile time (see `locales.rs`); `messages.rs` turns them into the
//! [`Messages`] that pages, services and jobs read.
//!
//! Simplified Chinese is the default; English is the second language. This
//! module is below the web layer so that services and jobs (text messages,
//! staff notices) use the same catalogue as the pages.

#[cfg(test)]
mod catalogue_tests;
mod limits;
mod locales;
mod messages;

pub use messages::Messages;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The language tag, for `<html lang>` and the name of the locale folder.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_key(key: &str) -> Option<Lang> {
        match key {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn messages(self) -> &'static Messages {
        Messages::of(self)
    }

    /// The other language, for the switch link on every page.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// Picks the text of this language from a pair stored in the database.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The user's choice (cookie) wins; otherwise the first of zh/en that the
    /// browser lists in Accept-Language; otherwise Chinese.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = cookie.and_then(Lang::from_key) {
            return lang;
        }
        let Some(accept) = accept_language else {
            return Lang::Zh;
        };
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or(Lang::Zh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default_and_the_cookie_wins() {
        assert_eq!(Lang::negotiate(None, None), Lang::Zh);
        assert_eq!(Lang::negotiate(None, Some("fr-FR,de;q=0.8")), Lang::Zh);
        assert_eq!(Lang::negotiate(None, Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("en;q=0.5,zh-CN;q=0.9")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("zh"), Some("en-US")), Lang::Zh);
        assert_eq!(Lang::negotiate(Some("en"), None), Lang::En);
        assert_eq!(Lang::negotiate(Some("xx"), Some("en")), Lang::En);
    }
}
