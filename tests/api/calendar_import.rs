//! Next year's holiday notice is published: until it is loaded, due dates in
//! that year are provisional; an administrator imports it from a file
//! (holiday-cn JSON or iCalendar), sees what it changes, confirms, and the
//! open tickets' dates move, firm now, with their history saying so.

use crate::helpers::{Page, TestApp, ADMIN, CASEWORKER, MOBILE, SUPERVISOR};
use chrono::{TimeZone, Utc};
use serde_json::Value;

crate::on_both_backends!(
    a_december_ticket_due_in_2027_becomes_firm_when_the_2027_notice_is_imported,
    a_database_from_before_records_the_shipped_years_and_keeps_its_days,
    an_icalendar_notice_loads_like_a_json_one,
    a_malformed_file_is_refused_with_its_line_and_nothing_changes,
);

/// A made-up 2027 notice for the tests (the real one is not in the
/// repository): New Year's Day, and a Spring Festival break from Friday
/// 02-05 to Thursday 02-11 with Sunday 02-14 worked.
const NOTICE_2027_JSON: &str = r#"{
    "year": 2027,
    "papers": ["https://notice.example/2027"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "春节", "date": "2027-02-05", "isOffDay": true},
        {"name": "春节", "date": "2027-02-06", "isOffDay": true},
        {"name": "春节", "date": "2027-02-07", "isOffDay": true},
        {"name": "春节", "date": "2027-02-08", "isOffDay": true},
        {"name": "春节", "date": "2027-02-09", "isOffDay": true},
        {"name": "春节", "date": "2027-02-10", "isOffDay": true},
        {"name": "春节", "date": "2027-02-11", "isOffDay": true},
        {"name": "春节", "date": "2027-02-14", "isOffDay": false}
    ]
}"#;

/// The same notice as an iCalendar file: CRLF, a folded line, a span with
/// an exclusive end, a make-up day named 补班.
const NOTICE_2027_ICS: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Test//Holidays 2027//ZH\r\n\
X-WR-CALNAME:2027年节假\r\n \u{65e5}安排\r\n\
BEGIN:VEVENT\r\n\
UID:ny@notice.example\r\n\
DTSTART;VALUE=DATE:20270101\r\n\
DTEND;VALUE=DATE:20270102\r\n\
SUMMARY:元旦\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:sf@notice.example\r\n\
DTSTART;VALUE=DATE:20270205\r\n\
DTEND;VALUE=DATE:20270212\r\n\
SUMMARY:春节 假期\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:sf-work@notice.example\r\n\
DTSTART;VALUE=DATE:20270214\r\n\
SUMMARY:春节 补班\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

async fn due_dates(app: &TestApp, id: &str) -> (String, String) {
    sqlx::query_as("SELECT handling_due_on, decision_due_on FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn deadline(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/calendar/deadline?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

async fn days_of_2027(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM calendar_days WHERE day >= '2027-01-01'").await
}

async fn a_december_ticket_due_in_2027_becomes_firm_when_the_2027_notice_is_imported(app: TestApp) {
    // Monday 2026-12-07, 10:00 China time.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap());
    let ticket = app.file_a_ticket().await;
    // 15 working days end on 12-28; 60 days on Friday 2027-02-05, a year
    // whose notice is not loaded.
    assert_eq!(due_dates(&app, &ticket.id).await, ("2026-12-28".into(), "2027-02-05".into()));

    let view: Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    assert_eq!(view["clocks"]["decision"]["due"], "2027-02-05");
    assert_eq!(view["clocks"]["decision"]["provisional"], true, "{view}");
    assert_eq!(view["clocks"]["handling"]["provisional"], false, "2026 is loaded");
    // The citizen's status page says so, in either language.
    let status = Page::of(app.track_with(&ticket.no, MOBILE).await).await;
    assert_eq!(status.text_of("decision-provisional"), "暂定：2027年节假日安排尚未公布，此日期可能变动。");
    let english = app
        .new_browser()
        .client
        .post(app.url("/track"))
        .header("accept-language", "en")
        .form(&[("ticket_no", ticket.no.as_str()), ("mobile", MOBILE)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        Page::of(english).await.text_of("decision-provisional"),
        "Provisional: the holiday calendar for 2027 is not yet published; this date may move."
    );
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    let page = caseworker.ticket_page(&ticket.id).await;
    assert!(page.text_of("decision-provisional").contains("2027"), "the staff page says why");
    assert!(!page.has("#handling-provisional"));
    let queue = caseworker.page("/staff").await;
    assert_eq!(queue.count(".badge.provisional"), 1, "the queue marks the provisional date");
    // On 2026-12-07 the calendar ends in 24 days: the supervisor's queue warns.
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert!(supervisor.page("/staff").await.text_of("calendar-warning").contains("2026-12-31"));
    assert_eq!(deadline(&app, "start=2026-12-07&calendar_days=60").await["provisional"], true);

    let admin = app.sign_in_elsewhere(ADMIN).await;
    let preview = admin.upload_calendar("2027.json", NOTICE_2027_JSON).await;
    assert_eq!(preview.status(), 200);
    let preview = Page::of(preview).await;
    assert_eq!(preview.count("#year-2027 table.added tbody tr"), 9, "every published day is listed as added");
    assert!(preview.has("#year-2027 .newly-covered"));
    let moved = preview.select_text("#moved-tickets tbody tr");
    assert!(moved.contains(&ticket.no), "{moved}");
    assert!(moved.contains("2027-02-05") && moved.contains("2027-02-12"), "before and after: {moved}");
    // The preview stores nothing.
    assert_eq!(days_of_2027(&app).await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_years WHERE year = 2027").await, 0);
    assert_eq!(due_dates(&app, &ticket.id).await.1, "2027-02-05");

    let loaded = admin.confirm_calendar_import(&preview).await;
    assert_eq!(loaded.status(), 303);
    assert_eq!(loaded.headers()["location"], "/admin/calendar?imported=2027&recomputed=1");
    // The break moves the decision date past it, to Friday 02-12.
    assert_eq!(due_dates(&app, &ticket.id).await, ("2026-12-28".into(), "2027-02-12".into()));
    assert_eq!(days_of_2027(&app).await, 9);
    let source: String =
        sqlx::query_scalar("SELECT source FROM calendar_years WHERE year = 2027 AND origin = 'import'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(source.contains("2027.json") && source.contains("https://notice.example/2027"), "{source}");
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported' AND detail LIKE '%notice.example%'")
        .await;
    assert_eq!(audited, 1, "the import is audited with the file's source");

    let view: Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    assert_eq!(view["clocks"]["decision"]["due"], "2027-02-12");
    assert_eq!(view["clocks"]["decision"]["provisional"], false, "firm now");
    let history: Vec<&str> = view["history"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert!(history.contains(&"deadline_recomputed"), "the citizen's history says so: {history:?}");
    assert!(!caseworker.ticket_page(&ticket.id).await.has("#decision-provisional"));
    assert!(!Page::of(app.track_with(&ticket.no, MOBILE).await).await.has("#decision-provisional"));
    let calendar = admin.page("/admin/calendar?imported=2027&recomputed=1").await;
    assert!(calendar.text_of("loaded-years").contains("https://notice.example/2027"));
    assert!(calendar.text_of("covered-until").contains("2027-12-31"));
    assert!(!calendar.has("#calendar-warning"), "the calendar reaches past 120 days");
    assert!(!supervisor.page("/staff").await.has("#calendar-warning"));

    // The same file again: the preview shows no change, and confirming it
    // anyway changes nothing.
    let again = Page::of(admin.upload_calendar("2027.json", NOTICE_2027_JSON).await).await;
    assert!(again.has("#nothing-to-do"));
    assert!(!again.has("#confirm-import"));
    assert!(!again.has("#moved-tickets"));
    let resent = admin
        .submit("/admin/calendar/import/confirm", &[("file_name", "2027.json"), ("content", NOTICE_2027_JSON)])
        .await;
    assert_eq!(resent.headers()["location"], "/admin/calendar?imported=2027&recomputed=0");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported'").await,
        2,
        "the release's, and one import"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_recomputed' AND ticket_id = '{}'",
            ticket.id
        ))
        .await,
        1
    );
}

async fn an_icalendar_notice_loads_like_a_json_one(app: TestApp) {
    let before = deadline(&app, "start=2027-02-04&working_days=1").await;
    assert_eq!((before["due_date"].as_str(), before["provisional"].as_bool()), (Some("2027-02-05"), Some(true)));

    let admin = app.sign_in_as(ADMIN).await;
    let preview = admin.upload_calendar("holidays-2027.ics", NOTICE_2027_ICS).await;
    assert_eq!(preview.status(), 200);
    let preview = Page::of(preview).await;
    assert!(preview.text_of("year-2027").contains("2027年节假日安排"), "the unfolded calendar name titles it");
    assert_eq!(preview.count("#year-2027 table.added tbody tr"), 9);
    assert_eq!(admin.confirm_calendar_import(&preview).await.status(), 303);

    // Off from Friday 02-05 to Thursday 02-11 (DTEND 02-12 is not off); the
    // make-up Sunday 02-14 works.
    let after = deadline(&app, "start=2027-02-04&working_days=1").await;
    assert_eq!((after["due_date"].as_str(), after["provisional"].as_bool()), (Some("2027-02-12"), Some(false)));
    assert_eq!(deadline(&app, "start=2027-02-12&working_days=1").await["due_date"], "2027-02-14");
    let makeup: String = sqlx::query_scalar("SELECT kind FROM calendar_days WHERE day = '2027-02-14'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(makeup, "makeup_workday");
    // Still provisional past the loaded years.
    assert_eq!(deadline(&app, "start=2027-12-20&working_days=15").await["provisional"], true);

    // The JSON form of the same days only renames nothing and adds the
    // papers: the days are the same.
    let json = Page::of(admin.upload_calendar("2027.json", NOTICE_2027_JSON).await).await;
    assert!(!json.has("#year-2027 table.added") && !json.has("#year-2027 table.changed"));
    assert!(!json.has("#moved-tickets"));
}

async fn a_malformed_file_is_refused_with_its_line_and_nothing_changes(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let (days, years, audit) = (
        app.count("SELECT COUNT(*) FROM calendar_days").await,
        app.count("SELECT COUNT(*) FROM calendar_years").await,
        app.count("SELECT COUNT(*) FROM audit_log").await,
    );

    // Line 7 holds a day that does not exist.
    let bad_date = NOTICE_2027_JSON.replace("2027-02-06", "2027-02-30");
    let refused = admin.upload_calendar("2027.json", &bad_date).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let error = page.text_of("import-error");
    assert!(error.contains("第 7 行") && error.contains("2027-02-30"), "{error}");

    // A make-up day on a weekday is refused, not loaded with a warning.
    let weekday = NOTICE_2027_JSON.replace("2027-02-14", "2027-02-12");
    let error = Page::of(admin.upload_calendar("2027.json", &weekday).await).await.text_of("import-error");
    assert!(error.contains("第 13 行") && error.contains("2027-02-12"), "{error}");

    // A date outside the declared year.
    let wrong_year = NOTICE_2027_JSON.replace("2027-01-01", "2028-01-01");
    let error = Page::of(admin.upload_calendar("2027.json", &wrong_year).await).await.text_of("import-error");
    assert!(error.contains("第 5 行") && error.contains("2028-01-01"), "{error}");

    // An iCalendar event with a time of day, on line 14.
    let timed = NOTICE_2027_ICS.replace("DTSTART;VALUE=DATE:20270205", "DTSTART:20270205T090000");
    let error = Page::of(admin.upload_calendar("h.ics", &timed).await).await.text_of("import-error");
    assert!(error.contains("第 14 行"), "{error}");

    // Broken JSON, and no file at all.
    let broken = Page::of(admin.upload_calendar("2027.json", &NOTICE_2027_JSON[..200]).await).await;
    assert!(broken.text_of("import-error").contains("行"));
    assert_eq!(admin.upload_calendar("2027.json", "").await.status(), 422);

    // A confirmation carrying a tampered file is refused the same way.
    let tampered = admin
        .submit("/admin/calendar/import/confirm", &[("file_name", "2027.json"), ("content", bad_date.as_str())])
        .await;
    assert_eq!(tampered.status(), 422);

    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days").await, days);
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_years").await, years);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audit, "nothing changed, nothing audited");

    // Without the session's token the upload is refused before it is read.
    let forged = admin.with_token("forged").upload_calendar("2027.json", NOTICE_2027_JSON).await;
    assert_eq!(forged.status(), 403);
}

async fn a_database_from_before_records_the_shipped_years_and_keeps_its_days(app: TestApp) {
    // As a database made before the years were recorded: the demo's days,
    // an administrator's correction, no loaded year.
    app.file_a_ticket().await;
    let admin = app.sign_in_as(ADMIN).await;
    admin.declare_day("2026-12-09", "holiday", "临时休息日", "Extra day off").await;
    sqlx::query("DELETE FROM calendar_years").execute(app.db.pool()).await.unwrap();
    let days = app.count("SELECT COUNT(*) FROM calendar_days").await;
    let _restarted = app.another_instance().await;
    let years: Vec<i64> =
        sqlx::query_scalar("SELECT year FROM calendar_years ORDER BY year").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(years, vec![2025, 2026]);
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days").await, days, "the same days, the correction kept");
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days WHERE day = '2026-12-09'").await, 1);
    let recomputed = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_recomputed'").await;
    assert_eq!(recomputed, 1, "only the administrator's change moved the ticket");
}
