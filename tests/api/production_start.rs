//! A bureau started as a bureau starts it: a database named, no demo data.
//! What the law fixes is there all the same.

use crate::helpers::{complaint_form, with, Account, Page, TestApp};
use axum::extract::State;
use hotline::cli::Terminal;
use hotline::clock::Clock;
use hotline::config::Config;
use hotline::domain::category::Category;
use hotline::jobs::sender::SmsGatewayConfig;
use hotline::jobs::sms_gateway::{Acceptance, BodyTemplate};
use hotline::services::bureau_file;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

crate::on_both_backends!(
    configure = |config| config.seed_demo = false;
    a_bureau_set_up_by_its_operator_takes_complaints_and_texts_the_citizen,
    a_bureau_without_the_demo_has_the_statutory_categories,
    a_bureau_without_the_demo_counts_on_the_official_calendar,
);

async fn a_bureau_without_the_demo_has_the_statutory_categories(app: TestApp) {
    let departments: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM departments").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(departments, 0, "no demo bureau");

    let services = app.get("/open311/v2/services.json").await;
    assert_eq!(services.status(), 200);
    let services: serde_json::Value = services.json().await.unwrap();
    let codes: Vec<&str> = services.as_array().unwrap().iter().map(|s| s["service_code"].as_str().unwrap()).collect();
    let statutory: Vec<&str> = Category::ALL.iter().map(|c| c.key()).collect();
    assert_eq!(codes, statutory, "every statutory category, in the statute's order");
    let inspection = services.as_array().unwrap().iter().find(|s| s["service_code"] == "labour_inspection").unwrap();
    assert_eq!(inspection["service_name"], "劳动保障监察投诉");
}

async fn a_bureau_without_the_demo_counts_on_the_official_calendar(app: TestApp) {
    // National Day and Mid-Autumn 2025: off 10-01 to 10-08, Saturday 10-11 worked.
    let response = app.get("/api/v1/calendar/deadline?start=2025-09-29&working_days=15").await;
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer["due_date"], "2025-10-27");
    assert_eq!(answer["provisional"], false);
    let years: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT year, origin, title FROM calendar_years ORDER BY year")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let loaded: Vec<(i64, &str)> = years.iter().map(|(y, origin, _)| (*y, origin.as_str())).collect();
    assert_eq!(loaded, vec![(2025, "release"), (2026, "release")], "the shipped notices, recorded as such");
    assert!(years[1].2.contains("2026年部分节假日安排"), "each with its notice's title");
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported' AND detail LIKE 'loaded from the release%'")
        .await;
    assert_eq!(audited, 1, "one load, audited once");
    // Another start loads nothing twice.
    let _again = app.another_instance().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar_imported'").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM calendar_days").await, 33 + 39);
}

/// The bureau's SMS platform: keeps each message's JSON body.
#[derive(Clone, Default)]
struct Gateway {
    received: Arc<Mutex<Vec<Value>>>,
    arrived: Arc<Notify>,
}

impl Gateway {
    async fn start() -> (Gateway, SmsGatewayConfig) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/send", listener.local_addr().unwrap());
        let gateway = Gateway::default();
        let receive = |State(gateway): State<Gateway>, body: String| async move {
            gateway.received.lock().unwrap().push(serde_json::from_str(&body).unwrap());
            gateway.arrived.notify_one();
            r#"{"code": 0}"#
        };
        let app = axum::Router::new().route("/send", axum::routing::post(receive)).with_state(gateway.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let config = SmsGatewayConfig {
            url,
            authorization: Some("Bearer sms-platform-token".into()),
            body: BodyTemplate::parse(r#"{"mobile": "{mobile}", "content": "{text}"}"#).unwrap(),
            acceptance: Acceptance { field: Some(("code".into(), "0".into())) },
            timeout: std::time::Duration::from_secs(5),
            retry: Default::default(),
        };
        (gateway, config)
    }

    /// Waits until a message whose text holds `needle` has arrived.
    async fn text_with(&self, needle: &str) -> Value {
        let found =
            || self.received.lock().unwrap().iter().find(|m| m["content"].as_str().unwrap().contains(needle)).cloned();
        tokio::time::timeout(std::time::Duration::from_secs(10), async {
            loop {
                let arrival = self.arrived.notified();
                if let Some(message) = found() {
                    return message;
                }
                arrival.await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("a text with {needle:?} reaches the platform"))
    }
}

/// `hotline ARGS` as the operator runs it, with `stdin` piped in.
async fn hotline(app: &TestApp, args: &[&str], stdin: &str) -> String {
    let vars = [("DATABASE_URL", app.database_url().to_string()), ("DATA_KEY", app.data_key.clone())];
    let config = Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())).unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut input, mut output) = (stdin.as_bytes(), Vec::new());
    let mut terminal = Terminal {
        operator: "ops".into(),
        clock: &app.clock,
        input: &mut input,
        interactive: false,
        output: &mut output,
    };
    hotline::cli::run_with(&config, &args, &mut terminal).await.expect("the command succeeds");
    drop(terminal);
    String::from_utf8(output).unwrap()
}

/// The bureau's name in `deploy/bureau.example.toml`.
const BUREAU_NAME: &str = "某某市人力资源和社会保障局";

/// The issue's whole walk: an empty database without the demo, the example
/// bureau applied, the first administrator added on the command line, a
/// citizen files, the invited caseworker sets a password and replies, the
/// citizen's texts reach the bureau's SMS platform, and the supervisor sees
/// the ticket on the dashboard.
async fn a_bureau_set_up_by_its_operator_takes_complaints_and_texts_the_citizen(app: TestApp) {
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "nobody at all to begin with");
    let example = include_str!("../../deploy/bureau.example.toml");
    let applied = bureau_file::apply(&app.db, app.clock.now(), example).await.unwrap();
    let link_of = |username: &str| {
        applied.new_accounts.iter().find(|(u, _)| u.as_str() == username).map(|(_, link)| link.path()).unwrap()
    };

    let printed = hotline(
        &app,
        &["users", "add", "chief", "--role", "admin", "--name", "局管理员 王芳"],
        "Granite-Meadow-Owl-83\n",
    )
    .await;
    assert!(printed.contains("chief"), "{printed}");
    let admin = app.sign_in_elsewhere(Account::new("chief", "Granite-Meadow-Owl-83")).await;
    // A password the operator typed is the administrator's to replace first.
    let first = admin.get("/admin/organisation").await;
    assert_eq!(first.headers()["location"], "/staff/password");
    let own = "Saffron-Orchard-Kite-61";
    assert_eq!(admin.change_password("Granite-Meadow-Owl-83", own, own).await.status(), 303);
    let admin = app.sign_in_elsewhere(Account::new("chief", own)).await;
    assert_eq!(admin.get("/admin/organisation").await.status(), 200, "the administrator keeps the bureau");

    // Citizens file on an instance that texts through the bureau's platform.
    let (gateway, sms) = Gateway::start().await;
    let texting = app
        .try_another_instance(|config| {
            config.seed_demo = false;
            config.sms_gateway = Some(sms);
            config.deliver_at_once = true;
        })
        .await
        .unwrap();
    let complaint = with(&complaint_form(), "district", "110101");
    let filed = texting.file_complaint(&complaint).await;
    let ticket_no = filed.text_of("ticket-no");
    let id = texting.ticket_id(&ticket_no).await;
    gateway.text_with(&ticket_no).await;
    // Its running clocks are counted by due month from the first filing
    // on, as the dashboard reads the months it takes whole.
    {
        use hotline::store::open_clocks::by_month;
        let mut conn = texting.db.acquire().await.unwrap();
        let kept = by_month::kept(&mut conn).await.unwrap();
        assert!(kept.iter().any(|m| m.clock == "decision" && m.tickets == 1), "{kept:?}");
        assert_eq!(kept, by_month::counted(&mut conn).await.unwrap());
    }

    // The invited caseworker sets a password through the link and replies.
    let password = "Copper-Kettle-Willow-29";
    let set = texting.post_form(&link_of("zhang.wei"), &[("new", password), ("repeated", password)]).await;
    assert_eq!(set.status(), 200);
    let caseworker = texting.sign_in_elsewhere(Account::new("zhang.wei", password)).await;
    caseworker.take_on(&id).await;
    // Asked for evidence, the citizen reads where to bring it: the bureau's
    // own address, hours and hotlines from its file.
    assert_eq!(caseworker.request_evidence(&id, "请提供工资流水").await.status(), 303);
    let status = Page::of(texting.new_browser().track_with(&ticket_no, crate::helpers::MOBILE).await).await;
    let ways = status.select_text("#evidence-ways");
    assert!(
        ways.contains("某某市建设路 1 号") && ways.contains("9:00–12:00") && ways.contains("0000-12345678"),
        "{ways}"
    );
    // The citizen answers from the status page with the pay slip; the
    // caseworker, told in the inbox, downloads it.
    assert_eq!(texting.send_code(&ticket_no).await.status(), 200);
    let texted = gateway.text_with("验证码").await;
    let digits: String = texted["content"].as_str().unwrap().chars().filter(char::is_ascii_digit).collect();
    let code = digits[5..11].to_string();
    let fields: Vec<(String, String)> =
        [("ticket_no", ticket_no.as_str()), ("mobile", crate::helpers::MOBILE), ("code", &code)]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let pay_slip = b"%PDF-1.4\n1 0 obj << /Title (bank statement) >> endobj\n%%EOF\n".to_vec();
    let sent =
        texting.post_multipart("/track/evidence", &fields, &[("attachment", "工资流水.pdf", pay_slip.clone())]).await;
    assert_eq!(sent.status(), 200);
    assert_eq!(texting.state_of(&id).await, "in_progress", "the clock runs again");
    let inbox = caseworker.page("/staff/inbox").await;
    assert!(inbox.contains(&ticket_no), "the caseworker is told");
    let file: String = sqlx::query_scalar("SELECT id FROM attachments WHERE ticket_id = $1")
        .bind(&id)
        .fetch_one(texting.db.pool())
        .await
        .unwrap();
    let download = caseworker.get(&format!("/staff/tickets/{id}/attachments/{file}")).await;
    assert_eq!(download.bytes().await.unwrap().as_ref(), pay_slip.as_slice());

    // The invited hotline agent looks the ticket up for a caller.
    let password = "Juniper-Harbour-Moss-47";
    let set = texting.post_form(&link_of("li.na"), &[("new", password), ("repeated", password)]).await;
    assert_eq!(set.status(), 200);
    let agent = texting.sign_in_elsewhere(Account::new("li.na", password)).await;
    let found = Page::of(agent.submit("/staff/lookup", &[("ticket_no", ticket_no.as_str())]).await).await;
    assert_eq!(found.text_of("ticket-no"), ticket_no);
    assert!(!found.contains(crate::helpers::MOBILE), "masked for the agent");

    let reply = "经调查，该单位已补缴社会保险费。";
    assert_eq!(caseworker.reply(&id, reply).await.status(), 303);
    let texted = gateway.text_with("答复").await;
    assert_eq!(texted["mobile"], crate::helpers::MOBILE, "to the complainant's mobile");

    // The reply's written notice, drawn for the citizen, names the bureau
    // as its file does.
    let file = format!("处理意见-{ticket_no}.pdf");
    let download = crate::notices::citizen_download(&texting, &ticket_no, crate::helpers::MOBILE, 2).await;
    let (_, text) = crate::notices::pdf_of(download, &file).await;
    for part in [ticket_no.as_str(), "投诉处理意见书", reply, BUREAU_NAME] {
        assert!(text.contains(part), "{part} in {text}");
    }

    // The invited supervisor finds it on the dashboard, counted in the
    // bureau's own department.
    let password = "Amber-Lighthouse-Fern-64";
    let set = texting.post_form(&link_of("liu.yang"), &[("new", password), ("repeated", password)]).await;
    assert_eq!(set.status(), 200);
    let supervisor = texting.sign_in_elsewhere(Account::new("liu.yang", password)).await;
    let report: Value = supervisor.get("/api/v1/reports/clocks").await.json().await.unwrap();
    assert_eq!(report["total"]["open"], 1, "{report}");
    assert_eq!(report["total"]["decision_overdue"], 0, "{report}");
    let page: Page = supervisor.page("/staff/dashboard").await;
    assert!(page.contains("劳动保障监察"), "the ticket's department is on the dashboard");
    // One complaint puts no employer at risk, and the ticket, alone in this
    // bureau, has no related tickets.
    let at_risk: Page = supervisor.page("/staff/hotspots?threshold=2").await;
    assert!(at_risk.has("#hotspots-none"));
    assert!(caseworker.ticket_page(&id).await.has("#related-none"));

    // The agent calls the citizen back on the reply and records them
    // satisfied.
    let calls: Page = agent.page("/staff/calls").await;
    let call: String = sqlx::query_scalar("SELECT id FROM satisfaction_calls WHERE ticket_id = $1")
        .bind(&id)
        .fetch_one(texting.db.pool())
        .await
        .unwrap();
    assert!(calls.has(&format!("#call-{call}")), "the agent's list has the reply's call");
    let recorded = agent.submit(&format!("/staff/calls/{call}"), &[("outcome", "satisfied")]).await;
    assert_eq!(recorded.status(), 303);
    let report: Value = supervisor.get("/api/v1/reports/period").await.json().await.unwrap();
    assert_eq!(report["by_department"][0]["call_backs"]["reached"], 1, "{report}");
    // The report's ticket figures are the bureau's own per-day counts, kept
    // from its first filing on.
    assert_eq!(report["by_department"][0]["received"], 1, "{report}");

    // The administrator adds the brigade's own supervisor, who hears of an
    // employer reaching the threshold of complaints.
    let head = [
        ("username", "zhao.lei"),
        ("display_name", "监察总队 队长 赵磊"),
        ("role", "supervisor"),
        ("department_id", "labour_inspection"),
        ("password", "Velvet-Canyon-Reed-35"),
    ];
    assert!(admin.create_user(&head).await.status().is_redirection());
    // The next day the same citizen complains again through the web: the
    // caseworker closes it as a repeat, and the citizen is told by text.
    texting.clock.set(texting.clock.now() + chrono::Duration::days(1));
    let again = with(&complaint, "facts.result", "社保缴费记录中断四个月");
    let later_no = texting.file_complaint(&again).await.text_of("ticket-no");
    let later = texting.ticket_id(&later_no).await;
    assert_eq!(caseworker.ticket_page(&later).await.attrs("#case-carrier option", "value"), std::slice::from_ref(&id));
    let version = texting.version_of(&later).await.to_string();
    let fields = [("version", version.as_str()), ("carrier", id.as_str()), ("reason", "与前一工单为同一事项")];
    assert_eq!(caseworker.submit(&format!("/staff/tickets/{later}/repeat"), &fields).await.status(), 303);
    let texted = gateway.text_with("反映同一事项").await;
    assert!(texted["content"].as_str().unwrap().contains(&ticket_no), "{texted}");
    // Two complaints, the repeat counted too: the employer is at risk from
    // a threshold of two.
    let at_risk: Page = supervisor.page("/staff/hotspots?threshold=2").await;
    assert_eq!(at_risk.select_text("#hotspots .complaints"), "2");
    // A third complaint against the employer, from a colleague.
    let colleague = crate::related::unrelated(&[
        ("district", "110101"),
        ("respondent.name", "上海某某科技有限公司"),
        ("respondent.credit_code", &crate::helpers::valid_credit_code()),
    ]);
    texting.file_complaint(&colleague).await;
    let told: Vec<String> = sqlx::query_scalar(
        "SELECT u.username FROM notifications n JOIN users u ON u.id = n.recipient WHERE n.kind = 'employer_at_risk'",
    )
    .fetch_all(texting.db.pool())
    .await
    .unwrap();
    assert_eq!(told, ["zhao.lei"], "the brigade's supervisor hears");

    // Nobody accepts the colleague's complaint: a month on, the period's
    // report counts its handling clock overdue, from the bureau's own kept
    // clocks.
    let filed_on = texting.clock.today();
    texting.clock.set(texting.clock.now() + chrono::Duration::days(30));
    let report: Value =
        supervisor.get(&format!("/api/v1/reports/period?from={filed_on}&to={filed_on}")).await.json().await.unwrap();
    let overdue: i64 =
        report["by_department"].as_array().unwrap().iter().map(|d| d["handling"]["overdue"].as_i64().unwrap()).sum();
    assert_eq!(overdue, 1, "{report}");
}
