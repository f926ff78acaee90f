//! Written notices: issued in the transaction of the decision they state
//! (acceptance, refusal, an approved extension, the reply), and read back
//! for the citizen after a look-up or for the staff who may work the ticket,
//! whose every download is in the audit trail.

use super::ticket_access::{append_internal, begin_on_own_ticket, AccessError};
use crate::clock::china_date;
use crate::domain::audit::AuditAction;
use crate::domain::complaint::RefusalReason;
use crate::domain::deadline::Remedies;
use crate::domain::notice::{Decision, NoticeContent, NoticeParties, WrittenNoticeKind};
use crate::domain::workflow::Event;
use crate::i18n::Lang;
use crate::store::notices::{self, IssuedNotice};
use crate::store::personal::DataKey;
use crate::store::reference::Reference;
use crate::store::tickets::Ticket;
use crate::store::users::User;
use crate::store::Db;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// Issues the notice `event` calls for on `ticket` (as it stands after the
/// event), if any; `detail` is the event's detail (a refusal's reason, an
/// extension's reason). Called inside the decision's transaction.
pub async fn issue(
    conn: &mut AnyConnection,
    key: &DataKey,
    now: DateTime<Utc>,
    reference: &Reference,
    ticket: &Ticket,
    event: Event,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let Some(kind) = WrittenNoticeKind::issued_by(event) else {
        return Ok(());
    };
    // Until the bureau is named (its file, or the profile page), the
    // system's own name stands in.
    let names = [reference.profile.name.zh.trim(), reference.profile.name.en.trim(), Lang::Zh.messages().app_name];
    let bureau = names.into_iter().find(|n| !n.is_empty()).unwrap_or_default();
    let ticket_no = ticket.ticket_no.grouped();
    let respondent = respondent(ticket);
    let parties = NoticeParties {
        bureau,
        ticket_no: &ticket_no,
        complainant: &ticket.complainant_name,
        respondent: &respondent,
        received_on: ticket.received_on,
        issued_on: china_date(now),
    };
    let reply = ticket.reply_text.clone().unwrap_or_default();
    let ways = if kind == WrittenNoticeKind::Refusal { where_to_turn() } else { Vec::new() };
    let decision = match kind {
        WrittenNoticeKind::Acceptance => Decision::Accepted { answer_by: ticket.clocks().answer_due() },
        WrittenNoticeKind::Refusal => Decision::Refused { reason: detail, where_to_turn: &ways },
        WrittenNoticeKind::Extension => Decision::Extended {
            days: ticket.extension_days.unwrap_or_default(),
            unit: ticket.decision_unit,
            new_due: ticket.decision_due_on,
            reason: detail,
        },
        WrittenNoticeKind::Reply => Decision::Replied {
            reply: &reply,
            remedies: Remedies::after_decision(&reference.calendar, ticket.replied_on.unwrap_or(china_date(now))),
        },
    };
    let content = NoticeContent::write(&parties, &decision);
    notices::issue(conn, key, &ticket.id, now, &content).await.map(drop)
}

/// Where the matters the bureau does not handle go, as the refusal page
/// tells a citizen (one sentence each).
fn where_to_turn() -> Vec<String> {
    RefusalReason::ALL
        .into_iter()
        .map(|reason| {
            let (why, to) = Lang::Zh.messages().refusal(reason);
            format!("{why}{to}")
        })
        .collect()
}

/// Who the complaint is about, as the notice names them: a staff member
/// beside their office where the complaint names one.
fn respondent(ticket: &Ticket) -> String {
    let staff = [ticket.respondent_staff_name.as_deref(), ticket.respondent_staff_number.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    if staff.is_empty() {
        ticket.respondent_name.clone()
    } else {
        format!("{}（{}）", ticket.respondent_name, staff.join(" "))
    }
}

/// The ticket's notices, in the order issued.
pub async fn list(conn: &mut AnyConnection, ticket_id: &str) -> Result<Vec<IssuedNotice>, sqlx::Error> {
    notices::for_ticket(conn, ticket_id).await
}

/// One notice of a ticket the citizen has just looked up.
pub async fn for_citizen(
    conn: &mut AnyConnection,
    ticket: &Ticket,
    sequence: i64,
) -> Result<Option<(IssuedNotice, NoticeContent)>, sqlx::Error> {
    notices::find(conn, &ticket.id, sequence).await
}

/// One notice of a ticket, for a member of staff who may work it; the
/// download is in the audit trail (internal) before anything is given.
/// Another department's ticket is refused and the attempt recorded.
pub async fn for_staff(
    db: &Db,
    now: DateTime<Utc>,
    user: &User,
    ticket_id: &str,
    sequence: i64,
) -> Result<(Ticket, IssuedNotice, NoticeContent), AccessError> {
    let (mut tx, ticket) = begin_on_own_ticket(db, now, user, ticket_id).await?;
    let (issued, content) = notices::find(&mut tx, &ticket.id, sequence).await?.ok_or(AccessError::NotFound)?;
    let detail = format!("{} #{}", issued.kind.key(), issued.sequence);
    append_internal(&mut tx, now, user, &ticket.id, AuditAction::NoticeDownloaded, &detail).await?;
    tx.commit().await?;
    Ok((ticket, issued, content))
}
