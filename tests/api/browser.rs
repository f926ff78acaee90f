//! End to end in real headless Chromium: a citizen files a complaint through
//! the pages (no JavaScript of ours involved) and reads the ticket number.
//! Drives Debian's chromedriver over the W3C WebDriver protocol.

use crate::helpers::{complaint_json, spawn_app, valid_credit_code, valid_resident_id, Backend, CASEWORKER};
use hotline::domain::ticket_no::TicketNo;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    process: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn find_program(env: &str, candidates: &[&str]) -> Option<String> {
    std::env::var(env)
        .ok()
        .into_iter()
        .chain(candidates.iter().map(|s| s.to_string()))
        .find(|p| std::path::Path::new(p).exists())
}

/// A phone's screen: 390 CSS pixels wide.
const PHONE_WIDTH: u32 = 390;

impl Driver {
    async fn start() -> Option<Driver> {
        Driver::start_with(json!({})).await
    }

    /// A browser whose viewport is a phone's: 390 by 844 CSS pixels.
    async fn start_phone() -> Option<Driver> {
        Driver::start_with(json!({"deviceMetrics": {"width": PHONE_WIDTH, "height": 844, "pixelRatio": 3.0}})).await
    }

    /// `mobile_emulation` is chromedriver's `mobileEmulation` option; empty
    /// for a desktop window.
    async fn start_with(mobile_emulation: Value) -> Option<Driver> {
        let chromedriver = find_program("CHROMEDRIVER", &["/usr/bin/chromedriver"]);
        let chromium = find_program("CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
        let (Some(chromedriver), Some(chromium)) = (chromedriver, chromium) else {
            assert!(
                std::env::var("CI").map(|v| v != "true").unwrap_or(true),
                "CI=true but chromium/chromedriver are not installed: the browser test must run"
            );
            eprintln!("chromium or chromedriver not installed: browser test skipped");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let mut driver = Driver { process, base, session: String::new(), http };
        driver.wait_until_ready().await;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--lang=zh-CN",
        ];
        let user_data = std::env::temp_dir().join(format!("hotline-chromium-{}", uuid::Uuid::new_v4()));
        let mut all_args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all_args.push(format!("--user-data-dir={}", user_data.display()));
        let mut options = json!({
            "binary": chromium,
            "args": all_args,
            "prefs": {"intl.accept_languages": "zh-CN,zh"}
        });
        if mobile_emulation.as_object().is_some_and(|o| !o.is_empty()) {
            options["mobileEmulation"] = mobile_emulation;
        }
        let created = driver
            .call(
                "POST",
                "/session",
                json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": options
                }}}),
            )
            .await;
        driver.session = created["sessionId"].as_str().expect("a WebDriver session").to_string();
        driver.call_session("POST", "/timeouts", json!({"implicit": 10_000, "pageLoad": 30_000})).await;
        Some(driver)
    }

    /// Polls chromedriver's status endpoint, for at most ten seconds.
    async fn wait_until_ready(&self) {
        for _ in 0..100 {
            if let Ok(r) = self.http.get(format!("{}/status", self.base)).send().await {
                if r.json::<Value>().await.map(|v| v["value"]["ready"] == true).unwrap_or(false) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not become ready");
    }

    async fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let response = self.answer(method, path, body).await;
        assert!(response["value"]["error"].is_null(), "webdriver {path}: {response}");
        response["value"].clone()
    }

    /// The whole answer, errors included.
    async fn answer(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{}", self.base, path);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        request.send().await.expect("webdriver answers").json().await.unwrap()
    }

    async fn call_session(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, &format!("/session/{}{}", self.session, path), body).await
    }

    async fn goto(&self, url: &str) {
        self.call_session("POST", "/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self.call_session("POST", "/element", json!({"using": "css selector", "value": css})).await;
        found[ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no element {css}")).to_string()
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.call_session("POST", &format!("/element/{element}/click"), json!({})).await;
    }

    /// Clicks something that loads a new page (a link, a form's button) and
    /// waits for the new page: until then, elements found would still be
    /// the old page's.
    async fn follow(&self, css: &str) {
        let before = self.find("html").await;
        self.click(css).await;
        for _ in 0..100 {
            if self.find("html").await != before {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("clicking {css} loaded no new page within ten seconds");
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call_session("POST", &format!("/element/{element}/value"), json!({ "text": text })).await;
    }

    /// The element's text once it reads `expected`: a form's submission
    /// replaces the page, and until the new one has loaded the element found
    /// may be the old page's, or gone. Gives up after ten seconds.
    async fn text_becomes(&self, css: &str, expected: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            let element = self.find(css).await;
            let path = format!("/session/{}/element/{element}/text", self.session);
            let answer = self.answer("GET", &path, Value::Null).await;
            match answer["value"].as_str() {
                Some(text) if text == expected => return text.to_string(),
                Some(text) => last = text.to_string(),
                // A stale element: the page was replaced under it.
                None => assert_eq!(answer["value"]["error"], "stale element reference", "webdriver {path}: {answer}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        last
    }

    async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.call_session("GET", &format!("/element/{element}/text"), Value::Null).await.as_str().unwrap().to_string()
    }

    /// Runs a script in the page and returns its value.
    async fn script(&self, body: &str, args: Value) -> Value {
        self.call_session("POST", "/execute/sync", json!({ "script": body, "args": args })).await
    }

    /// How the text of the `index`th element matching `css` lies on the
    /// page: the number of lines it takes, and how far right it reaches.
    async fn text_layout(&self, css: &str, index: usize) -> (u64, f64) {
        let found = self
            .script(
                "const e = document.querySelectorAll(arguments[0])[arguments[1]];
                 const range = document.createRange();
                 range.selectNodeContents(e);
                 const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                 return [tops.size, range.getBoundingClientRect().right];",
                json!([css, index]),
            )
            .await;
        (found[0].as_u64().unwrap(), found[1].as_f64().unwrap())
    }

    /// The page's width in CSS pixels, and how wide its content is: wider
    /// content means the page scrolls sideways.
    async fn widths(&self) -> (u64, u64) {
        let found = self
            .script(
                "return [window.innerWidth, Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)];",
                json!([]),
            )
            .await;
        (found[0].as_u64().unwrap(), found[1].as_u64().unwrap())
    }

    /// Checks that nothing on the page overflows a phone's screen sideways,
    /// and that the text of every element matching `css` is on one line
    /// within it.
    async fn assert_fits_a_phone(&self, css: &str, page: &str) {
        let (viewport, content) = self.widths().await;
        assert_eq!(viewport, u64::from(PHONE_WIDTH), "{page}: the window is a phone's");
        assert!(content <= viewport, "{page}: content {content}px wide overflows the {viewport}px screen");
        let count = self.script("return document.querySelectorAll(arguments[0]).length;", json!([css])).await;
        let count = count.as_u64().unwrap() as usize;
        assert!(count > 0, "{page}: nothing matches {css}");
        for index in 0..count {
            let (lines, right) = self.text_layout(css, index).await;
            assert_eq!(lines, 1, "{page}: {css} #{index} is broken over {lines} lines");
            assert!(right <= f64::from(PHONE_WIDTH), "{page}: {css} #{index} reaches {right}px");
        }
    }

    async fn quit(&self) {
        self.call("DELETE", &format!("/session/{}", self.session), Value::Null).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_files_a_complaint_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();

    driver.goto(&app.url("/")).await;
    driver.follow("a.button[href='/complaints/new']").await;
    driver.click("input[name='screening.in_legal_procedure'][value='no']").await;
    driver.click("input[name='screening.topic'][value='social_security']").await;
    driver.click("input[name='screening.settled_without_new_facts'][value='no']").await;
    driver.follow("form button[type='submit']").await;

    driver.click("#category option[value='policy_execution']").await;
    driver.click("#district option[value='310104']").await;
    for (id, text) in [
        ("facts-when", "2026年8月至10月"),
        ("facts-where", "徐汇区某科技有限公司"),
        ("facts-who", "公司人事经理王某"),
        ("facts-cause", "公司未为我缴纳社会保险"),
        ("facts-course", "多次要求补缴被拒绝"),
        ("facts-result", "社保记录中断三个月"),
        ("demand", "责令公司补缴"),
        ("complainant-name", "李小梅"),
        ("complainant-id_number", &valid_resident_id()),
        ("complainant-mobile", "13812345678"),
        ("respondent-name", "上海某某科技有限公司"),
        ("respondent-credit_code", &valid_credit_code()),
    ] {
        driver.type_into(&format!("#{id}"), text).await;
    }
    driver.click("#respondent-kind option[value='employer']").await;
    driver.follow("form button[type='submit']").await;

    // The review page shows the record; confirm it.
    driver.follow("#confirm").await;
    let shown = driver.text("#ticket-no").await;
    let ticket_no = TicketNo::parse(&shown).expect("the confirmation page shows a valid ticket number");
    assert_eq!(shown, ticket_no.grouped());
    assert_eq!(driver.text("#department").await, "劳动保障监察总队");
    driver.quit().await;

    let stored: String = sqlx::query_scalar("SELECT ticket_no FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(stored, ticket_no.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_replies_to_the_most_urgent_ticket_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    // Two complaints for the inspection brigade: the first filed is due first.
    for _ in 0..2 {
        let response = app.post_json("/api/v1/complaints", &complaint_json()).await;
        assert_eq!(response.status(), 201);
    }
    let most_urgent: String = sqlx::query_scalar("SELECT ticket_no FROM tickets ORDER BY ticket_no LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .unwrap();

    driver.goto(&app.url("/staff/login")).await;
    driver.type_into("#username", CASEWORKER.username).await;
    driver.type_into("#password", CASEWORKER.password).await;
    driver.follow("#sign-in").await;
    driver.follow("table.queue a.ticket-link").await;
    let opened = driver.text("#ticket-no").await;
    assert_eq!(TicketNo::parse(&opened).unwrap().as_str(), most_urgent, "the first row is the most urgent");

    for action in ["accept", "claim", "start"] {
        driver.follow(&format!("#action-{action} button[type='submit']")).await;
    }
    driver.type_into("#reply-reply", "经查，该公司已补缴全部社会保险费。").await;
    driver.follow("#action-reply button[type='submit']").await;
    // A reply cannot be taken back: the page asks first, showing the text.
    assert_eq!(driver.text("#confirm-text").await, "经查，该公司已补缴全部社会保险费。");
    driver.follow("#confirm-action").await;
    assert_eq!(driver.text_becomes("#state", "已答复").await, "已答复");
    assert_eq!(driver.text("#notice").await, "已答复，投诉人将收到短信。");
    assert_eq!(driver.text("#reply").await, "经查，该公司已补缴全部社会保险费。");
    driver.quit().await;
}

/// The pages where the number must be read and copied, on a 390 px phone:
/// the review page (an appeal names the earlier ticket), the confirmation
/// and the status page keep each number on one line, and nothing needs
/// scrolling sideways.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_numbers_fit_on_one_line_on_a_phone_in_headless_chromium() {
    let Some(driver) = Driver::start_phone().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let earlier = app.post_json("/api/v1/complaints", &complaint_json()).await;
    assert_eq!(earlier.status(), 201);
    let earlier: Value = earlier.json().await.unwrap();
    let earlier_no = earlier["ticket_no_display"].as_str().unwrap().to_string();

    driver.goto(&app.url("/complaints/new")).await;
    driver.click("input[name='screening.in_legal_procedure'][value='no']").await;
    driver.click("input[name='screening.topic'][value='social_security']").await;
    driver.click("input[name='screening.settled_without_new_facts'][value='no']").await;
    driver.follow("form button[type='submit']").await;
    let (viewport, content) = driver.widths().await;
    assert!(content <= viewport, "the form: content {content}px wide on a {viewport}px screen");

    driver.click("#category option[value='reply_appeal']").await;
    driver.click("#district option[value='310104']").await;
    for (id, text) in [
        ("earlier_ticket_no", earlier_no.as_str()),
        ("facts-when", "2026年8月至10月"),
        ("facts-where", "徐汇区某科技有限公司"),
        ("facts-who", "公司人事经理王某"),
        ("facts-cause", "公司未为我缴纳社会保险"),
        ("facts-course", "多次要求补缴被拒绝"),
        ("facts-result", "社保记录中断三个月"),
        ("demand", "对答复不满意，请重新核查"),
        ("complainant-name", "李小梅"),
        ("complainant-id_number", &valid_resident_id()),
        ("complainant-mobile", "13812345678"),
        ("respondent-name", "上海某某科技有限公司"),
        ("respondent-credit_code", &valid_credit_code()),
    ] {
        driver.type_into(&format!("#{id}"), text).await;
    }
    driver.click("#respondent-kind option[value='employer']").await;
    driver.follow("form button[type='submit']").await;

    // The review page: the earlier ticket's number among the codes kept whole.
    let codes =
        driver.script("return [...document.querySelectorAll('dd.code')].map(e => e.textContent);", json!([])).await;
    assert!(codes.as_array().unwrap().iter().any(|v| v == earlier_no.as_str()), "{earlier_no} among {codes}");
    driver.assert_fits_a_phone("dd.code", "review").await;

    driver.follow("#confirm").await;
    let shown = driver.text("#ticket-no").await;
    TicketNo::parse(&shown).expect("the confirmation page shows a valid ticket number");
    driver.assert_fits_a_phone("#ticket-no", "filed").await;
    let line_height = driver
        .script(
            "const e = document.getElementById('ticket-no');
             return [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)];",
            json!([]),
        )
        .await;
    let (height, line) = (line_height[0].as_f64().unwrap(), line_height[1].as_f64().unwrap());
    assert!((height - line).abs() < 1.0, "filed: the number is {height}px high, one line is {line}px");

    // "Track this ticket": the number is filled in, the citizen types the mobile.
    driver.follow("#track-this").await;
    let filled = driver.script("return document.getElementById('ticket_no').value;", json!([])).await;
    assert_eq!(filled, shown.as_str());
    driver.type_into("#mobile", "13812345678").await;
    driver.follow("form[action='/track'] button[type='submit']").await;
    assert_eq!(driver.text_becomes("#ticket-no", &shown).await, shown);
    driver.assert_fits_a_phone("#ticket-no", "status").await;
    driver.quit().await;
}
