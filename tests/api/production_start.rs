//! A bureau started as a bureau starts it: a database named, no demo data.
//! What the law fixes is there all the same.

use crate::helpers::TestApp;
use hotline::domain::category::Category;

crate::on_both_backends!(
    configure = |config| config.seed_demo = false;
    a_bureau_without_the_demo_has_the_statutory_categories,
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
