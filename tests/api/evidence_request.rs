//! A caseworker asks the citizen for evidence: the status page says, in a
//! box of its own, what to send, by which day the pause ends by itself, and
//! where and how to provide it (the bureau's address, office hours and
//! hotline, from its profile).

use crate::helpers::{complaint_with, Page, TestApp, CASEWORKER};

crate::on_both_backends!(
    the_status_page_says_what_to_send_by_when_and_how,
    an_inspection_under_investigation_is_not_said_to_be_paused,
);

const ASKED: &str = "请提供劳动合同和近三个月的工资条";

async fn the_status_page_says_what_to_send_by_when_and_how(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let before = Page::of(app.track(&ticket.no).await).await;
    assert!(!before.has("#evidence-request"), "nothing is asked yet");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    // Asked on Wednesday 2026-11-25: ten working days later is 12-09.
    assert_eq!(caseworker.request_evidence(&ticket.id, ASKED).await.status(), 303);

    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.text_of("state"), "待补充材料");
    assert_eq!(status.text_of("handling-clock"), "暂停计时");
    assert_eq!(status.text_of("evidence-title"), "需要您补充材料");
    assert_eq!(status.text_of("evidence-what"), ASKED);
    assert_eq!(status.text_of("evidence-until"), "2026-12-09（周三）");
    assert_eq!(
        status.text_of("evidence-note"),
        "收到材料前，办理时限暂停计时。届时仍未收到的，办理时限自动恢复计时，我们将根据现有材料办理。"
    );
    assert_eq!(
        status.text_of("evidence-way-in_person"),
        "示范市人民大道 100 号 社会保障服务大厅 · 工作日 9:00–12:00，13:30–17:00"
    );
    assert_eq!(status.text_of("evidence-way-phone"), format!("拨打 12333，并说明工单号 {}", ticket.no));
    // The box comes before the history, where the request is one row among many.
    let headings = status.select_texts("main h2");
    let at = |heading: &str| headings.iter().position(|h| h == heading).unwrap_or_else(|| panic!("{headings:?}"));
    assert!(at("需要您补充材料") < at("办理记录"), "{headings:?}");

    app.get("/lang/en?next=/").await;
    let english = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(english.text_of("evidence-title"), "We need more evidence from you");
    assert_eq!(english.text_of("evidence-what"), ASKED, "the caseworker's own words");
    assert_eq!(english.text_of("evidence-until"), "2026-12-09 (Wed)");
    assert_eq!(
        english.text_of("evidence-note"),
        "Until it arrives, this clock stops: Handling limit. If nothing has arrived by then, it runs again by itself \
         and we handle your complaint on what we have."
    );
    assert_eq!(
        english.text_of("evidence-way-in_person"),
        "Social Security Service Hall, 100 People's Avenue, Demo City · Working days 9:00–12:00 and 13:30–17:00"
    );
    assert_eq!(english.text_of("evidence-way-phone"), format!("Call 12333 and give your ticket number, {}", ticket.no));

    // Once the evidence is in, the box goes.
    assert_eq!(caseworker.evidence_received(&ticket.id).await.status(), 303);
    assert!(!Page::of(app.track(&ticket.no).await).await.has("#evidence-request"));
}

async fn an_inspection_under_investigation_is_not_said_to_be_paused(app: TestApp) {
    let filed = app.file_complaint(&complaint_with(&[("category", "labour_inspection")])).await;
    let no = filed.text_of("ticket-no");
    let id = app.ticket_id(&no).await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&id).await;
    assert_eq!(caseworker.request_evidence(&id, ASKED).await.status(), 303);

    let status = Page::of(app.track(&no).await).await;
    assert_eq!(status.text_of("evidence-what"), ASKED);
    assert_eq!(status.text_of("evidence-until"), "2026-12-09（周三）");
    assert_eq!(status.text_of("evidence-note"), "届时仍未收到的，我们将根据现有材料办理。");
    assert!(!status.contains("暂停计时"), "neither clock is stopped: the acceptance clock has finished");
    assert_ne!(status.text_of("decision-clock"), "暂停计时");
}
