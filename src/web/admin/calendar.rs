//! The holiday calendar: the published years, and adding, correcting or
//! removing a day.

use crate::domain::calendar::{CalendarDay, DayKind};
use crate::i18n::Lang;
use crate::services::calendar_admin::{self, CalendarChange};
use crate::store::calendar;
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::calendar_warning;
use crate::web::pages::StaffChrome;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// How far ahead the calendar must reach before the warning shows.

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    page: PageChrome,
    staff: StaffChrome,
    warning: String,
    message: String,
    error: String,
    years: Vec<YearView>,
    kept: DayForm,
}

struct YearView {
    year: i32,
    days: Vec<DayRow>,
}

struct DayRow {
    date: String,
    label: String,
    kind: &'static str,
    name: String,
}

#[derive(Deserialize, Default)]
pub struct CalendarQuery {
    #[serde(default)]
    recomputed: Option<usize>,
}

#[derive(Deserialize, Default, Clone)]
pub struct DayForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    remove: String,
}

async fn calendar_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    message: String,
    error: String,
    kept: DayForm,
) -> Result<CalendarPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let days = calendar::days(&mut conn).await?;
    let cal = calendar::load(&mut conn).await?;
    let mut years: Vec<YearView> = Vec::new();
    for day in days {
        let year = chrono::Datelike::year(&day.date);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearView { year, days: Vec::new() });
        }
        let row = DayRow {
            date: day.date.to_string(),
            label: t.date_with_weekday(day.date),
            kind: if day.kind == DayKind::Holiday { t.day_holiday } else { t.day_makeup },
            name: lang.pick(&day.name_zh, &day.name_en).to_string(),
        };
        years.last_mut().expect("pushed above").days.push(row);
    }
    Ok(CalendarPage {
        page: staff.page(lang, t.calendar_title, "/admin/calendar"),
        staff: staff.chrome(),
        warning: calendar_warning(lang, cal.covered_until(), state.clock.today()),
        message,
        error,
        years,
        kept,
    })
}

pub async fn calendar_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    let message = q.recomputed.map(|n| lang.messages().calendar_saved(n)).unwrap_or_default();
    Ok(render(&calendar_page(&state, lang, &staff, message, String::new(), DayForm::default()).await?)?.into_response())
}

/// Adds, corrects or removes one day, recomputing open tickets at once.
pub async fn calendar_change(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<DayForm>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let date = crate::domain::input_dates::parse_day(&form.date).ok();
    let change = match (date, form.remove == "yes", DayKind::parse(&form.kind)) {
        (Some(date), true, _) => Some(CalendarChange::Remove(date)),
        (Some(date), false, Some(kind)) if !form.name_zh.trim().is_empty() && !form.name_en.trim().is_empty() => {
            Some(CalendarChange::Set(CalendarDay {
                date,
                kind,
                name_zh: form.name_zh.trim().to_string(),
                name_en: form.name_en.trim().to_string(),
            }))
        }
        _ => None,
    };
    let Some(change) = change else {
        let page = calendar_page(&state, lang, &staff, String::new(), t.calendar_form_error.to_string(), form).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let moved = calendar_admin::change(&state.db, state.clock.now(), &staff.user.id, &change).await?;
    Ok(Redirect::to(&format!("/admin/calendar?recomputed={}", moved.len())).into_response())
}
