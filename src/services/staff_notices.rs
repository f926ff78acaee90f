//! The notices the workflow puts in staff inboxes, in the transaction of
//! the change they tell of: an extension request decided (to the holder
//! who asked), a ticket transferred in and an appeal filed (to the
//! receiving department's heads and caseworkers, and for an appeal to the
//! holder of the ticket appealed), a citizen's urge (to the holder and the
//! department's heads), the evidence a citizen sent (to the holder) and an
//! employer reaching the threshold of complaints (to the inspection
//! brigade's supervisors).
//! Reminders of clocks come from the sweeper.

use crate::domain::outbox::{NoticeKind, RecipientKind};
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::store::notifications::{self, NewNotification};
use crate::store::tickets::Ticket;
use crate::store::users;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

/// The active supervisors and caseworkers of a department, as recipients.
async fn department_staff(
    conn: &mut AnyConnection,
    department_id: &str,
) -> Result<Vec<(RecipientKind, String)>, sqlx::Error> {
    Ok(users::in_department(conn, department_id)
        .await?
        .into_iter()
        .filter_map(|u| match u.role {
            Role::Supervisor => Some((RecipientKind::DepartmentHead, u.id)),
            Role::Caseworker => Some((RecipientKind::Caseworker, u.id)),
            _ => None,
        })
        .collect())
}

/// Puts one notice in each recipient's inbox; `key` makes a retried action
/// put it there once.
async fn tell(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket_id: &str,
    kind: NoticeKind,
    key: &str,
    recipients: &[(RecipientKind, String)],
    body: &str,
) -> Result<(), sqlx::Error> {
    for (recipient_kind, recipient) in recipients {
        let notice = NewNotification {
            dedupe_key: format!("{kind}:{key}:{recipient}"),
            ticket_id,
            kind,
            recipient_kind: *recipient_kind,
            recipient,
            body: body.to_string(),
            deliver_after: now,
        };
        notifications::produce(conn, &notice, now).await?;
    }
    Ok(())
}

/// The holder hears whether the extension they asked for was granted, and
/// why not when it was rejected.
pub async fn extension_decided(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    approved: bool,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let Some(holder) = &ticket.assignee_id else { return Ok(()) };
    let body = Lang::Zh.messages().extension_decided(&ticket.ticket_no.grouped(), approved, reason);
    let key = format!("{}:v{}", ticket.id, ticket.version);
    tell(
        conn,
        now,
        &ticket.id,
        NoticeKind::ExtensionDecided,
        &key,
        &[(RecipientKind::Caseworker, holder.clone())],
        &body,
    )
    .await
}

/// The department a ticket was transferred to hears of it.
pub async fn transferred_in(conn: &mut AnyConnection, now: DateTime<Utc>, ticket: &Ticket) -> Result<(), sqlx::Error> {
    let recipients = department_staff(conn, &ticket.department_id).await?;
    let body = Lang::Zh.messages().transferred_in(&ticket.ticket_no.grouped());
    let key = format!("{}:v{}", ticket.id, ticket.version);
    tell(conn, now, &ticket.id, NoticeKind::TransferredIn, &key, &recipients, &body).await
}

/// The department the appeal goes to, and whoever held the ticket appealed.
pub async fn appeal_filed(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    appeal: &Ticket,
    earlier: &Ticket,
) -> Result<(), sqlx::Error> {
    let mut recipients = department_staff(conn, &appeal.department_id).await?;
    if let Some(holder) = &earlier.assignee_id {
        if !recipients.iter().any(|(_, id)| id == holder) {
            recipients.push((RecipientKind::Caseworker, holder.clone()));
        }
    }
    let body = Lang::Zh.messages().appeal_filed(&appeal.ticket_no.grouped(), &earlier.ticket_no.grouped());
    tell(conn, now, &appeal.id, NoticeKind::Appealed, &appeal.id, &recipients, &body).await
}

/// The holder and the department's heads hear that the citizen urged the
/// ticket; once per working day the urge counts for.
pub async fn urged(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    counts_for: chrono::NaiveDate,
) -> Result<(), sqlx::Error> {
    let mut recipients: Vec<(RecipientKind, String)> =
        ticket.assignee_id.iter().map(|id| (RecipientKind::Caseworker, id.clone())).collect();
    for head in users::with_role(conn, Role::Supervisor).await? {
        if head.department_id.as_deref() == Some(ticket.department_id.as_str()) {
            recipients.push((RecipientKind::DepartmentHead, head.id));
        }
    }
    let body = Lang::Zh.messages().urge_notice(&ticket.ticket_no.grouped());
    let key = format!("{}:{counts_for}", ticket.id);
    tell(conn, now, &ticket.id, NoticeKind::Urged, &key, &recipients, &body).await
}

/// The holder hears that the citizen sent the evidence asked for (the
/// department's staff, while nobody holds the ticket).
pub async fn evidence_received(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    ticket: &Ticket,
    files: usize,
) -> Result<(), sqlx::Error> {
    let recipients = match &ticket.assignee_id {
        Some(holder) => vec![(RecipientKind::Caseworker, holder.clone())],
        None => department_staff(conn, &ticket.department_id).await?,
    };
    let body = Lang::Zh.messages().evidence_received_notice(&ticket.ticket_no.grouped(), files);
    let key = format!("{}:v{}", ticket.id, ticket.version);
    tell(conn, now, &ticket.id, NoticeKind::EvidenceReceived, &key, &recipients, &body).await
}

/// The complaint just filed brings its employer to the threshold of
/// complaints in the window of employers at risk: the supervisors of the
/// inspection brigade (every active department of that kind) hear of it,
/// once a day at most for one employer.
pub async fn employer_at_risk(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    departments: &[crate::store::bureau::Department],
    ticket: &Ticket,
) -> Result<(), sqlx::Error> {
    use crate::domain::category::RespondentKind;
    use crate::domain::hotspots::{crossed, DEFAULT_THRESHOLD, WINDOW_DAYS};
    let (RespondentKind::Employer, Some(code)) = (ticket.respondent_kind, ticket.respondent_credit_code.as_deref())
    else {
        return Ok(());
    };
    let since = ticket.received_at - chrono::Duration::days(WINDOW_DAYS);
    let in_window = crate::store::hotspots::complaints_since(conn, code, since, DEFAULT_THRESHOLD + 1).await?;
    if !crossed(in_window, DEFAULT_THRESHOLD) {
        return Ok(());
    }
    let brigades =
        departments.iter().filter(|d| d.active && d.kind == crate::domain::bureau::DepartmentKind::Inspection);
    let mut recipients = Vec::new();
    for department in brigades {
        recipients.extend(
            department_staff(conn, &department.id)
                .await?
                .into_iter()
                .filter(|(kind, _)| *kind == RecipientKind::DepartmentHead),
        );
    }
    let body =
        Lang::Zh.messages().employer_at_risk_notice(&ticket.respondent_name, code, DEFAULT_THRESHOLD, WINDOW_DAYS);
    let key = format!("{code}:{}", ticket.received_on);
    tell(conn, now, &ticket.id, NoticeKind::EmployerAtRisk, &key, &recipients, &body).await
}
