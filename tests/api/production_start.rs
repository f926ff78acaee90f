//! A bureau started as a bureau starts it: a database named, no demo data.
//! What the law fixes is there all the same.

use crate::helpers::TestApp;
use hotline::domain::category::Category;

crate::on_both_backends!(
    configure = |config| config.seed_demo = false;
    a_bureau_without_the_demo_has_the_statutory_categories,
    a_bureau_without_the_demo_counts_on_the_official_calendar,
);

async fn a_bureau_without_the_demo_has_the_statutory_categories(app: TestApp) {
    let departments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM departments").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(departments, 0, "no demo bureau");

    let services = app.get("/open311/v2/services.json").await;
    assert_eq!(services.status(), 200);
    let services: serde_json::Value = services.json().await.unwrap();
    let codes: Vec<&str> = services.as_array().unwrap().iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    let statutory: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
    assert_eq!(codes, statutory, "every statutory category, in the statute's order");
    let inspection = services.as_array().unwrap().iter().find(|s| s["service_code"] == "labour_inspection").unwrap();
    assert_eq!(inspection["service_name"], "劳动保障监察投诉");
}

async fn a_bureau_without_the_demo_counts_on_the_official_calendar(app: TestApp) {
    // National Day and Mid-Autumn 2025: off 10-01 to 10-08, Saturday 10-11 worked.
    let response = app.get("/api/v1/calendar/deadline?start=2025-09-29&working_days=15").await;
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["due_date"], "2025-10-27");
    assert_eq!(answer["provisional"], false);
    let years: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT year, origin, title FROM calendar_years ORDER BY year")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let loaded: Vec<(i64, &str)> = years.iter().map(|(y, origin, _)| (*y, origin.as_str())).collect();
    assert_eq!(loaded, vec![(2025, "release"), (2026, "release")], "the shipped notices, recorded as such");
    assert!(years[1].2.contains("2026年部分节假日安排"), "each with its notice's title");
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported' AND detail LIKE 'loaded from the release%'")
        .await;
    assert_eq!(audited, 1, "one load, audited once");
    // Another start loads nothing twice.
    let _again = app.another_instance().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days").await, 33 + 39);
}
