//! Period reports: on-time rates, extensions, urges, pauses asked for once
//! overdue and satisfaction by department, the age of open tickets, and a twelve-week trend.

use super::ReportReader;
use crate::domain::figures::PeriodFigure;
use crate::domain::input_dates::{parse_day, DateError};
use crate::i18n::{Lang, Messages};
use crate::store::reports::{self};
use crate::store::reports::{PeriodFigures, PeriodKey, AGING_BUCKETS};
use crate::web::auth::Supervisor;
use crate::web::csv::csv_response;
use crate::web::error::AppError;
use crate::web::error::ErrorBody;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use chrono::{Datelike, Duration};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day, YYYY-MM-DD; by default 29 days before `to`. Ignored when
    /// unreadable or after `to`; a year outside 1900–2200 is a 400.
    #[serde(default)]
    #[param(example = "2026-11-01")]
    pub from: String,
    /// Last day, YYYY-MM-DD; by default today. Ignored when unreadable; a
    /// year outside 1900–2200 is a 400.
    #[serde(default)]
    #[param(example = "2026-11-30")]
    pub to: String,
}

/// The period asked for; by default the 30 days up to today. A date that
/// cannot be read is left out, as a link or a bookmark may carry one; a
/// date in a year input may not name is refused, naming its parameter.
pub(super) fn period(t: &Messages, q: &PeriodQuery, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), AppError> {
    let parse = |name: &str, text: &str| match parse_day(text) {
        Ok(day) => Ok(Some(day)),
        Err(DateError::Unreadable) => Ok(None),
        Err(DateError::OutOfRange) => Err(AppError::BadRequest(t.date_out_of_range(name))),
    };
    let to = parse("to", &q.to)?.unwrap_or(today);
    let from = parse("from", &q.from)?.filter(|f| *f <= to).unwrap_or(to - Duration::days(29));
    Ok((from, to))
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
    /// Each cell's parts: a figure's text and the list of the tickets it
    /// counts (empty for the words between figures).
    cells: Vec<Vec<(String, String)>>,
}

/// The cells of one department's row, each figure linked to its tickets.
fn linked_cells(t: &Messages, f: &PeriodFigures, from: NaiveDate, to: NaiveDate) -> Vec<Vec<(String, String)>> {
    use crate::domain::follow_up::Rating;
    use PeriodFigure::*;
    let link = |figure: PeriodFigure, text: String| {
        let query = [("department", f.department_id.as_str()), ("period", figure.key()), ("clock", "handling")];
        let query = serde_urlencoded::to_string(query).unwrap_or_default();
        (text, format!("/staff/list?{query}&from={from}&to={to}"))
    };
    let words = |text: &str| (text.to_string(), String::new());
    let rate = |counted, met, missed, overdue, missed_figure, overdue_figure| {
        vec![
            link(counted, on_time_rate(met, missed, overdue)),
            link(missed_figure, t.period_missed(missed)),
            link(overdue_figure, t.period_overdue(overdue)),
        ]
    };
    vec![
        vec![link(Received, f.received.to_string())],
        rate(HandlingCounted, f.handling_met, f.handling_missed, f.handling_overdue, HandlingMissed, HandlingOverdue),
        rate(DecisionCounted, f.decision_met, f.decision_missed, f.decision_overdue, DecisionMissed, DecisionOverdue),
        vec![
            link(ExtensionApproved, f.extensions_approved.to_string()),
            words(" / "),
            link(ExtensionRequested, f.extensions_requested.to_string()),
        ],
        vec![link(Urged, f.urges.to_string())],
        vec![link(PausedWhileOverdue, f.paused_while_overdue.to_string())],
        vec![
            link(Rated(Rating::Satisfied), f.satisfied.to_string()),
            words(" / "),
            link(Rated(Rating::BasicallySatisfied), f.basically_satisfied.to_string()),
            words(" / "),
            link(Rated(Rating::NotSatisfied), f.not_satisfied.to_string()),
        ],
        vec![
            link(CallReached, f.call_reached.to_string()),
            words(" / "),
            link(CallBacks, f.call_backs.to_string()),
            words(&format!(" ({}) · ", coverage(f.call_reached, f.call_backs))),
            link(CallUnreached, f.call_unreached.to_string()),
        ],
        vec![
            link(CallRated(Rating::Satisfied), f.call_satisfied.to_string()),
            words(" / "),
            link(CallRated(Rating::BasicallySatisfied), f.call_basically_satisfied.to_string()),
            words(" / "),
            link(CallRated(Rating::NotSatisfied), f.call_not_satisfied.to_string()),
        ],
        vec![link(ReopenedAfterCall, f.reopened_after_call.to_string())],
    ]
}

/// The share of call-backs that reached the citizen; "—" with none made.
pub fn coverage(reached: i64, made: i64) -> String {
    if made == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", 100.0 * reached as f64 / made as f64)
    }
}

#[derive(Template)]
#[template(path = "staff/reports.html")]
struct ReportsPage {
    page: PageChrome,
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

async fn build_reports(
    state: &AppState,
    lang: Lang,
    department: Option<&str>,
    q: &PeriodQuery,
) -> Result<Reports, AppError> {
    let today = state.clock.today();
    let (from, to) = period(lang.messages(), q, today)?;
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
    let visible = |id: &str| department.is_none_or(|own| own == id);
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
            // A department head's trend is their department's.
            for flow in daily.iter().filter(|f| f.day >= start && f.day <= end && visible(&f.department_id)) {
                sums[0] += flow.received;
                sums[1] += flow.closed;
                sums[2] += flow.overdue;
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
        t.report_paused_while_overdue,
        t.report_satisfaction,
        t.report_call_backs,
        t.report_call_satisfaction,
        t.report_reopened_after_call,
    ]
}

const AGING_LABELS: [&str; 5] = ["0–5", "6–15", "16–60", "61–90", ">90"];

pub async fn reports_page(
    State(state): State<AppState>,
    lang: Lang,
    Supervisor(staff): Supervisor,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let reports = build_reports(&state, lang, staff.user.department_id.as_deref(), &q).await?;
    let chart = crate::web::charts::weekly_lines(
        &reports.weeks,
        &[(t.trend_received, "#0b4f8a"), (t.trend_closed, "#1f7a3a"), (t.trend_overdue, "#b3261e")],
        t.trend_title,
    );
    debug_assert_eq!(AGING_BUCKETS.len(), AGING_LABELS.len());
    let page = ReportsPage {
        page: staff.page(lang, t.reports_title, "/staff/reports"),
        from: reports.from.to_string(),
        to: reports.to.to_string(),
        period_headers: period_headers(lang),
        period_rows: reports
            .period
            .iter()
            .map(|(d, f)| PeriodRow { department: d.clone(), cells: linked_cells(t, f, reports.from, reports.to) })
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
    reader: ReportReader,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let reports = build_reports(&state, lang, reader.department(), &q).await?;
    let header = [
        t.col_department,
        t.report_received,
        t.csv_handling_met,
        t.csv_handling_missed,
        t.csv_handling_overdue,
        t.report_handling_on_time,
        t.csv_decision_met,
        t.csv_decision_missed,
        t.csv_decision_overdue,
        t.report_decision_on_time,
        t.csv_extensions_requested,
        t.csv_extensions_approved,
        t.report_urges,
        t.report_paused_while_overdue,
        t.csv_satisfied,
        t.csv_basically_satisfied,
        t.csv_not_satisfied,
        t.csv_call_backs,
        t.csv_call_reached,
        t.csv_call_unreached,
        t.csv_call_satisfied,
        t.csv_call_basically_satisfied,
        t.csv_call_not_satisfied,
        t.report_reopened_after_call,
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for (department, figures) in &reports.period {
        rows.push(period_csv_row(department, figures));
    }
    let total = PeriodFigures::sum(reports.period.iter().map(|(_, f)| f));
    rows.push(period_csv_row(t.report_total, &total));
    Ok(csv_response(&rows, &format!("period-{}-{}.csv", reports.from, reports.to)))
}

/// One figure a column, so that a spreadsheet can add them up.
fn period_csv_row(name: &str, f: &PeriodFigures) -> Vec<String> {
    let mut row = vec![name.to_string(), f.received.to_string()];
    for (met, missed, overdue) in [
        (f.handling_met, f.handling_missed, f.handling_overdue),
        (f.decision_met, f.decision_missed, f.decision_overdue),
    ] {
        row.extend([met, missed, overdue].map(|n| n.to_string()));
        row.push(on_time_rate(met, missed, overdue));
    }
    row.extend(
        [
            f.extensions_requested,
            f.extensions_approved,
            f.urges,
            f.paused_while_overdue,
            f.satisfied,
            f.basically_satisfied,
            f.not_satisfied,
            f.call_backs,
            f.call_reached,
            f.call_unreached,
            f.call_satisfied,
            f.call_basically_satisfied,
            f.call_not_satisfied,
            f.reopened_after_call,
        ]
        .map(|n| n.to_string()),
    );
    row
}

/// Met, missed and still overdue against one clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct OnTime {
    pub met: i64,
    pub missed: i64,
    pub overdue: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Extensions {
    pub requested: i64,
    pub approved: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Ratings {
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub not_satisfied: i64,
}

/// The call-backs made after replies: how many reached the citizen, how
/// many did not after three attempts, the satisfaction they recorded, and
/// the tickets reopened after a "not satisfied" call-back.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallBacks {
    pub made: i64,
    pub reached: i64,
    pub unreached: i64,
    pub ratings: Ratings,
    pub reopened_after_not_satisfied: i64,
}

/// One department's figures over the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentPeriod {
    pub department: String,
    pub department_id: String,
    pub received: i64,
    pub handling: OnTime,
    pub decision: OnTime,
    pub extensions: Extensions,
    pub urges: i64,
    /// Tickets whose evidence was asked for once they were already overdue.
    pub paused_while_overdue: i64,
    /// The citizens' own ratings on the status page.
    pub ratings: Ratings,
    pub call_backs: CallBacks,
}

/// How long a department's open tickets have been open.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentAging {
    pub department: String,
    /// Open tickets by age in days: `0–5`, `6–15`, `16–60`, `61–90`, `>90`.
    pub buckets: BTreeMap<String, i64>,
}

/// One week, Monday to Sunday.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeekFigures {
    /// The Monday, MM-DD.
    #[schema(example = "11-23")]
    pub week_of: String,
    pub received: i64,
    pub closed: i64,
    pub overdue: i64,
}

/// 200: the period report.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodReport {
    /// The period, YYYY-MM-DD to YYYY-MM-DD.
    pub from: String,
    pub to: String,
    pub by_department: Vec<DepartmentPeriod>,
    pub aging: Vec<DepartmentAging>,
    /// Twelve weeks ending with the current one.
    pub weeks: Vec<WeekFigures>,
}

/// The period report.
///
/// On-time rates of both clocks, extensions, urges and satisfaction by
/// department, the age of open tickets and a twelve-week trend. For a
/// supervisor's session (a department head sees their department) or a
/// `reports` key (the whole bureau).
#[utoipa::path(
    get,
    path = "/api/v1/reports/period",
    tag = "reports",
    params(PeriodQuery),
    security(("api_key" = []), ("staff_session" = [])),
    responses(
        (status = 200, description = "The report", body = PeriodReport),
        (status = 400, description = "An unreadable query string, or a date in a year outside 1900–2200", body = ErrorBody),
        (status = 401, description = "No valid key of kind `reports`, and no session", body = ErrorBody,
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 403, description = "Signed in, but not a supervisor", body = ErrorBody),
    )
)]
pub async fn reports_json(
    State(state): State<AppState>,
    lang: Lang,
    reader: ReportReader,
    q: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(q) = q.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let reports = build_reports(&state, lang, reader.department(), &q).await?;
    let by_department = reports
        .period
        .into_iter()
        .map(|(department, f)| DepartmentPeriod {
            department,
            department_id: f.department_id,
            received: f.received,
            handling: OnTime { met: f.handling_met, missed: f.handling_missed, overdue: f.handling_overdue },
            decision: OnTime { met: f.decision_met, missed: f.decision_missed, overdue: f.decision_overdue },
            extensions: Extensions { requested: f.extensions_requested, approved: f.extensions_approved },
            urges: f.urges,
            paused_while_overdue: f.paused_while_overdue,
            ratings: Ratings {
                satisfied: f.satisfied,
                basically_satisfied: f.basically_satisfied,
                not_satisfied: f.not_satisfied,
            },
            call_backs: CallBacks {
                made: f.call_backs,
                reached: f.call_reached,
                unreached: f.call_unreached,
                ratings: Ratings {
                    satisfied: f.call_satisfied,
                    basically_satisfied: f.call_basically_satisfied,
                    not_satisfied: f.call_not_satisfied,
                },
                reopened_after_not_satisfied: f.reopened_after_call,
            },
        })
        .collect();
    let aging = reports
        .aging
        .into_iter()
        .map(|(department, b)| DepartmentAging {
            department,
            buckets: AGING_LABELS.iter().zip(b).map(|(l, n)| (l.to_string(), n)).collect(),
        })
        .collect();
    let weeks = reports
        .weeks
        .into_iter()
        .map(|(week_of, v)| WeekFigures { week_of, received: v[0], closed: v[1], overdue: v[2] })
        .collect();
    Ok(Json(PeriodReport { from: reports.from.to_string(), to: reports.to.to_string(), by_department, aging, weeks })
        .into_response())
}
