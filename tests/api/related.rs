//! Related tickets: a caseworker opening a ticket sees the others against
//! the same employer, from the same complainant, and those telling the same
//! matter in the same district and category, each with its reason; the
//! queue marks tickets that share an employer or a complainant with another
//! open one. Tickets filed before the keys were kept get them from the
//! sweeper.

use crate::helpers::{complaint_with, TestApp, CASEWORKER};
use hotline::clock::Clock;
use hotline::domain::credit_code::credit_code_check_char;
use hotline::domain::resident_id::resident_id_check_char;
use hotline::jobs::sender::LogSender;
use hotline::jobs::sweeper::sweep_once;

crate::on_both_backends!(
    a_ticket_page_lists_related_tickets_with_their_reasons,
    tickets_filed_before_keys_were_kept_get_them_from_the_sweeper,
);

fn another_resident_id(first: &str) -> String {
    format!("{first}{}", resident_id_check_char(first).unwrap())
}

pub(crate) fn another_credit_code(first: &str) -> String {
    format!("{first}{}", credit_code_check_char(first).unwrap())
}

/// Someone else, complaining about something else, against someone else.
pub(crate) fn unrelated(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let id_number = another_resident_id("31010419900307241");
    let credit_code = another_credit_code("91310104MA1G8X2P7");
    let mut all: Vec<(&str, &str)> = vec![
        ("complainant.name", "王建国"),
        ("complainant.mobile", "13900001111"),
        ("complainant.id_number", &id_number),
        ("respondent.name", "上海远景物流有限公司"),
        ("respondent.credit_code", &credit_code),
        ("facts.cause", "离职时公司扣押我的工资押金"),
        ("facts.course", "我办理离职手续后多次索要押金均被拖延"),
        ("facts.result", "押金两千元至今未退还"),
        ("demand", "要求公司退还押金"),
    ];
    all.extend_from_slice(changes);
    complaint_with(&all)
}

pub(crate) async fn file(app: &TestApp, form: &[(String, String)]) -> String {
    let filed = app.file_complaint(form).await;
    app.ticket_id(&filed.text_of("ticket-no")).await
}

async fn a_ticket_page_lists_related_tickets_with_their_reasons(app: TestApp) {
    let first = app.file_a_ticket().await;
    // The same employer, its name typed with a space and another credit
    // code (a branch's, or one misread from a licence).
    let same_employer = file(&app, &unrelated(&[("respondent.name", "上海某某科技 有限公司")])).await;
    // The same complainant (mobile and ID number), about another employer.
    let same_person = file(
        &app,
        &unrelated(&[
            ("complainant.name", "李小梅"),
            ("complainant.mobile", "13812345678"),
            ("complainant.id_number", &crate::helpers::valid_resident_id()),
        ]),
    )
    .await;
    // Another worker telling the same matter in their own words.
    let similar = file(
        &app,
        &unrelated(&[
            ("facts.cause", "公司从8月开始没有为我缴纳社会保险"),
            ("facts.course", "我们多次向人事部门提出，对方称资金紧张拒绝补缴"),
            ("facts.result", "社保缴费记录已中断三个月"),
            ("demand", "要求责令公司依法补缴社会保险费"),
        ]),
    )
    .await;
    // The same words in another district are another matter.
    let elsewhere_id = another_resident_id("31010519921111002");
    let elsewhere = file(
        &app,
        &unrelated(&[
            ("complainant.mobile", "13900003333"),
            ("complainant.id_number", &elsewhere_id),
            ("district", "310105"),
            ("facts.cause", "公司从8月开始没有为我缴纳社会保险"),
            ("facts.course", "我们多次向人事部门提出，对方称资金紧张拒绝补缴"),
            ("facts.result", "社保缴费记录已中断三个月"),
            ("demand", "要求责令公司依法补缴社会保险费"),
        ]),
    )
    .await;
    // Nothing in common with the first: another person, another employer.
    let (stranger_id, stranger_code) =
        (another_resident_id("31010119880808123"), another_credit_code("91310101MA1H9Y3Q8"));
    let stranger = file(
        &app,
        &unrelated(&[
            ("complainant.mobile", "13900004444"),
            ("complainant.id_number", &stranger_id),
            ("respondent.name", "上海晨光餐饮管理有限公司"),
            ("respondent.credit_code", &stranger_code),
        ]),
    )
    .await;

    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&first.id).await;
    let reasons = |id: &str| page.select_texts(&format!("#related-{id} .badge"));
    assert_eq!(reasons(&same_employer), ["同一被投诉单位"]);
    assert_eq!(reasons(&same_person), ["同一投诉人"]);
    let similar_reason = reasons(&similar);
    assert_eq!(similar_reason.len(), 1, "{similar_reason:?}");
    assert!(similar_reason[0].starts_with("内容相似（") && similar_reason[0].ends_with("%）"), "{similar_reason:?}");
    for id in [&elsewhere, &stranger] {
        assert!(!page.has(&format!("#related-{id}")), "{id} is not related");
    }
    let listed = page.links("#related a");
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(page.select_text(&format!("#related-{same_employer}")).contains("未分派"), "its holder");

    // Relations go both ways: the stranger's page finds the tickets telling
    // its very words, not the first.
    let other = caseworker.ticket_page(&stranger).await;
    assert!(!other.has(&format!("#related-{}", first.id)));
    assert_eq!(other.select_texts(&format!("#related-{same_employer} .badge")), ["内容相似（100%）"]);

    // The queue marks a ticket sharing its employer or complainant with
    // another open one; a similar statement alone marks nothing.
    let queue = caseworker.page("/staff").await;
    assert!(queue.has(&format!("#related-{}", first.id)));
    assert!(queue.has(&format!("a[href='/staff/tickets/{stranger}']")) && !queue.has(&format!("#related-{stranger}")));

    // Closed, the employer's other ticket is still listed on the first's
    // page, as history.
    caseworker.take_on(&same_employer).await;
    assert_eq!(caseworker.reply(&same_employer, "已责令公司改正").await.status(), 303);
    assert_eq!(caseworker.close(&same_employer).await.status(), 303);
    assert_eq!(app.state_of(&same_employer).await, "closed");
    let page = caseworker.ticket_page(&first.id).await;
    assert!(page.has(&format!("#related-{same_employer}")), "a closed ticket is still related");
}

async fn tickets_filed_before_keys_were_kept_get_them_from_the_sweeper(app: TestApp) {
    let first = app.file_a_ticket().await;
    let second = app.file_a_ticket().await;
    let keys = |id: String| {
        let db = app.db.clone();
        async move {
            let row: (Option<String>, Option<String>) =
                sqlx::query_as("SELECT respondent_key, complainant_id_hash FROM tickets WHERE id = $1")
                    .bind(&id)
                    .fetch_one(db.pool())
                    .await
                    .unwrap();
            row
        }
    };
    let as_filed = keys(first.id.clone()).await;
    assert_eq!(as_filed.0.as_deref(), Some("上海某某科技有限公司"));
    assert!(as_filed.1.as_ref().is_some_and(|hash| hash.len() == 64));
    // As an upgraded database has them: no keys.
    sqlx::query("UPDATE tickets SET respondent_key = NULL, complainant_id_hash = NULL")
        .execute(app.db.pool())
        .await
        .unwrap();
    let report = sweep_once(&app.db, app.clock.now(), 2, &LogSender).await.unwrap();
    assert_eq!(report.keyed, 2);
    assert_eq!(keys(first.id.clone()).await, as_filed);
    assert_eq!(keys(second.id.clone()).await, as_filed, "the same employer and complainant, the same keys");
    let again = sweep_once(&app.db, app.clock.now(), 2, &LogSender).await.unwrap();
    assert_eq!(again.keyed, 0, "nothing left to do");
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&first.id).await;
    assert_eq!(page.select_texts(&format!("#related-{} .badge", second.id))[..2], ["同一被投诉单位", "同一投诉人"]);
}
