//! The citizen's pages: what the bureau accepts and the language switch;
//! the complaint (`complaint`) and following it up (`track`).

pub mod complaint;
pub mod lookup;
pub mod notices;
pub mod track;

use crate::i18n::Lang;
use crate::web::attachments::upload_limit;
use crate::web::error::AppError;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

// ---------------------------------------------------------------- home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageChrome,
    categories: Vec<CategoryRow>,
    channels: Vec<(&'static str, &'static str)>,
}

struct CategoryRow {
    name: String,
    handling: String,
    decision: String,
}

/// The home page in each language as last rendered, with the version of
/// the bureau's reference data it shows (categories, their time limits, the
/// profile in the footer). It is the same for every visitor until an
/// administrator changes those, so it is rendered once a change and
/// language, not once a visit.
#[derive(Default)]
pub struct HomePages(std::sync::Mutex<[Option<(i64, bytes::Bytes)>; 2]>);

impl HomePages {
    fn slot(lang: Lang) -> usize {
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        }
    }

    fn get(&self, lang: Lang, version: i64) -> Option<bytes::Bytes> {
        let pages = self.0.lock().expect("home pages lock");
        pages[Self::slot(lang)].as_ref().filter(|(v, _)| *v == version).map(|(_, page)| page.clone())
    }

    fn keep(&self, lang: Lang, version: i64, page: bytes::Bytes) {
        self.0.lock().expect("home pages lock")[Self::slot(lang)] = Some((version, page));
    }
}

pub async fn home(State(state): State<AppState>, lang: Lang) -> Result<Response, AppError> {
    let reference = state.db.reference().current(&state.db).await?;
    if let Some(page) = state.home_pages.get(lang, reference.version) {
        return Ok(axum::response::Html(page).into_response());
    }
    let t = lang.messages();
    let categories = reference
        .categories
        .iter()
        .map(|c| CategoryRow {
            name: lang.pick(&c.name_zh, &c.name_en).to_string(),
            handling: t.home_limit_handling(c.clocks.handling_name(), c.handling),
            decision: t.home_limit_decision(
                c.clocks.decision_name(),
                c.decision,
                c.clocks.decision_starts,
                c.extension_days,
            ),
        })
        .collect();
    let channels = vec![
        (t.channel_web, t.channel_web_desc),
        (t.channel_hotline_12333, t.channel_hotline_desc),
        (t.channel_transfer_12345, t.channel_12345_desc),
        (t.channel_walk_in, t.channel_walk_in_desc),
        (t.channel_letter, t.channel_letter_desc),
    ];
    let page = bytes::Bytes::from(
        render(&HomePage { page: PageChrome::new(lang, t.home_title, "/"), categories, channels })?.0,
    );
    // The footer is drawn from the request's own copy of the reference
    // data: kept only when both are the same version.
    if crate::web::pages::bureau_version() == Some(reference.version) {
        state.home_pages.keep(lang, reference.version, page.clone());
    }
    Ok(axum::response::Html(page).into_response())
}

// ---------------------------------------------------------------- language

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language for a year and returns to the page.
pub async fn switch_language(Path(key): Path<String>, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let lang = Lang::from_key(&key).ok_or(AppError::NotFound)?;
    let next = same_site_path(&q.next).unwrap_or("/");
    Ok(([(header::SET_COOKIE, crate::web::lang::remembered(lang))], Redirect::to(next)).into_response())
}

/// `next` if it is a path on this site, never an open redirect. Browsers read
/// a backslash as a slash and drop tabs and line breaks from addresses, so
/// `/\\evil.example` and `/<tab>/evil.example` would both lead off-site: a
/// path must start with one `/` and hold no backslash or control character.
fn same_site_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next.starts_with("//");
    let clean = !next.chars().any(|c| c == '\\' || c.is_control());
    (local && clean).then_some(next)
}

/// The citizen's pages: the home page, the complaint and following it up.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/", get(home))
        .route("/lang/{key}", get(switch_language))
        .route("/complaints/new", get(complaint::screening))
        .route("/complaints/new/details", get(complaint::details))
        .route("/complaints/review", post(complaint::review).layer(upload_limit()))
        .route("/complaints/confirm", post(complaint::confirm))
        .route("/complaints/filed/{key}", get(complaint::filed))
        .route("/track", get(track::track_form).post(track::track))
        .route("/track/code", post(track::send_code))
        .route("/track/urge", post(track::urge))
        .route("/track/rate", post(track::rate))
        .route("/track/appeal", post(track::appeal))
        .route("/track/notice", post(notices::download))
        .route("/track/attachment", post(track::download_file))
        .route("/track/evidence", post(track::send_evidence).layer(upload_limit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_switching_language() {
        assert_eq!(same_site_path("/track?x=1"), Some("/track?x=1"));
        assert_eq!(same_site_path("/"), Some("/"));
        for off_site in
            ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil", "https://evil.example", "", "evil"]
        {
            assert_eq!(same_site_path(off_site), None, "{off_site:?}");
        }
    }
}
