//! A visitor's browser: a client with its own cookies that does not follow
//! redirects, and what a citizen does with it.

use super::fixtures::MOBILE;
use super::page::Page;
use serde::Serialize;

#[derive(Clone)]
pub struct Browser {
    pub client: reqwest::Client,
    address: String,
}

impl Browser {
    pub fn new(address: &str) -> Browser {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { client, address: address.to_string() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    /// The page at this address, whatever its status.
    pub async fn page(&self, path: &str) -> Page {
        Page::of(self.get(path).await).await
    }

    pub async fn post_form(&self, path: &str, form: &(impl Serialize + ?Sized)) -> reqwest::Response {
        self.client.post(self.url(path)).form(form).send().await.expect("request sent")
    }

    /// Posts a form as a browser does when it carries files
    /// (`multipart/form-data`): the fields in order, then each file as
    /// (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(String, String)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.clone(), value.clone());
        }
        for (field, file_name, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string());
            form = form.part(field.to_string(), part);
        }
        self.client.post(self.url(path)).multipart(form).send().await.expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("request sent")
    }

    /// Follows a 303 to where it points.
    pub async fn follow(&self, redirect: reqwest::Response) -> reqwest::Response {
        assert_eq!(redirect.status(), 303, "a redirect to follow");
        let location = redirect.headers()["location"].to_str().unwrap().to_string();
        self.get(&location).await
    }

    /// The first step of filing: the record to read back before confirming.
    pub async fn review_complaint(&self, form: &[(String, String)]) -> reqwest::Response {
        self.post_form("/complaints/review", form).await
    }

    /// Confirms the reviewed complaint, with the review page's key.
    pub async fn confirm_complaint(&self, form: &[(String, String)], idempotency_key: &str) -> reqwest::Response {
        self.post_form("/complaints/confirm", &review_answer(form, idempotency_key, "confirm")).await
    }

    /// Goes back from the review page to correct the form.
    pub async fn edit_complaint(&self, form: &[(String, String)], idempotency_key: &str) -> reqwest::Response {
        self.post_form("/complaints/confirm", &review_answer(form, idempotency_key, "edit")).await
    }

    /// Files a complaint through the pages: review, then confirm. Returns
    /// the confirmation page.
    pub async fn file_complaint(&self, form: &[(String, String)]) -> Page {
        let review = self.review_complaint(form).await;
        assert_eq!(review.status(), 200);
        let key = Page::of(review).await.hidden_field("idempotency_key");
        let page = self.follow(self.confirm_complaint(form, &key).await).await;
        assert_eq!(page.status(), 200);
        Page::of(page).await
    }

    /// Looks a ticket up by its number and the standard complaint's mobile.
    pub async fn track(&self, ticket_no: &str) -> reqwest::Response {
        self.track_with(ticket_no, MOBILE).await
    }

    pub async fn track_with(&self, ticket_no: &str, mobile: &str) -> reqwest::Response {
        self.post_form("/track", &[("ticket_no", ticket_no), ("mobile", mobile)]).await
    }

    /// Asks for a one-time code for the ticket's actions, from its status page.
    pub async fn send_code(&self, ticket_no: &str) -> reqwest::Response {
        self.post_form("/track/code", &[("ticket_no", ticket_no), ("mobile", MOBILE)]).await
    }

    /// Urges an overdue ticket from its status page, with a one-time code.
    pub async fn urge_with(&self, ticket_no: &str, code: &str) -> reqwest::Response {
        self.post_form("/track/urge", &[("ticket_no", ticket_no), ("mobile", MOBILE), ("code", code)]).await
    }

    /// Rates the reply; an empty rating or comment is one left out.
    pub async fn rate_with(&self, ticket_no: &str, rating: &str, comment: &str, code: &str) -> reqwest::Response {
        let mut form = vec![("ticket_no", ticket_no), ("mobile", MOBILE), ("code", code)];
        form.extend([("rating", rating), ("comment", comment)].into_iter().filter(|(_, v)| !v.is_empty()));
        self.post_form("/track/rate", &form).await
    }

    pub async fn appeal_with(&self, ticket_no: &str, comment: &str, code: &str) -> reqwest::Response {
        let form = [("ticket_no", ticket_no), ("mobile", MOBILE), ("comment", comment), ("code", code)];
        self.post_form("/track/appeal", &form).await
    }

    /// The JSON API's lookup: the mobile in the body, never in the address.
    pub async fn look_up(&self, ticket_no: &str, mobile: &str) -> reqwest::Response {
        self.post_json(&format!("/api/v1/complaints/{ticket_no}/lookup"), &serde_json::json!({ "mobile": mobile }))
            .await
    }

    /// The token of the sign-in form.
    pub async fn sign_in_token(&self) -> String {
        self.page("/staff/login").await.hidden_field("csrf_token")
    }

    /// Posts the sign-in form with a token read before.
    pub async fn sign_in(&self, username: &str, password: &str, token: &str) -> reqwest::Response {
        self.post_form("/staff/login", &[("username", username), ("password", password), ("csrf_token", token)]).await
    }
}

/// The review page's form as its buttons post it.
fn review_answer(form: &[(String, String)], idempotency_key: &str, action: &str) -> Vec<(String, String)> {
    let mut answer = form.to_vec();
    answer.push(("idempotency_key".into(), idempotency_key.into()));
    answer.push(("action".into(), action.into()));
    answer
}
