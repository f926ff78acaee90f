//! The bureau's decisions are written notices: acceptance, refusal, an
//! approved extension and the reply each issue one, in the same transaction,
//! listed on the status page and the staff ticket page and downloaded as an
//! A4 PDF with the Chinese text in it. The citizen downloads after a look-up
//! with number and mobile; staff only for tickets they may work, each
//! download audited. A notice says what it said when it was issued.

use crate::helpers::{Page, Staff, TestApp, CASEWORKER, MOBILE, PENSION_CASEWORKER, SUPERVISOR};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};

crate::on_both_backends!(
    acceptance_and_reply_notices_download_as_pdf_for_citizen_and_staff,
    a_refusal_notice_gives_the_reason_and_where_to_turn,
    each_approved_extension_adds_a_notice_with_the_new_last_day,
    an_issued_notice_does_not_change_when_the_bureau_is_renamed,
    without_a_look_up_or_the_right_department_no_notice_is_given,
    the_api_lists_the_notices_and_serves_each_with_the_mobile,
);

/// The text `pdftotext` (poppler-utils) reads from a PDF.
pub fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("hotline-notice-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) is installed");
    std::fs::remove_file(&path).unwrap();
    assert!(output.status.success(), "pdftotext reads the file: {}", String::from_utf8_lossy(&output.stderr));
    // Lines are joined: a long paragraph is wrapped on the page.
    String::from_utf8(output.stdout).unwrap().replace('\n', "")
}

/// A citizen's download, as the status page's form sends it.
pub async fn citizen_download(app: &TestApp, no: &str, mobile: &str, sequence: i64) -> reqwest::Response {
    let sequence = sequence.to_string();
    app.post_form("/track/notice", &[("ticket_no", no), ("mobile", mobile), ("sequence", sequence.as_str())]).await
}

/// Checks the download is a PDF file to save and returns its text.
pub async fn pdf_of(response: reqwest::Response, file_name: &str) -> (Vec<u8>, String) {
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("cache-control"), "private, no-store");
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment; filename=\""), "{disposition}");
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(disposition.contains(&format!("filename*=UTF-8''{encoded}")), "{disposition} names {file_name}");
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let text = pdf_text(&bytes);
    (bytes, text)
}

async fn the_api_lists_the_notices_and_serves_each_with_the_mobile(app: TestApp) {
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 4, 2, 0, 0).unwrap());
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;

    let view: serde_json::Value = app.look_up(&ticket.no, MOBILE).await.json().await.unwrap();
    assert_eq!(
        view["notices"],
        serde_json::json!([{ "sequence": 1, "kind": "acceptance", "name": "受理告知", "issued_on": "2026-12-04" }])
    );
    let download = |mobile: &str, sequence: i64| {
        let path = format!("/api/v1/complaints/{}/notices/{sequence}", ticket.no);
        (path, serde_json::json!({ "mobile": mobile }))
    };
    let (path, body) = download(MOBILE, 1);
    let (_, text) = pdf_of(app.post_json(&path, &body).await, &format!("受理告知-{}.pdf", ticket.no)).await;
    assert!(text.contains(&ticket.no) && text.contains("2026年12月4日"), "{text}");
    let (path, body) = download("13900000000", 1);
    assert_eq!(app.post_json(&path, &body).await.status(), 404, "another mobile is no look-up");
    let (path, body) = download(MOBILE, 2);
    assert_eq!(app.post_json(&path, &body).await.status(), 404, "no second notice yet");
}

/// The notices the status page lists, by their names.
async fn listed_for_citizen(app: &TestApp, no: &str) -> Vec<String> {
    Page::of(app.track(no).await).await.select_texts("#written-notices .notice-name")
}

async fn listed_for_staff(staff: &Staff, id: &str) -> Vec<String> {
    staff.ticket_page(id).await.select_texts("#written-notices li a")
}

async fn downloads_audited(app: &TestApp, id: &str) -> i64 {
    app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'notice_downloaded' AND ticket_id = '{id}'"))
        .await
}

async fn acceptance_and_reply_notices_download_as_pdf_for_citizen_and_staff(app: TestApp) {
    // Friday 2026-12-04, then Monday 2026-12-07: dates in Chinese form.
    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 4, 2, 0, 0).unwrap());
    let ticket = app.file_a_ticket().await;
    assert!(listed_for_citizen(&app, &ticket.no).await.is_empty(), "nothing decided, nothing issued");

    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(listed_for_citizen(&app, &ticket.no).await, ["受理告知"]);
    assert_eq!(listed_for_staff(&caseworker, &ticket.id).await, ["受理告知"]);

    let file = format!("受理告知-{}.pdf", ticket.no);
    let (_, text) = pdf_of(citizen_download(&app, &ticket.no, MOBILE, 1).await, &file).await;
    for part in [ticket.no.as_str(), "投诉受理告知书", "李小梅", "上海某某科技有限公司", "2026年12月4日"]
    {
        assert!(text.contains(part), "{part} in {text}");
    }

    app.clock.set(Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap());
    assert_eq!(caseworker.reply(&ticket.id, "经核查，公司已为您补缴社会保险费。").await.status(), 303);
    assert_eq!(listed_for_citizen(&app, &ticket.no).await, ["受理告知", "处理意见"]);
    let status = Page::of(app.track(&ticket.no).await).await;
    assert!(status.has("#written-notices form[action='/track/notice'] button"), "downloaded by a form, no script");

    // The remedies' last days, as the bureau's calendar counts them.
    let remedies: serde_json::Value =
        app.get("/api/v1/calendar/remedies?decided_on=2026-12-07").await.json().await.unwrap();
    let chinese = |key: &str| {
        let day: NaiveDate = remedies[key].as_str().unwrap().parse().unwrap();
        format!("至{}年{}月{}日", day.year(), day.month(), day.day())
    };
    let file = format!("处理意见-{}.pdf", ticket.no);
    let (citizens, text) = pdf_of(citizen_download(&app, &ticket.no, MOBILE, 2).await, &file).await;
    for part in [
        ticket.no.as_str(),
        "投诉处理意见书",
        "经核查，公司已为您补缴社会保险费。",
        "2026年12月7日",
        &chinese("reconsideration_until"),
        &chinese("lawsuit_until"),
        "人民政府申请行政复议",
        "人民法院提起行政诉讼",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }

    // Staff download the same notice; the download is audited.
    assert_eq!(downloads_audited(&app, &ticket.id).await, 0, "the citizen's downloads are not staff's");
    let link = caseworker.ticket_page(&ticket.id).await.attrs("#written-notices li a", "href");
    assert_eq!(link[1], format!("/staff/tickets/{}/notices/2", ticket.id));
    let (staffs, _) = pdf_of(caseworker.get(&link[1]).await, &file).await;
    assert_eq!(staffs, citizens, "drawn from what was issued, the same bytes each time");
    assert_eq!(downloads_audited(&app, &ticket.id).await, 1);
    let history = caseworker.ticket_page(&ticket.id).await;
    assert!(history.contains("下载书面告知"), "the download is in the ticket's history for staff");

    // In English the page names the notices in English; the notice itself
    // is the bureau's Chinese document.
    app.get("/lang/en?next=/").await;
    assert_eq!(listed_for_citizen(&app, &ticket.no).await, ["Acceptance notice", "Reply (decision)"]);
}

async fn a_refusal_notice_gives_the_reason_and_where_to_turn(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let refused = caseworker.act(&ticket.id, "refuse", &[("reason", "该事项已进入劳动仲裁程序")]).await;
    assert_eq!(refused.status(), 303);
    assert_eq!(listed_for_citizen(&app, &ticket.no).await, ["不予受理告知"]);

    let file = format!("不予受理告知-{}.pdf", ticket.no);
    let (_, text) = pdf_of(citizen_download(&app, &ticket.no, MOBILE, 1).await, &file).await;
    for part in [
        ticket.no.as_str(),
        "投诉不予受理告知书",
        "不予受理的理由：该事项已进入劳动仲裁程序",
        "2026年11月25日",
        "12329",
        "12366",
        "12345",
        "信访",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

async fn each_approved_extension_adds_a_notice_with_the_new_last_day(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    assert_eq!(caseworker.request_extension(&ticket.id, "20", "需调取银行流水").await.status(), 303);
    let supervisor = app.sign_in_elsewhere(SUPERVISOR).await;
    assert_eq!(supervisor.decide_extension(&ticket.id, "approve").await.status(), 303);
    assert_eq!(listed_for_citizen(&app, &ticket.no).await, ["受理告知", "延期告知"]);
    let due: String = sqlx::query_scalar("SELECT decision_due_on FROM tickets WHERE id = $1")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let due: NaiveDate = due.parse().unwrap();
    let due = format!("{}年{}月{}日", due.year(), due.month(), due.day());

    let file = format!("延期告知-{}.pdf", ticket.no);
    let (_, text) = pdf_of(supervisor.get(&format!("/staff/tickets/{}/notices/2", ticket.id)).await, &file).await;
    for part in [ticket.no.as_str(), "投诉延期处理告知书", "需调取银行流水", "延长20", &format!("至{due}")]
    {
        assert!(text.contains(part), "{part} in {text}");
    }
    assert_eq!(downloads_audited(&app, &ticket.id).await, 1, "the supervisor's download is audited");
    let issued = app.count(&format!("SELECT COUNT(*) FROM notices WHERE ticket_id = '{}'", ticket.id)).await;
    assert_eq!(issued, 2, "acceptance and extension, nothing overwritten");
}

async fn an_issued_notice_does_not_change_when_the_bureau_is_renamed(app: TestApp) {
    let admin_profile = |name: &'static str| {
        [
            ("name_zh", name),
            ("name_en", "Test City Bureau"),
            ("address_zh", ""),
            ("address_en", ""),
            ("hours_zh", ""),
            ("hours_en", ""),
            ("hotlines", "12333"),
        ]
    };
    let admin = app.sign_in_as(crate::helpers::ADMIN).await;
    assert_eq!(admin.submit("/admin/profile", &admin_profile("甲市人力资源和社会保障局")).await.status(), 303);
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;
    let file = format!("受理告知-{}.pdf", ticket.no);
    let (before, text) = pdf_of(citizen_download(&app, &ticket.no, MOBILE, 1).await, &file).await;
    assert!(text.contains("甲市人力资源和社会保障局"), "{text}");

    assert_eq!(admin.submit("/admin/profile", &admin_profile("乙市人力资源和社会保障局")).await.status(), 303);
    let (after, text) = pdf_of(citizen_download(&app, &ticket.no, MOBILE, 1).await, &file).await;
    assert!(text.contains("甲市人力资源和社会保障局") && !text.contains("乙市"), "kept as issued: {text}");
    assert_eq!(before, after);

    // What is stored is sealed: neither the name nor the bureau is readable.
    let stored: String = sqlx::query_scalar("SELECT content FROM notices WHERE ticket_id = $1")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains("李小梅") && !stored.contains("甲市"), "{stored}");
}

async fn without_a_look_up_or_the_right_department_no_notice_is_given(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;

    // The wrong mobile, or no number at all: not found, no PDF.
    let wrong = citizen_download(&app, &ticket.no, "13900000000", 1).await;
    assert_eq!(wrong.status(), 404);
    assert!(!wrong.headers()["content-type"].to_str().unwrap().contains("pdf"));
    assert_eq!(citizen_download(&app, "", "", 1).await.status(), 422);
    // Another ticket's number with this mobile reaches that ticket only, and
    // a notice it does not have is not found.
    assert_eq!(citizen_download(&app, &ticket.no, MOBILE, 2).await.status(), 404);
    // No GET address serves a notice to the public.
    assert_eq!(app.get("/track/notice").await.status(), 405);

    // A caseworker of another department is refused, and the attempt is
    // recorded; nothing is downloaded.
    let pension = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    let refused = pension.get(&format!("/staff/tickets/{}/notices/1", ticket.id)).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(downloads_audited(&app, &ticket.id).await, 0);
    let attempts = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden_access' AND ticket_id = '{}'",
            ticket.id
        ))
        .await;
    assert_eq!(attempts, 1);
    // Signed out: to the sign-in page.
    let stranger = app.new_browser();
    let anonymous = stranger.get(&format!("/staff/tickets/{}/notices/1", ticket.id)).await;
    assert!(anonymous.status() == 303 || anonymous.status() == 401, "{}", anonymous.status());
}

/// An instance whose machine has no font for notices: everything else
/// works, the download is a clear 503 page, and `/readyz` says what to
/// install without taking the instance out of service.
mod without_a_font {
    use super::{citizen_download, TestApp, CASEWORKER, MOBILE};
    use crate::helpers::Page;

    crate::on_both_backends!(
        configure = |config: &mut hotline::config::Config| {
            config.notice_font = Some("/nonexistent/NotoSansCJK-Regular.ttc".into())
        };
        a_missing_font_is_a_clear_error_and_named_by_readiness,
    );

    async fn a_missing_font_is_a_clear_error_and_named_by_readiness(app: TestApp) {
        let ticket = app.file_a_ticket().await;
        let caseworker = app.sign_in_as(CASEWORKER).await;
        caseworker.take_on(&ticket.id).await;

        let download = citizen_download(&app, &ticket.no, MOBILE, 1).await;
        assert_eq!(download.status(), 503);
        assert!(download.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let page = Page::of(download).await;
        assert!(page.contains("缺少中文字体"), "the page says why");

        let body: serde_json::Value = app.get("/readyz").await.json().await.unwrap();
        assert_eq!(body["notice_font"]["ok"], false, "{body}");
        let failing = body["failing"].as_array().unwrap();
        assert!(!failing.iter().any(|f| f == "notice_font"), "readiness does not turn on it: {body}");
        let problem = body["notice_font"]["problem"].as_str().unwrap();
        assert!(problem.contains("/nonexistent/NotoSansCJK-Regular.ttc") && problem.contains("fonts-noto-cjk"));
    }
}
