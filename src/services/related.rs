//! Related tickets: found when a ticket's page is opened (always as the
//! tickets are now, never a list kept from filing that later tickets would
//! make stale). The rules are `domain::related`'s; the reads
//! `store::related`'s.

use crate::domain::category::RespondentKind;
use crate::domain::related::{self, Found, Reason, Trigrams, WINDOW_DAYS};
use crate::store::personal::{open, Column, DataKey};
use crate::store::related::{self as store, Keys, Summary};
use crate::store::tickets::Ticket;
use crate::store::Db;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyConnection;

/// A related ticket as the ticket page lists it.
#[derive(Debug, Clone)]
pub struct RelatedTicket {
    pub ticket: Summary,
    pub reasons: Vec<Reason>,
}

/// What `ticket` is compared by.
pub fn keys_of(key: &DataKey, ticket: &Ticket) -> Keys {
    Keys {
        credit_code: ticket.respondent_credit_code.clone(),
        respondent_key: related::employer_key(ticket.respondent_kind, &ticket.respondent_name),
        mobile_hash: Some(key.lookup_hash(Column::Mobile, &ticket.complainant_mobile)),
        id_hash: Some(key.lookup_hash(Column::IdNumber, &ticket.complainant_id_number)),
    }
}

/// The window a ticket received at `at` is compared in.
pub fn window(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (at - Duration::days(WINDOW_DAYS), at + Duration::days(WINDOW_DAYS))
}

/// The tickets related to `ticket`, the strongest first.
pub async fn of_ticket(
    conn: &mut AnyConnection,
    key: &DataKey,
    ticket: &Ticket,
) -> Result<Vec<RelatedTicket>, sqlx::Error> {
    let (since, until) = window(ticket.received_at);
    let sharing = store::sharing_keys(conn, &keys_of(key, ticket), &ticket.id, since, until).await?;
    let district = ticket.district_code.as_str();
    let statements = store::statements(conn, district, ticket.category.key(), &ticket.id, since, until).await?;
    let own =
        Trigrams::of(&related::statement(&ticket.fact_cause, &ticket.fact_course, &ticket.fact_result, &ticket.demand));
    let similar = statements.into_iter().filter_map(|s| {
        let [cause, course, result, demand] = &s.parts;
        let theirs = Trigrams::of(&related::statement(cause, course, result, demand));
        related::similar(own.similarity(&theirs)).map(|reason| (s.id, reason))
    });
    let found = related::merge(sharing.into_iter().chain(similar));
    let ids: Vec<&str> = found.iter().map(|f| f.ticket_id.as_str()).collect();
    let mut summaries = store::summaries(conn, &ids).await?;
    Ok(found
        .into_iter()
        .filter_map(|Found { ticket_id, reasons }| {
            let at = summaries.iter().position(|s| s.id == ticket_id)?;
            Some(RelatedTicket { ticket: summaries.swap_remove(at), reasons })
        })
        .collect())
}

/// Of the `tickets` of a queue's page, the ids of those that share their
/// employer or complainant with another open ticket of their window. A
/// similar statement alone does not mark a ticket: it is told on the
/// ticket's page, where its score can be judged.
pub async fn marked_in_queue<'a>(
    conn: &mut AnyConnection,
    tickets: impl IntoIterator<Item = &'a Ticket>,
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    let windows: Vec<(&str, DateTime<Utc>, DateTime<Utc>)> = tickets
        .into_iter()
        .filter(|t| t.is_open())
        .map(|t| {
            let (since, until) = window(t.received_at);
            (t.id.as_str(), since, until)
        })
        .collect();
    Ok(store::with_open_related(conn, &windows).await?.into_iter().collect())
}

/// Gives tickets filed before related tickets were looked for their keys,
/// a batch per transaction; returns how many it gave. The sweeper runs it
/// until none are left.
pub async fn fill_missing_keys(db: &Db, key: &DataKey, batch: i64) -> anyhow::Result<usize> {
    let mut tx = db.begin().await?;
    let rows = store::missing_keys(&mut tx, batch).await?;
    for (id, kind, respondent_name, id_number) in &rows {
        let id_number = open(Column::IdNumber, id_number.clone())?;
        let kind = RespondentKind::try_from(kind.clone()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let respondent_key = related::employer_key(kind, respondent_name).unwrap_or_default();
        store::set_keys(&mut tx, id, &respondent_key, &key.lookup_hash(Column::IdNumber, &id_number)).await?;
        crate::store::hotspots::note_named_employer(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
