//! The supervisors' dashboard: what is due today, due soon and overdue
//! against both limits, and what waits on the citizen, by department and by
//! caseworker, each figure a link to the tickets behind it; also as CSV
//! (UTF-8 with BOM) and JSON.

pub mod approvals;
pub mod hotspots;
pub mod lists;
pub mod period;

use crate::i18n::Lang;
use crate::store::api_clients::ApiClient;
use crate::store::reports::{self, ClockCounts, Figure, COLUMNS};
use crate::store::users;
use crate::web::api_key::ReportsClient;
use crate::web::auth::{Staff, Supervisor};
use crate::web::csv::csv_response;
use crate::web::error::AppError;
use crate::web::error::ErrorBody;
use crate::web::pages::department_name;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One row of a report: a department or a caseworker, and its figures.
pub struct ReportRow {
    pub label: String,
    /// Query string selecting the row's tickets (without clock and figure).
    pub scope: String,
    pub figures: [i64; 8],
}

pub struct Report {
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    pub total: [i64; 8],
    pub by_department: Vec<ReportRow>,
    pub by_caseworker: Vec<ReportRow>,
    pub calendar_warning: String,
}

/// Who reads the reports: a supervisor signed in, or a reporting tool with
/// an administrator-issued key of kind `reports`. A key is read-only and
/// opens nothing but the reports; it sees the bureau-wide figures, as the
/// bureau's supervision office does.
pub enum ReportReader {
    Supervisor(Box<Staff>),
    Client(ApiClient),
}

impl ReportReader {
    /// The department whose figures the reader may see; None for all.
    pub fn department(&self) -> Option<&str> {
        match self {
            ReportReader::Supervisor(staff) => staff.user.department_id.as_deref(),
            ReportReader::Client(_) => None,
        }
    }
}

impl FromRequestParts<AppState> for ReportReader {
    type Rejection = AppError;

    /// A request that presents a key is judged by the key alone (a wrong
    /// one is a 401, never a sign-in redirect); one without, by its session.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) || parts.headers.contains_key("x-api-key") {
            let ReportsClient(client) = ReportsClient::from_request_parts(parts, state).await?;
            return Ok(ReportReader::Client(client));
        }
        match Supervisor::from_request_parts(parts, state).await {
            Ok(Supervisor(staff)) => Ok(ReportReader::Supervisor(Box::new(staff))),
            // A program calling the API without a session is asked for a key.
            Err(AppError::Unauthorized) if parts.uri.path().starts_with("/api/") => Err(AppError::NoApiKey),
            Err(e) => Err(e),
        }
    }
}

/// The figures the reader may see: a department head their own
/// department, the bureau's supervision office (and a key) everything.
async fn build_report(state: &AppState, lang: Lang, department: Option<&str>) -> Result<Report, AppError> {
    let today = state.clock.today();
    let reference = state.db.reference().current(&state.db).await?;
    let cal = &reference.calendar;
    let soon_until = cal.add_working_days(today, state.config.due_soon_working_days);
    let all = state
        .db
        .recent_clock_counts()
        .get_or_compute(state.db.writes(), (today, soon_until), || async {
            let mut conn = state.db.acquire().await?;
            reports::clock_counts(&mut conn, today, soon_until).await
        })
        .await?;
    let groups: Vec<&ClockCounts> = all.iter().filter(|g| department.is_none_or(|d| d == g.department_id)).collect();
    let mut by_department: BTreeMap<String, ClockCounts> = BTreeMap::new();
    let mut by_caseworker: BTreeMap<String, ClockCounts> = BTreeMap::new();
    let mut unassigned = ClockCounts::default();
    let mut total = ClockCounts::default();
    for g in groups {
        by_department.entry(g.department_id.clone()).or_default().add(g);
        match &g.assignee_id {
            Some(assignee) => by_caseworker.entry(assignee.clone()).or_default().add(g),
            None => unassigned.add(g),
        }
        total.add(g);
    }
    let department_rows = by_department
        .iter()
        .map(|(id, counts)| ReportRow {
            label: department_name(&reference, lang, id),
            scope: format!("department={id}"),
            figures: counts.figures(),
        })
        .collect();
    let names = users::display_names(&mut *state.db.acquire().await?).await?;
    let mut caseworker_rows: Vec<ReportRow> = by_caseworker
        .iter()
        .map(|(id, counts)| ReportRow {
            label: names.get(id).cloned().unwrap_or_default(),
            scope: format!("assignee={id}"),
            figures: counts.figures(),
        })
        .collect();
    // Tickets nobody holds yet are somebody's to hand out: their own row.
    if unassigned.open > 0 {
        caseworker_rows.push(ReportRow {
            label: lang.messages().unassigned.to_string(),
            scope: "assignee=unassigned".to_string(),
            figures: unassigned.figures(),
        });
    }
    Ok(Report {
        today,
        soon_until,
        total: total.figures(),
        by_department: department_rows,
        by_caseworker: caseworker_rows,
        calendar_warning: crate::web::pages::calendar_warning(lang, cal.covered_until(), today),
    })
}

/// The query string of a figure's drill-down list.
fn figure_link(scope: &str, column: usize) -> String {
    let (clock, figure) = COLUMNS[column];
    let clock = if clock == "handling_due_on" { "handling" } else { "decision" };
    let scope = if scope.is_empty() { String::new() } else { format!("{scope}&") };
    format!("/staff/list?{scope}clock={clock}&figure={}", figure.key())
}

struct RowView {
    label: String,
    /// (figure, link, whether it counts overdue tickets)
    cells: Vec<(i64, String, bool)>,
}

fn row_view(row: &ReportRow) -> RowView {
    RowView {
        label: row.label.clone(),
        cells: row
            .figures
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, figure_link(&row.scope, i), COLUMNS[i].1 == Figure::Overdue && *n > 0))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage {
    page: PageChrome,
    headers: Vec<&'static str>,
    tables: Vec<TableView>,
    warning: String,
}

struct TableView {
    id: &'static str,
    title: &'static str,
    rows: Vec<RowView>,
}

pub(super) fn headers(lang: Lang) -> Vec<&'static str> {
    let t = lang.messages();
    vec![
        t.report_open,
        t.report_handling_due_today,
        t.report_handling_due_soon,
        t.report_handling_overdue,
        t.report_decision_due_today,
        t.report_decision_due_soon,
        t.report_decision_overdue,
        t.report_paused,
    ]
}

pub async fn dashboard(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let report = build_report(&state, lang, staff.user.department_id.as_deref()).await?;
    let page = DashboardPage {
        page: staff.page(lang, t.dashboard_title, "/staff/dashboard"),
        headers: headers(lang),
        tables: vec![
            TableView {
                id: "total",
                title: t.report_total,
                rows: vec![row_view(&ReportRow {
                    label: t.report_total.to_string(),
                    scope: String::new(),
                    figures: report.total,
                })],
            },
            TableView {
                id: "by-department",
                title: t.report_by_department,
                rows: report.by_department.iter().map(row_view).collect(),
            },
            TableView {
                id: "by-caseworker",
                title: t.report_by_caseworker,
                rows: report.by_caseworker.iter().map(row_view).collect(),
            },
        ],
        warning: report.calendar_warning,
    };
    Ok(render(&page)?.into_response())
}

/// The report as CSV: UTF-8 with a byte-order mark, so that spreadsheet
/// programs open the Chinese text correctly.
pub async fn dashboard_csv(
    State(state): State<AppState>,
    lang: Lang,
    reader: ReportReader,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let report = build_report(&state, lang, reader.department()).await?;
    let mut header = vec![t.report_group.to_string(), t.report_name.to_string()];
    header.extend(headers(lang).iter().map(|h| h.to_string()));
    let mut total = vec![t.report_total.to_string(), t.report_total.to_string()];
    total.extend(report.total.iter().map(|n| n.to_string()));
    let mut rows = vec![header, total];
    let groups = [(t.report_by_department, &report.by_department), (t.report_by_caseworker, &report.by_caseworker)];
    for (group, list) in groups {
        for row in list.iter() {
            let mut fields = vec![group.to_string(), row.label.clone()];
            fields.extend(row.figures.iter().map(|n| n.to_string()));
            rows.push(fields);
        }
    }
    Ok(csv_response(&rows, &format!("clocks-{}.csv", report.today)))
}

/// The eight figures of a row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockFigures {
    pub open: i64,
    pub handling_due_today: i64,
    pub handling_due_soon: i64,
    /// Overdue ones waiting on the citizen included: a pause never hides
    /// lateness.
    pub handling_overdue: i64,
    pub decision_due_today: i64,
    pub decision_due_soon: i64,
    pub decision_overdue: i64,
    /// Waiting on the citizen with the handling clock unfinished (stopped,
    /// or overdue already when the pause began).
    pub paused: i64,
}

impl ClockFigures {
    fn new(f: &[i64; 8]) -> ClockFigures {
        let [open, handling_due_today, handling_due_soon, handling_overdue, decision_due_today, decision_due_soon, decision_overdue, paused] =
            *f;
        ClockFigures {
            open,
            handling_due_today,
            handling_due_soon,
            handling_overdue,
            decision_due_today,
            decision_due_soon,
            decision_overdue,
            paused,
        }
    }
}

/// A department's or a caseworker's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockRow {
    pub name: String,
    /// The query selecting the row's tickets: `department=…`, `assignee=…`
    /// or `assignee=unassigned`.
    #[schema(example = "department=labour_inspection")]
    pub scope: String,
    pub figures: ClockFigures,
}

/// 200: open tickets against both clocks today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClocksReport {
    /// YYYY-MM-DD, China time.
    pub today: String,
    /// "Due soon" means due on or before this day.
    pub due_soon_until: String,
    pub total: ClockFigures,
    pub by_department: Vec<ClockRow>,
    pub by_caseworker: Vec<ClockRow>,
}

/// Open tickets against both clocks.
///
/// Open, due today, due soon and overdue per clock, in total, by department
/// and by caseworker. For a supervisor's session (a department head sees
/// their department) or a `reports` key (the whole bureau).
#[utoipa::path(
    get,
    path = "/api/v1/reports/clocks",
    tag = "reports",
    security(("api_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The figures", body = ClocksReport),
        (status = 401, description = "No valid key of kind `reports`, and no session", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 403, description = "Signed in, but not a supervisor", body = ErrorBody),
    )
)]
pub async fn clocks_json(
    State(state): State<AppState>,
    lang: Lang,
    reader: ReportReader,
) -> Result<Response, AppError> {
    let report = build_report(&state, lang, reader.department()).await?;
    let rows = |rows: &[ReportRow]| -> Vec<ClockRow> {
        rows.iter()
            .map(|r| ClockRow { name: r.label.clone(), scope: r.scope.clone(), figures: ClockFigures::new(&r.figures) })
            .collect()
    };
    Ok(Json(ClocksReport {
        today: report.today.to_string(),
        due_soon_until: report.soon_until.to_string(),
        total: ClockFigures::new(&report.total),
        by_department: rows(&report.by_department),
        by_caseworker: rows(&report.by_caseworker),
    })
    .into_response())
}

/// The dashboard, its figure lists, the approvals inbox and the period
/// reports, as pages, CSV and JSON.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/staff/approvals", get(approvals::approvals).post(approvals::decide))
        .route("/staff/dashboard", get(dashboard))
        .route("/staff/dashboard.csv", get(dashboard_csv))
        .route("/staff/list", get(lists::figure_list))
        .route("/staff/reports", get(period::reports_page))
        .route("/staff/reports.csv", get(period::reports_csv))
        .route("/api/v1/reports/period", get(period::reports_json))
        .route("/api/v1/reports/clocks", get(clocks_json))
        .route("/staff/hotspots", get(hotspots::hotspots_page))
        .route("/staff/hotspots.csv", get(hotspots::hotspots_csv))
        .route("/staff/hotspots/tickets", get(hotspots::employer_tickets))
        .route("/api/v1/reports/hotspots", get(hotspots::hotspots_json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_figure_links_to_its_tickets() {
        assert_eq!(
            figure_link("department=pension", 3),
            "/staff/list?department=pension&clock=handling&figure=overdue"
        );
        assert_eq!(figure_link("", 6), "/staff/list?clock=decision&figure=overdue");
        assert_eq!(figure_link("assignee=u1", 0), "/staff/list?assignee=u1&clock=handling&figure=open");
        assert_eq!(figure_link("department=pension", 7), "/staff/list?department=pension&clock=handling&figure=paused");
    }
}
