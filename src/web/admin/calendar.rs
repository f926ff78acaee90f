//! The holiday calendar: the loaded years and their notices, importing a
//! year's notice from a file (preview, then confirm), and adding,
//! correcting or removing a day.

use super::FieldErrors;
use crate::domain::calendar::{CalendarDay, DayKind, NoticeOrigin};
use crate::domain::calendar_file::{self, FileError, Notice};
use crate::i18n::{Lang, Messages};
use crate::services::calendar_admin::{self, CalendarChange, ImportOutcome};
use crate::store::calendar;
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::calendar_warning;
use crate::web::pages::StaffChrome;
use crate::web::pages::{render, PageChrome, SummaryItem};
use crate::web::upload::CsrfUpload;
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    page: PageChrome,
    staff: StaffChrome,
    warning: String,
    covered: String,
    message: String,
    /// The day form's refused fields, each with what it allows.
    day_errors: FieldErrors,
    summary: Vec<SummaryItem>,
    import_error: String,
    loaded: Vec<LoadedRow>,
    years: Vec<YearView>,
    kept: DayForm,
}

/// A loaded year and the notice it comes from.
struct LoadedRow {
    year: i64,
    title: String,
    papers: Vec<String>,
    origin: &'static str,
    source: String,
    loaded_at: String,
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
    /// The years just imported, as the confirmation names them.
    #[serde(default)]
    imported: Option<String>,
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

impl CalendarPage {
    /// What the day form's field allows, when it was refused.
    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.day_errors.iter().find(|(name, _)| *name == field).map(|(_, e)| *e)
    }
}

/// What the page says beside its forms: a message, the day form's errors,
/// the import form's error.
#[derive(Default)]
struct Notes {
    message: String,
    day_errors: FieldErrors,
    import_error: String,
}

async fn calendar_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    notes: Notes,
    kept: DayForm,
) -> Result<CalendarPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let days = calendar::days(&mut conn).await?;
    let cal = calendar::load(&mut conn).await?;
    let loaded = calendar::loaded_years(&mut conn).await?;
    drop(conn);
    let loaded = loaded
        .into_iter()
        .map(|y| LoadedRow {
            year: y.year,
            papers: y.paper_list().into_iter().map(str::to_string).collect(),
            title: y.title,
            origin: match y.origin {
                NoticeOrigin::Release => t.calendar_origin_release,
                NoticeOrigin::Import => t.calendar_origin_import,
            },
            source: y.source,
            loaded_at: crate::store::parse_instant(&y.loaded_at)
                .map(crate::web::pages::format_instant)
                .unwrap_or(y.loaded_at),
        })
        .collect();
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
        covered: cal.covered_until().map(|end| t.calendar_covered_until(end)).unwrap_or_default(),
        message: notes.message,
        summary: notes
            .day_errors
            .iter()
            .map(|(field, problem)| SummaryItem {
                href: format!("#{field}"),
                text: t.labelled(day_field_label(t, field), problem),
            })
            .chain((!notes.import_error.is_empty()).then(|| SummaryItem {
                href: "#file".into(),
                text: t.labelled(t.calendar_import_file, &notes.import_error),
            }))
            .collect(),
        day_errors: notes.day_errors,
        import_error: notes.import_error,
        loaded,
        years,
        kept,
    })
}

fn day_field_label(t: &Messages, field: &str) -> &'static str {
    match field {
        "date" => t.calendar_date,
        "kind" => t.calendar_kind,
        "name_zh" => t.calendar_name_zh,
        _ => t.calendar_name_en,
    }
}

pub async fn calendar_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    // Only years: the address is not a way to put words on the page.
    let imported =
        q.imported.filter(|years| !years.is_empty() && years.chars().all(|c| c.is_ascii_digit() || c == ','));
    let message = match (imported, q.recomputed) {
        (Some(years), n) => t.calendar_import_done(&years, n.unwrap_or_default()),
        (None, Some(n)) => t.calendar_saved(n),
        (None, None) => String::new(),
    };
    let notes = Notes { message, ..Notes::default() };
    Ok(render(&calendar_page(&state, lang, &staff, notes, DayForm::default()).await?)?.into_response())
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
    let remove = form.remove == "yes";
    let kind = DayKind::parse(&form.kind);
    let mut day_errors = FieldErrors::new();
    if date.is_none() {
        day_errors.push(("date", t.admin_problem_date));
    }
    if !remove {
        if kind.is_none() {
            day_errors.push(("kind", t.admin_problem_day_kind));
        }
        for (field, name) in [("name_zh", &form.name_zh), ("name_en", &form.name_en)] {
            if name.trim().is_empty() {
                day_errors.push((field, t.org_problem_required));
            }
        }
    }
    let change = match (date, remove, kind) {
        (Some(date), true, _) => Some(CalendarChange::Remove(date)),
        (Some(date), false, Some(kind)) if day_errors.is_empty() => Some(CalendarChange::Set(CalendarDay {
            date,
            kind,
            name_zh: form.name_zh.trim().to_string(),
            name_en: form.name_en.trim().to_string(),
        })),
        _ => None,
    };
    let Some(change) = change else {
        let notes = Notes { day_errors, ..Notes::default() };
        let page = calendar_page(&state, lang, &staff, notes, form).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let moved = calendar_admin::change(&state.db, state.clock.now(), &staff.user.id, &change).await?;
    Ok(Redirect::to(&format!("/admin/calendar?recomputed={}", moved.len())).into_response())
}

#[derive(Template)]
#[template(path = "admin/calendar_import.html")]
struct ImportPage {
    page: PageChrome,
    staff: StaffChrome,
    nothing_to_do: bool,
    years: Vec<ImportYearView>,
    tickets: Vec<MovedRow>,
    /// The file travels back with the confirmation, so that what is loaded
    /// is exactly what was previewed.
    file_name: String,
    content: String,
}

struct ImportYearView {
    year: i32,
    title: String,
    newly_covered: bool,
    unchanged: bool,
    added: Vec<DayRow>,
    changed: Vec<(DayRow, DayRow)>,
    removed: Vec<DayRow>,
}

struct MovedRow {
    ticket_id: String,
    ticket_no: String,
    handling_before: String,
    handling_after: String,
    decision_before: String,
    decision_after: String,
}

fn day_row(lang: Lang, day: &CalendarDay) -> DayRow {
    let t = lang.messages();
    DayRow {
        date: day.date.to_string(),
        label: t.date_with_weekday(day.date),
        kind: if day.kind == DayKind::Holiday { t.day_holiday } else { t.day_makeup },
        name: lang.pick(&day.name_zh, &day.name_en).to_string(),
    }
}

fn import_page(lang: Lang, staff: &Staff, outcome: &ImportOutcome, file_name: &str, content: String) -> ImportPage {
    let t: &Messages = lang.messages();
    let show = |d: Option<NaiveDate>| d.map(|d| t.date_with_weekday(d)).unwrap_or_default();
    ImportPage {
        page: staff.page(lang, t.calendar_import_title, "/admin/calendar"),
        staff: staff.chrome(),
        nothing_to_do: outcome.is_empty(),
        years: outcome
            .years
            .iter()
            .map(|y| ImportYearView {
                year: y.changes.year,
                title: y.title.clone(),
                newly_covered: y.newly_covered,
                unchanged: y.unchanged,
                added: y.changes.added.iter().map(|d| day_row(lang, d)).collect(),
                changed: y.changes.changed.iter().map(|(old, new)| (day_row(lang, old), day_row(lang, new))).collect(),
                removed: y.changes.removed.iter().map(|d| day_row(lang, d)).collect(),
            })
            .collect(),
        tickets: outcome
            .moved
            .iter()
            .map(|m| MovedRow {
                ticket_id: m.ticket_id.clone(),
                ticket_no: m.ticket_no.clone(),
                handling_before: show(m.handling.0),
                handling_after: show(m.handling.1),
                decision_before: show(Some(m.decision.0)),
                decision_after: show(Some(m.decision.1)),
            })
            .collect(),
        file_name: file_name.to_string(),
        content,
    }
}

/// The calendar page again, with why the file was not taken.
async fn refused(state: &AppState, lang: Lang, staff: &Staff, import_error: String) -> Result<Response, AppError> {
    let notes = Notes { import_error, ..Notes::default() };
    let page = calendar_page(state, lang, staff, notes, DayForm::default()).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

fn read_file(lang: Lang, file_name: &str, bytes: &[u8]) -> Result<Vec<Notice>, String> {
    calendar_file::parse(file_name, bytes).map_err(|e: FileError| lang.messages().calendar_file_error(&e))
}

/// An uploaded notice: what loading it would change. Nothing is stored.
pub async fn import_preview(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    upload: CsrfUpload,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let file = upload.field("file").filter(|f| !f.data.is_empty());
    let Some(file) = file else {
        return refused(&state, lang, &staff, t.calendar_import_no_file.to_string()).await;
    };
    let file_name = file.file_name.clone().unwrap_or_default();
    let notices = match read_file(lang, &file_name, &file.data) {
        Ok(notices) => notices,
        Err(reason) => return refused(&state, lang, &staff, reason).await,
    };
    // A file that parsed is UTF-8 text.
    let content = String::from_utf8_lossy(&file.data).into_owned();
    let source = calendar_admin::source_of(&file_name, &notices);
    let outcome = calendar_admin::preview(&state.db, state.clock.now(), &source, &notices).await?;
    Ok(render(&import_page(lang, &staff, &outcome, &file_name, content))?.into_response())
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    file_name: String,
    #[serde(default)]
    content: String,
}

/// Loads the previewed notice and recomputes open tickets, in one
/// transaction.
pub async fn import_confirm(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<Response, AppError> {
    let notices = match read_file(lang, &form.file_name, form.content.as_bytes()) {
        Ok(notices) => notices,
        Err(reason) => return refused(&state, lang, &staff, reason).await,
    };
    let source = calendar_admin::source_of(&form.file_name, &notices);
    let outcome = calendar_admin::import(&state.db, state.clock.now(), Some(&staff.user.id), &source, &notices).await?;
    let years: Vec<String> = notices.iter().map(|n| n.year.to_string()).collect();
    let target = format!("/admin/calendar?imported={}&recomputed={}", years.join(","), outcome.moved.len());
    Ok(Redirect::to(&target).into_response())
}
