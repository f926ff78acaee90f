//! `bench seed`: the app creates and migrates the database and seeds its
//! demo bureau; then a few hundred staff accounts and a two-year history of
//! tickets go in through the real schema, in big batches.

use crate::args::Args;
use crate::bureau::{Bureau, Staff};
use crate::history::{self, History};
use crate::progress::Progress;
use crate::writer::{Batch, Writer};
use anyhow::bail;
use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use hotline::clock::china_date;
use hotline::domain::bureau::DepartmentKind;
use hotline::domain::password::hash_password;
use hotline::domain::workflow::Role;
use hotline::store::{bureau, calendar, parse_day, seed, users, Db};
use rand::rngs::StdRng;
use rand::SeedableRng;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::time::Instant;

/// Tickets per transaction.
const BATCH_TICKETS: u64 = 10_000;

/// Every seeded staff account signs in with this password, the demo
/// caseworkers' own.
pub const STAFF_PASSWORD: &str = "Caseworker-12333-demo";

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let url = args.required("database-url")?;
    let total: u64 = args.number("tickets", 0)?;
    if total == 0 {
        bail!("--tickets N is required (N > 0)");
    }
    let seed: u64 = args.number("seed", 12_333)?;
    let roster_share: f64 = args.number("roster-share", history::ROSTER_SHARE)?;
    if !(0.0..=1.0).contains(&roster_share) {
        bail!("--roster-share is a share of the complaints against employers, from 0 to 1");
    }
    let started = Instant::now();

    let db = Db::connect(url, crate::key::data_key()?).await?;
    let key = db.data_key().clone();
    db.migrate().await?;
    hotline::store::statutory::ensure(&db).await?;
    seed::seed_if_empty(&db).await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets").fetch_one(db.pool()).await?;
    if existing > 0 && !args.switch("force") {
        bail!("the database already holds {existing} tickets; pass --force to add {total} more");
    }
    // Seeding again on top must not draw the same ids as the first time.
    let seed = seed ^ (existing as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let now = Utc::now();
    let bureau = load_bureau(&db, now).await?;
    db.close().await;
    let counts = history::daily_counts(&bureau.calendar, china_date(now), total);
    eprintln!(
        "seeding {total} tickets received {} to {} ({} staff accounts)",
        counts[0].0,
        china_date(now),
        bureau.staff.display_names.len()
    );

    let mut writer = Writer::open(url).await.context("opening the bulk writer")?;
    let tables: Vec<&str> = history::empty_batch().tables.iter().map(|t| t.name).collect();
    // `ticket_days` is counted after loading, and the triggers on it that
    // keep `department_days` are set aside with the rest.
    let upkept: Vec<&str> = tables.iter().copied().chain(["ticket_days"]).collect();
    let restore = writer.set_aside_upkeep(&upkept).await.context("setting the indexes and triggers aside")?;
    // PostgreSQL writes each connection's COPY on one core: two connections
    // keep both busy. SQLite has one writer.
    let writers = if url.starts_with("sqlite:") { 1 } else { 2 };
    let (sender, batches) = tokio::sync::mpsc::channel::<Batch>(2 * writers);
    let batches = std::sync::Arc::new(tokio::sync::Mutex::new(batches));
    // Rows are made on a thread of their own while the database writes the
    // previous batches.
    let generator = std::thread::spawn(move || {
        let mut history = History::new(bureau, key, StdRng::seed_from_u64(seed), roster_share);
        let mut batch = history::empty_batch();
        for (day, count) in counts {
            history.day(day, count, &mut batch);
            if batch.tickets >= BATCH_TICKETS {
                let full = std::mem::replace(&mut batch, history::empty_batch());
                if sender.blocking_send(full).is_err() {
                    break;
                }
            }
        }
        let _ = sender.blocking_send(batch);
        history.issued
    });

    let progress = std::sync::Arc::new(Progress::start(total, "tickets"));
    let mut loaders = tokio::task::JoinSet::new();
    for _ in 0..writers {
        let (batches, progress) = (batches.clone(), progress.clone());
        let mut loader = Writer::open(url).await.context("opening a bulk writer")?;
        loaders.spawn(async move {
            let mut rows: HashMap<&'static str, usize> = HashMap::new();
            loop {
                let Some(batch) = batches.lock().await.recv().await else { break };
                loader.write(&batch).await.context("writing a batch")?;
                for table in &batch.tables {
                    *rows.entry(table.name).or_default() += table.len();
                }
                progress.add(batch.tickets);
            }
            loader.close().await?;
            anyhow::Ok(rows)
        });
    }
    let mut rows: HashMap<&'static str, usize> = HashMap::new();
    let mut written = Ok(());
    while let Some(loaded) = loaders.join_next().await {
        match loaded.map_err(anyhow::Error::from).and_then(|r| r) {
            Ok(counts) => counts.into_iter().for_each(|(table, n)| *rows.entry(table).or_default() += n),
            Err(e) => {
                // The other loaders stop too: the generator's channel closes.
                batches.lock().await.close();
                written = Err(e);
            }
        }
    }
    // The loaders have ended, and with them their shares of the bar.
    if let Ok(progress) = std::sync::Arc::try_unwrap(progress) {
        progress.finish();
    }
    let rows_written = started.elapsed();
    // Put back even after a failed batch: the database keeps its rules.
    eprintln!(
        "building {} indexes and checking {} keys…",
        restore.structure.len() - restore.keys.len(),
        restore.keys.len()
    );
    writer.restore_upkeep(&restore.keys).await.context("restoring the keys")?;
    crate::writer::restore_structure(url, &restore.structure, writers)
        .await
        .context("restoring the indexes and keys")?;
    let rebuilt = started.elapsed();
    if let Err(e) = written {
        writer.restore_upkeep(&restore.triggers).await.context("restoring the triggers")?;
        return Err(e);
    }
    let issued = generator.join().map_err(|_| anyhow::anyhow!("the generator panicked"))?;
    writer.execute(&sequences_upsert(&issued)).await.context("recording the day sequences")?;
    eprintln!("analyzing and counting…");
    let analyzing = std::time::Instant::now();
    writer.finish().await.context("analyzing")?;
    eprintln!("  {:>6.1}s ANALYZE", analyzing.elapsed().as_secs_f64());
    // The counting triggers come back last, once the counts they keep have
    // been made from the rows as loaded.
    let recounted = recount_kept_counts(url)
        .await
        .context("recounting the per-day counts, the open clocks and the employers complained about again");
    let mut writer = Writer::open(url).await.context("opening a connection to restore the triggers")?;
    writer.restore_upkeep(&restore.triggers).await.context("restoring the triggers")?;
    writer.close().await?;
    recounted?;

    let count = |name: &str| rows.get(name).copied().unwrap_or(0);
    eprintln!(
        "seeded {} tickets, {} audit rows, {} urges, {} ratings, {} call-backs in {:.1}s \
         (rows {:.1}s, indexes {:.1}s, ANALYZE and counts {:.1}s)",
        count("tickets"),
        count("audit_log"),
        count("urges"),
        count("ratings"),
        count("satisfaction_calls"),
        started.elapsed().as_secs_f64(),
        rows_written.as_secs_f64(),
        (rebuilt - rows_written).as_secs_f64(),
        (started.elapsed() - rebuilt).as_secs_f64()
    );
    Ok(())
}

/// Filing keeps `recurring_employers`, and triggers keep `ticket_days`,
/// `department_days`, `open_clocks` (by day and by month) and
/// `receipt_clocks`; rows written in bulk are counted after, as the
/// migrations that made the tables counted the tickets then.
/// Each count reads every ticket on one core, so on PostgreSQL the two
/// halves run at once, each in its own transaction; SQLite has one writer.
/// `ticket_days` takes about as long as the rest together (at ten million
/// tickets 83 s, against 55 s for the others), so it has a half to itself.
async fn recount_kept_counts(url: &str) -> anyhow::Result<()> {
    use KeptCount::*;
    let by_day = recount(url, &[TicketDays, DepartmentDays]);
    let open = recount(url, &[OpenClocks, OpenClocksByMonth, ReceiptClocks, RecurringEmployers]);
    if url.starts_with("postgres") {
        tokio::try_join!(by_day, open)?;
    } else {
        by_day.await?;
        open.await?;
    }
    Ok(())
}

/// A table of counts the application keeps as it writes.
#[derive(Debug, Clone, Copy)]
enum KeptCount {
    RecurringEmployers,
    TicketDays,
    /// After `TicketDays`: it adds that up.
    DepartmentDays,
    OpenClocks,
    OpenClocksByMonth,
    ReceiptClocks,
}

impl KeptCount {
    fn table(self) -> &'static str {
        match self {
            KeptCount::RecurringEmployers => "recurring_employers",
            KeptCount::TicketDays => "ticket_days",
            KeptCount::DepartmentDays => "department_days",
            KeptCount::OpenClocks => "open_clocks",
            KeptCount::OpenClocksByMonth => "open_clocks_by_month",
            KeptCount::ReceiptClocks => "receipt_clocks",
        }
    }

    async fn recount(self, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        use hotline::store::{hotspots, open_clocks, receipt_clocks, ticket_days};
        match self {
            KeptCount::RecurringEmployers => hotspots::recount_recurring_employers(conn).await,
            KeptCount::TicketDays => ticket_days::recount(conn).await,
            KeptCount::DepartmentDays => ticket_days::recount_by_department(conn).await,
            KeptCount::OpenClocks => open_clocks::recount(conn).await,
            KeptCount::OpenClocksByMonth => open_clocks::by_month::recount(conn).await,
            KeptCount::ReceiptClocks => receipt_clocks::recount(conn).await,
        }
    }
}

/// Recounts the given tables in one transaction and analyzes them.
async fn recount(url: &str, counts: &[KeptCount]) -> anyhow::Result<()> {
    let db = Db::connect(url, crate::key::data_key()?).await?;
    let mut tx = db.begin().await?;
    for count in counts {
        let started = std::time::Instant::now();
        count.recount(&mut tx).await?;
        sqlx::query(&format!("ANALYZE {}", count.table())).execute(&mut *tx).await?;
        eprintln!("  {:>6.1}s counting {}", started.elapsed().as_secs_f64(), count.table());
    }
    tx.commit().await?;
    db.close().await;
    Ok(())
}

/// The app continues each day's numbering after the seeded tickets. Every
/// value is a date or a number, so the statement is built as text.
fn sequences_upsert(issued: &std::collections::BTreeMap<NaiveDate, u32>) -> String {
    let values: Vec<String> = issued.iter().map(|(day, last)| format!("('{day}', {last})")).collect();
    format!(
        "INSERT INTO ticket_sequences (day, last_value) VALUES {} \
         ON CONFLICT (day) DO UPDATE SET last_value = excluded.last_value",
        values.join(", ")
    )
}

/// Caseworkers per department, roughly by the share of tickets each gets.
fn caseworkers_wanted(department: &str) -> usize {
    match department {
        "labour_inspection" => 60,
        "pension" | "agency_centre" => 36,
        "medical_maternity" | "work_injury" => 20,
        "unemployment" => 16,
        id if id.starts_with("service_centre_") => 15,
        _ => 10,
    }
}

const AGENTS: usize = 20;

async fn load_bureau(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Bureau> {
    let mut conn = db.acquire().await?;
    let districts: Vec<(String, String)> =
        bureau::districts(&mut conn).await?.into_iter().map(|d| (d.code, d.name_zh)).collect();
    let departments = bureau::departments(&mut conn).await?;
    let discipline_department = bureau::discipline_department(&mut conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no discipline inspection department"))?
        .id;
    let handling: Vec<String> =
        departments.iter().filter(|d| d.kind != DepartmentKind::Intake).map(|d| d.id.clone()).collect();
    let intake = departments.iter().find(|d| d.kind == DepartmentKind::Intake).map(|d| d.id.clone());
    let categories = bureau::categories(&mut conn).await?;
    let rules = bureau::routing_rules(&mut conn).await?;
    let calendar = calendar::load(&mut conn).await?;
    let sequences = issued_sequences(&mut conn).await?;
    let existing: Vec<String> = users::all(&mut conn).await?.into_iter().map(|u| u.username).collect();
    drop(conn);

    let wanted = wanted_accounts(&handling, intake);
    let accounts = add_missing_accounts(db, &wanted, &existing, now).await?;
    let staff = staff_of(accounts)?;
    Ok(Bureau {
        now,
        calendar,
        categories,
        rules,
        discipline_department,
        districts,
        departments: handling,
        staff,
        sequences,
    })
}

/// The last sequence number already issued on each day, so that seeded
/// tickets continue the numbering.
async fn issued_sequences(conn: &mut AnyConnection) -> anyhow::Result<HashMap<NaiveDate, u32>> {
    let sequences: Vec<(String, i64)> =
        sqlx::query_as("SELECT day, last_value FROM ticket_sequences").fetch_all(&mut *conn).await?;
    let sequences = sequences
        .into_iter()
        .map(|(day, last)| Ok((parse_day(&day)?, u32::try_from(last).unwrap_or(0))))
        .collect::<Result<HashMap<_, _>, sqlx::Error>>()?;
    Ok(sequences)
}

/// A staff account the history needs.
struct WantedAccount {
    username: String,
    display_name: String,
    role: Role,
    department_id: Option<String>,
}

/// Caseworkers and a head for every handling department, then the hotline's
/// agents. Names come from a fixed seed, so every seeding wants the same
/// accounts under the same names.
fn wanted_accounts(handling: &[String], intake: Option<String>) -> Vec<WantedAccount> {
    let mut rng = StdRng::seed_from_u64(1);
    let mut wanted = Vec::new();
    for department in handling {
        for n in 1..=caseworkers_wanted(department) {
            let title = if department == "labour_inspection" { "监察员" } else { "经办员" };
            wanted.push(WantedAccount {
                username: format!("{department}_cw{n:03}"),
                display_name: format!("{title} {}", crate::people::person_name(&mut rng)),
                role: Role::Caseworker,
                department_id: Some(department.clone()),
            });
        }
        wanted.push(WantedAccount {
            username: format!("{department}_head"),
            display_name: format!("科长 {}", crate::people::person_name(&mut rng)),
            role: Role::Supervisor,
            department_id: Some(department.clone()),
        });
    }
    for n in 1..=AGENTS {
        wanted.push(WantedAccount {
            username: format!("agent{n:02}"),
            display_name: format!("话务员 {}", crate::people::person_name(&mut rng)),
            role: Role::Agent,
            department_id: intake.clone(),
        });
    }
    wanted
}

/// Inserts the wanted accounts that do not exist yet and returns every
/// account, ordered by username.
async fn add_missing_accounts(
    db: &Db,
    wanted: &[WantedAccount],
    existing: &[String],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<users::User>> {
    // One hash for every account: hashing is deliberately slow.
    let password_hash = hash_password(STAFF_PASSWORD);
    let mut tx = db.begin().await?;
    for account in wanted {
        if existing.contains(&account.username) {
            continue;
        }
        let user = users::NewUser {
            username: &account.username,
            display_name: &account.display_name,
            password_hash: &password_hash,
            role: account.role,
            department_id: account.department_id.as_deref(),
        };
        users::insert(&mut tx, &user, now).await?;
    }
    let mut accounts = users::all(&mut tx).await?;
    tx.commit().await?;
    // Ids are random; usernames give the history a stable order of staff.
    accounts.sort_by(|a, b| a.username.cmp(&b.username));
    Ok(accounts)
}

/// The active accounts sorted into the roles the history draws from.
fn staff_of(accounts: Vec<users::User>) -> anyhow::Result<Staff> {
    let mut staff = Staff {
        caseworkers: HashMap::new(),
        heads: HashMap::new(),
        supervisors: Vec::new(),
        agents: Vec::new(),
        display_names: HashMap::new(),
    };
    for user in accounts.into_iter().filter(|u| u.active) {
        match (user.role, &user.department_id) {
            (Role::Caseworker, Some(department)) => {
                staff.caseworkers.entry(department.clone()).or_default().push(user.id.clone())
            }
            (Role::Supervisor, Some(department)) => {
                staff.heads.insert(department.clone(), user.id.clone());
            }
            (Role::Supervisor, None) => staff.supervisors.push(user.id.clone()),
            (Role::Agent, _) => staff.agents.push(user.id.clone()),
            _ => {}
        }
        staff.display_names.insert(user.id, user.display_name);
    }
    if staff.supervisors.is_empty() || staff.agents.is_empty() {
        bail!("the bureau needs a bureau-wide supervisor and an agent (the demo seed has both)");
    }
    Ok(staff)
}
