//! Administration: the holiday calendar.

use super::error::AppError;
use super::i18n::Lang;
use super::pages::{format_day, render, PageChrome};
use super::staff::{check_csrf, staff_chrome, Staff, StaffChrome};
use super::AppState;
use crate::domain::calendar::{CalendarDay, DayKind};
use crate::domain::workflow::Role;
use crate::services::calendar_admin::{self, CalendarChange};
use crate::store::calendar;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use serde::Deserialize;

/// How far ahead the calendar must reach before the warning shows.
pub const CALENDAR_WARNING_DAYS: i64 = 90;

fn require_admin(staff: &Staff) -> Result<(), AppError> {
    if staff.user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The warning shown when the published calendar ends within 90 days.
pub fn calendar_warning(lang: Lang, covered_until: Option<NaiveDate>, today: NaiveDate) -> String {
    let t = lang.messages();
    match covered_until {
        Some(end) if (end - today).num_days() > CALENDAR_WARNING_DAYS => String::new(),
        Some(end) => format!("{} {}", t.calendar_ends_warning, format_day(t, end)),
        None => t.calendar_empty_warning.to_string(),
    }
}

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
    csrf_token: String,
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
    let mut conn = state.db.pool().acquire().await?;
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
            label: format_day(t, day.date),
            kind: if day.kind == DayKind::Holiday { t.day_holiday } else { t.day_makeup },
            name: lang.pick(&day.name_zh, &day.name_en).to_string(),
        };
        years.last_mut().expect("pushed above").days.push(row);
    }
    Ok(CalendarPage {
        page: PageChrome::new(lang, t.calendar_title, "/admin/calendar"),
        staff: staff_chrome(staff),
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
    staff: Staff,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    let message = q.recomputed.map(|n| format!("{} {n}", lang.messages().calendar_saved)).unwrap_or_default();
    Ok(render(&calendar_page(&state, lang, &staff, message, String::new(), DayForm::default()).await?)?.into_response())
}

/// Adds, corrects or removes one day, recomputing open tickets at once.
pub async fn calendar_change(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Form(form): Form<DayForm>,
) -> Result<Response, AppError> {
    require_admin(&staff)?;
    check_csrf(&staff.session, &form.csrf_token).await?;
    let t = lang.messages();
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
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
