//! Employers at risk: employers named in at least N complaints of the last
//! 90 days, with their open and overdue tickets and a weekly trend, each a
//! link to its tickets; as a page, CSV and JSON. A department's supervisor
//! counts their department's tickets; the bureau's supervision office and a
//! `reports` key count the whole bureau's.

use super::ReportReader;
use crate::domain::category::Category;
use crate::domain::hotspots::{self, rising, window_start};
use crate::i18n::Lang;
use crate::store::hotspots::{self as store, Hotspot, HotspotFilter};
use crate::web::auth::Supervisor;
use crate::web::csv::csv_response;
use crate::web::error::{AppError, ErrorBody};
use crate::web::pages::{format_instant, render, OptionView, PageChrome};
use crate::web::staff::names;
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, Default, IntoParams)]
pub struct HotspotQuery {
    /// A district's code; empty for every district.
    #[serde(default)]
    district: String,
    /// A category's key; empty for every category.
    #[serde(default)]
    category: String,
    /// The fewest complaints an employer is listed with (2 to 1000; 3 when
    /// missing).
    #[serde(default)]
    threshold: String,
}

impl HotspotQuery {
    fn filter<'a>(&'a self, today: NaiveDate, department: Option<&'a str>) -> HotspotFilter<'a> {
        let given = |s: &'a str| Some(s.trim()).filter(|s| !s.is_empty());
        HotspotFilter {
            today,
            since: window_start(today),
            threshold: hotspots::threshold(&self.threshold),
            department,
            district: given(&self.district),
            category: given(&self.category).filter(|c| Category::try_from(c.to_string()).is_ok()),
        }
    }

    /// The query string of the filters, for the links to an employer's
    /// tickets and to the exports.
    fn filters(&self) -> String {
        serde_urlencoded::to_string([
            ("district", self.district.trim()),
            ("category", self.category.trim()),
            ("threshold", self.threshold.trim()),
        ])
        .unwrap_or_default()
    }
}

async fn find(state: &AppState, q: &HotspotQuery, department: Option<&str>) -> Result<Vec<Hotspot>, AppError> {
    let mut conn = state.db.acquire().await?;
    Ok(store::hotspots(&mut conn, state.db.backend(), &q.filter(state.clock.today(), department)).await?)
}

#[derive(Template)]
#[template(path = "staff/hotspots.html")]
struct HotspotsPage {
    page: PageChrome,
    rows: Vec<HotspotRow>,
    districts: Vec<OptionView>,
    categories: Vec<OptionView>,
    threshold: i64,
    since: String,
    today: String,
    filters: String,
}

struct HotspotRow {
    name: String,
    credit_code: String,
    complaints: i64,
    open: i64,
    overdue: i64,
    districts: i64,
    /// The weekly counts, oldest first, and whether they rise.
    weeks: String,
    rising: bool,
    tickets: String,
}

fn options(choices: Vec<(String, String)>, chosen: &str) -> Vec<OptionView> {
    choices.into_iter().map(|(value, label)| OptionView { selected: value == chosen.trim(), value, label }).collect()
}

pub async fn hotspots_page(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<HotspotQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let found = find(&state, &q, staff.user.department_id.as_deref()).await?;
    let reference = state.db.reference().current(&state.db).await?;
    let (categories, _) = names(&reference, lang);
    let mut categories: Vec<(String, String)> = categories.into_iter().collect();
    categories.sort();
    let districts =
        reference.active_districts().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    let filters = q.filters();
    let rows = found
        .iter()
        .map(|h| HotspotRow {
            name: h.name.clone(),
            credit_code: h.credit_code.clone().unwrap_or_default(),
            complaints: h.complaints,
            open: h.open,
            overdue: h.overdue,
            districts: h.districts,
            weeks: h.weeks.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
            rising: rising(&h.weeks),
            tickets: tickets_link(&h.employer, &filters),
        })
        .collect();
    let page = HotspotsPage {
        page: staff.page(lang, t.hotspots_title, "/staff/hotspots"),
        rows,
        districts: options(districts, &q.district),
        categories: options(categories, &q.category),
        threshold: hotspots::threshold(&q.threshold),
        since: window_start(today).to_string(),
        today: today.to_string(),
        filters,
    };
    Ok(render(&page)?.into_response())
}

fn tickets_link(employer: &str, filters: &str) -> String {
    let employer = serde_urlencoded::to_string([("employer", employer)]).unwrap_or_default();
    format!("/staff/hotspots/tickets?{employer}&{filters}")
}

pub async fn hotspots_csv(
    State(state): State<AppState>,
    lang: Lang,
    reader: ReportReader,
    Query(q): Query<HotspotQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let found = find(&state, &q, reader.department()).await?;
    let today = state.clock.today();
    let mut header = [
        t.hotspot_col_employer,
        t.hotspot_col_credit_code,
        t.hotspot_col_complaints,
        t.hotspot_col_open,
        t.hotspot_col_overdue,
        t.hotspot_col_districts,
    ]
    .map(str::to_string)
    .to_vec();
    header.extend(hotspots::trend_weeks(today).iter().map(|start| start.to_string()));
    let mut rows = vec![header];
    for h in &found {
        let mut row = vec![
            h.name.clone(),
            h.credit_code.clone().unwrap_or_default(),
            h.complaints.to_string(),
            h.open.to_string(),
            h.overdue.to_string(),
            h.districts.to_string(),
        ];
        row.extend(h.weeks.iter().map(i64::to_string));
        rows.push(row);
    }
    Ok(csv_response(&rows, &format!("hotspots-{today}.csv")))
}

/// An employer named in several complaints.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotEntry {
    /// The unified social credit code, or the name as compared when the
    /// complaints gave none: the `employer` of the tickets' list.
    pub employer: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub complaints: i64,
    pub open: i64,
    /// Open tickets past their handling limit.
    pub overdue: i64,
    pub districts: i64,
    /// Complaints in each of the 13 seven-day weeks ending today, oldest
    /// first.
    pub weeks: Vec<i64>,
    /// More complaints in the last four weeks than in the four before.
    pub rising: bool,
}

/// 200: employers at risk.
#[derive(Debug, Serialize, ToSchema)]
pub struct HotspotsReport {
    /// The window's first and last day, YYYY-MM-DD, China time.
    pub since: String,
    pub today: String,
    pub threshold: i64,
    /// The first day of each week of `weeks`.
    pub week_starts: Vec<String>,
    pub employers: Vec<HotspotEntry>,
}

/// Employers at risk.
///
/// Employers named in at least `threshold` complaints received in the last
/// 90 days (at most 200, the most complained about first), with their
/// open and overdue tickets and a weekly trend. For a supervisor's session
/// (a department head counts their department's tickets) or a `reports`
/// key (the whole bureau).
#[utoipa::path(
    get,
    path = "/api/v1/reports/hotspots",
    tag = "reports",
    params(HotspotQuery),
    security(("api_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The employers", body = HotspotsReport),
        (status = 401, description = "No valid key of kind `reports`, and no session", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 403, description = "Signed in, but not a supervisor", body = ErrorBody),
    )
)]
pub async fn hotspots_json(
    State(state): State<AppState>,
    reader: ReportReader,
    Query(q): Query<HotspotQuery>,
) -> Result<Response, AppError> {
    let found = find(&state, &q, reader.department()).await?;
    let today = state.clock.today();
    Ok(Json(HotspotsReport {
        since: window_start(today).to_string(),
        today: today.to_string(),
        threshold: hotspots::threshold(&q.threshold),
        week_starts: hotspots::trend_weeks(today).iter().map(NaiveDate::to_string).collect(),
        employers: found
            .into_iter()
            .map(|h| HotspotEntry {
                rising: rising(&h.weeks),
                weeks: h.weeks.to_vec(),
                employer: h.employer,
                name: h.name,
                credit_code: h.credit_code,
                complaints: h.complaints,
                open: h.open,
                overdue: h.overdue,
                districts: h.districts,
            })
            .collect(),
    })
    .into_response())
}

#[derive(Debug, Deserialize, Default)]
pub struct EmployerQuery {
    #[serde(default)]
    employer: String,
    #[serde(flatten)]
    filters: HotspotQuery,
}

#[derive(Template)]
#[template(path = "staff/hotspot_tickets.html")]
struct EmployerTicketsPage {
    page: PageChrome,
    title: String,
    back: String,
    rows: Vec<TicketRow>,
}

struct TicketRow {
    id: String,
    ticket_no: String,
    state: String,
    department: String,
    holder: String,
    received: String,
    due: String,
}

/// The tickets counted for one employer, under the same filters.
pub async fn employer_tickets(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<EmployerQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let employer = q.employer.trim();
    if employer.is_empty() {
        return Err(AppError::NotFound);
    }
    let filter = q.filters.filter(state.clock.today(), staff.user.department_id.as_deref());
    let tickets = {
        let mut conn = state.db.acquire().await?;
        store::tickets_of(&mut conn, employer, &filter).await?
    };
    let reference = state.db.reference().current(&state.db).await?;
    let (_, departments) = names(&reference, lang);
    let rows = tickets
        .into_iter()
        .map(|s| TicketRow {
            id: s.id,
            ticket_no: s.ticket_no.grouped(),
            state: t.state_name(s.state).to_string(),
            department: departments.get(&s.department_id).cloned().unwrap_or_default(),
            holder: s.holder.unwrap_or_else(|| t.unassigned.to_string()),
            received: format_instant(s.received_at),
            due: s.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    let page = EmployerTicketsPage {
        page: staff.page(lang, t.hotspots_title, "/staff/hotspots"),
        title: t.hotspot_tickets_of(employer),
        back: format!("/staff/hotspots?{}", q.filters.filters()),
        rows,
    };
    Ok(render(&page)?.into_response())
}
