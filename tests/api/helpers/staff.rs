//! A signed-in member of staff and what they do: work tickets, file for a
//! caller, administer the bureau. Every form carries the session's token,
//! and every ticket action the ticket's current version, read from the
//! database as the page would show it.

use super::browser::Browser;
use super::fixtures::Account;
use super::page::Page;
use hotline::store::Db;
use reqwest::Response;

#[derive(Clone)]
pub struct Staff {
    browser: Browser,
    db: Db,
    csrf: String,
}

/// A signed-in member of staff is still a browser: `staff.get(…)`.
impl std::ops::Deref for Staff {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

pub async fn version_of(db: &Db, id: &str) -> i64 {
    sqlx::query_scalar("SELECT version FROM tickets WHERE id = $1").bind(id).fetch_one(db.pool()).await.unwrap()
}

impl Staff {
    /// Signs in and reads the session's form token from the page signed in to.
    pub(super) async fn signed_in(browser: Browser, db: Db, account: Account) -> Staff {
        let token = browser.sign_in_token().await;
        let response = browser.sign_in(account.username, account.password, &token).await;
        assert_eq!(response.status(), 303, "{} signs in", account.username);
        let home = Page::of(browser.follow(response).await).await;
        Staff { csrf: home.hidden_field("csrf_token"), browser, db }
    }

    /// The same session sending forms with another token, as a forged form would.
    pub fn with_token(&self, token: &str) -> Staff {
        Staff { csrf: token.to_string(), ..self.clone() }
    }

    /// Posts a form with the session's token.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut form = vec![("csrf_token", self.csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_form(path, &form).await
    }

    /// Posts a form with files, the session's token first as the page has it.
    pub async fn submit_with_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Response {
        let mut form = vec![("csrf_token".to_string(), self.csrf.clone())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.post_multipart(path, &form, files).await
    }

    pub async fn ticket_page(&self, id: &str) -> Page {
        self.page(&format!("/staff/tickets/{id}")).await
    }

    /// Takes one action on a ticket, at its current version.
    pub async fn act(&self, id: &str, action: &str, fields: &[(&str, &str)]) -> Response {
        let version = version_of(&self.db, id).await;
        self.act_at_version(id, version, action, fields).await
    }

    /// Takes one action on a ticket as loaded at an earlier version, as
    /// confirmed on the confirmation page where the action has one.
    pub async fn act_at_version(&self, id: &str, version: i64, action: &str, fields: &[(&str, &str)]) -> Response {
        let version = version.to_string();
        let mut form = vec![("version", version.as_str()), ("confirmed", "yes")];
        form.extend_from_slice(fields);
        self.submit(&format!("/staff/tickets/{id}/actions/{action}"), &form).await
    }

    pub async fn accept(&self, id: &str) -> Response {
        self.act(id, "accept", &[]).await
    }

    /// Assigns the ticket to oneself.
    pub async fn claim(&self, id: &str) -> Response {
        self.act(id, "claim", &[]).await
    }

    pub async fn start(&self, id: &str) -> Response {
        self.act(id, "start", &[]).await
    }

    /// Accepts a ticket (which makes the member its holder) and starts work
    /// on it, each step going through.
    pub async fn take_on(&self, id: &str) {
        assert_eq!(self.accept(id).await.status(), 303, "accept");
        assert_eq!(self.start(id).await.status(), 303, "start");
    }

    pub async fn reply(&self, id: &str, text: &str) -> Response {
        self.act(id, "reply", &[("reply", text)]).await
    }

    pub async fn close(&self, id: &str) -> Response {
        self.act(id, "close", &[]).await
    }

    pub async fn transfer(&self, id: &str, department: &str, reason: &str) -> Response {
        self.act(id, "transfer", &[("target_department", department), ("reason", reason)]).await
    }

    pub async fn request_extension(&self, id: &str, days: &str, reason: &str) -> Response {
        self.act(id, "request_extension", &[("extension_days", days), ("reason", reason)]).await
    }

    /// A supervisor's "approve" or "reject".
    pub async fn decide_extension(&self, id: &str, decision: &str) -> Response {
        self.act(id, "decide_extension", &[("decision", decision)]).await
    }

    pub async fn request_evidence(&self, id: &str, reason: &str) -> Response {
        self.act(id, "request_evidence", &[("reason", reason)]).await
    }

    pub async fn evidence_received(&self, id: &str) -> Response {
        self.act(id, "evidence_received", &[]).await
    }

    /// An internal note, never shown to the citizen.
    pub async fn add_note(&self, id: &str, note: &str) -> Response {
        self.submit(&format!("/staff/tickets/{id}/notes"), &[("note", note)]).await
    }

    /// Shows the complainant's personal data in full.
    pub async fn reveal(&self, id: &str) -> Response {
        self.submit(&format!("/staff/tickets/{id}/reveal"), &[]).await
    }

    pub async fn sign_out(&self) -> Response {
        self.submit("/staff/logout", &[]).await
    }

    pub async fn change_password(&self, current: &str, new: &str, repeated: &str) -> Response {
        self.submit("/staff/password", &[("current", current), ("new", new), ("repeated", repeated)]).await
    }

    /// An agent's first step filing for a caller: the record to read back.
    pub async fn review_intake(&self, form: &[(String, String)]) -> Response {
        self.post_form("/staff/intake/review", &self.with_csrf(form)).await
    }

    /// Confirms the record read back, with the review page's key.
    pub async fn confirm_intake(&self, form: &[(String, String)], idempotency_key: &str) -> Response {
        let mut form = self.with_csrf(form);
        form.push(("idempotency_key".into(), idempotency_key.into()));
        form.push(("action".into(), "confirm".into()));
        self.post_form("/staff/intake/confirm", &form).await
    }

    /// Declares a day off ("holiday") or a make-up working day.
    pub async fn declare_day(&self, date: &str, kind: &str, name_zh: &str, name_en: &str) -> Response {
        self.submit("/admin/calendar", &[("date", date), ("kind", kind), ("name_zh", name_zh), ("name_en", name_en)])
            .await
    }

    /// Uploads a holiday notice file to the calendar page, as a browser
    /// sends a file input (multipart/form-data).
    pub async fn upload_calendar(&self, file_name: &str, content: &str) -> Response {
        let boundary = "----calendar-upload-boundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n",
            self.csrf
        );
        self.client
            .post(self.url("/admin/calendar/import"))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Confirms the import a preview page offers, with what it carries.
    pub async fn confirm_calendar_import(&self, preview: &Page) -> Response {
        let (file_name, content) = (preview.hidden_field("file_name"), preview.hidden_field("content"));
        self.submit("/admin/calendar/import/confirm", &[("file_name", &file_name), ("content", &content)]).await
    }

    /// Takes a declared day out of the calendar.
    pub async fn remove_day(&self, date: &str) -> Response {
        self.submit("/admin/calendar", &[("date", date), ("remove", "yes")]).await
    }

    pub async fn set_category_limits(&self, category: &str, limits: &[(&str, &str)]) -> Response {
        self.submit(&format!("/admin/categories/{category}"), limits).await
    }

    pub async fn create_department(&self, id: &str, name_zh: &str, name_en: &str) -> Response {
        let fields = [("id", id), ("kind", "section"), ("name_zh", name_zh), ("name_en", name_en), ("district", "")];
        self.submit("/admin/organisation/departments", &fields).await
    }

    pub async fn create_user(&self, fields: &[(&str, &str)]) -> Response {
        self.submit("/admin/users", fields).await
    }

    pub async fn deactivate_user(&self, user_id: &str) -> Response {
        self.submit(&format!("/admin/users/{user_id}/active"), &[("active", "no")]).await
    }

    pub async fn add_routing_rule(&self, fields: &[(&str, &str)]) -> Response {
        self.submit("/admin/routing", fields).await
    }

    /// "enable", "disable", "up" or "down".
    pub async fn change_routing_rule(&self, rule: i64, change: &str) -> Response {
        self.submit(&format!("/admin/routing/{rule}"), &[("change", change)]).await
    }

    fn with_csrf(&self, form: &[(String, String)]) -> Vec<(String, String)> {
        let mut form = form.to_vec();
        form.push(("csrf_token".into(), self.csrf.clone()));
        form
    }
}
