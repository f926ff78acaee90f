//! The complainant's name, resident ID number and mobile are sealed at rest:
//! after a ticket's whole life, no text column of any table holds them in
//! clear, while staff and the citizen see them as before. A database from
//! before sealing began is sealed in batches, and a rotation moves every
//! value to a new key and can be resumed.

use crate::helpers::{complaint_with, TestApp, AGENT, CASEWORKER};
use hotline::clock::Clock;
use hotline::store::key_rotation;
use hotline::store::personal::{self, Column, DataKey};
use hotline::store::tickets;
use std::sync::Arc;

crate::on_both_backends!(
    no_table_holds_the_complainant_s_data_in_clear,
    tickets_filed_in_clear_are_sealed_in_batches,
    a_rotation_moves_every_value_to_the_new_key_and_resumes_where_it_stopped,
);

const NAME: &str = "欧阳晓峰";
const MOBILE: &str = "13912340076";

fn resident_id() -> String {
    let first = "44030419900307241";
    format!("{first}{}", hotline::domain::resident_id::resident_id_check_char(first).unwrap())
}

/// The standard complaint from our complainant, the mobile typed with spaces.
fn our_complaint() -> Vec<(String, String)> {
    complaint_with(&[
        ("complainant.name", NAME),
        ("complainant.mobile", "139 1234 0076"),
        ("complainant.id_number", &resident_id()),
    ])
}

/// Every (table, column) that can hold text.
async fn text_columns(app: &TestApp) -> Vec<(String, String)> {
    let sql = match app.backend {
        crate::helpers::Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND (p.type = '' OR upper(p.type) LIKE '%TEXT%' OR upper(p.type) LIKE '%CHAR%')"
        }
        crate::helpers::Backend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character')"
        }
    };
    sqlx::query_as(sql).fetch_all(app.db.pool()).await.unwrap()
}

/// Where in the database `value` appears in clear, as `table.column`.
async fn found_in_clear(app: &TestApp, value: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (table, column) in text_columns(app).await {
        let sql = format!(r#"SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE $1"#);
        let count: i64 = sqlx::query_scalar(&sql).bind(format!("%{value}%")).fetch_one(app.db.pool()).await.unwrap();
        if count > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

async fn assert_nothing_in_clear(app: &TestApp) {
    let columns = text_columns(app).await;
    assert!(columns.iter().any(|(t, c)| t == "tickets" && c == "complainant_mobile"), "{columns:?}");
    for value in [NAME, MOBILE, resident_id().as_str()] {
        assert_eq!(found_in_clear(app, value).await, Vec::<String>::new(), "{value} in clear");
    }
}

async fn stored(app: &TestApp, id: &str) -> (String, String, String) {
    sqlx::query_as("SELECT complainant_name, complainant_id_number, complainant_mobile FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn read_back(app: &TestApp, id: &str) -> tickets::Ticket {
    let mut conn = app.db.pool().acquire().await.unwrap();
    tickets::find_by_id(&mut conn, id).await.unwrap().unwrap()
}

/// Files one of our complaint's matters: each a result of its own, so that
/// none is a repeat of another.
async fn files_ours(app: &TestApp) -> String {
    let earlier = app.count("SELECT COUNT(*) FROM tickets").await;
    let form = crate::helpers::with(&our_complaint(), "facts.result", &format!("第 {} 件事的结果", earlier + 1));
    let filed = app.file_complaint(&form).await;
    app.ticket_id(&filed.text_of("ticket-no")).await
}

async fn no_table_holds_the_complainant_s_data_in_clear(app: TestApp) {
    // A citizen files online, an agent files another matter for the same caller.
    let online = files_ours(&app).await;
    let agent = app.sign_in_as(AGENT).await;
    let form = crate::helpers::with(&our_complaint(), "channel", "hotline_12333");
    let review = crate::helpers::Page::of(agent.review_intake(&form).await).await;
    assert_eq!(agent.confirm_intake(&form, &review.hidden_field("idempotency_key")).await.status(), 303);

    // The caseworker accepts (a text to the citizen) and looks at the data
    // in full (an audit entry); the citizen follows the ticket up.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&online).await.status(), 303);
    let full = caseworker.reveal(&online).await.text().await.unwrap();
    assert!(full.contains(NAME) && full.contains(MOBILE) && full.contains(&resident_id()));
    let no = read_back(&app, &online).await.ticket_no;
    assert_eq!(app.track_with(no.as_str(), MOBILE).await.status(), 200);
    hotline::jobs::sweeper::sweep_once(&app.db, app.clock.now(), 2, &hotline::jobs::sender::LogSender).await.unwrap();

    assert_nothing_in_clear(&app).await;
    let (name, id_number, mobile) = stored(&app, &online).await;
    for value in [&name, &id_number, &mobile] {
        assert_eq!(personal::key_id_of(value), Some(app.db.data_key().id()), "{value}");
    }

    // Read back whole, and found by the mobile's keyed hash.
    let ticket = read_back(&app, &online).await;
    assert_eq!((ticket.complainant_name.as_str(), ticket.complainant_mobile.as_str()), (NAME, MOBILE));
    assert_eq!(ticket.complainant_id_number, resident_id());
    let mut conn = app.db.pool().acquire().await.unwrap();
    let of_mobile = tickets::of_mobile(&mut conn, app.db.data_key(), MOBILE, 10).await.unwrap();
    assert_eq!(of_mobile.len(), 2, "the online ticket and the agent's");
    assert!(tickets::of_mobile(&mut conn, app.db.data_key(), "13800000000", 10).await.unwrap().is_empty());
}

/// Writes the ticket's data back in clear, as a database from before
/// sealing began holds it.
async fn unseal(app: &TestApp, id: &str) {
    sqlx::query(
        "UPDATE tickets SET complainant_name = $1, complainant_id_number = $2, complainant_mobile = $3, \
         complainant_mobile_hash = NULL WHERE id = $4",
    )
    .bind(NAME)
    .bind(resident_id())
    .bind(MOBILE)
    .bind(id)
    .execute(app.db.pool())
    .await
    .unwrap();
}

async fn tickets_filed_in_clear_are_sealed_in_batches(app: TestApp) {
    let ids = [files_ours(&app).await, files_ours(&app).await, files_ours(&app).await];
    for id in &ids {
        unseal(&app, id).await;
    }
    assert_eq!(found_in_clear(&app, MOBILE).await, ["tickets.complainant_mobile"]);
    // Rows in clear are still read, before the command runs.
    assert_eq!(read_back(&app, &ids[0]).await.complainant_name, NAME);
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert!(caseworker.reveal(&ids[0]).await.text().await.unwrap().contains(&resident_id()));

    let done = key_rotation::reseal(&app.db, app.db.data_key(), 2).await.unwrap();
    assert_eq!(done.resealed, 3);
    assert_nothing_in_clear(&app).await;
    for id in &ids {
        let ticket = read_back(&app, id).await;
        assert_eq!((ticket.complainant_name.as_str(), ticket.complainant_mobile.as_str()), (NAME, MOBILE));
    }
    let mut conn = app.db.pool().acquire().await.unwrap();
    assert_eq!(tickets::of_mobile(&mut conn, app.db.data_key(), MOBILE, 10).await.unwrap().len(), 3);
    drop(conn);
    // Run again: nothing left to do.
    assert_eq!(key_rotation::reseal(&app.db, app.db.data_key(), 2).await.unwrap().resealed, 0);
}

async fn a_rotation_moves_every_value_to_the_new_key_and_resumes_where_it_stopped(app: TestApp) {
    let ids = [files_ours(&app).await, files_ours(&app).await, files_ours(&app).await];
    let old: Arc<DataKey> = app.db.data_key().clone();
    let new = DataKey::generate().register();

    assert_eq!(key_rotation::reseal(&app.db, &new, 2).await.unwrap().resealed, 3);
    // A run stopped part-way leaves some tickets under the old key: here,
    // one put back under it.
    sqlx::query("UPDATE tickets SET complainant_name = $1 WHERE id = $2")
        .bind(old.seal(Column::Name, NAME))
        .bind(&ids[1])
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(key_rotation::reseal(&app.db, &new, 2).await.unwrap().resealed, 1, "only the ticket left behind");

    for id in &ids {
        let (name, id_number, mobile) = stored(&app, id).await;
        for value in [&name, &id_number, &mobile] {
            assert_eq!(personal::key_id_of(value), Some(new.id()), "{value}");
        }
        let ticket = read_back(&app, id).await;
        assert_eq!((ticket.complainant_name.as_str(), ticket.complainant_id_number), (NAME, resident_id()));
    }
    assert_nothing_in_clear(&app).await;
    let mut conn = app.db.pool().acquire().await.unwrap();
    assert_eq!(tickets::of_mobile(&mut conn, &new, MOBILE, 10).await.unwrap().len(), 3, "hashes under the new key");
    assert!(tickets::of_mobile(&mut conn, &old, MOBILE, 10).await.unwrap().is_empty());
}
