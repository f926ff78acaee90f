//! Period reports: on-time rates of both clocks, extensions, urges and
//! satisfaction per department, aging of open tickets, and a weekly trend.

use crate::helpers::{TestApp, CASEWORKER, SUPERVISOR};
use chrono::{Datelike, TimeZone, Utc};
use hotline::clock::Clock;
use hotline::domain::api_key::ClientKind;
use hotline::services::api_clients;
use serde_json::Value;

crate::on_both_backends!(
    the_period_report_shows_on_time_rates_urges_satisfaction_and_aging,
    a_reporting_tool_reads_the_reports_with_a_reports_key,
    a_revoked_a_wrong_kind_or_no_key_is_a_401,
    a_reports_key_opens_nothing_else,
    a_department_head_s_trend_counts_their_department_only,
    the_per_day_counts_are_those_a_full_count_makes_after_any_history,
);

/// Registers an API client as an administrator would; (client id, key).
async fn issue_key(app: &TestApp, kind: ClientKind, callback_url: &str) -> (String, String) {
    let registered =
        api_clients::register(&app.db, app.clock.now(), None, "BI 报表", kind, callback_url, &[]).await.unwrap();
    (registered.client_id, registered.key)
}

fn with_key(app: &TestApp, path: &str, key: &str) -> reqwest::RequestBuilder {
    app.client.get(app.url(path)).bearer_auth(key)
}

async fn a_reporting_tool_reads_the_reports_with_a_reports_key(app: TestApp) {
    app.file_a_ticket().await;
    let (_, key) = issue_key(&app, ClientKind::Reports, "").await;

    let period = with_key(&app, "/api/v1/reports/period", &key).send().await.unwrap();
    assert_eq!(period.status(), 200);
    let period: Value = period.json().await.unwrap();
    assert_eq!(period["by_department"][0]["department_id"], "labour_inspection");
    assert_eq!(period["by_department"][0]["received"], 1);
    // What the bureau's supervision office sees, no less.
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let seen: Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(period, seen);

    let clocks = with_key(&app, "/api/v1/reports/clocks", &key).send().await.unwrap();
    assert_eq!(clocks.status(), 200);
    let clocks: Value = clocks.json().await.unwrap();
    assert_eq!(clocks["total"]["open"], 1);
    assert_eq!(clocks["today"], "2026-11-25");
    let seen: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!(clocks, seen);

    // The header the key may also come in.
    let by_header = app.client.get(app.url("/api/v1/reports/clocks")).header("x-api-key", &key).send().await.unwrap();
    assert_eq!(by_header.status(), 200);

    // The same reports as CSV.
    for path in ["/staff/reports.csv", "/staff/dashboard.csv"] {
        let csv = with_key(&app, path, &key).send().await.unwrap();
        assert_eq!(csv.status(), 200, "{path}");
        let bytes = csv.bytes().await.unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{path}");
        assert!(String::from_utf8_lossy(&bytes).contains("劳动保障监察总队"), "{path}");
    }
}

async fn a_revoked_a_wrong_kind_or_no_key_is_a_401(app: TestApp) {
    let (client_id, revoked) = issue_key(&app, ClientKind::Reports, "").await;
    assert_eq!(with_key(&app, "/api/v1/reports/period", &revoked).send().await.unwrap().status(), 200);
    api_clients::revoke(&app.db, app.clock.now(), None, &client_id).await.unwrap();
    let (_, open311) = issue_key(&app, ClientKind::Open311, "").await;
    let (_, partner) = issue_key(&app, ClientKind::Partner, "https://12345.example.gov.cn/callbacks").await;

    for path in ["/api/v1/reports/period", "/api/v1/reports/clocks"] {
        for key in [revoked.as_str(), open311.as_str(), partner.as_str(), "not-a-key"] {
            let response = with_key(&app, path, key).send().await.unwrap();
            assert_eq!(response.status(), 401, "{path} with {key}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            let body: Value = response.json().await.unwrap();
            assert!(!body["error"].as_str().unwrap().is_empty(), "{body}");
        }
        let none = app.get(path).await;
        assert_eq!(none.status(), 401, "{path} with no key and no session");
        assert!(none.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
        let body: Value = none.json().await.unwrap();
        assert!(!body["error"].as_str().unwrap().is_empty(), "{body}");
    }
    // A wrong key on an export is a 401 too, not a sign-in redirect.
    for path in ["/staff/reports.csv", "/staff/dashboard.csv"] {
        assert_eq!(with_key(&app, path, &revoked).send().await.unwrap().status(), 401, "{path}");
        assert_eq!(app.get(path).await.status(), 303, "{path} without a key still asks to sign in");
    }
}

async fn a_reports_key_opens_nothing_else(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let (_, key) = issue_key(&app, ClientKind::Reports, "").await;
    // Pages go by the session alone: a key is no sign-in.
    for path in ["/staff", "/staff/dashboard", "/staff/reports", "/staff/approvals", "/admin/bureau"] {
        let response = with_key(&app, path, &key).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/staff/login", "{path}");
    }
    let ticket_page = format!("/staff/tickets/{}", ticket.id);
    assert_eq!(with_key(&app, &ticket_page, &key).send().await.unwrap().status(), 303);
    let act = app
        .client
        .post(app.url(&format!("/staff/tickets/{}/actions/claim", ticket.id)))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert!(!act.status().is_success(), "{}", act.status());
    assert_eq!(app.state_of(&ticket.id).await, "received");
    // Nor is it a partner's key: transfers refuse it.
    assert!(api_clients::authenticate(&app.db, &key, ClientKind::Partner).await.unwrap().is_none());
    let transfer = app
        .client
        .post(app.url("/api/v1/transfers"))
        .bearer_auth(&key)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert!(!transfer.status().is_success(), "{}", transfer.status());
}

async fn the_period_report_shows_on_time_rates_urges_satisfaction_and_aging(app: TestApp) {
    // Two inspection tickets filed 2026-11-25; the first is answered the next day.
    let answered = app.file_a_ticket().await;
    let late = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap());
    caseworker.take_on(&answered.id).await;
    assert_eq!(caseworker.reply(&answered.id, "已责令补缴。").await.status(), 303, "reply");
    assert_eq!(app.rate(&answered.no, "satisfied", "").await.status(), 200);
    // The other runs past 12-16 and is urged on 12-17.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 17, 2, 0, 0).unwrap());
    assert_eq!(app.urge(&late.no).await.status(), 200);

    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(report["from"], "2026-11-18");
    assert_eq!(report["to"], "2026-12-17");
    let inspection = report["by_department"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department_id"] == "labour_inspection")
        .unwrap()
        .clone();
    assert_eq!(inspection["received"], 2);
    assert_eq!(inspection["handling"], serde_json::json!({"met": 1, "missed": 0, "overdue": 1}));
    assert_eq!(inspection["decision"], serde_json::json!({"met": 1, "missed": 0, "overdue": 0}));
    assert_eq!(inspection["urges"], 1);
    assert_eq!(inspection["ratings"]["satisfied"], 1);
    let aging = &report["aging"][0]["buckets"];
    assert_eq!(aging["16–60"], 2, "both open tickets are 22 days old");
    let weeks = report["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    let received: i64 = weeks.iter().map(|w| w["received"].as_i64().unwrap()).sum();
    assert_eq!(received, 2);
    assert_eq!(weeks.iter().map(|w| w["overdue"].as_i64().unwrap()).sum::<i64>(), 1);

    let page = supervisor.page("/staff/reports").await;
    assert!(page.contains("50.0%") && page.contains("100.0%"), "on-time rates of both clocks");
    assert!(page.contains("<svg") && page.contains("<polyline"), "the trend is drawn on the server");
    let behind = supervisor
        .page("/staff/list?department=labour_inspection&clock=handling&figure=open&from=2026-11-18&to=2026-12-17")
        .await;
    assert_eq!(behind.ticket_ids().len(), 2, "the figures link to the two tickets behind them");
    // Each figure leads to the tickets it counts, and only to those.
    let links = page.links("#period td a");
    let figure = |key: &str| links.iter().find(|l| l.contains(&format!("period={key}&"))).cloned().unwrap();
    let count = |href: String| {
        let supervisor = &supervisor;
        async move { supervisor.page(&href).await.ticket_ids().len() }
    };
    assert_eq!(count(figure("received")).await, 2);
    assert_eq!(count(figure("handling_counted")).await, 2, "one on time, one overdue");
    assert_eq!(count(figure("handling_overdue")).await, 1);
    assert_eq!(count(figure("handling_missed")).await, 0);
    assert_eq!(count(figure("urged")).await, 1);
    assert_eq!(count(figure("rated_satisfied")).await, 1);
    assert_eq!(count(figure("extension_requested")).await, 0);
    let title = supervisor.page(&figure("handling_overdue")).await.select_text("h1");
    assert!(title.starts_with("逾期未办结的工单"), "{title}");
    let csv = supervisor.get("/staff/reports.csv").await.bytes().await.unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    // One figure a column, every header once, and a total row; the replied
    // ticket waits for its call-back.
    assert!(text.contains("劳动保障监察总队,2,1,0,1,50.0%,1,0,0,100.0%,0,0,1,0,1,0,0,1,0,0,0,0,0,0\r\n"), "{text}");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let headers: Vec<&str> = lines[0].split(',').collect();
    let unique: std::collections::HashSet<&&str> = headers.iter().collect();
    assert_eq!((headers.len(), unique.len()), (24, 24), "{}", lines[0]);
    assert!(lines.iter().all(|l| l.split(',').count() == 24), "{text}");
    assert_eq!(*lines.last().unwrap(), "全部,2,1,0,1,50.0%,1,0,0,100.0%,0,0,1,0,1,0,0,1,0,0,0,0,0,0", "{text}");
    assert_eq!(caseworker.get("/staff/reports").await.status(), 403, "not for caseworkers");
}

async fn a_department_head_s_trend_counts_their_department_only(app: TestApp) {
    let filed = app.file_a_ticket().await;
    let department: String = sqlx::query_scalar("SELECT department_id FROM tickets WHERE id = $1")
        .bind(&filed.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let received = |report: &Value| -> i64 {
        report["weeks"].as_array().unwrap().iter().map(|w| w["received"].as_i64().unwrap()).sum()
    };

    let bureau_wide = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = bureau_wide.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 1, "{report}");

    // The supervisor heads another department: their trend does not show
    // the ticket.
    let other = if department == "pension" { "unemployment" } else { "pension" };
    sqlx::query("UPDATE users SET department_id = $1 WHERE username = 'supervisor'")
        .bind(other)
        .execute(app.db.pool())
        .await
        .unwrap();
    let head = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = head.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 0, "another department's ticket is not in a head's trend: {report}");
    assert!(report["by_department"].as_array().unwrap().iter().all(|d| d["department_id"] == other), "{report}");

    sqlx::query("UPDATE users SET department_id = $1 WHERE username = 'supervisor'")
        .bind(&department)
        .execute(app.db.pool())
        .await
        .unwrap();
    let own = app.sign_in_elsewhere(SUPERVISOR).await;
    let report: Value = own.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(received(&report), 1, "their own department's is: {report}");
}

const WEIGHTED_ACTIONS: [&str; 26] = [
    "accept",
    "accept",
    "accept",
    "claim",
    "claim",
    "claim",
    "start",
    "start",
    "reply",
    "reply",
    "reply",
    "reply",
    "close",
    "close",
    "close",
    "request_extension",
    "request_extension",
    "decide_extension",
    "decide_extension",
    "request_evidence",
    "evidence_received",
    "transfer",
    "refuse",
    "transfer_outside",
    "reopen",
    "reopen",
];

/// `ticket_days` is kept by triggers on every change to a ticket. After a
/// random history (letters dated back, every desk action by every kind of
/// staff, pauses resumed by the sweeper, an operator's delete) the kept
/// counts are those a count of every ticket makes, and the period report
/// read from them is the one the figure lists add up to.
async fn the_per_day_counts_are_those_a_full_count_makes_after_any_history(app: TestApp) {
    use chrono::Duration;
    use hotline::domain::complaint::{ComplaintInput, ScreeningInput};
    use hotline::domain::workflow::effects::ActionInput;
    use hotline::domain::workflow::Action;
    use hotline::services::filing::{self, Filer};
    use hotline::services::lifecycle;
    use hotline::store::{open_clocks, receipt_clocks, ticket_days, users};

    let mut conn = app.db.acquire().await.unwrap();
    let staff: Vec<users::User> = sqlx::query_as(
        "SELECT id, username, display_name, password_hash, role, department_id, active, must_change_password \
         FROM users WHERE active = 1 AND role IN ('caseworker', 'supervisor') ORDER BY username",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let agent = users::find_by_username(&mut conn, "agent").await.unwrap().expect("the demo agent");
    let departments: Vec<String> = sqlx::query_scalar("SELECT id FROM departments WHERE kind <> 'intake' ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    drop(conn);

    let mut draws = crate::hotspots::Draws(20_261_207);
    let mut tickets = Vec::new();
    let mut done = std::collections::BTreeMap::<&str, usize>::new();
    let mut clocks_seen = std::collections::BTreeSet::new();
    for step in 0..480 {
        app.clock.set(app.clock.now() + Duration::hours(draws.below(30) as i64));
        if step % 4 == 0 || tickets.is_empty() {
            let today = app.clock.today();
            let received = if draws.below(3) == 0 { today - Duration::days(draws.below(40) as i64) } else { today };
            let input = ComplaintInput {
                channel: draws.of(&["letter", "hotline_12333", "walk_in"]).into(),
                category: draws.of(&["policy_execution", "labour_inspection", "process_convenience"]).into(),
                district: "310104".into(),
                when: "2026年下半年".into(),
                where_: "公司办公室".into(),
                who: "公司人事经理".into(),
                cause: "公司未为我缴纳社会保险".into(),
                course: "我多次向人事部门提出均被拒绝".into(),
                result: format!("第{step}件：社保缴费记录中断"),
                demand: "责令公司依法补缴社会保险费".into(),
                complainant_name: "李小梅".into(),
                complainant_id_number: crate::helpers::valid_resident_id(),
                complainant_mobile: format!("1391234{step:04}"),
                respondent_kind: "employer".into(),
                respondent_name: "上海某某科技有限公司".into(),
                respondent_credit_code: crate::helpers::valid_credit_code(),
                received_on: received.to_string(),
                screening: ScreeningInput { topic: "social_security".into(), ..ScreeningInput::default() },
                ..ComplaintInput::default()
            };
            let filed = filing::file_complaint(
                &app.db,
                app.clock.now(),
                &input,
                Filer::Staff { user_id: &agent.id },
                None,
                &[],
            )
            .await
            .unwrap();
            tickets.push(filed.ticket.id);
            continue;
        }
        if step % 6 == 1 {
            if let Some(done_by) = a_follow_up(&app, &mut draws, &tickets, &agent, &staff).await {
                *done.entry(done_by).or_default() += 1;
            }
            continue;
        }
        let ticket = tickets[draws.below(tickets.len() as u64) as usize].clone();
        let (version, department, assignee): (i64, String, Option<String>) =
            sqlx::query_as("SELECT version, department_id, assignee_id FROM tickets WHERE id = $1")
                .bind(&ticket)
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        // Drawn with a lean towards moving tickets on, so that the history
        // reaches replies, closes, reopenings and extensions. A draw may be
        // refused, as a wrong button would be; then another is tried.
        let here: Vec<&users::User> =
            staff.iter().filter(|u| u.department_id.as_deref() == Some(department.as_str())).collect();
        let holder = staff.iter().find(|u| Some(&u.id) == assignee.as_ref());
        let caseworker = here.iter().find(|u| u.role == hotline::domain::workflow::Role::Caseworker);
        for _attempt in 0..8 {
            let drawn = draws.of(&WEIGHTED_ACTIONS);
            let action = Action::ALL.into_iter().find(|a| a.key() == drawn).unwrap();
            // Most actions are taken by the holder or someone of the department.
            let actor = match (holder, draws.below(5)) {
                (Some(holder), 0..=2) => holder,
                _ if here.is_empty() || draws.below(4) == 0 => &staff[draws.below(staff.len() as u64) as usize],
                _ => here[draws.below(here.len() as u64) as usize],
            };
            let input = ActionInput {
                expected_version: version,
                reason: "依照规定处理".into(),
                target_department: departments[draws.below(departments.len() as u64) as usize].clone(),
                assignee: caseworker.map(|u| u.id.clone()).unwrap_or_default(),
                reply: "经核查，已责令单位整改。".into(),
                extension_days: Some(30),
                approve: draws.below(2) == 0,
                attachments: Vec::new(),
            };
            if lifecycle::act(&app.db, app.clock.now(), actor, &ticket, action, &input).await.is_ok() {
                *done.entry(action.key()).or_default() += 1;
                break;
            }
        }
        if step % 50 == 0 {
            // Checked along the way too: a ticket's pause may be over by the end.
            let mut conn = app.db.acquire().await.unwrap();
            let clocks = open_clocks::kept(&mut conn).await.unwrap();
            same_rows(clocks.clone(), open_clocks::counted(&mut conn).await.unwrap(), &format!("after step {step}"));
            same_rows(
                open_clocks::by_month::kept(&mut conn).await.unwrap(),
                open_clocks::by_month::counted(&mut conn).await.unwrap(),
                &format!("by month after step {step}"),
            );
            let by_receipt = receipt_clocks::kept(&mut conn).await.unwrap();
            same_rows(by_receipt, receipt_clocks::counted(&mut conn).await.unwrap(), &format!("after step {step}"));
            for c in clocks.iter().filter(|c| c.tickets > 0) {
                clocks_seen.insert(c.clock.clone());
            }
            drop(conn);
            lifecycle::resume_expired_pauses(&app.db, app.clock.now()).await.unwrap();
        }
    }
    // Rows written and removed by hand, as an operator's import or repair
    // would: a copy of a closed ticket (without its follow-ups) goes in and
    // out again.
    let mut tx = app.db.begin().await.unwrap();
    for sql in [
        "CREATE TEMPORARY TABLE copied AS SELECT * FROM tickets WHERE state = 'closed' AND id = (SELECT MIN(id) FROM tickets WHERE state = 'closed')",
        "UPDATE copied SET id = 'copied', ticket_no = 'copied', idempotency_key = NULL, receipt_token = NULL, client_ref = NULL, \
         urge_count = 0, citizen_rating = NULL, paused_late = 0, call_marks = 0",
        "INSERT INTO tickets SELECT * FROM copied",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    sqlx::query("DROP TABLE copied").execute(&mut *tx).await.unwrap();
    // Committed first: PostgreSQL counts as each transaction commits.
    tx.commit().await.unwrap();
    let mut conn = app.db.acquire().await.unwrap();
    same_rows(ticket_days::kept(&mut conn).await.unwrap(), ticket_days::counted(&mut conn).await.unwrap(), "copied");
    same_rows(
        ticket_days::kept_by_department(&mut conn).await.unwrap(),
        ticket_days::summed_by_department(&mut conn).await.unwrap(),
        "copied",
    );
    same_rows(open_clocks::kept(&mut conn).await.unwrap(), open_clocks::counted(&mut conn).await.unwrap(), "copied");
    same_rows(
        open_clocks::by_month::kept(&mut conn).await.unwrap(),
        open_clocks::by_month::counted(&mut conn).await.unwrap(),
        "copied, by month",
    );
    same_rows(
        receipt_clocks::kept(&mut conn).await.unwrap(),
        receipt_clocks::counted(&mut conn).await.unwrap(),
        "copied",
    );
    // A hand repair that moves `ticket_days` rows to another day, and back:
    // `department_days` follows both moves.
    let first_day: String = sqlx::query_scalar("SELECT MIN(day) FROM ticket_days").fetch_one(&mut *conn).await.unwrap();
    drop(conn);
    for (from, to) in [(first_day.as_str(), "1999-01-01"), ("1999-01-01", first_day.as_str())] {
        let mut tx = app.db.begin().await.unwrap();
        sqlx::query("UPDATE ticket_days SET day = $1 WHERE day = $2")
            .bind(to)
            .bind(from)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = app.db.acquire().await.unwrap();
        same_rows(
            ticket_days::kept_by_department(&mut conn).await.unwrap(),
            ticket_days::summed_by_department(&mut conn).await.unwrap(),
            &format!("moved to {to}"),
        );
    }
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("DELETE FROM tickets WHERE id = 'copied'").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();

    for wanted in [
        "accept",
        "refuse",
        "transfer",
        "reply",
        "close",
        "reopen",
        "request_extension",
        "decide_extension",
        "urge",
        "rate",
        "call",
        "reopen after the call",
    ] {
        assert!(done.get(wanted).copied().unwrap_or(0) > 0, "the history has a {wanted}: {done:?}");
    }

    let mut conn = app.db.acquire().await.unwrap();
    let kept = ticket_days::kept(&mut conn).await.unwrap();
    same_rows(kept.clone(), ticket_days::counted(&mut conn).await.unwrap(), "at the end");
    same_rows(
        ticket_days::kept_by_department(&mut conn).await.unwrap(),
        ticket_days::summed_by_department(&mut conn).await.unwrap(),
        "at the end",
    );
    // Refreshing the tickets' follow-up columns in bulk, as after an
    // import, finds them as the triggers kept them.
    let follow_ups = "SELECT id, urge_count, citizen_rating, paused_late, call_marks FROM tickets ORDER BY id";
    type FollowUps = (String, i64, Option<String>, i64, i64);
    let before: Vec<FollowUps> = sqlx::query_as(follow_ups).fetch_all(&mut *conn).await.unwrap();
    drop(conn);
    let mut tx = app.db.begin().await.unwrap();
    ticket_days::recount_follow_ups(&mut tx).await.unwrap();
    let after: Vec<FollowUps> = sqlx::query_as(follow_ups).fetch_all(&mut *tx).await.unwrap();
    tx.rollback().await.unwrap();
    same_rows(before, after, "refreshed");
    // The bulk recount reads the follow-ups from the tickets' own columns,
    // as the triggers do, and makes the counts they kept.
    let mut tx = app.db.begin().await.unwrap();
    ticket_days::recount(&mut tx).await.unwrap();
    let recounted = ticket_days::kept(&mut tx).await.unwrap();
    tx.rollback().await.unwrap();
    same_rows(kept.clone(), recounted, "recounted in bulk");
    let mut conn = app.db.acquire().await.unwrap();
    let clocks = open_clocks::kept(&mut conn).await.unwrap();
    same_rows(clocks.clone(), open_clocks::counted(&mut conn).await.unwrap(), "at the end");
    let by_month = open_clocks::by_month::kept(&mut conn).await.unwrap();
    same_rows(by_month.clone(), open_clocks::by_month::counted(&mut conn).await.unwrap(), "at the end, by month");
    let months: std::collections::BTreeSet<&str> = by_month.iter().map(|m| m.month.as_str()).collect();
    assert!(months.len() > 1, "the history's clocks fall due in more than one month: {months:?}");
    let by_receipt = receipt_clocks::kept(&mut conn).await.unwrap();
    same_rows(by_receipt.clone(), receipt_clocks::counted(&mut conn).await.unwrap(), "at the end");
    let today = hotline::store::day_text(app.clock.today());
    for clock in ["handling", "decision"] {
        let rows = || by_receipt.iter().filter(|r| r.clock == clock);
        assert!(rows().any(|r| r.due_on < today) && rows().any(|r| r.due_on >= today), "{clock}: {by_receipt:?}");
    }
    for clock in ["open", "received", "handling", "decision", "paused"] {
        assert!(clocks_seen.contains(clock), "the history counts {clock} clocks: {clocks_seen:?}");
    }
    assert!(clocks.iter().any(|c| c.assignee_id.is_empty()) && clocks.iter().any(|c| !c.assignee_id.is_empty()));
    let total = |count: fn(&ticket_days::TicketDay) -> i64| kept.iter().map(count).sum::<i64>();
    for (name, sum) in [
        ("closed", total(|d| d.closed)),
        ("ran out", total(|d| d.handling_ran_out)),
        ("handling missed", total(|d| d.handling_missed)),
        ("extensions approved", total(|d| d.extensions_approved)),
        ("urges", total(|d| d.urges)),
        ("late pauses", total(|d| d.paused_while_overdue)),
        ("ratings", total(|d| d.satisfied + d.basically_satisfied + d.not_satisfied)),
        ("call-backs", total(|d| d.call_backs)),
        ("calls reached", total(|d| d.call_reached)),
        ("calls not satisfied", total(|d| d.call_not_satisfied)),
        ("reopened after a call", total(|d| d.reopened_after_call)),
    ] {
        assert!(sum > 0, "the history reaches {name}");
    }

    // The report's figures, summed from the kept counts and the open
    // tickets, are what the figure lists' conditions count ticket by ticket.
    use hotline::domain::figures::PeriodFigure;
    use hotline::store::reports;
    let first = app.clock.today() - Duration::days(60);
    let last = app.clock.today();
    for (from, to) in [(first, last), (first + Duration::days(20), last - Duration::days(10))] {
        for today in [last, last + Duration::days(25)] {
            let figures = reports::period_figures(&mut conn, from, to, today).await.unwrap();
            let listed = |figure: PeriodFigure| {
                format!(
                    "SELECT COUNT(*) FROM tickets WHERE department_id = $1 AND received_on >= $2 AND received_on <= $3 AND {}",
                    hotline::store::tickets::period_condition(figure, "$4")
                )
            };
            assert!(!figures.is_empty());
            for f in &figures {
                for figure in PeriodFigure::ALL {
                    let Some(summed) = f.count(figure) else { continue };
                    let by_list: i64 = sqlx::query_scalar(&listed(figure))
                        .bind(&f.department_id)
                        .bind(from.to_string())
                        .bind(to.to_string())
                        .bind(today.to_string())
                        .fetch_one(&mut *conn)
                        .await
                        .unwrap();
                    assert_eq!(summed, by_list, "{} {figure:?} from {from} to {to} read on {today}", f.department_id);
                }
                // Urges are counted each, not by the ticket.
                let urges: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM urges u JOIN tickets t ON t.id = u.ticket_id \
                     WHERE t.department_id = $1 AND t.received_on >= $2 AND t.received_on <= $3",
                )
                .bind(&f.department_id)
                .bind(from.to_string())
                .bind(to.to_string())
                .fetch_one(&mut *conn)
                .await
                .unwrap();
                assert_eq!(f.urges, urges, "{} urges from {from} to {to}", f.department_id);
            }
        }
    }

    // The dashboard's figures, summed from the kept clocks, are what its
    // drill-down lists hold, holder by holder: read on days whose "due soon"
    // days end in their own month, run into the next, or end on its last
    // day, and early in a month. Late in a month the days to its end are
    // read one by one and the months after it whole; early in one, or when
    // the due-soon days run into the next, the months from this one whole,
    // less this month's days before today (`reports::DaysRead`).
    use hotline::store::tickets::{figure_list, AssigneeFilter, ClockColumn, FigureFilter};
    let month_end = {
        let first = last.with_day(1).unwrap();
        first.checked_add_months(chrono::Months::new(1)).unwrap().pred_opt().unwrap()
    };
    let readings = [
        last,
        last + Duration::days(25),
        month_end - Duration::days(4),
        month_end - Duration::days(2),
        month_end,
        month_end + Duration::days(3),
    ];
    let reads_from_month_start =
        |today: chrono::NaiveDate| reports::DaysRead::choose(today, today + Duration::days(4)).months_from <= today;
    assert!(
        readings.iter().any(|d| reads_from_month_start(*d)) && !readings.iter().all(|d| reads_from_month_start(*d))
    );
    for today in readings {
        let soon_until = today + Duration::days(4);
        let groups = reports::clock_counts(&mut conn, today, soon_until).await.unwrap();
        assert!(groups.iter().any(|g| g.assignee_id.is_none()) && groups.iter().any(|g| g.assignee_id.is_some()));
        for g in &groups {
            let mut listed = Vec::new();
            for (column, figure) in reports::COLUMNS {
                let filter = FigureFilter {
                    department_id: Some(&g.department_id),
                    assignee: g.assignee_id.as_deref().map_or(AssigneeFilter::Unassigned, AssigneeFilter::User),
                    clock: if column == "handling_due_on" { ClockColumn::Handling } else { ClockColumn::Decision },
                    figure,
                    today,
                    soon_until,
                    received_between: None,
                    period_figure: None,
                    after: None,
                    limit: 10_000,
                };
                listed.push(figure_list(&mut conn, &filter).await.unwrap().len() as i64);
            }
            assert_eq!(g.figures().to_vec(), listed, "{} {:?} on {today}", g.department_id, g.assignee_id);
        }
    }

    // The aging table, summed from the kept receipt days, is the open
    // tickets counted by their age.
    for today in [last, last + Duration::days(25), last + Duration::days(100)] {
        let mut by_age = std::collections::BTreeMap::<String, [i64; 5]>::new();
        let open: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT department_id, received_on FROM tickets WHERE {}",
            hotline::store::tickets::OPEN
        ))
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        for (department, received) in open {
            let age = (today - received.parse::<chrono::NaiveDate>().unwrap()).num_days();
            let bucket =
                reports::AGING_BUCKETS.iter().position(|(from, to)| age >= *from && to.is_none_or(|to| age <= to));
            by_age.entry(department).or_default()[bucket.unwrap()] += 1;
        }
        let aging: std::collections::BTreeMap<String, [i64; 5]> =
            reports::aging(&mut conn, today).await.unwrap().into_iter().collect();
        assert_eq!(aging, by_age, "read on {today}");
    }
}

/// One follow-up of the story's history, drawn: a citizen's urge or rating
/// (written as the citizen's pages write them, past their one-time code),
/// or a call-back attempt by the agent, a not satisfied one sometimes
/// followed by the supervisor's reopening. Returns what was done.
async fn a_follow_up(
    app: &TestApp,
    draws: &mut crate::hotspots::Draws,
    tickets: &[String],
    agent: &hotline::store::users::User,
    staff: &[hotline::store::users::User],
) -> Option<&'static str> {
    use hotline::domain::follow_up::Rating;
    use hotline::domain::workflow::effects::ActionInput;
    use hotline::domain::workflow::{Action, Role};
    use hotline::services::{lifecycle, satisfaction_calls};
    use hotline::store::follow_ups;

    let (now, today) = (app.clock.now(), app.clock.today());
    match draws.below(3) {
        0 => {
            let ticket = &tickets[draws.below(tickets.len() as u64) as usize];
            let mut tx = app.db.begin().await.unwrap();
            let urged = follow_ups::insert_urge(&mut tx, ticket, today, now).await.unwrap();
            tx.commit().await.unwrap();
            urged.then_some("urge")
        }
        1 => {
            let replied: Vec<String> =
                sqlx::query_scalar("SELECT id FROM tickets WHERE replied_on IS NOT NULL ORDER BY id")
                    .fetch_all(app.db.pool())
                    .await
                    .unwrap();
            let ticket = replied.get(draws.below(replied.len().max(1) as u64) as usize)?;
            let rating = Rating::ALL[draws.below(3) as usize];
            let mut tx = app.db.begin().await.unwrap();
            let rated = follow_ups::insert_rating(&mut tx, ticket, rating, "", now).await.unwrap();
            tx.commit().await.unwrap();
            rated.then_some("rate")
        }
        _ => {
            // The oldest open call, so that a call unanswered is tried again.
            let (call, ticket): (String, String) = sqlx::query_as(
                "SELECT id, ticket_id FROM satisfaction_calls WHERE state = 'open' ORDER BY created_at, id",
            )
            .fetch_optional(app.db.pool())
            .await
            .unwrap()?;
            let outcome =
                draws.of(&["satisfied", "basically_satisfied", "not_satisfied", "not_reached", "not_reached"]);
            satisfaction_calls::record(&app.db, now, agent, &call, outcome, "").await.ok()?;
            if outcome == "not_satisfied" {
                let supervisor = staff.iter().find(|u| u.role == Role::Supervisor && u.department_id.is_none())?;
                let version: i64 = sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1")
                    .bind(&ticket)
                    .fetch_one(app.db.pool())
                    .await
                    .unwrap();
                let input = ActionInput {
                    expected_version: version,
                    reason: "回访不满意，重新办理".into(),
                    ..ActionInput::default()
                };
                if lifecycle::act(&app.db, app.clock.now(), supervisor, &ticket, Action::Reopen, &input).await.is_ok() {
                    return Some("reopen after the call");
                }
            }
            Some("call")
        }
    }
}

/// Kept rows equal to counted ones; if not, the rows that differ.
fn same_rows<T: PartialEq + std::fmt::Debug>(kept: Vec<T>, counted: Vec<T>, when: &str) {
    let only_kept: Vec<&T> = kept.iter().filter(|k| !counted.contains(k)).collect();
    let only_counted: Vec<&T> = counted.iter().filter(|c| !kept.contains(c)).collect();
    assert!(
        only_kept.is_empty() && only_counted.is_empty(),
        "{when}: kept but not counted {only_kept:#?}\ncounted but not kept {only_counted:#?}"
    );
}
