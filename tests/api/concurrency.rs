//! Ticket numbers stay unique when many citizens confirm at once, across
//! two app instances sharing one database.

use crate::helpers::{complaint_with, Page, TestApp};
use hotline::domain::ticket_no::TicketNo;
use std::collections::HashSet;

crate::on_both_backends!(fifty_concurrent_confirmations_get_fifty_distinct_valid_numbers);

async fn fifty_concurrent_confirmations_get_fifty_distinct_valid_numbers(app: TestApp) {
    let second = app.another_instance().await;
    let instances = [&app, &second];

    let requests = (0..50).map(|i| {
        let instance = instances[i % 2];
        let form = complaint_with(&[("facts.result", &format!("第 {i} 位投诉人"))]);
        async move {
            let response = instance.confirm_complaint(&form, &uuid::Uuid::new_v4().to_string()).await;
            assert_eq!(response.status(), 303);
            Page::of(instance.follow(response).await).await.text_of("ticket-no")
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
