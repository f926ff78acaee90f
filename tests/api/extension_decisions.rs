//! Deciding an extension request: a rejection says why, in a required field
//! with its error beside it and the text kept; the caseworker who asked
//! reads the reason in the ticket's history and in their inbox; and the
//! supervisor is told which ticket and what outcome, on the ticket page and
//! in the approvals inbox, in either language.

use crate::helpers::{Page, Staff, TestApp, CASEWORKER, SUPERVISOR};

crate::on_both_backends!(
    a_rejection_says_why_and_the_caseworker_reads_it,
    the_approvals_inbox_asks_why_and_names_the_ticket_and_outcome,
);

/// A ticket the caseworker holds and has asked 20 more days for.
async fn extension_asked(app: &TestApp) -> (Staff, String, String) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.request_extension(&ticket.id, "20", "需调取银行流水").await.status(), 303);
    (caseworker, ticket.id, ticket.no)
}

async fn a_rejection_says_why_and_the_caseworker_reads_it(app: TestApp) {
    let (caseworker, id, no) = extension_asked(&app).await;
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;

    // No reason: refused beside the field, nothing decided.
    let refused = supervisor.act(&id, "decide_extension", &[("decision", "reject"), ("reason", "  ")]).await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    assert_eq!(page.attr("#decide_extension-reason", "aria-invalid"), "true");
    assert_eq!(page.attr("#decide_extension-reason", "aria-describedby"), "decide_extension-reason-error");
    assert!(page.text_of("decide_extension-reason-error").contains("此项必须填写"));
    assert_eq!(page.attr(".error-summary a", "href"), "#decide_extension-reason");
    let pending: String = sqlx::query_scalar("SELECT extension_state FROM tickets WHERE id = $1")
        .bind(&id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(pending, "pending");
    // Too long: the text comes back as typed.
    let long = "理".repeat(2_001);
    let refused = supervisor.act(&id, "decide_extension", &[("decision", "reject"), ("reason", &long)]).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(Page::of(refused).await.select_text("#decide_extension-reason"), long);

    let reason = "材料已齐，应按期办结";
    let rejected = supervisor.act(&id, "decide_extension", &[("decision", "reject"), ("reason", reason)]).await;
    assert_eq!(rejected.status(), 303);
    let after = Page::of(supervisor.follow(rejected).await).await;
    assert_eq!(after.text_of("notice"), format!("已驳回工单 {no} 的延期申请，驳回理由已告知申请人。"));

    // The caseworker reads why, on the ticket and in the inbox.
    let ticket = caseworker.ticket_page(&id).await;
    let history = ticket.select_texts("table.table tbody tr");
    assert!(history.iter().any(|row| row.contains("延期未获批准") && row.contains(reason)), "{history:?}");
    let inbox = caseworker.page("/staff/inbox").await;
    let notice = inbox.select_text(".notice-body");
    assert!(notice.contains(&no) && notice.contains("未获批准") && notice.contains(reason), "{notice}");
    // The citizen is not told of the internal reason.
    let status = Page::of(app.track(&no).await).await;
    assert!(!status.contains(reason));

    // In English the outcome reads the same way.
    let second = extension_asked(&app).await;
    supervisor.get("/lang/en?next=/staff").await;
    let rejected =
        supervisor.act(&second.1, "decide_extension", &[("decision", "reject"), ("reason", "Not needed")]).await;
    let after = Page::of(supervisor.follow(rejected).await).await;
    assert!(after.text_of("notice").starts_with(&format!("Extension for ticket {} rejected", second.2)));
}

async fn the_approvals_inbox_asks_why_and_names_the_ticket_and_outcome(app: TestApp) {
    let (_, first, first_no) = extension_asked(&app).await;
    let (_, second, second_no) = extension_asked(&app).await;
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let decide = |id: String, decision: &'static str, reason: &'static str| {
        let supervisor = supervisor.clone();
        let db = app.db.clone();
        async move {
            let version: i64 = sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1")
                .bind(&id)
                .fetch_one(db.pool())
                .await
                .unwrap();
            let version = version.to_string();
            supervisor
                .submit(
                    "/staff/approvals",
                    &[("ticket", &id), ("version", &version), ("decision", decision), ("reason", reason)],
                )
                .await
        }
    };
    let inbox = supervisor.page("/staff/approvals").await;
    assert_eq!(inbox.count("#approvals textarea[name=reason]"), 2, "each row has its reason field");

    // A rejection without a reason comes back with the error beside that row's field.
    let refused = decide(first.clone(), "reject", "").await;
    assert_eq!(refused.status(), 422);
    let page = Page::of(refused).await;
    let field = format!("#reject-reason-{first}");
    assert_eq!(page.attr(&field, "aria-invalid"), "true");
    assert_eq!(page.attr(&field, "aria-describedby"), format!("reject-reason-{first}-error"));
    assert!(page.text_of(&format!("reject-reason-{first}-error")).contains("此项必须填写"));
    assert!(!page.has(&format!("#reject-reason-{second}[aria-invalid]")), "only that row");
    assert_eq!(page.attr(".error-summary a", "href"), field);

    let approved = decide(first.clone(), "approve", "").await;
    assert_eq!(approved.status(), 303);
    let after = Page::of(supervisor.follow(approved).await).await;
    let notice = after.text_of("notice");
    assert!(notice.starts_with(&format!("已批准工单 {first_no} 的延期申请，处理决定时限延长至 ")), "{notice}");

    let rejected = decide(second.clone(), "reject", "理由不充分").await;
    assert_eq!(rejected.status(), 303);
    let after = Page::of(supervisor.follow(rejected).await).await;
    assert_eq!(after.text_of("notice"), format!("已驳回工单 {second_no} 的延期申请，驳回理由已告知申请人。"));
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE ticket_id = $1 AND action = 'extension_rejected'")
            .bind(&second)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(detail, "理由不充分");
}
