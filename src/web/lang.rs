//! The visitor's language, read from each request: the `lang` cookie set by
//! the switch link, else the browser's Accept-Language (see
//! [`Lang::negotiate`]).

use crate::i18n::Lang;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use std::convert::Infallible;

pub const LANG_COOKIE: &str = "lang";

/// Reads the cookie header for one cookie's value.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn remembered(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.key())
}

/// The language a resubmitted form asks to switch to (its `switch_lang`
/// field, set by the switch button of a page holding a form).
pub fn switch_requested(pairs: &[(String, String)]) -> Option<Lang> {
    pairs.iter().find(|(k, _)| k == "switch_lang").and_then(|(_, v)| Lang::from_key(v))
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(requested(&parts.headers))
    }
}

/// The language a request's headers ask for.
pub fn requested(headers: &HeaderMap) -> Lang {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie_value(headers, LANG_COOKIE), accept)
}
