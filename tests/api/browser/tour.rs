//! A bureau with something in every list, and the pages each member of
//! staff reads there: the layout and accessibility checks walk the same
//! pages.

use crate::helpers::{spawn_app, Account, Backend, Page, TestApp, ADMIN, AGENT, CASEWORKER, SUPERVISOR};
use hotline::clock::Clock;
use hotline::store::instant_text;

pub(super) struct Tour {
    pub app: TestApp,
    /// A ticket the caseworker works on.
    pub ticket_id: String,
    pub ticket_no: String,
    /// A dashboard figure's list of tickets.
    pub drill_down: String,
    /// The call-back of a replied ticket.
    pub call_id: String,
}

/// Four tickets for the inspection brigade: one with an extension
/// approved (a notice in the caseworker's inbox), one with an extension
/// waiting for the supervisor, the two joined in a case group; one nobody
/// holds; one replied to and waiting for its call-back; a text message and
/// a partner's callback that failed.
pub(super) async fn seeded() -> Tour {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let worked = app.file_a_ticket().await;
    let waiting = app.file_a_ticket().await;
    app.file_a_ticket().await;
    let replied = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&replied.id).await;
    assert_eq!(caseworker.reply(&replied.id, "已责令公司补缴。").await.status(), 303);
    let call_id: String =
        sqlx::query_scalar("SELECT id FROM satisfaction_calls").fetch_one(app.db.pool()).await.unwrap();
    for ticket in [&worked, &waiting] {
        caseworker.take_on(&ticket.id).await;
        assert_eq!(caseworker.request_extension(&ticket.id, "20", "需调取银行流水").await.status(), 303);
    }
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&worked.id, "approve").await.status(), 303);
    caseworker.add_note(&worked.id, "已电话联系用人单位，对方承诺本周内补缴。").await;
    let joined = caseworker.submit(&format!("/staff/tickets/{}/group", worked.id), &[("member", &waiting.id)]).await;
    assert_eq!(joined.status(), 303);
    let dashboard = supervisor.page("/staff/dashboard").await;
    let drill_down = dashboard.links("#by-caseworker tbody a").into_iter().next().expect("a figure with its list");

    let admin = app.sign_in_elsewhere(ADMIN).await;
    let partner =
        [("name", "12345 政务服务便民热线"), ("kind", "partner"), ("callback_url", "http://127.0.0.1:9/hook")];
    assert_eq!(admin.submit("/admin/clients", &partner).await.status(), 201);
    fail_a_callback(&app, &worked.id).await;
    sqlx::query(
        "UPDATE notifications SET attempts = 3, last_error = 'HTTP 503' \
         WHERE channel = 'sms' AND ticket_id = $1",
    )
    .bind(&worked.id)
    .execute(app.db.pool())
    .await
    .unwrap();

    Tour { app, ticket_id: worked.id, ticket_no: worked.no, drill_down, call_id }
}

/// A callback to the partner that was tried three times and given up.
async fn fail_a_callback(app: &TestApp, ticket_id: &str) {
    let pool = app.db.pool();
    let client: String = sqlx::query_scalar("SELECT id FROM api_clients").fetch_one(pool).await.unwrap();
    let now = instant_text(app.clock.now());
    sqlx::query(
        "INSERT INTO callbacks (id, client_id, ticket_id, position, event, body, created_at, window_started_at, \
         next_attempt_at, attempts, gave_up_at, last_status, last_error) \
         VALUES ('cb-1', $1, $2, 1, 'accepted', '{}', $3, $3, $3, 3, $3, 500, 'HTTP 500 Internal Server Error')",
    )
    .bind(&client)
    .bind(ticket_id)
    .bind(&now)
    .execute(pool)
    .await
    .unwrap();
    for _ in 0..3 {
        sqlx::query(
            "INSERT INTO callback_attempts (callback_id, attempted_at, status, error, duration_ms) \
             VALUES ('cb-1', $1, 500, 'HTTP 500 Internal Server Error', 84)",
        )
        .bind(&now)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// The pages with tables, by who reads them.
pub(super) fn table_pages(tour: &Tour) -> Vec<(Account, Vec<(&'static str, String)>)> {
    let search = format!("/staff?q={}", tour.ticket_no.replace('-', ""));
    vec![
        (
            CASEWORKER,
            vec![
                ("queue", "/staff".to_string()),
                ("search", search),
                ("inbox", "/staff/inbox".to_string()),
                ("ticket", format!("/staff/tickets/{}", tour.ticket_id)),
            ],
        ),
        (
            SUPERVISOR,
            vec![
                ("approvals", "/staff/approvals".to_string()),
                ("dashboard", "/staff/dashboard".to_string()),
                ("drill-down", tour.drill_down.clone()),
                ("reports", "/staff/reports?from=2026-11-01&to=2026-11-30".to_string()),
            ],
        ),
        (AGENT, vec![("call-backs", "/staff/calls".to_string())]),
        (
            ADMIN,
            vec![
                ("calendar", "/admin/calendar".to_string()),
                (
                    "routing",
                    "/admin/routing?category=policy_execution&district=310104&respondent_kind=employer&channel=web&facts=%E6%8B%96%E6%AC%A0".to_string(),
                ),
                ("bureau", "/admin/bureau".to_string()),
                ("organisation", "/admin/organisation".to_string()),
                ("clients", "/admin/clients".to_string()),
                ("callbacks", "/admin/callbacks".to_string()),
                ("notices", "/admin/notices".to_string()),
            ],
        ),
    ]
}

/// Checks over HTTP that each page has the rows the browser is to lay out.
pub(super) async fn assert_rows_present(tour: &Tour) {
    for (account, pages) in table_pages(tour) {
        let staff = tour.app.sign_in_elsewhere(account).await;
        for (name, path) in pages {
            let page: Page = staff.page(&path).await;
            assert!(page.has("main table tbody tr"), "{name}: {path} shows a table with rows");
        }
    }
}
