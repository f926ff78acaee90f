//! `bench uploads`: several citizens upload large files at once, and the
//! server's memory is watched while it receives them. Each client sends
//! `--rounds` uploads of one `--megabytes` file (a PDF, so that no photo's
//! metadata is dropped and every byte is sealed and written) to
//! `POST /api/v1/attachments`; the same bodies sent to a route that only
//! reads them (`bench hello`'s `/sink`) are the machine's ceiling in the
//! same run. The server keeps the files in a directory of its own, removed
//! at the end.

use crate::args::Args;
use crate::run::{start_app_with, start_hello, MemoryWatch};
use anyhow::{bail, Context as _};
use std::time::{Duration, Instant};

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let url = args.required("database-url")?.to_string();
    let clients: usize = args.number("clients", 8)?;
    let rounds: usize = args.number("rounds", 5)?;
    let megabytes: usize = args.number("megabytes", 10)?;
    anyhow::ensure!(clients > 0 && rounds > 0 && megabytes > 0, "--clients, --rounds and --megabytes must be positive");
    anyhow::ensure!(megabytes <= 10, "a file is at most 10 MB");

    // The server seals with the benchmark's key, made here on first use.
    crate::key::data_key()?;
    let files = std::env::temp_dir().join(format!("hotline-bench-uploads-{}", std::process::id()));
    let files_setting = files.display().to_string();
    let mut app = start_app_with(&url, &[("ATTACHMENTS", files_setting.as_str())]).await?;
    let memory = MemoryWatch::start(app.child.id());
    let (_hello, hello_base) = start_hello().await?;
    let file = pdf_of(megabytes * 1024 * 1024);

    eprintln!("ceiling: {clients} clients × {rounds} uploads of {megabytes} MB to a route that only reads them");
    let ceiling = drive(&format!("{hello_base}/sink"), &file, clients, rounds, false).await?;
    let idle_kb = memory.peak_kb();
    eprintln!("uploads: the same to POST /api/v1/attachments");
    let uploads = drive(&format!("{}/api/v1/attachments", app.base), &file, clients, rounds, true).await?;
    let hwm_kb = memory.stop();
    let _ = app.child.kill().await;
    let stored = std::fs::read_dir(&files).map(|d| d.count()).unwrap_or(0);
    std::fs::remove_dir_all(&files).ok();

    let mb = |kb: Option<u64>| kb.map_or("-".to_string(), |kb| format!("{:.1} MB", kb as f64 / 1024.0));
    println!("uploads of {megabytes} MB, {clients} at once, {rounds} each ({} files kept)", stored);
    println!("{:<34} {:>9} {:>9} {:>9} {:>10}", "", "MB/s", "p50 ms", "p99 ms", "uploads");
    for (name, run) in [("ceiling: a route that reads them", &ceiling), ("POST /api/v1/attachments", &uploads)] {
        println!(
            "{name:<34} {:>9.1} {:>9.0} {:>9.0} {:>10}",
            run.megabytes_per_second(megabytes),
            run.percentile(0.50),
            run.percentile(0.99),
            run.latencies.len()
        );
    }
    println!(
        "uploads / ceiling: {:.0} %",
        100.0 * uploads.megabytes_per_second(megabytes) / ceiling.megabytes_per_second(megabytes)
    );
    println!(
        "server RSS: {} before the uploads, peak {} ({} anonymous; sampled every 100 ms), VmHWM {}",
        mb(idle_kb),
        mb(memory.peak_kb()),
        mb(memory.anon_peak_kb()),
        mb(hwm_kb)
    );
    Ok(())
}

/// A PDF of `len` bytes: a header the server takes, then filler.
fn pdf_of(len: usize) -> bytes::Bytes {
    let mut file = b"%PDF-1.4\n%bench upload\n".to_vec();
    file.resize(len, b' ');
    bytes::Bytes::from(file)
}

struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Run {
    fn megabytes_per_second(&self, megabytes: usize) -> f64 {
        (self.latencies.len() * megabytes) as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[at].as_secs_f64() * 1000.0
    }
}

/// `clients` clients each send `rounds` uploads in turn; with `expect_kept`
/// every answer must be a 201.
async fn drive(
    url: &str,
    file: &bytes::Bytes,
    clients: usize,
    rounds: usize,
    expect_kept: bool,
) -> anyhow::Result<Run> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let (url, file) = (url.to_string(), file.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::builder().timeout(Duration::from_secs(120)).build()?;
            let mut latencies = Vec::new();
            for round in 0..rounds {
                let part = reqwest::multipart::Part::stream(reqwest::Body::from(file.clone()))
                    .file_name(format!("evidence-{client}-{round}.pdf"));
                let form = reqwest::multipart::Form::new().part("attachment", part);
                let sent = Instant::now();
                let response = http.post(&url).multipart(form).send().await.context("upload sent")?;
                let status = response.status();
                response.bytes().await?;
                if expect_kept && status != reqwest::StatusCode::CREATED {
                    bail!("an upload was answered {status}");
                }
                latencies.push(sent.elapsed());
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    Ok(Run { latencies, elapsed: started.elapsed() })
}
