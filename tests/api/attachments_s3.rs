//! Several instances share their files through an S3-compatible bucket:
//! one receives a citizen's photo, another serves it to a caseworker and
//! deletes it. The bucket is a local S3 server (`moto`, from PyPI, in
//! server mode) started by the story on a port of its own.

use crate::helpers::{complaint_form, spawn_app_with, Backend, Page, CASEWORKER};
use hotline::store::file_store::FileStoreSetting;
use std::process::{Child, Command, Stdio};

/// A local S3 server, stopped when the story ends.
struct LocalS3 {
    child: Child,
    endpoint: String,
}

impl Drop for LocalS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `moto_server` on a free port, or None where it is not installed
/// (outside CI, which installs it).
async fn local_s3() -> Option<LocalS3> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = match Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but moto_server cannot be started: {e}"
            );
            eprintln!("moto_server not installed: the S3 story is skipped");
            return None;
        }
    };
    let s3 = LocalS3 { child, endpoint: format!("http://127.0.0.1:{port}") };
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if client.get(&s3.endpoint).send().await.is_ok() {
            return Some(s3);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start on port {port}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_files_through_an_s3_bucket_on_sqlite() {
    two_instances_share_files_through_an_s3_bucket(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_files_through_an_s3_bucket_on_postgres() {
    two_instances_share_files_through_an_s3_bucket(Backend::Postgres).await;
}

async fn two_instances_share_files_through_an_s3_bucket(backend: Backend) {
    let Some(s3) = local_s3().await else { return };
    let http = reqwest::Client::new();
    let bucket = format!("{}/hotline-files", s3.endpoint);
    assert!(http.put(&bucket).send().await.unwrap().status().is_success(), "the bucket is made");
    let setting = FileStoreSetting::S3 {
        url: "s3://hotline-files/bureau".into(),
        options: [
            ("aws_endpoint", s3.endpoint.as_str()),
            ("aws_access_key_id", "test"),
            ("aws_secret_access_key", "test"),
            ("aws_region", "us-east-1"),
            ("aws_allow_http", "true"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .to_vec(),
    };
    let Some(first) = spawn_app_with(backend, |config| config.attachments = setting.clone()).await else {
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped");
        return;
    };
    let second = first.another_instance().await;

    // The citizen files on the first instance.
    let pdf = b"%PDF-1.4\n1 0 obj << /Title (labour contract) >> endobj\n%%EOF\n".to_vec();
    let form = complaint_form();
    let review = Page::of(
        first.post_multipart("/complaints/review", &form, &[("attachment", "劳动合同.pdf", pdf.clone())]).await,
    )
    .await;
    let ids = review.attrs("input[name=attachment_id]", "value");
    assert_eq!(ids.len(), 1);
    let mut answer = form.clone();
    answer.push(("attachment_id".into(), ids[0].clone()));
    answer.push(("idempotency_key".into(), review.hidden_field("idempotency_key")));
    answer.push(("action".into(), "confirm".into()));
    let filed = Page::of(first.follow(first.post_form("/complaints/confirm", &answer).await).await).await;
    let ticket_id = first.ticket_id(&filed.text_of("ticket-no")).await;

    // In the bucket, under the instance's prefix, sealed.
    let object = format!("{bucket}/bureau/{}", ids[0]);
    let stored = http.get(&object).send().await.unwrap();
    assert_eq!(stored.status(), 200, "kept in the bucket");
    let stored = stored.bytes().await.unwrap();
    assert!(!stored.windows(15).any(|w| w == b"labour contract"), "sealed");

    // The second instance serves it to the caseworker, and deletes it.
    let caseworker = second.sign_in_as(CASEWORKER).await;
    let download = caseworker.get(&format!("/staff/tickets/{ticket_id}/attachments/{}", ids[0])).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let deleted = caseworker
        .submit(&format!("/staff/tickets/{ticket_id}/attachments/{}/delete", ids[0]), &[("reason", "重复上传")])
        .await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(http.get(&object).send().await.unwrap().status(), 404, "removed from the bucket");
}
