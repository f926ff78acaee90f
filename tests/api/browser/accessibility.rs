//! axe-core, run inside Chromium on every page of every role: the citizen's
//! pages from the home page to the ticket's status, the staff's from the
//! sign-in page to the reports, every administration page (forms refused
//! too), the error pages, and the tables again on a phone. Any violation
//! fails the test, listed.
//!
//! axe-core comes from the npm registry and is not part of the
//! repository: `AXE_CORE_JS` names its `axe.min.js`, or it is looked for
//! where `.ci/run` installs it. Without it the test fails under CI and is
//! skipped elsewhere, like the browser itself.

use super::tour::{seeded, table_pages, Tour};
use super::Driver;
use crate::helpers::{complaint_form, Account, ADMIN, AGENT, CASEWORKER, SUPERVISOR};
use serde_json::{json, Value};

/// Where `.ci/run` installs axe-core, under the home directory.
const INSTALLED: &str = ".cache/hotline-axe/node_modules/axe-core/axe.min.js";

fn axe_source() -> Option<String> {
    let home = std::env::var("HOME").map(|home| format!("{home}/{INSTALLED}"));
    let found = std::env::var("AXE_CORE_JS")
        .ok()
        .into_iter()
        .chain(home)
        .chain(["target/axe/node_modules/axe-core/axe.min.js".to_string()])
        .find(|p| std::path::Path::new(p).exists());
    let Some(path) = found else {
        assert!(
            std::env::var("CI").map(|v| v != "true").unwrap_or(true),
            "CI=true but axe-core is not installed (AXE_CORE_JS, or ~/{INSTALLED}): the accessibility test must run"
        );
        eprintln!("axe-core not installed (npm install axe-core@4; see .ci/run): accessibility test skipped");
        return None;
    };
    Some(std::fs::read_to_string(path).expect("axe.min.js is readable"))
}

/// The pages walked and what axe found on each.
struct Audit<'a> {
    driver: &'a Driver,
    axe: &'a str,
    visited: Vec<String>,
    violations: Vec<String>,
}

impl Audit<'_> {
    /// Runs axe on the page shown; `name` says which page it is.
    async fn check(&mut self, name: &str) {
        self.driver.script(&format!("{}\nreturn true;", self.axe), json!([])).await;
        let found = self
            .driver
            .call_session(
                "POST",
                "/execute/async",
                json!({
                    "script": "const done = arguments[arguments.length - 1];
                        axe.run(document, {resultTypes: ['violations']})
                          .then(r => done(r.violations.map(v => ({
                              id: v.id, impact: v.impact, help: v.help,
                              nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' '))
                          }))))
                          .catch(e => done([{id: 'axe-failed', impact: 'critical', help: String(e), nodes: []}]));",
                    "args": []
                }),
            )
            .await;
        let path = self.driver.path().await;
        self.visited.push(format!("{name} ({path})"));
        for v in found.as_array().unwrap() {
            let nodes: Vec<&str> = v["nodes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
            self.violations.push(format!(
                "{name} ({path}): {} [{}] {}\n    {}",
                v["id"].as_str().unwrap(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap(),
                nodes.join("\n    ")
            ));
        }
    }

    async fn visit(&mut self, name: &str, url: &str) {
        self.driver.goto(url).await;
        self.check(name).await;
    }

    async fn sign_in(&mut self, tour: &Tour, account: Account) {
        self.driver.sign_out_everywhere().await;
        self.driver.sign_in(&tour.app, account).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_on_any_page_in_headless_chromium() {
    let Some(axe) = axe_source() else { return };
    let Some(driver) = Driver::start_wide().await else { return };
    let tour = seeded().await;
    let app = &tour.app;
    let mut audit = Audit { driver: &driver, axe: &axe, visited: Vec::new(), violations: Vec::new() };

    // A citizen, from the home page to the ticket's status.
    audit.visit("home", &app.url("/")).await;
    audit.visit("screening", &app.url("/complaints/new")).await;
    let screening = |topic: &str| {
        format!(
            "/complaints/new/details?screening.in_legal_procedure=no&screening.topic={topic}\
             &screening.settled_without_new_facts=no"
        )
    };
    audit.visit("refused", &app.url(&screening("housing_fund"))).await;
    audit.visit("complaint form", &app.url(&screening("social_security"))).await;
    driver.follow("#complaint-form button[type='submit']").await;
    audit.check("complaint form with errors").await;
    driver.post_form("/complaints/review", &complaint_form()).await;
    audit.check("review").await;
    driver.follow("#confirm").await;
    audit.check("filed").await;
    driver.follow("#track-this").await;
    audit.check("track").await;
    driver.follow("form[action='/track'] button[type='submit']").await;
    audit.check("track with errors").await;
    driver.replace_text("#mobile", "13812345678").await;
    driver.follow("form[action='/track'] button[type='submit']").await;
    audit.check("status").await;
    audit.visit("not found", &app.url("/no-such-page")).await;

    // Staff: each role's pages.
    driver.sign_out_everywhere().await;
    audit.visit("sign-in", &app.url("/staff/login")).await;
    audit.sign_in(&tour, CASEWORKER).await;
    audit.visit("queue", &app.url("/staff")).await;
    audit.visit("search", &app.url(&format!("/staff?q={}", tour.ticket_no.replace('-', "")))).await;
    audit.visit("ticket", &app.url(&format!("/staff/tickets/{}", tour.ticket_id))).await;
    audit.visit("inbox", &app.url("/staff/inbox")).await;
    driver.goto(&app.url(&format!("/staff/tickets/{}", tour.ticket_id))).await;
    driver.type_into("#reply-reply", "经查，该公司已补缴全部社会保险费。").await;
    driver.follow("#action-reply button[type='submit']").await;
    audit.check("reply to confirm").await;
    audit.visit("password", &app.url("/staff/password")).await;
    audit.visit("queue in English", &app.url("/lang/en?next=%2Fstaff")).await;
    audit.visit("ticket in English", &app.url(&format!("/staff/tickets/{}", tour.ticket_id))).await;
    driver.goto(&app.url("/lang/zh?next=%2Fstaff")).await;
    audit.visit("forbidden", &app.url("/admin/bureau")).await;
    audit.sign_in(&tour, SUPERVISOR).await;
    audit.visit("approvals", &app.url("/staff/approvals")).await;
    audit.visit("dashboard", &app.url("/staff/dashboard")).await;
    audit.visit("drill-down", &app.url(&tour.drill_down)).await;
    audit.visit("reports", &app.url("/staff/reports?from=2026-11-01&to=2026-11-30")).await;
    audit.sign_in(&tour, AGENT).await;
    audit.visit("intake", &app.url("/staff/intake")).await;
    audit.visit("call-backs", &app.url("/staff/calls")).await;
    audit.visit("call-back", &app.url(&format!("/staff/calls/{}", tour.call_id))).await;
    driver.follow("#call-record").await;
    audit.check("call-back refused").await;
    driver.goto(&app.url("/staff/intake")).await;
    // Not the tour's first complaint again, which would be answered with
    // that (a citizen's) ticket.
    let mut intake = crate::helpers::complaint_with(&[("facts.result", "社保缴费记录中断五个月")]);
    intake.push(("csrf_token".into(), driver.value("input[name='csrf_token']").await));
    driver.post_form("/staff/intake/review", &intake).await;
    driver.follow("#confirm").await;
    driver.follow("#add-callers").await;
    audit.check("other callers").await;
    driver.follow("#file-callers").await;
    audit.check("other callers refused").await;

    // The administrator's pages, and their forms refused.
    audit.sign_in(&tour, ADMIN).await;
    audit.visit("calendar", &app.url("/admin/calendar")).await;
    driver.follow("#day-form button[type='submit']").await;
    audit.check("calendar, day refused").await;
    let notice = std::env::temp_dir().join(format!("hotline-2027-{}.json", uuid::Uuid::new_v4()));
    let days = json!({"year": 2027, "papers": ["https://notice.example/2027"],
        "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]});
    std::fs::write(&notice, days.to_string()).unwrap();
    driver.type_into("#file", notice.to_str().unwrap()).await;
    driver.follow("form[action='/admin/calendar/import'] button[type='submit']").await;
    audit.check("calendar import preview").await;
    std::fs::remove_file(&notice).unwrap();
    let routing = "/admin/routing?category=policy_execution&district=310104&respondent_kind=employer&channel=web";
    audit.visit("routing with a trial", &app.url(routing)).await;
    driver.replace_text("#new-priority", "high").await;
    driver.follow("#new-rule button[type='submit']").await;
    audit.check("routing, rule refused").await;
    audit.visit("bureau", &app.url("/admin/bureau")).await;
    driver.follow("#user-form button[type='submit']").await;
    audit.check("bureau, account refused").await;
    audit.visit("organisation", &app.url("/admin/organisation")).await;
    driver.follow("#district-form button[type='submit']").await;
    audit.check("organisation, district refused").await;
    audit.visit("clients", &app.url("/admin/clients")).await;
    driver.follow("#register-client button[type='submit']").await;
    audit.check("clients, registration refused").await;
    driver.type_into("#client-name", "统计报表系统").await;
    driver.click("#client-kind option[value='reports']").await;
    driver.follow("#register-client button[type='submit']").await;
    audit.check("client's key issued").await;
    audit.visit("callbacks", &app.url("/admin/callbacks")).await;
    audit.visit("text messages", &app.url("/admin/notices")).await;
    audit.visit("bureau", &app.url("/admin/bureau")).await;
    driver.follow("#users form[action$='/reset-link'] button").await;
    audit.check("reset link issued").await;
    let link = driver.text("#reset-link").await;
    let invitation = &link[link.find("/staff/invitation/").expect("a link to the invitation page")..];

    // The member's one-time link, opened by someone signed out.
    driver.sign_out_everywhere().await;
    audit.visit("invitation", &app.url(invitation)).await;

    driver.quit().await;

    // The tables again on a phone, where their rows are cards.
    let Some(phone) = Driver::start_phone().await else { return };
    let mut on_phone = Audit { driver: &phone, axe: &axe, visited: audit.visited, violations: audit.violations };
    for (account, pages) in table_pages(&tour) {
        on_phone.sign_in(&tour, account).await;
        for (name, path) in pages {
            on_phone.visit(&format!("{name} on a phone"), &app.url(&path)).await;
        }
    }
    phone.quit().await;
    let audit = on_phone;
    let summary = Value::from(audit.visited.len());
    assert!(
        audit.violations.is_empty(),
        "axe found {} violations on {summary} pages:\n{}",
        audit.violations.len(),
        audit.violations.join("\n")
    );
}
