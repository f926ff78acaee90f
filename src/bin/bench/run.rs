//! `bench run`: starts the release server (and the hello server) as child
//! processes on loopback ports, measures the two ceilings, drives every
//! scenario in turn with the same number of clients, runs one sweeper pass,
//! and prints one table.

use crate::args::Args;
use crate::driver::{drive, Operation, Outcome};
use crate::report::{Line, Machine, Report, Sweep};
use crate::scenarios::{self, Ceiling, Context, Desk, KnownTicket, Samples, SCENARIOS};
use anyhow::{bail, Context as _};
use chrono::{Duration as Days, Utc};
use hotline::clock::china_date;
use hotline::domain::api_key::ClientKind;
use hotline::store::personal::{self, Column};
use hotline::store::seed::DEMO_USERS;
use hotline::store::{bureau, day_text, instant_text, Backend, Db};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let options = Options::parse(args)?;
    let (samples, tickets, backend) = load_samples(&options.url).await?;
    let (mut app, base, cold_start_ms) = server_under_test(&options, args.text("base-url")).await?;
    let memory = MemoryWatch::start(app.as_ref().and_then(|app| app.child.id()));
    let (_hello, hello_base) = start_hello().await?;

    let context = Arc::new(Context { base: base.clone(), samples });
    let clients = Clients::sign_in(&base, &options).await?;
    let (hello, commit) = measure_ceilings(&options, &hello_base, &clients.citizens).await?;
    let filing_in_process = if options.chosen.iter().any(|s| s.name == "file_api") {
        eprintln!("ceiling: filing without HTTP");
        Some(filing_ceiling(&options.url, &context, options.connections, options.duration).await?)
    } else {
        None
    };
    eprintln!("ceiling: hello, by wrk");
    let hello_saturated = crate::wrk::measure(&format!("{hello_base}/"), options.connections, options.duration).await;
    let lines = run_scenarios(&options, &context, &clients, app.as_mut()).await?;
    let home_saturated = if options.chosen.iter().any(|s| s.name == "home") {
        eprintln!("home, by wrk");
        crate::wrk::measure(&format!("{base}/"), options.connections, options.duration).await
    } else {
        None
    };

    let rss_hwm_kb = memory.stop();
    let sweep = if options.sweep {
        eprintln!("sweep: a day's pass in its own process");
        Some(run_sweep(&options.url).await?)
    } else {
        None
    };
    if let Some(mut app) = app {
        let _ = app.child.kill().await;
    }

    let report = Report {
        machine: Machine::describe(),
        database: match backend {
            Backend::Sqlite => "SQLite".into(),
            Backend::Postgres => "PostgreSQL".into(),
        },
        tickets,
        connections: options.connections,
        staff_connections: options.staff_connections,
        seconds: options.seconds,
        result_cache: !options.uncached,
        cold_start_ms,
        hello,
        hello_saturated,
        home_saturated,
        commit,
        filing_in_process,
        lines,
        rss_peak_kb: memory.peak_kb(),
        rss_anon_peak_kb: memory.anon_peak_kb(),
        rss_hwm_kb,
        sweep,
    };
    publish(&report, args.text("json"))
}

/// What `bench run` was asked for.
struct Options {
    url: String,
    connections: usize,
    staff_connections: usize,
    seconds: u64,
    duration: Duration,
    chosen: Vec<&'static scenarios::Scenario>,
    /// Whether the sweeper's pass is measured as well.
    sweep: bool,
    /// The started server computes every supervisor's result itself.
    uncached: bool,
}

impl Options {
    fn parse(args: &Args) -> anyhow::Result<Options> {
        let url = args.required("database-url")?.to_string();
        let connections: usize = args.number("connections", 32)?;
        // The staff side is a few supervisors and caseworkers at once, not a
        // crowd: the targets speak of eight supervisors.
        let staff_connections: usize = args.number("staff-connections", 8)?;
        let seconds: u64 = args.number("seconds", 10)?;
        anyhow::ensure!(
            connections > 0 && staff_connections > 0 && seconds > 0,
            "--connections, --staff-connections and --seconds must be positive"
        );
        let only = args.text("only");
        let chosen = chosen_scenarios(only)?;
        let sweep = only.is_none() || chosen_names(only).contains(&"sweep");
        Ok(Options {
            url,
            connections,
            staff_connections,
            seconds,
            duration: Duration::from_secs(seconds),
            chosen,
            sweep,
            uncached: args.switch("uncached"),
        })
    }

    fn needs(&self, desk: Desk) -> bool {
        self.chosen.iter().any(|s| s.desk == desk)
    }
}

/// The server at `--base-url`, or else a release server started here, whose
/// cold start (in milliseconds) is then measured too.
async fn server_under_test(
    options: &Options,
    base_url: Option<&str>,
) -> anyhow::Result<(Option<App>, String, Option<f64>)> {
    match base_url {
        Some(base) => Ok((None, base.trim_end_matches('/').to_string(), None)),
        None => {
            let settings: &[(&str, &str)] = if options.uncached { &[("RESULT_CACHE", "off")] } else { &[] };
            let app = start_app_with(&options.url, settings).await?;
            let base = app.base.clone();
            let cold_start_ms = app.cold_start.as_secs_f64() * 1000.0;
            Ok((Some(app), base, Some(cold_start_ms)))
        }
    }
}

/// The started server's memory while the scenarios run; nothing is watched
/// when the server runs elsewhere.
pub(crate) struct MemoryWatch {
    pid: Option<u32>,
    rss_peak: Arc<AtomicU64>,
    anon_peak: Arc<AtomicU64>,
    sampler: Option<tokio::task::JoinHandle<()>>,
}

impl MemoryWatch {
    pub(crate) fn start(pid: Option<u32>) -> MemoryWatch {
        let rss_peak = Arc::new(AtomicU64::new(0));
        let anon_peak = Arc::new(AtomicU64::new(0));
        let sampler = pid.map(|pid| tokio::spawn(sample_rss(pid, rss_peak.clone(), anon_peak.clone())));
        MemoryWatch { pid, rss_peak, anon_peak, sampler }
    }

    /// Stops sampling and returns the kernel's own high-water mark of the
    /// resident set, which also counts peaks between two samples.
    pub(crate) fn stop(&self) -> Option<u64> {
        let hwm_kb = self.pid.and_then(|pid| proc_status_kb(pid, "VmHWM"));
        if let Some(sampler) = &self.sampler {
            sampler.abort();
        }
        hwm_kb
    }

    pub(crate) fn peak_kb(&self) -> Option<u64> {
        Some(self.rss_peak.load(Ordering::Relaxed)).filter(|kb| *kb > 0)
    }

    pub(crate) fn anon_peak_kb(&self) -> Option<u64> {
        Some(self.anon_peak.load(Ordering::Relaxed)).filter(|kb| *kb > 0)
    }
}

/// One browser per connection for each desk; staff browsers are signed in
/// only when a chosen scenario works at that desk.
struct Clients {
    citizens: Vec<reqwest::Client>,
    caseworkers: Vec<reqwest::Client>,
    supervisors: Vec<reqwest::Client>,
}

impl Clients {
    async fn sign_in(base: &str, options: &Options) -> anyhow::Result<Clients> {
        let citizens = (0..options.connections).map(|_| scenarios::browser()).collect();
        let staff = options.staff_connections;
        let caseworkers = signed_in(base, staff, "caseworker", options.needs(Desk::Caseworker)).await?;
        let supervisors = signed_in(base, staff, "supervisor", options.needs(Desk::Supervisor)).await?;
        Ok(Clients { citizens, caseworkers, supervisors })
    }

    fn at(&self, desk: Desk) -> Vec<reqwest::Client> {
        match desk {
            Desk::Citizen => self.citizens.clone(),
            Desk::Caseworker => self.caseworkers.clone(),
            Desk::Supervisor => self.supervisors.clone(),
        }
    }
}

/// The trivial HTTP route always; a bare commit only when a chosen scenario
/// is compared with it.
async fn measure_ceilings(
    options: &Options,
    hello_base: &str,
    citizens: &[reqwest::Client],
) -> anyhow::Result<(Option<Outcome>, Option<Outcome>)> {
    eprintln!("ceiling: hello");
    let hello = Some(http_ceiling(hello_base, citizens, options.duration).await);
    let commit = if options.chosen.iter().any(|s| s.ceiling == Ceiling::Commit) {
        eprintln!("ceiling: commit");
        Some(commit_ceiling(&options.url, options.connections, options.duration).await?)
    } else {
        None
    };
    Ok((hello, commit))
}

/// Drives each chosen scenario in turn, stopping if the started server died
/// during one.
async fn run_scenarios(
    options: &Options,
    context: &Arc<Context>,
    clients: &Clients,
    mut app: Option<&mut App>,
) -> anyhow::Result<Vec<Line>> {
    let mut lines = Vec::new();
    for scenario in &options.chosen {
        eprintln!("scenario: {} ({})", scenario.name, scenario.what);
        let clients = clients.at(scenario.desk);
        let (context, kind) = (context.clone(), scenario.kind);
        let outcome = drive(clients.len(), options.duration, move |worker, iteration| -> Operation {
            Box::pin(scenarios::once(context.clone(), clients[worker].clone(), kind, worker, iteration))
        })
        .await;
        lines.push(Line { name: scenario.name.to_string(), outcome, ceiling: Some(scenario.ceiling) });
        if let Some(app) = app.as_mut() {
            app.ensure_running(scenario.name)?;
        }
    }
    Ok(lines)
}

/// Prints the table, writes the JSON if asked, and fails the run when any
/// request failed.
fn publish(report: &Report, json_path: Option<&str>) -> anyhow::Result<()> {
    report.print();
    if let Some(path) = json_path {
        std::fs::write(path, serde_json::to_string_pretty(&report.json())?)
            .with_context(|| format!("writing {path}"))?;
    }
    let errors = report.errors();
    if errors > 0 {
        bail!("{errors} requests failed");
    }
    Ok(())
}

fn chosen_names(only: Option<&str>) -> Vec<&str> {
    only.map(|list| list.split(',').map(str::trim).filter(|n| !n.is_empty()).collect()).unwrap_or_default()
}

fn chosen_scenarios(only: Option<&str>) -> anyhow::Result<Vec<&'static scenarios::Scenario>> {
    let names = chosen_names(only);
    for name in &names {
        if *name != "sweep" && !SCENARIOS.iter().any(|s| s.name == *name) {
            let known: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
            bail!("unknown scenario {name:?}; known: {}, sweep", known.join(", "));
        }
    }
    Ok(SCENARIOS.iter().filter(|s| names.is_empty() || names.contains(&s.name)).collect())
}

/// Real ticket numbers, mobiles and names, from tickets received on days
/// spread over the history (each day an index lookup, never a full scan).
async fn load_samples(url: &str) -> anyhow::Result<(Samples, i64, Backend)> {
    let db = Db::connect(url, crate::key::data_key()?).await?;
    let backend = db.backend();
    let tickets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(db.pool())
        .await
        .context("the database has no tickets table: run `bench seed` first")?;
    if tickets == 0 {
        bail!("the database holds no tickets: run `bench seed` first");
    }
    let today = china_date(Utc::now());
    let mut rng = StdRng::seed_from_u64(42);
    let mut known = Vec::new();
    let mut names = Vec::new();
    // Bounded: up to 400 days, stopping once 1000 tickets are known.
    for _ in 0..400 {
        if known.len() >= 1000 {
            break;
        }
        let day = today - Days::days(rng.gen_range(0..730));
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, ticket_no, complainant_mobile, respondent_name, respondent_kind FROM tickets \
             WHERE received_on = $1 LIMIT 5",
        )
        .bind(day_text(day))
        .fetch_all(db.pool())
        .await?;
        for (id, ticket_no, mobile, respondent, kind) in rows {
            if kind == "employer" && names.len() < 40 && !names.contains(&respondent) {
                names.push(respondent);
            }
            let mobile = personal::open(Column::Mobile, mobile)?;
            known.push(KnownTicket { id, ticket_no, mobile });
        }
    }
    if known.is_empty() {
        bail!("no tickets received in the last two years: seed again (the history ends on the day it is seeded)");
    }
    let mut conn = db.acquire().await?;
    let districts: Vec<(String, String)> =
        bureau::districts(&mut conn).await?.into_iter().map(|d| (d.code, d.name_zh)).collect();
    drop(conn);
    let run_id = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let open311_key = register_client(&db, ClientKind::Open311, &run_id, "").await?;
    // Nothing listens there: the run's transfers are never changed, so no
    // callback is queued.
    let partner_key = register_client(&db, ClientKind::Partner, &run_id, "http://127.0.0.1:9/").await?;
    db.close().await;
    let codes: Vec<String> = districts.iter().map(|(code, _)| code.clone()).collect();
    let employers = crate::people::employers(&mut rng, &codes, 200);
    // Names and words of statements, alternately.
    let mut search_terms = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        search_terms.push(name);
        search_terms.push(crate::people::SEARCH_WORDS[i % crate::people::SEARCH_WORDS.len()].to_string());
    }
    if search_terms.is_empty() {
        search_terms = crate::people::SEARCH_WORDS.iter().map(|w| w.to_string()).collect();
    }
    let samples =
        Samples { tickets: known, search_terms, districts, employers, today, open311_key, partner_key, run_id };
    Ok((samples, tickets, backend))
}

/// A client registered for this run, as an administrator would: its key.
async fn register_client(db: &Db, kind: ClientKind, run_id: &str, callback_url: &str) -> anyhow::Result<String> {
    let name = format!("bench {} {run_id}", kind.key());
    // The partner's callbacks go to the discard port on loopback.
    let allowed = ["127.0.0.1".to_string()];
    let registered =
        hotline::services::api_clients::register(db, Utc::now(), None, &name, kind, callback_url, &allowed)
            .await
            .map_err(|e| anyhow::anyhow!("registering {name}: {e:?}"))?;
    Ok(registered.key)
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn log_file(name: &str) -> anyhow::Result<(std::fs::File, PathBuf)> {
    let path = std::env::temp_dir().join(format!("bench-{name}-{}.log", std::process::id()));
    Ok((std::fs::File::create(&path)?, path))
}

/// The release server as a child process.
pub(crate) struct App {
    pub(crate) child: Child,
    pub(crate) base: String,
    /// From spawn to the first healthy answer.
    cold_start: Duration,
    log: PathBuf,
}

impl App {
    /// Stops the run when the server is gone: what follows would measure
    /// nothing but refused connections.
    fn ensure_running(&mut self, scenario: &str) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("the app exited ({status}) during {scenario}; its log is {}", self.log.display());
        }
        Ok(())
    }
}

/// Starts the release server beside this executable, with `settings` added
/// to the run's own, and waits until it answers healthy.
pub(crate) async fn start_app_with(url: &str, settings: &[(&str, &str)]) -> anyhow::Result<App> {
    let exe = std::env::current_exe()?.with_file_name("hotline");
    if !exe.exists() {
        bail!("{} not found: build both binaries first with `cargo build --release --bins`", exe.display());
    }
    let bind = format!("127.0.0.1:{}", free_port()?);
    let (log, log_path) = log_file("hotline")?;
    let started = Instant::now();
    let mut command = Command::new(&exe);
    if let Some((name, value)) = crate::key::for_child() {
        command.env(name, value);
    }
    let child = command
        .env("DATABASE_URL", url)
        .env("BIND", &bind)
        .env("SWEEP_INTERVAL_SECONDS", "0")
        // The load is one client address filing for many people: the run
        // measures the server, not its abuse limits.
        .env("FILINGS_PER_ADDRESS", "1000000000")
        .env("FILINGS_PER_PERSON", "1000000000")
        .env("MAX_CONNECTIONS_PER_ADDRESS", "100000")
        .env("LOG", "warn")
        // Plain HTTP on loopback, with the demo accounts' passwords.
        .env("SECURE_COOKIES", "0")
        // The bench speaks as a proxy for many Open311 readers (see
        // `scenarios::reader_address`).
        .env("TRUSTED_PROXIES", "127.0.0.1")
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", exe.display()))?;
    let base = format!("http://{bind}");
    wait_until_answering(&format!("{base}/healthz"))
        .await
        .with_context(|| format!("the app did not become healthy; its log is {}", log_path.display()))?;
    Ok(App { child, base, cold_start: started.elapsed(), log: log_path })
}

pub(crate) async fn start_hello() -> anyhow::Result<(Child, String)> {
    let bind = format!("127.0.0.1:{}", free_port()?);
    let child = Command::new(std::env::current_exe()?)
        .args(["hello", "--bind", &bind])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    let base = format!("http://{bind}");
    wait_until_answering(&format!("{base}/")).await.context("the hello server did not start")?;
    Ok((child, base))
}

/// Polls every few milliseconds, for at most a minute.
async fn wait_until_answering(url: &str) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(response) = client.get(url).send().await {
            if response.status().is_success() {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    bail!("{url} did not answer 200 within a minute")
}

/// `connections` browsers signed in as one of the demo accounts.
async fn signed_in(
    base: &str,
    connections: usize,
    username: &str,
    needed: bool,
) -> anyhow::Result<Vec<reqwest::Client>> {
    if !needed {
        return Ok(Vec::new());
    }
    let (_, _, _, _, password) = DEMO_USERS
        .iter()
        .find(|(name, ..)| *name == username)
        .copied()
        .ok_or_else(|| anyhow::anyhow!("no demo account {username}"))?;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let (base, username) = (base.to_string(), username.to_string());
        tasks.spawn(async move {
            let client = scenarios::browser();
            scenarios::sign_in(&client, &base, &username, password).await.map(|()| client)
        });
    }
    let mut clients = Vec::new();
    while let Some(done) = tasks.join_next().await {
        clients.push(done??);
    }
    Ok(clients)
}

async fn http_ceiling(base: &str, clients: &[reqwest::Client], duration: Duration) -> Outcome {
    let (clients, url) = (clients.to_vec(), format!("{base}/"));
    drive(clients.len(), duration, move |worker, _| -> Operation {
        let (client, url) = (clients[worker].clone(), url.clone());
        Box::pin(async move {
            let response = client.get(url).send().await.map_err(|e| e.to_string())?;
            let status = response.status();
            response.bytes().await.map_err(|e| e.to_string())?;
            if status.is_success() {
                Ok(())
            } else {
                Err(status.to_string())
            }
        })
    })
    .await
}

/// One-row transactions on the app's own pool (same size, same SQLite
/// pragmas, `BEGIN IMMEDIATE`), into a table made and dropped for it.
async fn commit_ceiling(url: &str, connections: usize, duration: Duration) -> anyhow::Result<Outcome> {
    let db = Db::connect(url, crate::key::data_key()?).await?;
    sqlx::query("DROP TABLE IF EXISTS bench_commit_ceiling").execute(db.pool()).await?;
    sqlx::query("CREATE TABLE bench_commit_ceiling (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL)")
        .execute(db.pool())
        .await?;
    let writer = db.clone();
    let outcome = drive(connections, duration, move |_, _| -> Operation {
        let db = writer.clone();
        Box::pin(async move {
            let result: Result<(), sqlx::Error> = async {
                let mut tx = db.begin().await?;
                sqlx::query("INSERT INTO bench_commit_ceiling (id, at, body) VALUES ($1, $2, $3)")
                    .bind(uuid::Uuid::new_v4().to_string())
                    .bind(instant_text(Utc::now()))
                    .bind("公司自8月起未为我缴纳社会保险，我多次向人事部门提出，对方称资金紧张拒绝补缴")
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await
            }
            .await;
            result.map_err(|e| e.to_string())
        })
    })
    .await;
    sqlx::query("DROP TABLE bench_commit_ceiling").execute(db.pool()).await?;
    db.close().await;
    Ok(outcome)
}

/// The citizens' filing as the API handler calls it
/// (`filing::file_complaint`), with the same complaints as `file_api`, from
/// this process on a pool of its own: what a filing costs without HTTP,
/// JSON and the answer. Its tickets stay, as `file_api`'s do.
async fn filing_ceiling(
    url: &str,
    context: &Arc<Context>,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Outcome> {
    let db = Db::connect(url, crate::key::data_key()?).await?;
    let (writer, context) = (db.clone(), context.clone());
    let outcome = drive(connections, duration, move |worker, iteration| -> Operation {
        let (db, context) = (writer.clone(), context.clone());
        Box::pin(async move {
            // Iterations of their own, apart from `file_api`'s complaints.
            let input = scenarios::complaint_input(&context, worker, iteration | 1 << 40);
            let filed = hotline::store::one_connection_at_a_time(hotline::services::filing::file_complaint(
                &db,
                Utc::now(),
                &input,
                hotline::services::filing::Filer::Citizen,
                None,
                &[],
            ))
            .await;
            filed.map(|_| ()).map_err(|e| format!("{e:?}"))
        })
    })
    .await;
    db.close().await;
    Ok(outcome)
}

/// Keeps the largest resident set seen, every 100 ms, until aborted: all
/// of it, and the anonymous part (the heap, without mapped files).
async fn sample_rss(pid: u32, peak_kb: Arc<AtomicU64>, anon_peak_kb: Arc<AtomicU64>) {
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    loop {
        ticker.tick().await;
        let Some(kb) = proc_status_kb(pid, "VmRSS") else { return };
        peak_kb.fetch_max(kb, Ordering::Relaxed);
        anon_peak_kb.fetch_max(proc_status_kb(pid, "RssAnon").unwrap_or(0), Ordering::Relaxed);
    }
}

/// A `kB` field of `/proc/<pid>/status` (Linux).
pub fn proc_status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|line| {
        let value = line.strip_prefix(field)?.strip_prefix(':')?;
        value.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

async fn run_sweep(url: &str) -> anyhow::Result<Sweep> {
    let db = Db::connect(url, crate::key::data_key()?).await?;
    let notices_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications").fetch_one(db.pool()).await?;
    db.close().await;
    let output = Command::new(std::env::current_exe()?)
        .args(["sweep", "--database-url", url])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .output();
    let output =
        tokio::time::timeout(Duration::from_secs(600), output).await.context("the sweep took over 10 minutes")??;
    if !output.status.success() {
        bail!("bench sweep failed: {}", output.status);
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value = serde_json::from_str(line.trim()).context("reading bench sweep's report")?;
    let number = |name: &str| value[name].as_u64().unwrap_or(0);
    Ok(Sweep {
        notices_before,
        catch_up_ms: value["catch_up_ms"].as_f64(),
        day_ms: value["day_ms"].as_f64(),
        wall_ms: value["wall_ms"].as_f64().unwrap_or(0.0),
        peak_rss_kb: value["peak_rss_kb"].as_u64(),
        produced: number("produced"),
        resumed: number("resumed"),
        delivered: number("delivered"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_known_scenarios() {
        assert_eq!(chosen_scenarios(None).unwrap().len(), SCENARIOS.len());
        let chosen = chosen_scenarios(Some("home, file_api")).unwrap();
        assert_eq!(chosen.iter().map(|s| s.name).collect::<Vec<_>>(), ["file_api", "home"]);
        assert!(chosen_scenarios(Some("sweep")).unwrap().is_empty());
        assert!(chosen_scenarios(Some("homepage")).is_err());
    }

    #[test]
    fn this_process_has_a_resident_set() {
        assert!(proc_status_kb(std::process::id(), "VmRSS").unwrap() > 0);
        assert_eq!(proc_status_kb(std::process::id(), "NoSuchField"), None);
    }
}
