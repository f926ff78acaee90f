//! What citizens do after filing: urges (one per ticket and working day)
//! and ratings (one per ticket, with the appeal they may lead to).

use super::instant_text;
use crate::domain::follow_up::{GivenRating, Rating};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;

/// Records an urge counted for `counts_for`; false if the ticket was
/// already urged for that day.
pub async fn insert_urge(
    conn: &mut AnyConnection,
    ticket_id: &str,
    counts_for: NaiveDate,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query("INSERT INTO urges (ticket_id, day, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(ticket_id)
        .bind(super::day_text(counts_for))
        .bind(instant_text(at))
        .execute(conn)
        .await?;
    Ok(inserted.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct RatingRow {
    #[sqlx(try_from = "String")]
    rating: Rating,
    comment: String,
    appeal_ticket_id: Option<String>,
}

pub async fn rating_of(conn: &mut AnyConnection, ticket_id: &str) -> Result<Option<GivenRating>, sqlx::Error> {
    let row: Option<RatingRow> =
        sqlx::query_as("SELECT rating, comment, appeal_ticket_id FROM ratings WHERE ticket_id = $1")
            .bind(ticket_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| GivenRating { rating: r.rating, comment: r.comment, appeal_ticket_id: r.appeal_ticket_id }))
}

/// Records the rating; false if the ticket was already rated.
pub async fn insert_rating(
    conn: &mut AnyConnection,
    ticket_id: &str,
    rating: Rating,
    comment: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO ratings (ticket_id, rating, comment, at) VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_id) DO NOTHING",
    )
    .bind(ticket_id)
    .bind(rating.key())
    .bind(comment)
    .bind(instant_text(at))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Links the appeal to the rating that allowed it; false if another
/// appeal got there first.
pub async fn link_appeal(conn: &mut AnyConnection, ticket_id: &str, appeal_id: &str) -> Result<bool, sqlx::Error> {
    let linked =
        sqlx::query("UPDATE ratings SET appeal_ticket_id = $1 WHERE ticket_id = $2 AND appeal_ticket_id IS NULL")
            .bind(appeal_id)
            .bind(ticket_id)
            .execute(conn)
            .await?;
    Ok(linked.rows_affected() == 1)
}
