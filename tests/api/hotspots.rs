//! Employers at risk: a supervisor finds the employers named in several
//! complaints of the last 90 days, filters them, opens their tickets and
//! exports the list; a reporting tool reads it as JSON; the inspection
//! brigade's supervisors hear when an employer reaches the threshold.

use crate::helpers::{valid_credit_code, valid_resident_id, TestApp, ADMIN, CASEWORKER, SUPERVISOR};
use crate::related::{another_credit_code, file, unrelated};
use chrono::{Duration, NaiveDate};
use hotline::clock::Clock;
use hotline::domain::complaint::{ComplaintInput, ScreeningInput};
use hotline::domain::hotspots::window_start;
use hotline::services::filing::{self, Filer};
use hotline::store::hotspots::{self, HotspotFilter};
use serde_json::Value;

crate::on_both_backends!(
    a_supervisor_finds_the_employers_named_in_several_complaints,
    an_employer_is_counted_by_its_code_whatever_its_name_and_only_employers_are,
    the_brigades_supervisor_hears_once_when_an_employer_reaches_the_threshold,
    the_employers_found_through_their_latest_complaints_are_those_a_full_count_finds,
);

async fn a_supervisor_finds_the_employers_named_in_several_complaints(app: TestApp) {
    let mut against_first = Vec::new();
    for _ in 0..3 {
        against_first.push(app.file_a_ticket().await.id);
    }
    let other =
        [file(&app, &unrelated(&[])).await, file(&app, &unrelated(&[("facts.result", "押金三千元至今未退还")])).await];
    // A complaint against the bureau's own office names no employer.
    file(&app, &unrelated(&[("respondent.kind", "bureau_office"), ("respondent.name", "徐汇区社会保险服务中心")]))
        .await;

    let supervisor = app.sign_in_as(SUPERVISOR).await;
    let page = supervisor.page("/staff/hotspots").await;
    assert_eq!(page.select_texts("#hotspots .hotspot td:first-child"), ["上海某某科技有限公司"]);
    assert_eq!(page.select_text("#hotspots .complaints"), "3");
    assert_eq!(page.select_text("#hotspots .open"), "3");
    assert_eq!(page.select_text("#hotspots .overdue"), "0");
    assert!(page.select_text("#hotspots .trend").ends_with(" 3"), "all three this week");

    // Two complaints list the other employer too, the most named first.
    let two = supervisor.page("/staff/hotspots?threshold=2").await;
    assert_eq!(two.select_texts("#hotspots .complaints"), ["3", "2"]);
    // Another district has none; a category filter keeps them.
    assert!(supervisor.page("/staff/hotspots?district=310105").await.has("#hotspots-none"));
    let policy = supervisor.page("/staff/hotspots?category=policy_execution&threshold=2").await;
    assert_eq!(policy.select_texts("#hotspots .complaints"), ["3", "2"]);

    // The employer's link opens exactly its tickets.
    let link = page.links("#hotspots a.hotspot-tickets")[0].clone();
    let tickets = supervisor.page(&link).await;
    let mut listed = tickets.ticket_ids();
    listed.sort();
    against_first.sort();
    assert_eq!(listed, against_first);
    assert!(!listed.contains(&other[0]));

    // CSV and JSON say the same.
    let csv = supervisor.get("/staff/hotspots.csv?threshold=2").await.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with(&format!("上海某某科技有限公司,{},3,3,0,1", valid_credit_code())), "{csv}");
    let json: Value = supervisor.get("/api/v1/reports/hotspots?threshold=2").await.json().await.unwrap();
    assert_eq!(json["threshold"], 2);
    let employers = json["employers"].as_array().unwrap();
    assert_eq!(employers.len(), 2);
    assert_eq!(employers[0]["employer"], valid_credit_code());
    assert_eq!(employers[0]["complaints"], 3);
    assert_eq!(employers[0]["weeks"].as_array().unwrap().len(), 13);
    assert_eq!(employers[0]["weeks"][12], 3);
    assert_eq!(employers[0]["rising"], true);
    assert_eq!(json["week_starts"].as_array().unwrap().len(), 13);

    // Closed tickets still count as complaints, no longer as open.
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&against_first[0]).await;
    assert_eq!(caseworker.reply(&against_first[0], "已责令公司补缴").await.status(), 303);
    assert_eq!(caseworker.close(&against_first[0]).await.status(), 303);
    let page = supervisor.page("/staff/hotspots").await;
    assert_eq!([page.select_text("#hotspots .complaints"), page.select_text("#hotspots .open")], ["3", "2"]);

    // Caseworkers do not see the list.
    assert_eq!(caseworker.get("/staff/hotspots").await.status(), 403);
}

async fn an_employer_is_counted_by_its_code_whatever_its_name_and_only_employers_are(app: TestApp) {
    // A shop whose name is too short to compare is still told apart by its
    // code.
    let code = crate::related::another_credit_code("92310104MA1K7T3N2");
    let shop = [("respondent.name", "鑫达店"), ("respondent.credit_code", code.as_str())];
    let mut against_shop = vec![file(&app, &unrelated(&shop)).await];
    let mut second = shop.to_vec();
    second.push(("facts.result", "押金一千元至今未退还"));
    against_shop.push(file(&app, &unrelated(&second)).await);
    // The bureau's own office, even written with the shop's code, is no
    // employer: neither counted nor listed.
    let office = [
        ("respondent.kind", "bureau_office"),
        ("respondent.name", "徐汇区社会保险服务中心"),
        ("respondent.credit_code", code.as_str()),
    ];
    file(&app, &unrelated(&office)).await;

    let supervisor = app.sign_in_as(SUPERVISOR).await;
    let page = supervisor.page("/staff/hotspots?threshold=2").await;
    assert_eq!(page.select_texts("#hotspots .hotspot td:first-child"), ["鑫达店"]);
    assert_eq!(page.select_text("#hotspots .complaints"), "2");
    let tickets = supervisor.page(&page.links("#hotspots a.hotspot-tickets")[0]).await;
    let mut listed = tickets.ticket_ids();
    listed.sort();
    against_shop.sort();
    assert_eq!(listed, against_shop, "exactly the tickets counted");
}

async fn the_brigades_supervisor_hears_once_when_an_employer_reaches_the_threshold(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let head = [
        ("username", "brigade_head"),
        ("display_name", "监察总队 队长 孙强"),
        ("role", "supervisor"),
        ("department_id", "labour_inspection"),
        ("password", "Kettle-Orchid-Tram-58"),
    ];
    assert!(admin.create_user(&head).await.status().is_redirection());
    let notices = || app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'employer_at_risk'");
    app.file_a_ticket().await;
    app.file_a_ticket().await;
    assert_eq!(notices().await, 0, "two complaints are below the threshold");
    let third = app.file_a_ticket().await;
    assert_eq!(notices().await, 1, "the third reaches it: the brigade's one supervisor hears");
    let (recipient, ticket, body): (String, String, String) =
        sqlx::query_as("SELECT recipient, ticket_id, body FROM notifications WHERE kind = 'employer_at_risk'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let head_id: String = sqlx::query_scalar("SELECT id FROM users WHERE username = 'brigade_head'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!((recipient, ticket), (head_id, third.id));
    assert!(body.contains("上海某某科技有限公司") && body.contains(&valid_credit_code()), "{body}");
    app.file_a_ticket().await;
    assert_eq!(notices().await, 1, "a fourth complaint tells nobody again");
}

/// A small random source of its own, so that the history is the same on
/// every run and both databases.
pub(crate) struct Draws(pub(crate) u64);

impl Draws {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    pub(crate) fn of<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

type RecurringRow = (String, String, String, Option<String>, Option<String>);

async fn recurring_rows(conn: &mut sqlx::AnyConnection) -> Vec<RecurringRow> {
    sqlx::query_as(
        "SELECT told_by, employer, latest_on, earlier_on, third_on FROM recurring_employers ORDER BY told_by, employer",
    )
    .fetch_all(conn)
    .await
    .unwrap()
}

async fn the_employers_found_through_their_latest_complaints_are_those_a_full_count_finds(app: TestApp) {
    let agent: String = sqlx::query_scalar("SELECT id FROM users WHERE role = 'agent' ORDER BY username LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let employers: Vec<(String, String)> = [
        ("上海某某科技有限公司", "91310101MA1FL2K3Q"),
        ("上海远景物流有限公司", "91310104MA1G8X2P7"),
        ("上海星辰餐饮管理有限公司", "91310105MA1H3Y6R2"),
        ("上海锦程人力资源有限公司", "91310106MA1J5X9T4"),
        ("上海宏达建筑劳务有限公司", "91310107MA1K2W8U1"),
    ]
    .iter()
    .map(|(name, first)| (name.to_string(), another_credit_code(first)))
    .collect();
    // Letters arrive over half a year, some dated back up to 100 days, so
    // that days come out of order; employers, categories and districts
    // are drawn at random.
    let mut draws = Draws(20_261_206);
    for i in 0..45 {
        app.clock.set(app.clock.now() + Duration::hours(draws.below(9 * 24) as i64));
        let today = app.clock.today();
        let received = if draws.below(3) == 0 { today - Duration::days(draws.below(100) as i64) } else { today };
        let (name, code) = &employers[draws.below(employers.len() as u64) as usize];
        let input = ComplaintInput {
            channel: "letter".into(),
            category: draws.of(&["policy_execution", "labour_inspection"]).into(),
            district: draws.of(&["310104", "310105"]).into(),
            when: "2026年上半年".into(),
            where_: "公司办公室".into(),
            who: "公司人事经理".into(),
            cause: "公司未为我缴纳社会保险".into(),
            course: "我多次向人事部门提出均被拒绝".into(),
            result: format!("第{i}封来信：社保缴费记录中断"),
            demand: "责令公司依法补缴社会保险费".into(),
            complainant_name: "李小梅".into(),
            complainant_id_number: valid_resident_id(),
            complainant_mobile: format!("1381234{i:04}"),
            respondent_kind: "employer".into(),
            respondent_name: name.clone(),
            respondent_credit_code: code.clone(),
            received_on: received.to_string(),
            screening: ScreeningInput { topic: "social_security".into(), ..ScreeningInput::default() },
            ..ComplaintInput::default()
        };
        filing::file_complaint(&app.db, app.clock.now(), &input, Filer::Staff { user_id: &agent }, None, &[])
            .await
            .unwrap();
    }
    // One employer's tickets as they were before tickets had keys: named
    // without a code, their keys left to the sweeper, and unknown to
    // `recurring_employers`.
    let named = &employers[4];
    for sql in [
        "UPDATE tickets SET respondent_credit_code = NULL, respondent_key = NULL, complainant_id_hash = NULL \
         WHERE respondent_credit_code = $1",
        "DELETE FROM recurring_employers WHERE employer = $1",
    ] {
        sqlx::query(sql).bind(&named.1).execute(app.db.pool()).await.unwrap();
    }
    while hotline::services::related::fill_missing_keys(&app.db, app.db.data_key(), 7).await.unwrap() > 0 {}

    // What filing and the sweeper kept is what a recount makes.
    let mut conn = app.db.acquire().await.unwrap();
    let kept = recurring_rows(&mut conn).await;
    drop(conn);
    let mut tx = app.db.begin().await.unwrap();
    hotspots::recount_recurring_employers(&mut tx).await.unwrap();
    assert_eq!(kept, recurring_rows(&mut tx).await);
    tx.rollback().await.unwrap();
    assert!(kept.iter().any(|(told_by, ..)| told_by == "name"), "the named employer is told by its name");

    // And the list read through it is the full count's, whatever the
    // threshold, the filters and the day.
    let mut conn = app.db.acquire().await.unwrap();
    let departments: Vec<String> = sqlx::query_scalar("SELECT DISTINCT department_id FROM tickets ORDER BY 1")
        .fetch_all(&mut *conn)
        .await
        .unwrap();
    let last_day = app.clock.today();
    let mut listed_at_two = 0;
    for today in [last_day, last_day + Duration::days(30), last_day + Duration::days(80)] {
        let since: NaiveDate = window_start(today);
        for threshold in 2..=5 {
            let mut filters =
                vec![HotspotFilter { today, since, threshold, department: None, district: None, category: None }];
            for department in &departments {
                filters.push(HotspotFilter { department: Some(department), ..filters[0] });
            }
            filters.push(HotspotFilter { district: Some("310105"), ..filters[0] });
            filters.push(HotspotFilter { category: Some("labour_inspection"), ..filters[0] });
            for f in &filters {
                let found = hotspots::hotspots(&mut conn, app.db.backend(), f).await.unwrap();
                assert_eq!(found, hotspots::hotspots_scanned(&mut conn, f).await.unwrap(), "{f:?}");
                if threshold == 2 {
                    listed_at_two += found.len();
                }
            }
        }
    }
    assert!(listed_at_two > 10, "the history lists employers to compare: {listed_at_two}");
}
