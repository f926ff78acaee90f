//! Staff accounts in a bureau started without the demo: the operator adds
//! the first administrator from the command line, invites a caseworker who
//! sets a password through a one-time link, sends reset links and disables
//! accounts; a password someone else chose is replaced at first sign-in.

use crate::helpers::{default_now, Account, Browser, LogCapture, Page, TestApp, ADMIN, CASEWORKER};
use chrono::Duration;
use hotline::cli::Terminal;
use hotline::config::Config;
use hotline::domain::bureau::{Department, DepartmentId, DepartmentKind, Names};
use hotline::domain::invitation::LinkToken;
use hotline::store::bureau_state;

crate::on_both_backends!(
    configure = |config| config.seed_demo = false;
    an_empty_bureau_gets_its_first_administrator_from_the_command_line,
    an_invited_caseworker_sets_a_password_through_the_link_and_signs_in,
    an_expired_link_and_a_replaced_link_set_nothing,
);

mod with_the_demo {
    use super::*;

    crate::on_both_backends!(
        disabling_from_the_command_line_ends_access_at_once,
        a_password_an_administrator_chose_is_replaced_at_first_sign_in,
        an_administrator_hands_a_member_a_reset_link,
    );
}

/// The public address the command prints links under, in these stories.
const PUBLIC: &str = "https://12333.example.gov.cn";

/// The login the stories' operator runs commands as.
const OPERATOR: &str = "ops.wang";

/// Runs `hotline ARGS` against the app's database with `stdin` piped in:
/// what it printed, or its error.
async fn hotline(app: &TestApp, args: &[&str], stdin: &str) -> Result<String, String> {
    let vars = [
        ("DATABASE_URL", app.database_url().to_string()),
        ("DATA_KEY", app.data_key.clone()),
        ("PUBLIC_BASE_URL", format!("{PUBLIC}/")),
    ];
    let config = Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())).unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let mut input = stdin.as_bytes();
    let mut output = Vec::new();
    let mut terminal = Terminal {
        operator: OPERATOR.into(),
        clock: &app.clock,
        input: &mut input,
        interactive: false,
        output: &mut output,
    };
    let result = hotline::cli::run_with(&config, &args, &mut terminal).await;
    drop(terminal);
    let printed = String::from_utf8(output).unwrap();
    result.map(|()| printed).map_err(|e| e.to_string())
}

/// The path of the one link the command printed, checked to be under the
/// public address.
fn link_path(printed: &str) -> String {
    let links: Vec<&str> = printed.lines().filter(|l| l.starts_with("https://")).collect();
    assert_eq!(links.len(), 1, "one link printed: {printed}");
    let path = links[0].strip_prefix(PUBLIC).expect("under PUBLIC_BASE_URL, without a doubled slash");
    assert!(path.starts_with("/staff/invitation/"), "{path}");
    path.to_string()
}

/// The sign-in form posted by a browser of its own.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> (Browser, reqwest::Response) {
    let browser = app.new_browser();
    let token = browser.sign_in_token().await;
    let response = browser.sign_in(username, password, &token).await;
    (browser, response)
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

async fn add_department(app: &TestApp, id: &str) {
    let department = Department {
        id: DepartmentId::parse(id).unwrap(),
        kind: DepartmentKind::Inspection,
        name: Names { zh: "劳动保障监察支队".into(), en: "Labour-Security Inspection Brigade".into() },
        district: None,
        active: true,
    };
    let mut conn = app.db.pool().acquire().await.unwrap();
    bureau_state::insert_department(&mut conn, &department).await.unwrap();
}

async fn an_empty_bureau_gets_its_first_administrator_from_the_command_line(app: TestApp) {
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "nobody can sign in yet");
    let add = ["users", "add", "chief", "--role", "admin", "--name", "局管理员 王芳"];

    // The password comes from standard input and meets the policy.
    let short = hotline(&app, &add, "Short-pw-1\n").await.unwrap_err();
    assert!(short.contains("at least 12 characters"), "{short}");
    let guessable = hotline(&app, &add, "hotlinehotline\n").await.unwrap_err();
    assert!(guessable.contains("too easy to guess"), "{guessable}");
    let on_the_command_line = [&add[..], &["--password", "Quiet-Lantern-Harbor-73"]].concat();
    let refused = hotline(&app, &on_the_command_line, "").await.unwrap_err();
    assert!(refused.contains("never given on the command line"), "{refused}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0, "nothing was added");

    let printed = hotline(&app, &add, "Quiet-Lantern-Harbor-73\n").await.unwrap();
    assert!(printed.starts_with("added chief (admin)"), "{printed}");
    assert!(!printed.contains("Quiet-Lantern-Harbor-73"));
    let (actor_kind, actor_id, detail): (String, String, String) = sqlx::query_as(
        "SELECT actor_kind, actor_id, detail FROM audit_log WHERE action = 'user_created' ORDER BY id DESC",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((actor_kind.as_str(), actor_id.as_str()), ("operator", OPERATOR), "the operator is named");
    assert!(detail.starts_with("chief (admin"), "{detail}");

    // Clear refusals.
    let duplicate = hotline(&app, &add, "Another-Quiet-Harbor-74\n").await.unwrap_err();
    assert!(duplicate.contains("\"chief\" is taken"), "{duplicate}");
    let role = hotline(&app, &["users", "add", "li", "--role", "boss", "--name", "李"], "").await.unwrap_err();
    assert!(role.contains("\"boss\" is not a role"), "{role}");
    let args = ["users", "add", "li", "--role", "caseworker", "--name", "李", "--department", "nowhere"];
    let department = hotline(&app, &args, "Velvet-Orchid-Tram-58\n").await.unwrap_err();
    assert!(department.contains("no department \"nowhere\""), "{department}");
    let args = ["users", "add", "li", "--role", "caseworker", "--name", "李"];
    let homeless = hotline(&app, &args, "Velvet-Orchid-Tram-58\n").await.unwrap_err();
    assert!(homeless.contains("--department"), "{homeless}");
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);

    // The operator chose the password: the administrator replaces it first.
    let (browser, signed_in) = sign_in(&app, "chief", "Quiet-Lantern-Harbor-73").await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(location(&signed_in), "/staff/password");
    let elsewhere = browser.get("/admin/bureau").await;
    assert_eq!((elsewhere.status().as_u16(), location(&elsewhere)), (303, "/staff/password"), "nothing else first");
    let form = browser.page("/staff/password").await;
    assert!(form.text_of("password-required").contains("由他人设定"), "the page says why");
    let csrf = form.hidden_field("csrf_token");
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("current", "Quiet-Lantern-Harbor-73"),
        ("new", "Marble-Kite-Juniper-19"),
        ("repeated", "Marble-Kite-Juniper-19"),
    ];
    let changed = browser.post_form("/staff/password", &fields).await;
    assert_eq!((changed.status().as_u16(), location(&changed)), (303, "/staff/login"));

    let (browser, signed_in) = sign_in(&app, "chief", "Marble-Kite-Juniper-19").await;
    assert_eq!(location(&signed_in), "/admin/calendar", "the administrator's own home");
    let bureau = browser.page("/admin/bureau").await;
    assert!(bureau.contains("局管理员 王芳"), "the administrator is at work");
    assert!(bureau.contains("至少 12 个字符"), "the label says the real minimum");
}

async fn an_invited_caseworker_sets_a_password_through_the_link_and_signs_in(app: TestApp) {
    add_department(&app, "inspection_brigade").await;
    let args = [
        "users",
        "add",
        "zhou",
        "--role",
        "caseworker",
        "--name",
        "监察员 周斌",
        "--department",
        "inspection_brigade",
        "--invite",
    ];
    let printed = hotline(&app, &args, "").await.unwrap();
    assert!(printed.contains("valid once until"), "{printed}");
    let path = link_path(&printed);

    // The bureau keeps the token's digest, never the token.
    let token = LinkToken::parse(path.trim_start_matches("/staff/invitation/")).expect("a token");
    let (digest, purpose): (String, String) =
        sqlx::query_as("SELECT token_digest, purpose FROM invitations").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!((digest, purpose.as_str()), (token.digest(), "invite"));
    let stored = app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%{}%'", token.as_str())).await;
    assert_eq!(stored, 0, "nor in the audit trail");

    // No password works until the member chooses one.
    let (_, before) = sign_in(&app, "zhou", "").await;
    assert_eq!(before.status(), 401);

    let logs = LogCapture::start();
    let member = app.new_browser();
    let form = member.page(&path).await;
    assert_eq!(form.field_value("username"), "zhou");
    assert!(form.contains("监察员 周斌"));
    let weak = member.post_form(&path, &[("new", "password1234"), ("repeated", "password1234")]).await;
    assert_eq!(weak.status(), 422);
    let weak = Page::of(weak).await;
    assert!(weak.text_of("new-error").contains("太容易被猜中"), "the reason stands beside the field");
    assert_eq!(weak.attr("#new", "aria-describedby"), "new-error");
    assert!(!weak.contains("password1234"), "a password is never echoed");
    let differ =
        member.post_form(&path, &[("new", "Cobalt-Fern-Atlas-62"), ("repeated", "Cobalt-Fern-Atlas-63")]).await;
    assert_eq!(differ.status(), 422);
    assert!(Page::of(differ).await.text_of("repeated-error").contains("不一致"));

    let done = member.post_form(&path, &[("new", "Cobalt-Fern-Atlas-62"), ("repeated", "Cobalt-Fern-Atlas-62")]).await;
    assert_eq!(done.status(), 200);
    assert!(done.headers().get("set-cookie").is_none(), "the link signs nobody in");
    assert!(Page::of(done).await.text_of("link-message").contains("请使用您的用户名和新密码登录"));
    assert_eq!(member.get("/staff").await.status(), 303, "not signed in");
    let text = logs.text();
    assert!(text.contains("/staff/invitation/…"), "the route is logged: {}", &text[..text.len().min(500)]);
    assert!(!text.contains(token.as_str()), "the token is not");

    // Chosen by the member: no change is asked at sign-in.
    let (desk, signed_in) = sign_in(&app, "zhou", "Cobalt-Fern-Atlas-62").await;
    assert_eq!(location(&signed_in), "/staff");
    assert_eq!(desk.get("/staff").await.status(), 200);
    let set: String = sqlx::query_scalar("SELECT actor_id FROM audit_log WHERE action = 'password_set_by_link'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let zhou: String =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'zhou'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(set, zhou, "the member set it, and the trail says so");

    // Used once, the link is closed for good.
    let again = member.get(&path).await;
    assert_eq!(again.status(), 410);
    assert!(Page::of(again).await.text_of("link-message").contains("只能设置一次密码"));
    let reused = member.post_form(&path, &[("new", "Other-Fern-Atlas-64"), ("repeated", "Other-Fern-Atlas-64")]).await;
    assert_eq!(reused.status(), 410);
    let (_, old) = sign_in(&app, "zhou", "Cobalt-Fern-Atlas-62").await;
    assert_eq!(old.status(), 303, "the password set first stands");
    let unknown = member.get("/staff/invitation/not-a-token").await;
    assert_eq!(unknown.status(), 404);
}

async fn an_expired_link_and_a_replaced_link_set_nothing(app: TestApp) {
    let add = ["users", "add", "sun", "--role", "supervisor", "--name", "科长 孙", "--invite"];
    let first = link_path(&hotline(&app, &add, "").await.unwrap());

    // A reset replaces the invitation still open.
    let reset = hotline(&app, &["users", "reset-password", "sun"], "").await.unwrap();
    assert!(reset.starts_with("reset link for sun"), "{reset}");
    let second = link_path(&reset);
    let member = app.new_browser();
    let replaced = member.get(&first).await;
    assert_eq!(replaced.status(), 410);
    assert!(Page::of(replaced).await.text_of("link-message").contains("旧链接即失效"));
    assert_eq!(member.get(&second).await.status(), 200);

    // A day later the link has expired.
    app.clock.set(default_now() + Duration::hours(24));
    let expired = member.get(&second).await;
    assert_eq!(expired.status(), 410);
    assert!(Page::of(expired).await.contains("链接已过期"));
    let late =
        member.post_form(&second, &[("new", "Harbor-Quill-Mosaic-27"), ("repeated", "Harbor-Quill-Mosaic-27")]).await;
    assert_eq!(late.status(), 410);
    assert_eq!(app.count("SELECT COUNT(*) FROM invitations WHERE used_at IS NOT NULL").await, 0);
    let (_, refused) = sign_in(&app, "sun", "Harbor-Quill-Mosaic-27").await;
    assert_eq!(refused.status(), 401, "no password was set");

    let missing = hotline(&app, &["users", "reset-password", "nobody"], "").await.unwrap_err();
    assert!(missing.contains("no account \"nobody\""), "{missing}");
}

async fn disabling_from_the_command_line_ends_access_at_once(app: TestApp) {
    let desk = app.sign_in_as(CASEWORKER).await;
    assert_eq!(desk.get("/staff").await.status(), 200);

    let printed = hotline(&app, &["users", "disable", "caseworker"], "").await.unwrap();
    assert_eq!(printed.trim(), "disabled caseworker; 1 session(s) ended");
    let after = desk.get("/staff").await;
    assert_eq!((after.status().as_u16(), location(&after)), (303, "/staff/login"), "signed out at once");
    let (_, again) = sign_in(&app, CASEWORKER.username, CASEWORKER.password).await;
    assert_eq!(again.status(), 401, "and cannot sign in again");
    let (actor_kind, actor_id): (String, String) =
        sqlx::query_as("SELECT actor_kind, actor_id FROM audit_log WHERE action = 'user_deactivated'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((actor_kind.as_str(), actor_id.as_str()), ("operator", OPERATOR));

    let twice = hotline(&app, &["users", "disable", "caseworker"], "").await.unwrap();
    assert_eq!(twice.trim(), "caseworker was disabled already");
    let no_link = hotline(&app, &["users", "reset-password", "caseworker"], "").await.unwrap_err();
    assert!(no_link.contains("disabled"), "{no_link}");
    let nobody = hotline(&app, &["users", "disable", "nobody"], "").await.unwrap_err();
    assert!(nobody.contains("no account"), "{nobody}");
}

async fn a_password_an_administrator_chose_is_replaced_at_first_sign_in(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let new_user = [
        ("username", "wu"),
        ("display_name", "养老保险 吴桐"),
        ("role", "caseworker"),
        ("department_id", "pension"),
        ("password", "Granite-Sparrow-Violet-31"),
    ];
    assert_eq!(admin.create_user(&new_user).await.status(), 303);

    let (browser, signed_in) = sign_in(&app, "wu", "Granite-Sparrow-Violet-31").await;
    assert_eq!(location(&signed_in), "/staff/password");
    for elsewhere in ["/staff", "/staff/dashboard", "/staff/tickets/any"] {
        let response = browser.get(elsewhere).await;
        assert_eq!((response.status().as_u16(), location(&response)), (303, "/staff/password"), "{elsewhere}");
    }
    let api = browser.get("/api/v1/reports/clocks").await;
    assert_eq!(api.status(), 403, "the API says so instead of redirecting");
    let page = browser.page("/staff/password").await;
    assert!(page.has("#password-required"));
    assert!(page.contains("至少 12 个字符"), "the label says the real minimum");
    let csrf = page.hidden_field("csrf_token");
    let same = [
        ("csrf_token", csrf.as_str()),
        ("current", "Granite-Sparrow-Violet-31"),
        ("new", "Granite-Sparrow-Violet-31"),
        ("repeated", "Granite-Sparrow-Violet-31"),
    ];
    assert_eq!(browser.post_form("/staff/password", &same).await.status(), 422, "their own means a new one");
    let own = [
        ("csrf_token", csrf.as_str()),
        ("current", "Granite-Sparrow-Violet-31"),
        ("new", "Copper-Meadow-Lantern-84"),
        ("repeated", "Copper-Meadow-Lantern-84"),
    ];
    assert_eq!(browser.post_form("/staff/password", &own).await.status(), 303);

    let desk = app.sign_in_elsewhere(Account::new("wu", "Copper-Meadow-Lantern-84")).await;
    assert_eq!(desk.get("/staff").await.status(), 200, "at work");
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE must_change_password = 1").await, 0);
}

async fn an_administrator_hands_a_member_a_reset_link(app: TestApp) {
    let admin = app.sign_in_as(ADMIN).await;
    let id: String = sqlx::query_scalar("SELECT id FROM users WHERE username = 'caseworker'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let bureau = admin.page("/admin/bureau").await;
    assert!(bureau.has(&format!("form[action='/admin/users/{id}/reset-link']")), "offered beside each account");

    let issued = admin.submit(&format!("/admin/users/{id}/reset-link"), &[]).await;
    assert_eq!(issued.status(), 200);
    let issued = Page::of(issued).await;
    assert!(issued.text_of("once-warning").contains("只显示一次"));
    let link = issued.text_of("reset-link");
    let path = link.strip_prefix("http://127.0.0.1:8080").expect("under the public address").to_string();
    let audited: String =
        sqlx::query_scalar("SELECT actor_id FROM audit_log WHERE action = 'password_reset_link_issued'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let admin_id: String =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(audited, admin_id);

    // The current password works until the link is used.
    let desk = app.sign_in_elsewhere(CASEWORKER).await;
    let member = app.new_browser();
    let done =
        member.post_form(&path, &[("new", "Saffron-Delta-Pebble-56"), ("repeated", "Saffron-Delta-Pebble-56")]).await;
    assert_eq!(done.status(), 200);
    assert_eq!(desk.get("/staff").await.status(), 303, "the sessions of the account end");
    let (_, old) = sign_in(&app, CASEWORKER.username, CASEWORKER.password).await;
    assert_eq!(old.status(), 401);
    app.sign_in_elsewhere(Account::new("caseworker", "Saffron-Delta-Pebble-56")).await;
}
