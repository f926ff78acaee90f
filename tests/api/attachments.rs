//! Evidence on tickets: a citizen files with photos and a PDF (the form,
//! with JavaScript off: multipart), answers a request for evidence with a
//! pay slip, and downloads what the bureau may show them; caseworkers see
//! and download every file (each download audited), attach documents to a
//! reply and to internal notes, and delete a file only with a reason. Types
//! are told by content, photos lose their metadata, files are sealed at rest,
//! and a refused file is said beside the field with everything typed kept.

use crate::helpers::{
    complaint_form, complaint_json, FiledTicket, Page, TestApp, CASEWORKER, MOBILE, PENSION_CASEWORKER,
};
use hotline::clock::Clock;

crate::on_both_backends!(
    a_citizen_files_with_two_photos_and_a_pdf_and_staff_download_them_audited,
    a_refused_file_is_told_beside_the_field_and_nothing_typed_or_sent_is_lost,
    the_citizen_answers_a_request_for_evidence_with_a_pay_slip_and_the_clock_runs_again,
    a_reply_carries_its_documents_and_a_note_keeps_its_own_inside,
    deleting_a_file_takes_a_reason_and_removes_its_bytes_after_the_commit,
    files_nobody_claimed_are_removed_after_a_day,
    the_api_takes_files_first_and_the_complaint_names_them,
    an_agent_files_a_caller_s_letter_with_its_scan,
);

/// A marker segment of a JPEG: marker, big-endian length, body.
fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend_from_slice(&[0xff, marker]);
    out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(body);
}

const GPS: &[u8] = b"GPS 31.2304N 121.4737E";

/// A phone's photo: JFIF, then EXIF naming where it was taken, then the
/// image. Returns the photo and what it is without its metadata.
fn photo_with_position() -> (Vec<u8>, Vec<u8>) {
    let mut head = vec![0xff, 0xd8];
    segment(&mut head, 0xe0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let mut image = Vec::new();
    segment(&mut image, 0xdb, &[0u8; 65]);
    segment(&mut image, 0xc0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
    segment(&mut image, 0xda, &[1, 1, 0, 0, 63, 0]);
    image.extend_from_slice(&[0x12, 0x34, 0x56, 0x78, 0xff, 0xd9]);
    let mut exif = Vec::new();
    segment(&mut exif, 0xe1, &[b"Exif\0\0MM\0*".as_slice(), GPS, b" camera SN-0042"].concat());
    let photo = [head.as_slice(), &exif, &image].concat();
    let clean = [head.as_slice(), &image].concat();
    (photo, clean)
}

/// A PNG screenshot with a text chunk naming where it was made.
fn screenshot() -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        [&u32::try_from(data.len()).unwrap().to_be_bytes()[..], kind, data, &[0, 0, 0, 0]].concat()
    };
    [
        &b"\x89PNG\r\n\x1a\n"[..],
        &chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]),
        &chunk(b"tEXt", &[b"Comment\0".as_slice(), GPS].concat()),
        &chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]),
        &chunk(b"IEND", &[]),
    ]
    .concat()
}

fn pay_slip_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Title (pay slip October) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// The review page's record of the staged files, and the confirmation that
/// files the complaint with them.
async fn confirm_reviewed(app: &TestApp, form: &[(String, String)], review: &Page) -> FiledTicket {
    let mut answer = form.to_vec();
    answer
        .extend(review.attrs("input[name=attachment_id]", "value").into_iter().map(|id| ("attachment_id".into(), id)));
    answer.push(("idempotency_key".into(), review.hidden_field("idempotency_key")));
    answer.push(("action".into(), "confirm".into()));
    let filed = Page::of(app.follow(app.post_form("/complaints/confirm", &answer).await).await).await;
    let no = filed.text_of("ticket-no");
    FiledTicket { id: app.ticket_id(&no).await, no }
}

/// Files the standard complaint with `files` through the pages.
async fn file_with(app: &TestApp, files: &[(&str, &str, Vec<u8>)]) -> FiledTicket {
    let form = complaint_form();
    let review = app.post_multipart("/complaints/review", &form, files).await;
    assert_eq!(review.status(), 200);
    let review = Page::of(review).await;
    confirm_reviewed(app, &form, &review).await
}

async fn file_ids(app: &TestApp, ticket_id: &str) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT id, origin, file_type FROM attachments WHERE ticket_id = $1 ORDER BY uploaded_at, position, id",
    )
    .bind(ticket_id)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

/// The bytes kept for a file, as they lie in the store.
fn stored_bytes(app: &TestApp, id: &str) -> Vec<u8> {
    let hotline::store::file_store::FileStoreSetting::Directory(dir) = &app.attachments else {
        panic!("these stories keep files in a directory")
    };
    std::fs::read(dir.join(id)).unwrap_or_default()
}

/// A citizen's download, as the status page's form sends it.
async fn citizen_download(app: &TestApp, no: &str, id: &str) -> reqwest::Response {
    app.post_form("/track/attachment", &[("ticket_no", no), ("mobile", MOBILE), ("id", id)]).await
}

async fn a_citizen_files_with_two_photos_and_a_pdf_and_staff_download_them_audited(app: TestApp) {
    let (photo, clean_photo) = photo_with_position();
    let files = [
        ("attachment", "IMG_2041.JPG", photo.clone()),
        ("attachment", "屏幕截图 工资.png", screenshot()),
        ("attachment", "工资条-10月.pdf", pay_slip_pdf()),
    ];
    let form = complaint_form();
    let review = Page::of(app.post_multipart("/complaints/review", &form, &files).await).await;
    // The record read back before confirming lists them.
    for name in ["IMG_2041.jpg", "屏幕截图 工资.png", "工资条-10月.pdf"] {
        assert!(review.contains(name), "the review lists {name}");
    }
    let ticket = confirm_reviewed(&app, &form, &review).await;
    let stored = file_ids(&app, &ticket.id).await;
    assert_eq!(stored.len(), 3);
    assert!(stored.iter().all(|(_, origin, _)| origin == "filing"));
    let types: Vec<&str> = stored.iter().map(|(_, _, kind)| kind.as_str()).collect();
    assert_eq!(types, ["jpeg", "png", "pdf"]);
    // Sealed at rest: neither the position nor the PDF's words lie in the store.
    for (id, _, _) in &stored {
        let bytes = stored_bytes(&app, id);
        assert!(bytes.len() > 16, "kept");
        assert!(!bytes.windows(GPS.len()).any(|w| w == GPS), "sealed");
        assert!(!bytes.windows(8).any(|w| w == b"pay slip"), "sealed");
    }
    let history = "SELECT COUNT(*) FROM audit_log WHERE action = 'attachments_added' AND public = 1 AND ticket_id = ";
    assert_eq!(app.count(&format!("{history}'{}'", ticket.id)).await, 1);

    // The caseworker of labour inspection sees them and downloads the photo:
    // without its position, named as sent, never cached.
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let page = caseworker.ticket_page(&ticket.id).await;
    assert_eq!(page.count("#files tbody tr"), 3);
    let (photo_id, _, _) = &stored[0];
    let response = caseworker.get(&format!("/staff/tickets/{}/attachments/{photo_id}", ticket.id)).await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), "image/jpeg");
    assert_eq!(header("cache-control"), "private, no-store");
    assert!(
        header("content-disposition").contains("filename*=UTF-8''IMG_2041.jpg"),
        "{}",
        header("content-disposition")
    );
    let downloaded = response.bytes().await.unwrap();
    assert_eq!(downloaded.as_ref(), clean_photo.as_slice(), "the photo without its EXIF, every pixel kept");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_downloaded' AND ticket_id = '{}' AND detail = '{photo_id}'",
            ticket.id
        ))
        .await,
        1
    );
    // The screenshot lost its text chunk; the PDF is as sent.
    let (png_id, _, _) = &stored[1];
    let png =
        caseworker.get(&format!("/staff/tickets/{}/attachments/{png_id}", ticket.id)).await.bytes().await.unwrap();
    assert!(png.starts_with(b"\x89PNG") && !png.windows(GPS.len()).any(|w| w == GPS));
    assert!(png.windows(4).any(|w| w == b"IDAT"));

    // Another department's caseworker gets nothing, and the attempt is recorded.
    let pension = app.sign_in_elsewhere(PENSION_CASEWORKER).await;
    let refused = pension.get(&format!("/staff/tickets/{}/attachments/{photo_id}", ticket.id)).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden_access' AND ticket_id = '{}'",
            ticket.id
        ))
        .await,
        1
    );

    // The citizen, after a look-up, lists and downloads them.
    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.count("#files li"), 3);
    let (pdf_id, _, _) = &stored[2];
    let pdf = citizen_download(&app, &ticket.no, pdf_id).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), pay_slip_pdf().as_slice());
    // With a wrong mobile, or another ticket's file, nothing.
    let wrong = app
        .post_form("/track/attachment", &[("ticket_no", ticket.no.as_str()), ("mobile", "13900000000"), ("id", pdf_id)])
        .await;
    assert_eq!(wrong.status(), 404);
    let other = app.file_a_ticket().await;
    assert_eq!(citizen_download(&app, &other.no, pdf_id).await.status(), 404);
}

async fn a_refused_file_is_told_beside_the_field_and_nothing_typed_or_sent_is_lost(app: TestApp) {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    let renamed = b"MZ\x90\0 not a photo at all".to_vec();
    let form = complaint_form();
    let files = [
        ("attachment", "IMG_0001.HEIC", heic),
        ("attachment", "合同.png", screenshot()),
        ("attachment", "evil.jpg", renamed),
    ];
    let response = app.post_multipart("/complaints/review", &form, &files).await;
    assert_eq!(response.status(), 422);
    let page = Page::of(response).await;
    let errors = page.select_text("#attachment-input-error");
    assert!(errors.contains("IMG_0001.HEIC") && errors.contains("HEIC"), "{errors}");
    assert!(errors.contains("evil.jpg"), "{errors}");
    assert!(page.select_text(".error-summary").contains("IMG_0001.HEIC"), "the summary names it too");
    // Everything typed is still there, and the PNG that was taken too.
    let (name_field, name) = form.iter().find(|(k, _)| k == "complainant.name").unwrap();
    assert_eq!(&page.field_value(name_field), name);
    let kept = page.attrs("input[name=attachment_id]", "value");
    assert_eq!(kept.len(), 1);
    assert!(page.contains("合同.png"));
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 1, "only the PNG was kept");

    // Sent again without choosing it again, it reaches the review.
    let mut again = form.clone();
    again.extend(kept.iter().map(|id| ("attachment_id".to_string(), id.clone())));
    let review = Page::of(app.post_multipart("/complaints/review", &again, &[]).await).await;
    assert!(review.contains("合同.png"));
    let ticket = confirm_reviewed(&app, &form, &review).await;
    assert_eq!(file_ids(&app, &ticket.id).await.len(), 1);

    // A photo cut short before its image data: refused as damaged.
    let (photo, _) = photo_with_position();
    let cut = photo[..photo.len() / 2].to_vec();
    let response = app.post_multipart("/complaints/review", &form, &[("attachment", "cut.jpg", cut)]).await;
    assert_eq!(response.status(), 422);
    assert!(Page::of(response).await.select_text("#attachment-input-error").contains("cut.jpg"));
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 1);
    let hotline::store::file_store::FileStoreSetting::Directory(dir) = &app.attachments else { unreachable!() };
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1, "nothing of a refused file is left in the store");

    // Over 10 MB: refused, beside the field, without being kept.
    let big = b"%PDF-1.4\n".iter().copied().chain(std::iter::repeat_n(b' ', 10 * 1024 * 1024)).collect();
    let response = app.post_multipart("/complaints/review", &form, &[("attachment", "huge.pdf", big)]).await;
    assert_eq!(response.status(), 422);
    let errors = Page::of(response).await.select_text("#attachment-input-error");
    assert!(errors.contains("huge.pdf") && errors.contains("10 MB"), "{errors}");
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 1);
    // Eleven files: the eleventh is refused.
    let many: Vec<(&str, &str, Vec<u8>)> = (0..11).map(|_| ("attachment", "p.pdf", pay_slip_pdf())).collect();
    let response = app.post_multipart("/complaints/review", &form, &many).await;
    assert_eq!(response.status(), 422);
    assert_eq!(Page::of(response).await.attrs("input[name=attachment_id]", "value").len(), 10);
}

async fn the_citizen_answers_a_request_for_evidence_with_a_pay_slip_and_the_clock_runs_again(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    assert_eq!(caseworker.accept(&ticket.id).await.status(), 303);
    assert_eq!(caseworker.request_evidence(&ticket.id, "请提供 10 月工资条").await.status(), 303);
    assert_eq!(app.state_of(&ticket.id).await, "awaiting_citizen");
    let status = Page::of(app.track(&ticket.no).await).await;
    assert!(status.has("#evidence-form"), "the status page offers to send it");

    // Without a file: said beside the field, the code kept.
    let code = app.code_for(&ticket.no).await;
    let fields = |code: &str| -> Vec<(String, String)> {
        [("ticket_no", ticket.no.as_str()), ("mobile", MOBILE), ("code", code)]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let empty = app.post_multipart("/track/evidence", &fields(&code), &[]).await;
    assert_eq!(empty.status(), 422);
    let page = Page::of(empty).await;
    assert!(!page.select_text("#attachment-input-error").is_empty());
    assert_eq!(app.state_of(&ticket.id).await, "awaiting_citizen");

    // With the pay slip: the clock runs again, the holder is told.
    let sent =
        app.post_multipart("/track/evidence", &fields(&code), &[("attachment", "工资条.pdf", pay_slip_pdf())]).await;
    assert_eq!(sent.status(), 200);
    let page = Page::of(sent).await;
    assert!(page.has("#message"));
    assert_eq!(app.state_of(&ticket.id).await, "in_progress");
    let stored = file_ids(&app, &ticket.id).await;
    assert_eq!(stored.iter().map(|(_, origin, _)| origin.as_str()).collect::<Vec<_>>(), ["evidence"]);
    let resumed: Option<String> = sqlx::query_scalar("SELECT evidence_resumed_on FROM tickets WHERE id = $1")
        .bind(&ticket.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(resumed.as_deref(), Some("2026-11-25"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'evidence_received' AND ticket_id = '{}'",
            ticket.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_received' AND actor_kind = 'citizen' AND ticket_id = '{}'",
            ticket.id
        ))
        .await,
        1
    );
    // Nothing is awaited any more: the form is gone, a second answer refused.
    assert!(!page.has("#evidence-form"));
    let code = app.code_for(&ticket.no).await;
    let late = app.post_multipart("/track/evidence", &fields(&code), &[("attachment", "b.pdf", pay_slip_pdf())]).await;
    assert_eq!(late.status(), 409);

    // No file is taken for a ticket the form cannot name.
    let before = app.count("SELECT COUNT(*) FROM attachments").await;
    let mut wrong = fields("000000");
    wrong[1].1 = "13900000000".into();
    let refused = app.post_multipart("/track/evidence", &wrong, &[("attachment", "c.pdf", pay_slip_pdf())]).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, before);
}

async fn a_reply_carries_its_documents_and_a_note_keeps_its_own_inside(app: TestApp) {
    let ticket = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&ticket.id).await;

    // An internal note with a scan: staff see it, the citizen never does.
    let note = caseworker
        .submit_with_files(
            &format!("/staff/tickets/{}/notes", ticket.id),
            &[("note", "单位提供的考勤记录")],
            &[("attachment", "考勤.pdf", pay_slip_pdf())],
        )
        .await;
    assert_eq!(note.status(), 303);
    let internal: (String, i64) =
        sqlx::query_as("SELECT id, internal FROM attachments WHERE ticket_id = $1 AND origin = 'note'")
            .bind(&ticket.id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(internal.1, 1);
    assert_eq!(citizen_download(&app, &ticket.no, &internal.0).await.status(), 404);
    // A note's file from a form another site sent is not taken.
    let forged = caseworker
        .with_token("forged")
        .submit_with_files(
            &format!("/staff/tickets/{}/notes", ticket.id),
            &[("note", "x")],
            &[("attachment", "x.pdf", pay_slip_pdf())],
        )
        .await;
    assert_eq!(forged.status(), 403);

    // The reply's document goes through the confirmation page with it.
    let version = app.version_of(&ticket.id).await.to_string();
    let first = caseworker
        .submit_with_files(
            &format!("/staff/tickets/{}/actions/reply", ticket.id),
            &[("version", &version), ("reply", "经核查，单位已补缴社保。")],
            &[("attachment", "补缴凭证.pdf", pay_slip_pdf())],
        )
        .await;
    assert_eq!(first.status(), 200);
    let confirm = Page::of(first).await;
    assert!(confirm.select_text("#confirm-files").contains("补缴凭证.pdf"));
    let mut answer: Vec<(String, String)> = ["csrf_token", "version", "reason", "reply"]
        .iter()
        .map(|name| (name.to_string(), confirm.hidden_field(name)))
        .collect();
    answer
        .extend(confirm.attrs("input[name=attachment_id]", "value").into_iter().map(|id| ("attachment_id".into(), id)));
    answer.push(("confirmed".into(), "yes".into()));
    let done = caseworker.post_form(&format!("/staff/tickets/{}/actions/reply", ticket.id), &answer).await;
    assert_eq!(done.status(), 303);
    assert_eq!(app.state_of(&ticket.id).await, "replied");
    let status = Page::of(app.track(&ticket.no).await).await;
    assert_eq!(status.count("#files li"), 1, "the reply's document, not the note's");
    assert!(status.select_text("#files").contains("补缴凭证.pdf"));
}

async fn deleting_a_file_takes_a_reason_and_removes_its_bytes_after_the_commit(app: TestApp) {
    let ticket = file_with(&app, &[("attachment", "误传.png", screenshot())]).await;
    let (id, _, _) = file_ids(&app, &ticket.id).await.remove(0);
    assert!(!stored_bytes(&app, &id).is_empty());
    let caseworker = app.sign_in_as(CASEWORKER).await;
    let path = format!("/staff/tickets/{}/attachments/{id}/delete", ticket.id);
    let without = caseworker.submit(&path, &[("reason", " ")]).await;
    assert_eq!(without.status(), 422);
    assert!(!stored_bytes(&app, &id).is_empty(), "nothing deleted without a reason");

    let deleted = caseworker.submit(&path, &[("reason", "投诉人误传了无关照片")]).await;
    assert_eq!(deleted.status(), 303);
    assert!(stored_bytes(&app, &id).is_empty(), "the bytes are gone");
    let (reason, by): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT deletion_reason, deleted_by FROM attachments WHERE id = $1")
            .bind(&id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(reason.as_deref(), Some("投诉人误传了无关照片"));
    assert!(by.is_some());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'attachment_deleted' AND ticket_id = '{}'",
            ticket.id
        ))
        .await,
        1
    );
    // Staff still see that it was, and why; nobody downloads it.
    let page = caseworker.ticket_page(&ticket.id).await;
    assert!(page.select_text("#files").contains("投诉人误传了无关照片"));
    assert_eq!(caseworker.get(&format!("/staff/tickets/{}/attachments/{id}", ticket.id)).await.status(), 404);
    assert_eq!(citizen_download(&app, &ticket.no, &id).await.status(), 404);
    assert_eq!(Page::of(app.track(&ticket.no).await).await.count("#files li"), 0);
}

async fn files_nobody_claimed_are_removed_after_a_day(app: TestApp) {
    // A form reviewed with a file and never confirmed.
    let review =
        app.post_multipart("/complaints/review", &complaint_form(), &[("attachment", "a.pdf", pay_slip_pdf())]).await;
    let id = Page::of(review).await.attrs("input[name=attachment_id]", "value").remove(0);
    let state = app.db.clone();
    let files = hotline::store::file_store::FileStore::open(&app.attachments).unwrap();
    let purge = |hours: i64| {
        let (db, files) = (state.clone(), files.clone());
        let at = app.clock.now() + chrono::Duration::hours(hours);
        async move { hotline::services::attachments::purge_unclaimed(&db, &files, at, 100).await.unwrap() }
    };
    assert_eq!(purge(23).await, 0, "kept while the citizen may still confirm");
    assert_eq!(purge(25).await, 1);
    assert!(stored_bytes(&app, &id).is_empty());
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);
}

async fn the_api_takes_files_first_and_the_complaint_names_them(app: TestApp) {
    let (photo, clean_photo) = photo_with_position();
    let upload = app
        .post_multipart(
            "/api/v1/attachments",
            &[],
            &[("attachment", "现场照片.jpg", photo), ("attachment", "工资条.pdf", pay_slip_pdf())],
        )
        .await;
    assert_eq!(upload.status(), 201);
    let uploaded: serde_json::Value = upload.json().await.unwrap();
    let files = uploaded["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["type"], "jpeg");
    assert_eq!(files[0]["size"], clean_photo.len(), "kept without its metadata");
    let ids: Vec<String> = files.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();

    // A refused file is named with why; nothing is kept for it.
    let refused = app
        .post_multipart(
            "/api/v1/attachments",
            &[],
            &[("attachment", "IMG.HEIC", b"\0\0\0\x18ftypheic\0\0\0\0".to_vec())],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let refused: serde_json::Value = refused.json().await.unwrap();
    assert!(refused["refused"][0]["message"].as_str().unwrap().contains("HEIC"));
    assert_eq!(app.post_json("/api/v1/attachments", &serde_json::json!({})).await.status(), 400);

    // The complaint names them; the look-up lists them; each downloads with the mobile.
    let mut complaint = complaint_json();
    complaint["attachments"] = serde_json::json!(ids);
    let filed = app.post_json("/api/v1/complaints", &complaint).await;
    assert_eq!(filed.status(), 201);
    let no = filed.json::<serde_json::Value>().await.unwrap()["ticket_no"].as_str().unwrap().to_string();
    let ticket_id = app.ticket_id(&no).await;
    assert_eq!(file_ids(&app, &ticket_id).await.len(), 2);
    let view: serde_json::Value = app.look_up(&no, MOBILE).await.json().await.unwrap();
    let listed = view["attachments"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1]["name"], "工资条.pdf");
    assert_eq!(listed[1]["origin"], "filing");
    let path = format!("/api/v1/complaints/{no}/attachments/{}", ids[0]);
    let download = app.post_json(&path, &serde_json::json!({ "mobile": MOBILE })).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "image/jpeg");
    assert_eq!(download.bytes().await.unwrap().as_ref(), clean_photo.as_slice());
    assert_eq!(app.post_json(&path, &serde_json::json!({ "mobile": "13900000000" })).await.status(), 404);
}

async fn an_agent_files_a_caller_s_letter_with_its_scan(app: TestApp) {
    let agent = app.sign_in_as(crate::helpers::AGENT).await;
    let form = crate::helpers::complaint_with(&[("channel", "letter"), ("received_on", "2026-11-20")]);
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Without the form's token first, no file is taken.
    let forged = agent
        .with_token("forged")
        .submit_with_files("/staff/intake/review", &fields, &[("attachment", "来信.pdf", pay_slip_pdf())])
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 0);

    let review =
        agent.submit_with_files("/staff/intake/review", &fields, &[("attachment", "来信.pdf", pay_slip_pdf())]).await;
    assert_eq!(review.status(), 200);
    let review = Page::of(review).await;
    assert!(review.contains("来信.pdf"));
    let mut answer = form.clone();
    answer
        .extend(review.attrs("input[name=attachment_id]", "value").into_iter().map(|id| ("attachment_id".into(), id)));
    let filed = agent.confirm_intake(&answer, &review.hidden_field("idempotency_key")).await;
    assert_eq!(filed.status(), 303);
    let no = Page::of(agent.follow(filed).await).await.text_of("ticket-no");
    let stored = file_ids(&app, &app.ticket_id(&no).await).await;
    assert_eq!(stored.iter().map(|(_, origin, _)| origin.as_str()).collect::<Vec<_>>(), ["intake"]);
}
