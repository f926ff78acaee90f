//! The supervisors' dashboard: what is due today, due soon and overdue
//! against both limits, by department and by caseworker, each figure a link
//! to the tickets behind it; also as CSV (UTF-8 with BOM) and JSON.

use super::error::AppError;
use super::pages::{format_instant, render, PageChrome};
use super::staff::{staff_chrome, Staff, StaffChrome};
use super::AppState;
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock_state::working_days_left;
use crate::domain::deadline::LimitUnit;
use crate::domain::masking::mask_name;
use crate::domain::workflow::Role;
use crate::i18n::{Lang, Messages};
use crate::store::reports::{self, ClockCounts, Figure, COLUMNS};
use crate::store::tickets::{self, AssigneeFilter, ClockColumn, FigureFilter, Ticket};
use crate::store::users;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

fn require_supervisor(staff: &Staff) -> Result<(), AppError> {
    if staff.user.role == Role::Supervisor {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

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
    let departments = &reference.departments;
    let mut by_department: BTreeMap<String, ClockCounts> = BTreeMap::new();
    let mut by_caseworker: BTreeMap<String, ClockCounts> = BTreeMap::new();
    let mut total = ClockCounts::default();
    for g in groups {
        by_department.entry(g.department_id.clone()).or_default().add(g);
        if let Some(assignee) = &g.assignee_id {
            by_caseworker.entry(assignee.clone()).or_default().add(g);
        }
        total.add(g);
    }
    let department_rows = by_department
        .iter()
        .map(|(id, counts)| ReportRow {
            label: departments
                .iter()
                .find(|d| d.id == *id)
                .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
                .unwrap_or_else(|| id.clone()),
            scope: format!("department={id}"),
            figures: counts.figures(),
        })
        .collect();
    let names = users::display_names(&mut *state.db.acquire().await?).await?;
    let caseworker_rows = by_caseworker
        .iter()
        .map(|(id, counts)| ReportRow {
            label: names.get(id).cloned().unwrap_or_default(),
            scope: format!("assignee={id}"),
            figures: counts.figures(),
        })
        .collect();
    Ok(Report {
        today,
        soon_until,
        total: total.figures(),
        by_department: department_rows,
        by_caseworker: caseworker_rows,
        calendar_warning: super::admin::calendar_warning(lang, cal.covered_until(), today),
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
    staff: StaffChrome,
    headers: Vec<&'static str>,
    tables: Vec<TableView>,
    warning: String,
}

struct TableView {
    id: &'static str,
    title: &'static str,
    rows: Vec<RowView>,
}

fn headers(lang: Lang) -> Vec<&'static str> {
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

pub async fn dashboard(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
    let t = lang.messages();
    let report = build_report(&state, lang, &staff).await?;
    let page = DashboardPage {
        page: PageChrome::new(lang, t.dashboard_title, "/staff/dashboard"),
        staff: staff_chrome(&staff),
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

/// A CSV download: UTF-8 with a byte-order mark, so that spreadsheet
/// programs open the Chinese text correctly; CRLF line ends.
pub fn csv_response(rows: &[Vec<String>], filename: &str) -> Response {
    let mut csv = String::from("\u{feff}");
    for row in rows {
        csv.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        csv.push_str("\r\n");
    }
    let disposition = format!("attachment; filename=\"{filename}\"");
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], csv)
        .into_response()
}

/// A CSV field, quoted when it needs to be. A cell a spreadsheet would take
/// for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a citizen's words can) is kept as text with a leading `'`.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The report as CSV: UTF-8 with a byte-order mark, so that spreadsheet
/// programs open the Chinese text correctly.
pub async fn dashboard_csv(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
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
pub async fn clocks_json(State(state): State<AppState>, lang: Lang, staff: Staff) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
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

#[derive(Deserialize, serde::Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    department: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    clock: String,
    #[serde(default)]
    figure: String,
    /// A period report's tickets: received from `from` to `to`.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// The previous page's last row: `due date|ticket number`.
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "staff/list.html")]
struct ListPage {
    page: PageChrome,
    staff: StaffChrome,
    title: String,
    rows: Vec<ListRow>,
    /// The next page's address, empty on the last page.
    next: String,
}

/// Rows per page of a figure's list.
const LIST_PAGE: i64 = 50;

struct ListRow {
    id: String,
    ticket_no: String,
    state: String,
    department: String,
    assignee: String,
    /// How far past the figure's clock, in that clock's own unit; empty
    /// when it has not run out.
    overdue_by: String,
    handling_due: String,
    decision_due: String,
    complainant: String,
    received: String,
}

/// How long the figure's clock has been overdue, counted in its own unit
/// (working days for a working-day limit, calendar days otherwise).
fn overdue_by(t: &Messages, cal: &WorkCalendar, ticket: &Ticket, clock: ClockColumn, today: NaiveDate) -> String {
    let (due, unit) = match clock {
        ClockColumn::Handling => (ticket.handling_due_on, ticket.handling_unit),
        ClockColumn::Decision => (Some(ticket.decision_due_on), ticket.decision_unit),
    };
    let finished = ticket.replied_on.or(ticket.closed_on);
    match due {
        Some(due) if finished.is_none() && today > due => {
            let days = match unit {
                LimitUnit::WorkingDays => -working_days_left(cal, due, today),
                LimitUnit::CalendarDays => (today - due).num_days(),
            };
            t.days_in(unit, days)
        }
        _ => String::new(),
    }
}

/// The tickets behind one figure of the dashboard.
pub async fn figure_list(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
    let t = lang.messages();
    let figure = Figure::parse(&q.figure).ok_or(AppError::BadRequest("figure".into()))?;
    let clock = match q.clock.as_str() {
        "handling" => ClockColumn::Handling,
        "decision" => ClockColumn::Decision,
        _ => return Err(AppError::BadRequest("clock".into())),
    };
    // A department head sees only their department's tickets.
    let department = match &staff.user.department_id {
        Some(own) if !q.department.is_empty() && q.department != *own => return Err(AppError::Forbidden),
        Some(own) => Some(own.as_str()),
        None => Some(q.department.as_str()).filter(|d| !d.is_empty()),
    };
    let today = state.clock.today();
    let mut conn = state.db.acquire().await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let cal = &reference.calendar;
    let filter = FigureFilter {
        department_id: department,
        assignee: if q.assignee.is_empty() { AssigneeFilter::Anyone } else { AssigneeFilter::User(&q.assignee) },
        clock,
        figure,
        today,
        soon_until: cal.add_working_days(today, state.config.due_soon_working_days),
        received_between: (!q.from.is_empty() || !q.to.is_empty())
            .then(|| period(&PeriodQuery { from: q.from.clone(), to: q.to.clone() }, today)),
        after: q.after.split_once('|'),
        limit: LIST_PAGE + 1,
    };
    let mut tickets = tickets::figure_list(&mut conn, &filter).await?;
    let next = match tickets.len() as i64 > LIST_PAGE {
        true => {
            tickets.truncate(LIST_PAGE as usize);
            let (key, no) = tickets.last().map(|t| tickets::figure_cursor(&filter, t)).unwrap_or_default();
            let mut query = q.clone();
            query.after = format!("{key}|{no}");
            format!("/staff/list?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
        }
        false => String::new(),
    };
    drop(conn);
    let names = users::display_names(&mut *state.db.acquire().await?).await?;
    let rows = tickets
        .into_iter()
        .map(|ticket| ListRow {
            id: ticket.id.clone(),
            ticket_no: ticket.ticket_no.grouped(),
            state: t.state_name(ticket.state.key()).to_string(),
            department: super::citizen::department_name(&reference, lang, &ticket.department_id),
            assignee: ticket
                .assignee_id
                .as_ref()
                .and_then(|id| names.get(id).cloned())
                .unwrap_or_else(|| t.unassigned.to_string()),
            overdue_by: overdue_by(t, cal, &ticket, clock, today),
            handling_due: ticket.handling_due_on.map(|d| d.to_string()).unwrap_or_default(),
            decision_due: ticket.decision_due_on.to_string(),
            complainant: mask_name(&ticket.complainant_name),
            received: format_instant(ticket.received_at),
        })
        .collect();
    let column = COLUMNS.iter().position(|(c, f)| *c == clock.column() && *f == figure).unwrap_or(0);
    let page = ListPage {
        page: PageChrome::new(lang, t.dashboard_title, "/staff/dashboard"),
        staff: staff_chrome(&staff),
        title: headers(lang)[column].to_string(),
        rows,
        next,
    };
    Ok(render(&page)?.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("劳动保障监察总队"), "劳动保障监察总队");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn csv_cells_that_look_like_formulas_stay_text() {
        assert_eq!(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("+86 138"), "'+86 138");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tcmd"), "'\tcmd");
        assert_eq!(csv_field("2026-11-25"), "2026-11-25");
    }

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

// ---------------------------------------------------------------- period reports

use crate::store::reports::{PeriodFigures, PeriodKey, AGING_BUCKETS};
use chrono::{Datelike, Duration};

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The period asked for; by default the 30 days up to today.
fn period(q: &PeriodQuery, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let to = parse(&q.to).unwrap_or(today);
    let from = parse(&q.from).filter(|f| *f <= to).unwrap_or(to - Duration::days(29));
    (from, to)
}

/// `met / (met + missed + overdue)` as a percentage; "—" with nothing due yet.
pub fn on_time_rate(met: i64, missed: i64, overdue: i64) -> String {
    let due = met + missed + overdue;
    if due == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", 100.0 * met as f64 / due as f64)
    }
}

struct PeriodRow {
    department: String,
    /// The tickets behind the row's figures.
    link: String,
    cells: Vec<String>,
}

fn period_cells(f: &PeriodFigures) -> Vec<String> {
    vec![
        f.received.to_string(),
        on_time_rate(f.handling_met, f.handling_missed, f.handling_overdue),
        on_time_rate(f.decision_met, f.decision_missed, f.decision_overdue),
        format!("{} / {}", f.extensions_approved, f.extensions_requested),
        f.urges.to_string(),
        format!("{} / {} / {}", f.satisfied, f.basically_satisfied, f.not_satisfied),
    ]
}

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct ReportsPage {
    page: PageChrome,
    staff: StaffChrome,
    from: String,
    to: String,
    period_headers: Vec<&'static str>,
    period_rows: Vec<PeriodRow>,
    aging_headers: Vec<&'static str>,
    aging_rows: Vec<(String, Vec<i64>)>,
    chart: String,
}

struct Reports {
    from: NaiveDate,
    to: NaiveDate,
    period: Vec<(String, PeriodFigures)>,
    aging: Vec<(String, [i64; 5])>,
    weeks: Vec<(String, Vec<i64>)>,
}

async fn build_reports(state: &AppState, lang: Lang, staff: &Staff, q: &PeriodQuery) -> Result<Reports, AppError> {
    let today = state.clock.today();
    let (from, to) = period(q, today);
    let reference = state.db.reference().current(&state.db).await?;
    let departments = &reference.departments;
    // Twelve weeks, Monday to Sunday, ending with the current one.
    let this_monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
    let first_monday = this_monday - Duration::weeks(11);
    let key = PeriodKey { from, to, today, trend_from: first_monday, trend_to: this_monday + Duration::days(6) };
    let report = state
        .db
        .recent_period_reports()
        .get_or_compute(state.db.writes(), key, || async {
            let mut conn = state.db.acquire().await?;
            reports::period_report(&mut conn, &key).await
        })
        .await?;
    let name = |id: &str| {
        departments
            .iter()
            .find(|d| d.id == id)
            .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
            .unwrap_or_default()
    };
    let visible = |id: &str| staff.user.department_id.as_deref().is_none_or(|own| own == id);
    let period = report
        .figures
        .iter()
        .filter(|f| visible(&f.department_id))
        .map(|f| (name(&f.department_id), f.clone()))
        .collect();
    let aging = report.aging.iter().filter(|(d, _)| visible(d)).map(|(d, buckets)| (name(d), *buckets)).collect();
    let daily = &report.daily;
    let weeks = (0..12)
        .map(|w| {
            let start = first_monday + Duration::weeks(w);
            let end = start + Duration::days(6);
            let mut sums = vec![0; 3];
            for (day, received, closed, overdue) in daily {
                if *day >= start && *day <= end {
                    sums[0] += received;
                    sums[1] += closed;
                    sums[2] += overdue;
                }
            }
            (start.format("%m-%d").to_string(), sums)
        })
        .collect();
    Ok(Reports { from, to, period, aging, weeks })
}

fn period_headers(lang: Lang) -> Vec<&'static str> {
    let t = lang.messages();
    vec![
        t.report_received,
        t.report_handling_on_time,
        t.report_decision_on_time,
        t.report_extensions,
        t.report_urges,
        t.report_satisfaction,
    ]
}

const AGING_LABELS: [&str; 5] = ["0–5", "6–15", "16–60", "61–90", ">90"];

pub async fn reports_page(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
    let t = lang.messages();
    let reports = build_reports(&state, lang, &staff, &q).await?;
    let chart = super::charts::weekly_lines(
        &reports.weeks,
        &[(t.trend_received, "#0b4f8a"), (t.trend_closed, "#1f7a3a"), (t.trend_overdue, "#b3261e")],
        t.trend_title,
    );
    debug_assert_eq!(AGING_BUCKETS.len(), AGING_LABELS.len());
    let page = ReportsPage {
        page: PageChrome::new(lang, t.reports_title, "/staff/reports"),
        staff: staff_chrome(&staff),
        from: reports.from.to_string(),
        to: reports.to.to_string(),
        period_headers: period_headers(lang),
        period_rows: reports
            .period
            .iter()
            .map(|(d, f)| PeriodRow {
                department: d.clone(),
                link: format!(
                    "/staff/list?department={}&clock=handling&figure=open&from={}&to={}",
                    f.department_id, reports.from, reports.to
                ),
                cells: period_cells(f),
            })
            .collect(),
        aging_headers: AGING_LABELS.to_vec(),
        aging_rows: reports.aging.iter().map(|(d, b)| (d.clone(), b.to_vec())).collect(),
        chart,
    };
    Ok(render(&page)?.into_response())
}

/// The period report as CSV.
pub async fn reports_csv(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
    let t = lang.messages();
    let reports = build_reports(&state, lang, &staff, &q).await?;
    let mut header = vec![t.col_department.to_string()];
    header.extend(period_headers(lang).iter().map(|h| h.to_string()));
    let mut rows = vec![header];
    for (department, figures) in &reports.period {
        let mut fields = vec![department.clone()];
        fields.extend(period_cells(figures));
        rows.push(fields);
    }
    Ok(csv_response(&rows, &format!("period-{}-{}.csv", reports.from, reports.to)))
}

/// The period report, aging and weekly trend as JSON, for staff sessions.
pub async fn reports_json(
    State(state): State<AppState>,
    lang: Lang,
    staff: Staff,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    require_supervisor(&staff)?;
    let reports = build_reports(&state, lang, &staff, &q).await?;
    let period: Vec<serde_json::Value> = reports
        .period
        .iter()
        .map(|(name, f)| {
            serde_json::json!({
                "department": name, "department_id": f.department_id, "received": f.received,
                "handling": {"met": f.handling_met, "missed": f.handling_missed, "overdue": f.handling_overdue},
                "decision": {"met": f.decision_met, "missed": f.decision_missed, "overdue": f.decision_overdue},
                "extensions": {"requested": f.extensions_requested, "approved": f.extensions_approved},
                "urges": f.urges,
                "ratings": {"satisfied": f.satisfied, "basically_satisfied": f.basically_satisfied, "not_satisfied": f.not_satisfied},
            })
        })
        .collect();
    let aging: Vec<serde_json::Value> = reports
        .aging
        .iter()
        .map(|(name, b)| serde_json::json!({ "department": name, "buckets": AGING_LABELS.iter().zip(b).map(|(l, n)| (l.to_string(), *n)).collect::<BTreeMap<_, _>>() }))
        .collect();
    let weeks: Vec<serde_json::Value> = reports
        .weeks
        .iter()
        .map(|(week, v)| serde_json::json!({ "week_of": week, "received": v[0], "closed": v[1], "overdue": v[2] }))
        .collect();
    Ok(Json(serde_json::json!({
        "from": reports.from.to_string(), "to": reports.to.to_string(),
        "by_department": period, "aging": aging, "weeks": weeks,
    }))
    .into_response())
}
