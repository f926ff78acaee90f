//! What is measured: one operation per scenario, as a citizen's browser, a
//! caseworker or a supervisor would send it, with the status that counts as
//! success.

use crate::people;
use chrono::{Datelike, Duration, NaiveDate};
use hotline::domain::category::{Category, RespondentKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Client, StatusCode};
use std::sync::Arc;

/// Which ceiling a scenario is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceiling {
    /// A trivial route: what HTTP alone costs.
    Hello,
    /// A one-row INSERT and COMMIT: what a durable write costs.
    Commit,
}

/// Whose session the requests carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    Citizen,
    Caseworker,
    Supervisor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FileApi,
    FileForm,
    TrackApi,
    TrackForm,
    Home,
    Queue,
    QueueOverdue,
    DrillDown,
    Search,
    Dashboard,
    ClocksApi,
    ReportMonth,
    ReportYear,
    TicketPage,
    Open311List,
    Open311Request,
    Open311Post,
    Transfer,
    Hotspots,
    CallBacks,
}

pub struct Scenario {
    pub name: &'static str,
    pub kind: Kind,
    pub desk: Desk,
    pub ceiling: Ceiling,
    pub what: &'static str,
}

pub const SCENARIOS: [Scenario; 20] = [
    Scenario {
        name: "file_api",
        kind: Kind::FileApi,
        desk: Desk::Citizen,
        ceiling: Ceiling::Commit,
        what: "POST /api/v1/complaints",
    },
    Scenario {
        name: "file_form",
        kind: Kind::FileForm,
        desk: Desk::Citizen,
        ceiling: Ceiling::Commit,
        what: "POST /complaints/review, then /complaints/confirm",
    },
    Scenario {
        name: "track_api",
        kind: Kind::TrackApi,
        desk: Desk::Citizen,
        ceiling: Ceiling::Hello,
        what: "POST /api/v1/complaints/{no}/lookup",
    },
    Scenario {
        name: "track_form",
        kind: Kind::TrackForm,
        desk: Desk::Citizen,
        ceiling: Ceiling::Hello,
        what: "POST /track",
    },
    Scenario { name: "home", kind: Kind::Home, desk: Desk::Citizen, ceiling: Ceiling::Hello, what: "GET /" },
    Scenario {
        name: "queue",
        kind: Kind::Queue,
        desk: Desk::Caseworker,
        ceiling: Ceiling::Hello,
        what: "GET /staff (caseworker)",
    },
    Scenario {
        name: "queue_overdue",
        kind: Kind::QueueOverdue,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff?clock=overdue (supervisor)",
    },
    Scenario {
        name: "drill_down",
        kind: Kind::DrillDown,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/list?clock=handling&figure=overdue",
    },
    Scenario {
        name: "search",
        kind: Kind::Search,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff?q= (respondent, statement words)",
    },
    Scenario {
        name: "dashboard",
        kind: Kind::Dashboard,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/dashboard",
    },
    Scenario {
        name: "clocks_api",
        kind: Kind::ClocksApi,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /api/v1/reports/clocks",
    },
    Scenario {
        name: "report_month",
        kind: Kind::ReportMonth,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/reports (last full month)",
    },
    Scenario {
        name: "report_year",
        kind: Kind::ReportYear,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/reports (last 365 days)",
    },
    Scenario {
        name: "ticket_page",
        kind: Kind::TicketPage,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/tickets/{id} (supervisor; its related tickets found live)",
    },
    Scenario {
        name: "open311_list",
        kind: Kind::Open311List,
        desk: Desk::Citizen,
        ceiling: Ceiling::Hello,
        what: "GET /open311/v2/requests.json (last 90 days, first page of 100)",
    },
    Scenario {
        name: "open311_request",
        kind: Kind::Open311Request,
        desk: Desk::Citizen,
        ceiling: Ceiling::Hello,
        what: "GET /open311/v2/requests/{no}.xml",
    },
    Scenario {
        name: "open311_post",
        kind: Kind::Open311Post,
        desk: Desk::Citizen,
        ceiling: Ceiling::Commit,
        what: "POST /open311/v2/requests.json (api_key)",
    },
    Scenario {
        name: "transfer",
        kind: Kind::Transfer,
        desk: Desk::Citizen,
        ceiling: Ceiling::Commit,
        what: "POST /api/v1/transfers (partner key)",
    },
    Scenario {
        name: "hotspots",
        kind: Kind::Hotspots,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/hotspots (employers at risk, last 90 days, never cached)",
    },
    Scenario {
        name: "call_backs",
        kind: Kind::CallBacks,
        desk: Desk::Supervisor,
        ceiling: Ceiling::Hello,
        what: "GET /staff/calls (the open call-backs, oldest reply first)",
    },
];

/// A stored ticket to look up.
#[derive(Debug, Clone)]
pub struct KnownTicket {
    pub id: String,
    pub ticket_no: String,
    pub mobile: String,
}

/// Real values from the database, picked before the load starts.
pub struct Samples {
    pub tickets: Vec<KnownTicket>,
    pub search_terms: Vec<String>,
    pub districts: Vec<(String, String)>,
    pub employers: Vec<people::Employer>,
    pub today: NaiveDate,
    /// Keys registered for this run: an Open311 client's and a partner's.
    pub open311_key: String,
    pub partner_key: String,
    /// Makes partners' order ids unique across runs on one database.
    pub run_id: String,
}

impl Samples {
    /// The last full calendar month.
    pub fn last_month(&self) -> (NaiveDate, NaiveDate) {
        let first_of_this = self.today.with_day(1).expect("day 1 exists");
        let last = first_of_this - Duration::days(1);
        (last.with_day(1).expect("day 1 exists"), last)
    }

    pub fn last_year(&self) -> (NaiveDate, NaiveDate) {
        (self.today - Duration::days(364), self.today)
    }
}

pub struct Context {
    pub base: String,
    pub samples: Samples,
}

/// A browser: its own cookies and connection, redirects not followed so
/// that a 303 is seen as the answer it is.
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .pool_max_idle_per_host(1)
        .build()
        .expect("a client with default TLS-free settings builds")
}

/// Signs a browser in through the login form, with the form token of the
/// login page, as a person would.
pub async fn sign_in(client: &Client, base: &str, username: &str, password: &str) -> anyhow::Result<()> {
    let page = client.get(format!("{base}/staff/login")).send().await?.text().await?;
    let token = hidden_value(&page, "csrf_token").ok_or_else(|| anyhow::anyhow!("no csrf_token on the login page"))?;
    let response = client
        .post(format!("{base}/staff/login"))
        .form(&[("username", username), ("password", password), ("csrf_token", token.as_str())])
        .send()
        .await?;
    anyhow::ensure!(response.status() == StatusCode::SEE_OTHER, "{username} could not sign in: {}", response.status());
    Ok(())
}

/// The value of a hidden input (ids and tokens: no entities to decode).
fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

async fn expect(response: reqwest::Result<reqwest::Response>, status: StatusCode) -> Result<String, String> {
    let response = response.map_err(|e| format!("request failed: {e}"))?;
    let got = response.status();
    let body = response.text().await.map_err(|e| format!("reading the body failed: {e}"))?;
    if got == status {
        Ok(body)
    } else {
        Err(format!("{got} (wanted {status}): {}", body.chars().take(200).collect::<String>()))
    }
}

/// A new complaint, different in every request: its own complainant,
/// respondent, facts and numbers.
fn complaint(ctx: &Context, worker: usize, iteration: u64) -> ComplaintFields {
    let mut rng = StdRng::seed_from_u64(((worker as u64) << 40) ^ iteration ^ 0x1233_3000);
    let samples = &ctx.samples;
    let (district, district_name) = samples.districts[rng.gen_range(0..samples.districts.len())].clone();
    let employer = samples.employers[rng.gen_range(0..samples.employers.len())].clone();
    let mut statement = people::statement(
        &mut rng,
        Category::PolicyExecution,
        RespondentKind::Employer,
        &employer.name,
        &district_name,
        samples.today,
    );
    statement.course = format!("{}，这是第{}次反映", statement.course, iteration + 1);
    ComplaintFields {
        district,
        statement,
        name: people::person_name(&mut rng),
        id_number: people::resident_id(&mut rng),
        mobile: people::mobile(&mut rng),
        employer,
    }
}

/// `file_api`'s complaint as the handler hands it to filing.
pub fn complaint_input(ctx: &Context, worker: usize, iteration: u64) -> hotline::domain::complaint::ComplaintInput {
    let fields = complaint(ctx, worker, iteration);
    let s = &fields.statement;
    hotline::domain::complaint::ComplaintInput {
        // The JSON names no channel; a citizen's filing is `web`.
        channel: String::new(),
        category: "policy_execution".into(),
        district: fields.district.clone(),
        when: s.when.clone(),
        where_: s.where_.clone(),
        who: s.who.clone(),
        cause: s.cause.clone(),
        course: s.course.clone(),
        result: s.result.clone(),
        demand: s.demand.clone(),
        complainant_name: fields.name.clone(),
        complainant_id_number: fields.id_number.clone(),
        complainant_mobile: fields.mobile.clone(),
        respondent_kind: "employer".into(),
        respondent_name: fields.employer.name.clone(),
        respondent_credit_code: fields.employer.credit_code.clone(),
        screening: hotline::domain::complaint::ScreeningInput { topic: "social_security".into(), ..Default::default() },
        ..Default::default()
    }
}

struct ComplaintFields {
    district: String,
    statement: people::Statement,
    name: String,
    id_number: String,
    mobile: String,
    employer: people::Employer,
}

impl ComplaintFields {
    fn json(&self) -> serde_json::Value {
        let s = &self.statement;
        serde_json::json!({
            "category": "policy_execution",
            "district": self.district,
            "facts": {"when": s.when, "where": s.where_, "who": s.who, "cause": s.cause, "course": s.course, "result": s.result},
            "demand": s.demand,
            "complainant": {"name": self.name, "id_number": self.id_number, "mobile": self.mobile},
            "respondent": {"kind": "employer", "name": self.employer.name, "credit_code": self.employer.credit_code},
            "screening": {"in_legal_procedure": false, "topic": "social_security"}
        })
    }

    /// The same complaint as Open311 attributes (`attribute[facts.when]`).
    fn open311_form(&self, api_key: &str) -> Vec<(String, String)> {
        let mut form = vec![("api_key".to_string(), api_key.to_string())];
        for (name, value) in self.form() {
            let value = match value.as_str() {
                "no" => "false".to_string(),
                _ => value,
            };
            match name {
                "category" => form.push(("service_code".into(), value)),
                _ => form.push((format!("attribute[{name}]"), value)),
            }
        }
        form
    }

    fn form(&self) -> Vec<(&'static str, String)> {
        let s = &self.statement;
        vec![
            ("screening.in_legal_procedure", "no".into()),
            ("screening.topic", "social_security".into()),
            ("screening.settled_without_new_facts", "no".into()),
            ("category", "policy_execution".into()),
            ("district", self.district.clone()),
            ("facts.when", s.when.clone()),
            ("facts.where", s.where_.clone()),
            ("facts.who", s.who.clone()),
            ("facts.cause", s.cause.clone()),
            ("facts.course", s.course.clone()),
            ("facts.result", s.result.clone()),
            ("demand", s.demand.clone()),
            ("complainant.name", self.name.clone()),
            ("complainant.id_number", self.id_number.clone()),
            ("complainant.mobile", self.mobile.clone()),
            ("respondent.kind", "employer".into()),
            ("respondent.name", self.employer.name.clone()),
            ("respondent.credit_code", self.employer.credit_code.clone()),
        ]
    }
}

/// One operation of `kind`.
pub async fn once(ctx: Arc<Context>, client: Client, kind: Kind, worker: usize, iteration: u64) -> Result<(), String> {
    let base = ctx.base.as_str();
    let samples = &ctx.samples;
    let pick = (worker as u64).wrapping_mul(7919).wrapping_add(iteration) as usize;
    let known = &samples.tickets[pick % samples.tickets.len()];
    let ok = StatusCode::OK;
    match kind {
        Kind::FileApi => {
            let body = complaint(&ctx, worker, iteration).json();
            expect(client.post(format!("{base}/api/v1/complaints")).json(&body).send().await, StatusCode::CREATED)
                .await?;
        }
        Kind::FileForm => {
            let form = complaint(&ctx, worker, iteration).form();
            let review = expect(client.post(format!("{base}/complaints/review")).form(&form).send().await, ok).await?;
            let key = hidden_value(&review, "idempotency_key").ok_or("no idempotency_key on the review page")?;
            let mut confirm = form;
            confirm.push(("idempotency_key", key));
            confirm.push(("action", "confirm".into()));
            expect(
                client.post(format!("{base}/complaints/confirm")).form(&confirm).send().await,
                StatusCode::SEE_OTHER,
            )
            .await?;
        }
        Kind::TrackApi => {
            let url = format!("{base}/api/v1/complaints/{}/lookup", known.ticket_no);
            let body = serde_json::json!({ "mobile": known.mobile });
            expect(client.post(url).json(&body).send().await, ok).await?;
        }
        Kind::TrackForm => {
            let form = [("ticket_no", known.ticket_no.as_str()), ("mobile", known.mobile.as_str())];
            expect(client.post(format!("{base}/track")).form(&form).send().await, ok).await?;
        }
        Kind::Home => {
            expect(client.get(format!("{base}/")).send().await, ok).await?;
        }
        Kind::Queue => {
            expect(client.get(format!("{base}/staff")).send().await, ok).await?;
        }
        Kind::QueueOverdue => {
            expect(client.get(format!("{base}/staff")).query(&[("clock", "overdue")]).send().await, ok).await?;
        }
        Kind::DrillDown => {
            let query = [("clock", "handling"), ("figure", "overdue")];
            expect(client.get(format!("{base}/staff/list")).query(&query).send().await, ok).await?;
        }
        Kind::Search => {
            let term = &samples.search_terms[pick % samples.search_terms.len()];
            expect(client.get(format!("{base}/staff")).query(&[("q", term)]).send().await, ok).await?;
        }
        Kind::Dashboard => {
            expect(client.get(format!("{base}/staff/dashboard")).send().await, ok).await?;
        }
        Kind::ClocksApi => {
            expect(client.get(format!("{base}/api/v1/reports/clocks")).send().await, ok).await?;
        }
        Kind::ReportMonth | Kind::ReportYear => {
            let (from, to) = if kind == Kind::ReportMonth { samples.last_month() } else { samples.last_year() };
            let query = [("from", from.to_string()), ("to", to.to_string())];
            expect(client.get(format!("{base}/staff/reports")).query(&query).send().await, ok).await?;
        }
        Kind::Hotspots => {
            expect(client.get(format!("{base}/staff/hotspots")).send().await, ok).await?;
        }
        Kind::CallBacks => {
            expect(client.get(format!("{base}/staff/calls")).send().await, ok).await?;
        }
        Kind::TicketPage => {
            expect(client.get(format!("{base}/staff/tickets/{}", known.id)).send().await, ok).await?;
        }
        Kind::Open311List => {
            let request = client.get(format!("{base}/open311/v2/requests.json"));
            expect(request.header("x-forwarded-for", reader_address(pick)).send().await, ok).await?;
        }
        Kind::Open311Request => {
            let request = client.get(format!("{base}/open311/v2/requests/{}.xml", known.ticket_no));
            expect(request.header("x-forwarded-for", reader_address(pick)).send().await, ok).await?;
        }
        Kind::Open311Post => {
            let form = complaint(&ctx, worker, iteration).open311_form(&samples.open311_key);
            expect(client.post(format!("{base}/open311/v2/requests.json")).form(&form).send().await, ok).await?;
        }
        Kind::Transfer => {
            let mut complaint = complaint(&ctx, worker, iteration).json();
            complaint.as_object_mut().expect("an object").remove("category");
            let body = serde_json::json!({
                "partner_order_id": format!("{}-{worker}-{iteration}", samples.run_id),
                "transferred_at": chrono::Utc::now().to_rfc3339(),
                "category": "policy_execution",
                "complaint": complaint,
            });
            let request = client.post(format!("{base}/api/v1/transfers")).bearer_auth(&samples.partner_key).json(&body);
            expect(request.send().await, StatusCode::CREATED).await?;
        }
    }
    Ok(())
}

/// An address for one Open311 read, from the benchmarking range
/// (198.18.0.0/15), so that the run measures the reads rather than the
/// per-address throttle: the app trusts the bench as its proxy.
fn reader_address(pick: usize) -> String {
    format!("198.18.{}.{}", (pick >> 8) % 256, pick % 256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_names_are_unique() {
        for (i, scenario) in SCENARIOS.iter().enumerate() {
            assert!(!SCENARIOS[..i].iter().any(|s| s.name == scenario.name), "{}", scenario.name);
        }
    }

    #[test]
    fn the_last_full_month_ends_the_day_before_this_one_began() {
        let samples = Samples {
            tickets: Vec::new(),
            search_terms: Vec::new(),
            districts: Vec::new(),
            employers: Vec::new(),
            today: NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
            open311_key: String::new(),
            partner_key: String::new(),
            run_id: String::new(),
        };
        let (from, to) = samples.last_month();
        assert_eq!((from.to_string(), to.to_string()), ("2026-02-01".to_string(), "2026-02-28".to_string()));
    }

    #[test]
    fn hidden_values_are_found_by_name() {
        let html = r#"<input type="hidden" name="idempotency_key" value="3f2a">"#;
        assert_eq!(hidden_value(html, "idempotency_key").as_deref(), Some("3f2a"));
        assert_eq!(hidden_value(html, "csrf_token"), None);
    }
}
