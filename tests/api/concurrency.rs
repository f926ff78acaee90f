//! Ticket numbers stay unique when many citizens confirm at once, across
//! two app instances sharing one database.

use crate::helpers::{complaint_form, spawn_on, with, TestApp};
use hotline::domain::ticket_no::TicketNo;
use std::collections::HashSet;

crate::on_both_backends!(fifty_concurrent_confirmations_get_fifty_distinct_valid_numbers);

async fn fifty_concurrent_confirmations_get_fifty_distinct_valid_numbers(app: TestApp) {
    let url = database_url(&app).await;
    let second = spawn_on(app.backend, &url, crate::helpers::default_now(), None).await;
    let instances = [&app, &second];

    let requests = (0..50).map(|i| {
        let instance = instances[i % 2];
        let mut form = with(&complaint_form(), "facts.result", &format!("第 {i} 位投诉人"));
        form.push(("idempotency_key".into(), uuid::Uuid::new_v4().to_string()));
        form.push(("action".into(), "confirm".into()));
        async move {
            let response = instance.post_form("/complaints/confirm", &form).await;
            assert_eq!(response.status(), 303);
            let location = response.headers()["location"].to_str().unwrap().to_string();
            let page = instance.get(&location).await.text().await.unwrap();
            crate::helpers::element_text(&page, "ticket-no")
        }
    });
    let numbers: Vec<String> = futures::future::join_all(requests).await;

    let parsed: Vec<TicketNo> = numbers.iter().map(|n| TicketNo::parse(n).expect("valid check digit")).collect();
    let distinct: HashSet<&str> = parsed.iter().map(|n| n.as_str()).collect();
    assert_eq!(distinct.len(), 50);
    let mut sequences: Vec<u32> = parsed.iter().map(|n| n.sequence()).collect();
    sequences.sort();
    assert_eq!(sequences, (1..=50).collect::<Vec<u32>>(), "the daily sequence has no gaps");
    assert_eq!(app.count("SELECT COUNT(*) FROM tickets").await, 50);
}

/// The URL the first instance was started with, read back from the pool.
pub async fn database_url(app: &TestApp) -> String {
    match app.backend {
        crate::helpers::Backend::Sqlite => {
            let file: String = sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            format!("sqlite://{file}")
        }
        crate::helpers::Backend::Postgres => {
            let name: String =
                sqlx::query_scalar("SELECT current_database()::text").fetch_one(app.db.pool()).await.unwrap();
            let server = crate::helpers::postgres_server_url().unwrap();
            let scheme_end = server.find("://").unwrap() + 3;
            let base = match server[scheme_end..].find('/') {
                Some(slash) => server[..scheme_end + slash].to_string(),
                None => server.clone(),
            };
            format!("{base}/{name}")
        }
    }
}
