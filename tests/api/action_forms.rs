//! The staff ticket page's forms as assistive technology reads them: each
//! error tied to its field (`aria-invalid`, `aria-describedby` naming the
//! message beside it), what was typed or chosen kept, and the summary
//! linking to the field; and the complainant's section under its own name.

use crate::helpers::{Page, Staff, TestApp, CASEWORKER, SUPERVISOR};

crate::on_both_backends!(
    each_action_s_error_is_tied_to_its_field_and_the_input_kept,
    the_complainant_section_is_called_so_in_both_languages,
);

/// Checks that `field` of `action`'s form carries the error, with its
/// message beside it and the summary pointing there.
fn tied(page: &Page, action: &str, field: &str, message: &str) {
    let id = format!("{action}-{}", field.replace('_', "-"));
    assert_eq!(page.attr(&format!("#{id}"), "aria-invalid"), "true", "{id}");
    assert!(page.attr(&format!("#{id}"), "aria-describedby").split(' ').any(|d| d == format!("{id}-error")), "{id}");
    assert!(page.text_of(&format!("{id}-error")).contains(message), "{id}: {}", page.text_of(&format!("{id}-error")));
    assert!(page.has(&format!("#action-{action} .field-invalid #{id}")), "{id}");
    assert_eq!(page.attr(".error-summary a", "href"), format!("#{id}"));
    assert_eq!(page.count("[aria-invalid]"), 1, "only the wrong field is marked");
}

async fn refused(staff: &Staff, id: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let response = staff.act(id, action, fields).await;
    assert_eq!(response.status(), 422, "{action}");
    Page::of(response).await
}

async fn each_action_s_error_is_tied_to_its_field_and_the_input_kept(app: TestApp) {
    let received = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    for action in ["refuse", "transfer_outside"] {
        let page = refused(&caseworker, &received.id, action, &[("reason", "  ")]).await;
        tied(&page, action, "reason", "此项必须填写");
    }
    // A transfer names its reason; the department chosen stays chosen.
    let page =
        refused(&caseworker, &received.id, "transfer", &[("target_department", "pension"), ("reason", "")]).await;
    tied(&page, "transfer", "reason", "此项必须填写");
    assert_eq!(page.attr("#transfer-target-department option[selected]", "value"), "pension");
    let page =
        refused(&caseworker, &received.id, "transfer", &[("target_department", "nowhere"), ("reason", "属地管理")])
            .await;
    tied(&page, "transfer", "target_department", "");
    assert_eq!(page.select_text("#transfer-reason"), "属地管理", "the reason is kept");

    // A supervisor's assignment names a caseworker of the department.
    assert_eq!(caseworker.accept(&received.id).await.status(), 303);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    let page = refused(&supervisor, &received.id, "assign", &[("assignee", "somebody-else")]).await;
    tied(&page, "assign", "assignee", "");

    assert_eq!(caseworker.start(&received.id).await.status(), 303);
    let page = refused(&caseworker, &received.id, "request_evidence", &[("reason", "")]).await;
    tied(&page, "request_evidence", "reason", "此项必须填写");
    let page =
        refused(&caseworker, &received.id, "request_extension", &[("extension_days", "45"), ("reason", "案情复杂")])
            .await;
    tied(&page, "request_extension", "extension_days", "30");
    assert_eq!(page.attr("#request_extension-extension-days", "value"), "45", "the days typed are kept");
    assert_eq!(page.select_text("#request_extension-reason"), "案情复杂");
    let page = refused(&caseworker, &received.id, "reply", &[("reply", " ")]).await;
    tied(&page, "reply", "reply", "此项必须填写");
    assert!(
        page.attr("#reply-reply", "aria-describedby").contains("reply-audience"),
        "still described by who reads it"
    );

    // Without an error nothing is marked.
    let page = caseworker.ticket_page(&received.id).await;
    assert_eq!(page.count("[aria-invalid]"), 0);
    assert!(!page.has(".error-summary"));
}

async fn the_complainant_section_is_called_so_in_both_languages(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let headings = caseworker.ticket_page(&ticket.id).await.select_texts("h2");
    assert!(headings.iter().any(|h| h == "投诉人"), "{headings:?}");
    caseworker.get("/lang/en?next=/staff").await;
    let headings = caseworker.ticket_page(&ticket.id).await.select_texts("h2");
    assert!(headings.iter().any(|h| h == "Complainant"), "{headings:?}");
    assert!(!headings.iter().any(|h| h == "About you"), "{headings:?}");
}
