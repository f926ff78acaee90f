//! End to end in real headless Chromium, through the pages (no JavaScript of
//! ours involved): a citizen files a complaint and reads the ticket number;
//! each member of staff walks their own day: the caseworker replies, the
//! hotline agent files for a caller, the supervisor decides an extension and
//! reads the figures, the administrator keeps the calendar and the routing.
//! Drives Debian's chromedriver over the W3C WebDriver protocol. The
//! staff tables' layout at 1280 and 390 pixels and axe's accessibility rules
//! on every page are checked in the submodules.

mod accessibility;
mod layout;
mod tour;

use crate::helpers::{
    complaint_json, spawn_app, valid_credit_code, valid_resident_id, Account, Backend, TestApp, ADMIN, AGENT,
    CASEWORKER, SUPERVISOR,
};
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
/// An office screen: 1280 CSS pixels wide.
const DESKTOP_WIDTH: u64 = 1280;

impl Driver {
    async fn start() -> Option<Driver> {
        Driver::start_with(json!({})).await
    }

    /// A browser whose viewport is a phone's: 390 by 844 CSS pixels.
    async fn start_phone() -> Option<Driver> {
        Driver::start_with(json!({"deviceMetrics": {"width": PHONE_WIDTH, "height": 844, "pixelRatio": 3.0}})).await
    }

    /// A desktop window whose page is 1280 CSS pixels wide.
    async fn start_wide() -> Option<Driver> {
        let driver = Driver::start().await?;
        let mut width = DESKTOP_WIDTH;
        for _ in 0..3 {
            driver.call_session("POST", "/window/rect", json!({"width": width, "height": 900})).await;
            let inner = driver.script("return window.innerWidth;", json!([])).await.as_u64().unwrap();
            if inner == DESKTOP_WIDTH {
                return Some(driver);
            }
            // The window's frame takes from the page: widen the window by as much.
            width = width + DESKTOP_WIDTH - inner;
        }
        panic!("the window's page could not be made {DESKTOP_WIDTH}px wide");
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
        driver
            .call_session("POST", "/timeouts", json!({"implicit": 10_000, "pageLoad": 30_000, "script": 60_000}))
            .await;
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
        self.wait_for_new_page(&before, css).await;
    }

    /// Waits until the page whose root element was `before` is replaced.
    async fn wait_for_new_page(&self, before: &str, what: &str) {
        for _ in 0..100 {
            if self.find("html").await != before {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{what} loaded no new page within ten seconds");
    }

    /// Posts a form built in the page, as a page of another site or an old
    /// tab would, and waits for the answer.
    async fn post_form(&self, action: &str, fields: &[(String, String)]) {
        let before = self.find("html").await;
        self.script(
            "const form = document.createElement('form');
             form.method = 'post';
             form.action = arguments[0];
             for (const [name, value] of arguments[1]) {
                 const input = document.createElement('input');
                 input.type = 'hidden';
                 input.name = name;
                 input.value = value;
                 form.append(input);
             }
             document.body.append(form);
             form.submit();",
            json!([action, fields]),
        )
        .await;
        self.wait_for_new_page(&before, action).await;
    }

    /// Forgets every cookie: the next page is a stranger's.
    async fn sign_out_everywhere(&self) {
        self.call_session("DELETE", "/cookie", Value::Null).await;
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

    /// Whether anything matches `css` now, without waiting for it to appear.
    async fn has(&self, css: &str) -> bool {
        self.script("return document.querySelector(arguments[0]) !== null;", json!([css])).await == true
    }

    /// The text of every element matching `css`, as shown, trimmed.
    async fn texts(&self, css: &str) -> Vec<String> {
        let found = self
            .script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());", json!([css]))
            .await;
        found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    /// A form control's current value.
    async fn value(&self, css: &str) -> String {
        let found = self.script("return document.querySelector(arguments[0]).value;", json!([css])).await;
        found.as_str().unwrap_or_else(|| panic!("no value for {css}")).to_string()
    }

    /// The address of the page shown.
    async fn url(&self) -> String {
        self.call_session("GET", "/url", Value::Null).await.as_str().unwrap().to_string()
    }

    /// The address of the page shown, without scheme, host and port.
    async fn path(&self) -> String {
        let url = self.url().await;
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/".to_string(), |slash| after_scheme[slash..].to_string())
    }

    /// Empties a text field, then types into it.
    async fn replace_text(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call_session("POST", &format!("/element/{element}/clear"), json!({})).await;
        self.type_into(css, text).await;
    }

    /// Types a day into a date field the way a person does, segment by
    /// segment in the order the browser's locale shows them (headless
    /// Chromium may keep its own locale whatever `--lang` says). Month and
    /// day are typed with two digits, after which the field moves on by
    /// itself; a year segment takes up to six digits, so the right arrow
    /// key leaves it. Then checks the field holds the day.
    async fn type_date(&self, css: &str, iso: &str) {
        const ARROW_RIGHT: char = '\u{E014}';
        let order = self
            .script(
                "return new Intl.DateTimeFormat(undefined, {year: 'numeric', month: '2-digit', day: '2-digit'})
                     .formatToParts(new Date(2026, 10, 20))
                     .map(p => p.type)
                     .filter(t => t === 'year' || t === 'month' || t === 'day');",
                json!([]),
            )
            .await;
        let (year, rest) = iso.split_once('-').expect("a date as yyyy-mm-dd");
        let (month, day) = rest.split_once('-').expect("a date as yyyy-mm-dd");
        let mut keys = String::new();
        for segment in order.as_array().unwrap() {
            match segment.as_str().unwrap() {
                "year" => {
                    keys.push_str(year);
                    keys.push(ARROW_RIGHT);
                }
                "month" => keys.push_str(month),
                _ => keys.push_str(day),
            }
        }
        self.type_into(css, &keys).await;
        assert_eq!(self.value(css).await, iso, "the date typed into {css}");
    }

    /// Signs in on the staff page and waits for the page signed in to.
    async fn sign_in(&self, app: &TestApp, account: Account) {
        self.goto(&app.url("/staff/login")).await;
        self.type_into("#username", account.username).await;
        self.type_into("#password", account.password).await;
        self.follow("#sign-in").await;
    }

    /// The header of a signed-in member of staff: their name, and a way
    /// to sign out.
    async fn assert_staff_header(&self, name: &str, page: &str) {
        assert_eq!(self.texts("nav a.who").await, [name], "{page}: the header names who is signed in");
        assert!(self.has("nav #sign-out").await, "{page}: the header offers to sign out");
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
    // Two files from the phone: a photo of the pay slip and a PDF; a file
    // input takes their paths, one a line.
    let dir = std::env::temp_dir().join(format!("hotline-browser-files-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let photo = dir.join("工资条.jpg");
    let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0, 16];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend_from_slice(&[0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0x34, 0xff, 0xd9]);
    std::fs::write(&photo, jpeg).unwrap();
    let contract = dir.join("劳动合同.pdf");
    std::fs::write(&contract, b"%PDF-1.4\n%%EOF\n").unwrap();
    driver.type_into("#attachment-input", &format!("{}\n{}", photo.display(), contract.display())).await;
    driver.follow("form button[type='submit']").await;

    // The review page shows the record and the files; confirm it.
    let review = driver.texts(".pairs dd").await.join(" ");
    assert!(review.contains("工资条.jpg") && review.contains("劳动合同.pdf"), "{review}");
    driver.follow("#confirm").await;
    let shown = driver.text("#ticket-no").await;
    let ticket_no = TicketNo::parse(&shown).expect("the confirmation page shows a valid ticket number");
    assert_eq!(shown, ticket_no.grouped());
    assert_eq!(driver.text("#department").await, "劳动保障监察总队");
    driver.quit().await;

    let stored: String = sqlx::query_scalar("SELECT ticket_no FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(stored, ticket_no.as_str());
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments WHERE ticket_id IS NOT NULL").await, 2, "both files filed");
    std::fs::remove_dir_all(&dir).ok();
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

    driver.sign_in(&app, CASEWORKER).await;
    driver.follow("table.queue a.ticket-link").await;
    let opened = driver.text("#ticket-no").await;
    assert_eq!(TicketNo::parse(&opened).unwrap().as_str(), most_urgent, "the first row is the most urgent");

    for action in ["accept", "start"] {
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

/// Three workers' complaints against one company: the caseworker ticks the
/// two related ones on the first ticket's page, joins them, replies once to
/// the group; then a hotline agent calls the first worker back and records
/// them satisfied, and a supervisor finds the company among the employers
/// at risk of its district.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caseworker_joins_workers_tickets_replies_once_and_an_agent_calls_back_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let mut ids = Vec::new();
    for (n, mobile) in ["13900005001", "13900005002", "13900005003"].into_iter().enumerate() {
        let first = format!("3101041990030724{}", n + 7);
        let id_number = format!("{first}{}", hotline::domain::resident_id::resident_id_check_char(&first).unwrap());
        let mut complaint = complaint_json();
        complaint["complainant"]["mobile"] = json!(mobile);
        complaint["complainant"]["id_number"] = json!(id_number);
        complaint["facts"]["result"] = json!(format!("工资 {} 元未发", 9000 + n));
        let response = app.post_json("/api/v1/complaints", &complaint).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        let filed: Value = response.json().await.unwrap();
        ids.push(app.ticket_id(filed["ticket_no"].as_str().unwrap()).await);
    }
    let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
    for id in &ids {
        assert_eq!(caseworker.accept(id).await.status(), 303);
    }

    driver.sign_in(&app, CASEWORKER).await;
    driver.goto(&app.url(&format!("/staff/tickets/{}", ids[0]))).await;
    for id in &ids[1..] {
        driver.click(&format!("#join-{id}")).await;
    }
    driver.follow("#join-group").await;
    assert!(driver.text("#notice").await.contains('3'));
    assert_eq!(driver.texts("#case-group tbody tr").await.len(), 3);
    driver.type_into("#case-group-reply", "经调查，公司已于本月补发全部拖欠工资。").await;
    driver.follow("#group-reply").await;
    assert!(driver.text("#notice").await.starts_with("已答复 3 张工单"), "{}", driver.text("#notice").await);
    for id in &ids {
        assert_eq!(app.state_of(id).await, "replied");
    }

    driver.sign_out_everywhere().await;
    driver.sign_in(&app, AGENT).await;
    driver.goto(&app.url("/staff/calls")).await;
    assert_eq!(driver.texts("#calls tbody tr").await.len(), 3, "a call-back for each reply");
    driver.follow("#calls tbody tr a").await;
    driver.follow("#call-reveal").await;
    assert!(driver.text("#call-mobile").await.starts_with("139000050"), "the number to call, whole");
    driver.click("#outcome-satisfied").await;
    driver.type_into("#call-note", "工资已到账").await;
    driver.follow("#call-record").await;
    assert_eq!(driver.text("#notice").await, "已记录本次回访。");
    assert_eq!(driver.text("#call-state").await, "已回访");

    // The supervisor finds the company among the employers at risk of its
    // district, and behind it the three tickets.
    driver.sign_out_everywhere().await;
    driver.sign_in(&app, SUPERVISOR).await;
    driver.follow("nav #nav-hotspots").await;
    assert_eq!(driver.text("h1").await, "风险预警：被多次投诉的用人单位");
    driver.click("select[name='district'] option[value='310104']").await;
    driver.follow("form.filters button[type='submit']").await;
    assert!(driver.url().await.contains("district=310104"), "{}", driver.url().await);
    assert_eq!(driver.texts("#hotspots .hotspot td:first-child").await, ["上海某某科技有限公司"]);
    assert_eq!(driver.text("#hotspots .complaints").await, "3");
    driver.follow("#hotspots a.hotspot-tickets").await;
    assert_eq!(driver.texts("#tickets tbody tr").await.len(), 3, "the employer's three tickets");
    driver.quit().await;
    assert_eq!(app.count("SELECT COUNT(*) FROM satisfaction_calls WHERE state = 'reached'").await, 1);
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

/// A hotline agent files a letter for a caller: the form with the
/// screening questions, the channel and the day it arrived; the record read
/// back, switched to English on the way without losing a value; the ticket
/// number; and the staff header on every page, its links still working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hotline_agent_files_a_letter_for_a_caller_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();

    driver.sign_in(&app, AGENT).await;
    assert_eq!(driver.path().await, "/staff/intake", "an agent starts on the intake");
    driver.assert_staff_header("话务员 陈静", "intake").await;

    driver.click("input[name='screening.in_legal_procedure'][value='no']").await;
    driver.click("input[name='screening.topic'][value='social_security']").await;
    driver.click("input[name='screening.settled_without_new_facts'][value='no']").await;
    driver.click("#channel option[value='letter']").await;
    driver.type_date("#received_on", "2026-11-20").await;
    driver.click("#category option[value='policy_execution']").await;
    driver.click("#district option[value='310104']").await;
    let typed = [
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
    ];
    for (id, text) in typed {
        driver.type_into(&format!("#{id}"), text).await;
    }
    driver.click("#respondent-kind option[value='employer']").await;
    driver.follow("#complaint-form button[type='submit']").await;

    // The record read back to the caller, under the staff header.
    assert_eq!(driver.text("h1").await, "请核对您的投诉");
    driver.assert_staff_header("话务员 陈静", "review").await;
    let read_back = driver.texts("dl.pairs dd").await;
    assert!(read_back.iter().any(|v| v == "来信"), "the channel read back: {read_back:?}");
    assert!(read_back.iter().any(|v| v.starts_with("2026-11-20")), "the day received read back: {read_back:?}");
    let kept = |shown: &[String]| typed.iter().all(|(_, value)| shown.iter().any(|v| v.replace(' ', "") == *value));
    assert!(kept(&read_back), "every value typed is read back: {read_back:?}");

    // The header's language switch resubmits the record: the same review, in English.
    driver.follow("nav button.lang-switch[form='review-form']").await;
    assert_eq!(
        driver.text_becomes("h1", "Check your complaint").await,
        "Check your complaint",
        "switching language on the review page shows the review again, not the form"
    );
    let lang = driver.script("return document.documentElement.lang;", json!([])).await;
    assert_eq!(lang, "en");
    driver.assert_staff_header("话务员 陈静", "review in English").await;
    let in_english = driver.texts("dl.pairs dd").await;
    assert_eq!(in_english.len(), read_back.len(), "the same rows: {in_english:?}");
    assert!(in_english.iter().any(|v| v == "Letter"), "the channel, in English: {in_english:?}");
    assert!(in_english.iter().any(|v| v.starts_with("2026-11-20")), "the day received kept: {in_english:?}");
    assert!(kept(&in_english), "no value lost in the switch: {in_english:?}");

    driver.follow("#confirm").await;
    let shown = driver.text("#ticket-no").await;
    let ticket_no = TicketNo::parse(&shown).expect("the filed page shows a valid ticket number");
    assert_eq!(ticket_no.date(), chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(), "numbered by its arrival");
    assert_eq!(driver.text("#department").await, "Labour-Security Inspection Brigade");
    driver.assert_staff_header("话务员 陈静", "filed").await;

    // The header's link leads back to a new intake, not to a refusal.
    driver.follow("nav a[href='/staff/intake']").await;
    assert_eq!(driver.path().await, "/staff/intake");
    assert_eq!(driver.text("h1").await, "Your complaint", "the intake form, not an error page");
    assert!(driver.has("#complaint-form input[name='screening.topic']").await);
    driver.assert_staff_header("话务员 陈静", "the next intake").await;

    driver.follow("nav #sign-out").await;
    assert_eq!(driver.path().await, "/");
    assert!(!driver.has("#sign-out").await, "signed out, the header is the public one");
    assert!(driver.has("nav a[href='/staff']").await);
    driver.quit().await;

    let stored: String = sqlx::query_scalar("SELECT ticket_no FROM tickets").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(stored, ticket_no.as_str());
}

/// A supervisor starts from the queue with one extension request waiting:
/// the header counts it; the dashboard shows what nobody holds and each
/// figure leads to its tickets; the inbox shows the request with its reason
/// and approving it empties the inbox; the period reports open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_approves_an_extension_and_reads_the_figures_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let worked = app.file_a_ticket().await;
    let waiting = app.file_a_ticket().await;
    let caseworker = app.sign_in_as(CASEWORKER).await;
    caseworker.take_on(&worked.id).await;
    assert_eq!(caseworker.request_extension(&worked.id, "20", "需调取银行流水").await.status(), 303);

    driver.sign_in(&app, SUPERVISOR).await;
    assert_eq!(driver.path().await, "/staff", "a supervisor starts on the queue");
    driver.assert_staff_header("督办员 郑华", "queue").await;
    assert_eq!(driver.text("nav #pending-approvals").await, "1", "one request waits for a decision");

    driver.follow("nav a[href='/staff/dashboard']").await;
    assert_eq!(driver.text("h1").await, "督办看板");
    driver.assert_staff_header("督办员 郑华", "dashboard").await;
    let holders = driver.texts("#by-caseworker tbody th").await;
    assert_eq!(holders, ["监察员 周斌", "未分派"], "who holds the open tickets");
    // The unassigned row's first figure: the open tickets nobody holds.
    let figure = driver
        .script(
            "const row = [...document.querySelectorAll('#by-caseworker tbody tr')]
                 .find(r => r.querySelector('th').innerText.trim() === arguments[0]);
             const link = row.querySelector('td a');
             return [link.getAttribute('href'), link.innerText.trim()];",
            json!(["未分派"]),
        )
        .await;
    let (href, count) = (figure[0].as_str().unwrap(), figure[1].as_str().unwrap());
    assert_eq!(count, "1", "one open ticket is unassigned");
    driver.follow(&format!("#by-caseworker a[href=\"{href}\"]")).await;
    assert_eq!(driver.path().await, href, "the figure leads to its list");
    let listed = driver.texts("#tickets tbody tr td:first-child").await;
    assert_eq!(listed, [waiting.no.as_str()], "the list holds the ticket nobody holds");

    driver.follow("nav #nav-approvals").await;
    assert_eq!(driver.path().await, "/staff/approvals");
    let requests = driver.texts("#approvals tbody tr").await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0].contains(&worked.no), "the ticket: {}", requests[0]);
    assert!(
        requests[0].contains("需调取银行流水") && requests[0].contains("20 天"),
        "the reason and the days: {}",
        requests[0]
    );
    driver.follow("#approvals button[name='decision'][value='approve']").await;
    let notice = driver.text("#notice").await;
    assert!(notice.starts_with(&format!("已批准工单 {} 的延期申请，处理决定时限延长至 ", worked.no)), "{notice}");
    assert_eq!(driver.text("#approvals-empty").await, "没有待审批的延期申请。");
    assert!(!driver.has("nav #pending-approvals").await, "nothing waits any more");

    driver.follow("nav a[href='/staff/reports']").await;
    assert_eq!(driver.text("h1").await, "统计报表");
    driver.assert_staff_header("督办员 郑华", "reports").await;
    let departments = driver.texts("#period tbody th").await;
    assert!(departments.iter().any(|d| d == "劳动保障监察总队"), "the period by department: {departments:?}");
    driver.quit().await;

    let state: String = sqlx::query_scalar("SELECT extension_state FROM tickets WHERE id = $1")
        .bind(&worked.id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(state, "approved");
}

/// An administrator starts on the holiday calendar and declares a day off;
/// tries a sample complaint against the routing rules and reads where it
/// goes, by name; and opens the bureau's categories and accounts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_keeps_the_calendar_and_tries_the_routing_in_headless_chromium() {
    let Some(driver) = Driver::start().await else { return };
    let app = spawn_app(Backend::Sqlite).await.unwrap();

    driver.sign_in(&app, ADMIN).await;
    assert_eq!(driver.path().await, "/admin/calendar", "an administrator starts on the calendar");
    assert_eq!(driver.text("h1").await, "节假日日历");
    driver.assert_staff_header("管理员 王磊", "calendar").await;

    driver.type_date("#date", "2026-12-09").await;
    driver.click("input[name='kind'][value='holiday']").await;
    driver.type_into("#name_zh", "临时休息日").await;
    driver.type_into("#name_en", "Extra day off").await;
    driver.follow("form.panel[action='/admin/calendar'] button[type='submit']").await;
    assert!(driver.text("#message").await.starts_with("日历已更新。"), "the calendar says it was saved");
    let days = driver.texts("table tbody tr").await;
    assert!(
        days.iter().any(|d| d.contains("2026-12-09") && d.contains("临时休息日") && d.contains("法定节假日")),
        "the day off is listed: {days:?}"
    );

    driver.follow("nav a[href='/admin/routing']").await;
    assert_eq!(driver.text("h1").await, "分派规则");
    driver.assert_staff_header("管理员 王磊", "routing").await;
    for select in ["#try-category", "#new-category"] {
        let options = driver
            .script(
                "return [...document.querySelectorAll(arguments[0] + ' option')]
                     .filter(o => o.value !== '').map(o => [o.value, o.innerText.trim()]);",
                json!([select]),
            )
            .await;
        for option in options.as_array().unwrap() {
            let (key, name) = (option[0].as_str().unwrap(), option[1].as_str().unwrap());
            assert!(name != key && !name.contains('_'), "{select}: the category {key} is shown by name, not {name}");
        }
    }
    let policy = driver.text("#try-category option[value='policy_execution']").await;
    assert_eq!(policy, "政策执行偏差");

    driver.click("#try-category option[value='policy_execution']").await;
    driver.click("#try-district option[value='310104']").await;
    driver.click("#try-kind option[value='employer']").await;
    driver.click("#try-channel option[value='web']").await;
    driver.replace_text("#try-facts", "拖欠养老保险").await;
    driver.follow("form#try button[type='submit']").await;
    assert!(driver.url().await.ends_with("#outcome"), "the page opens at the outcome: {}", driver.url().await);
    let outcome = driver.text("#outcome").await;
    assert!(outcome.contains("劳动保障监察总队"), "the department by name: {outcome}");
    assert!(!outcome.contains("labour_inspection"), "not by its key: {outcome}");
    assert_eq!(driver.value("#try-category").await, "policy_execution", "the sample is kept");
    assert_eq!(driver.value("#try-facts").await, "拖欠养老保险");

    driver.follow("nav a[href='/admin/bureau']").await;
    assert_eq!(driver.text("h1").await, "机构、类别与账号");
    driver.assert_staff_header("管理员 王磊", "bureau").await;
    assert_eq!(driver.text("#category-policy_execution h3").await, "政策执行偏差");
    let accounts = driver.texts("#users tbody tr").await;
    assert!(accounts.iter().any(|a| a.contains("督办员 郑华")), "the accounts: {accounts:?}");
    driver.quit().await;
}

/// The language switch on an English phone page reads 中文 on one line,
/// whichever page: the citizen's pages, the form (where the switch is a
/// button that resubmits it) and the status page, there with a request for
/// evidence and its forms.
mod language_switch_on_a_phone {
    use super::Driver;
    use crate::helpers::{TestApp, CASEWORKER};

    crate::on_both_backends!(the_switch_to_chinese_stays_on_one_line_on_an_english_phone_page);

    async fn the_switch_to_chinese_stays_on_one_line_on_an_english_phone_page(app: TestApp) {
        let Some(driver) = Driver::start_phone().await else { return };
        let ticket = app.file_a_ticket().await;
        let no = ticket.no.clone();
        let caseworker = app.sign_in_elsewhere(CASEWORKER).await;
        caseworker.take_on(&ticket.id).await;
        assert_eq!(caseworker.request_evidence(&ticket.id, "请提供劳动合同和近三个月的工资条").await.status(), 303);
        driver.goto(&app.url("/lang/en?next=/")).await;
        assert_eq!(driver.text("nav .lang-switch").await, "中文", "the home page, in English");
        driver.assert_fits_a_phone("nav .lang-switch", "home").await;
        for (path, page) in [
            ("/track", "tracking"),
            ("/complaints/new", "screening"),
            (
                "/complaints/new/details?screening.in_legal_procedure=no&screening.topic=social_security\
                 &screening.settled_without_new_facts=no",
                "the form",
            ),
        ] {
            driver.goto(&app.url(path)).await;
            driver.assert_fits_a_phone("nav .lang-switch", page).await;
        }
        driver.goto(&app.url(&format!("/track?ticket_no={no}"))).await;
        driver.type_into("#mobile", "13812345678").await;
        driver.follow("form[action='/track'] button[type='submit']").await;
        assert_eq!(driver.text_becomes("#ticket-no", &no).await, no);
        driver.assert_fits_a_phone("nav .lang-switch", "status").await;
        driver.assert_fits_a_phone("#evidence-until", "the request for evidence").await;
        driver.quit().await;
    }
}
