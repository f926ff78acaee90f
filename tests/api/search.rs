//! Staff find open tickets by any part of the respondent's name or the
//! statement, in Chinese, whatever its length.

use crate::helpers::{complaint_json, Staff, TestApp, SUPERVISOR};

crate::on_both_backends!(any_part_of_a_chinese_statement_finds_the_open_tickets_that_contain_it);

/// How many tickets the queue lists for a search.
async fn hits(supervisor: &Staff, text: &str) -> usize {
    let query = serde_urlencoded::to_string([("q", text)]).unwrap();
    let page = supervisor.get(&format!("/staff?{query}")).await;
    assert_eq!(page.status(), 200);
    crate::helpers::Page::of(page).await.count("a.ticket-link")
}

async fn any_part_of_a_chinese_statement_finds_the_open_tickets_that_contain_it(app: TestApp) {
    for respondent in ["上海明远建筑工程有限责任公司", "上海隆昌快递有限公司", "上海某某科技有限公司"]
    {
        let mut body = complaint_json();
        body["respondent"]["name"] = serde_json::json!(respondent);
        assert_eq!(app.post_json("/api/v1/complaints", &body).await.status(), 201);
    }
    let supervisor = app.sign_in_as(SUPERVISOR).await;

    assert_eq!(hits(&supervisor, "明远建筑").await, 1, "four characters inside a name");
    assert_eq!(hits(&supervisor, "快递").await, 1, "a two-character word");
    assert_eq!(hits(&supervisor, "资金紧张").await, 3, "words in the middle of the statement");
    assert_eq!(hits(&supervisor, "有限公司").await, 2, "not in 有限责任公司");
    assert_eq!(hits(&supervisor, "有限").await, 3);
    assert_eq!(hits(&supervisor, "不存在的公司").await, 0);

    // A closed ticket leaves the queue and its search.
    sqlx::query("UPDATE tickets SET state = 'closed', closed_on = '2026-11-25' WHERE respondent_name LIKE '%明远%'")
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(hits(&supervisor, "明远建筑").await, 0);
    assert_eq!(hits(&supervisor, "有限").await, 2);
    // Reopened, it is found again.
    sqlx::query("UPDATE tickets SET state = 'reopened', closed_on = NULL WHERE respondent_name LIKE '%明远%'")
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(hits(&supervisor, "明远建筑").await, 1);
}
