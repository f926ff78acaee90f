//! The supervisors' dashboard: what is due today, due soon and overdue
//! against both limits, by department and by caseworker, each figure a link
//! to the tickets behind it; also as CSV (UTF-8 with BOM) and JSON.

pub mod approvals;
pub mod lists;
pub mod period;

use crate::i18n::Lang;
use crate::store::reports::{self, ClockCounts, Figure, COLUMNS};
use crate::store::users;
use crate::web::auth::{Staff, Supervisor};
use crate::web::csv::csv_response;
use crate::web::error::AppError;
use crate::web::pages::department_name;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One row of a report: a department or a caseworker, and its figures.
pub struct ReportRow {
    pub label: String,
    /// Query string selecting the row's tickets (without clock and figure).
    pub scope: String,
    pub figures: [i64; 7],
}

pub struct Report {
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
    pub total: [i64; 7],
    pub by_department: Vec<ReportRow>,
    pub by_caseworker: Vec<ReportRow>,
    pub calendar_warning: String,
}

/// The figures the supervisor may see: a department head their own
/// department, the bureau's supervision office everything.
async fn build_report(state: &AppState, lang: Lang, staff: &Staff) -> Result<Report, AppError> {
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
    let groups: Vec<&ClockCounts> =
        all.iter().filter(|g| staff.user.department_id.as_deref().is_none_or(|d| d == g.department_id)).collect();
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
    ]
}

pub async fn dashboard(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let report = build_report(&state, lang, &staff).await?;
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
    Supervisor(staff): Supervisor,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let report = build_report(&state, lang, &staff).await?;
    let mut header = vec![t.report_group.to_string(), t.report_name.to_string()];
    header.extend(headers(lang).iter().map(|h| h.to_string()));
    let mut rows = vec![header];
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

/// The same report as JSON, for staff sessions.
pub async fn clocks_json(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
) -> Result<Response, AppError> {
    let report = build_report(&state, lang, &staff).await?;
    let keys = [
        "open",
        "handling_due_today",
        "handling_due_soon",
        "handling_overdue",
        "decision_due_today",
        "decision_due_soon",
        "decision_overdue",
    ];
    let figures = |f: &[i64; 7]| -> serde_json::Map<String, serde_json::Value> {
        keys.iter().zip(f.iter()).map(|(k, v)| (k.to_string(), serde_json::json!(v))).collect()
    };
    let rows = |rows: &[ReportRow]| -> Vec<serde_json::Value> {
        rows.iter()
            .map(|r| serde_json::json!({ "name": r.label, "scope": r.scope, "figures": figures(&r.figures) }))
            .collect()
    };
    Ok(Json(serde_json::json!({
        "today": report.today.to_string(),
        "due_soon_until": report.soon_until.to_string(),
        "total": figures(&report.total),
        "by_department": rows(&report.by_department),
        "by_caseworker": rows(&report.by_caseworker),
    }))
    .into_response())
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
    }
}
