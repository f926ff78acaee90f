//! Employers at risk: a supervisor finds the employers named in several
//! complaints of the last 90 days, filters them, opens their tickets and
//! exports the list; a reporting tool reads it as JSON; the inspection
//! brigade's supervisors hear when an employer reaches the threshold.

use crate::helpers::{valid_credit_code, TestApp, ADMIN, CASEWORKER, SUPERVISOR};
use crate::related::{file, unrelated};
use serde_json::Value;

crate::on_both_backends!(
    a_supervisor_finds_the_employers_named_in_several_complaints,
    an_employer_is_counted_by_its_code_whatever_its_name_and_only_employers_are,
    the_brigades_supervisor_hears_once_when_an_employer_reaches_the_threshold,
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
