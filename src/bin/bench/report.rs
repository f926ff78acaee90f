//! The one table a run prints, and the same numbers as JSON.

use crate::driver::Outcome;
use crate::scenarios::Ceiling;
use crate::wrk::Saturated;
use serde_json::{json, Value};

/// One measured line: a scenario or a ceiling.
pub struct Line {
    pub name: String,
    pub outcome: Outcome,
    /// None for the ceilings themselves.
    pub ceiling: Option<Ceiling>,
}

pub struct Sweep {
    /// Notices already in the outbox before the pass: 0 on a freshly seeded
    /// database, whose first pass meets the whole overdue backlog.
    pub notices_before: i64,
    /// The catch-up pass that a database never swept before needs first
    /// (at this time yesterday), when there was one.
    pub catch_up_ms: Option<f64>,
    /// The pass after a day without one, delivering what the catch-up
    /// queued.
    pub day_ms: Option<f64>,
    /// The measured pass: a day's turned clocks and changed tickets.
    pub wall_ms: f64,
    pub peak_rss_kb: Option<u64>,
    pub produced: u64,
    pub resumed: u64,
    pub delivered: u64,
}

pub struct Report {
    pub machine: Machine,
    pub database: String,
    pub tickets: i64,
    pub connections: usize,
    pub staff_connections: usize,
    pub seconds: u64,
    /// Whether the server shared its supervisors' results (`RESULT_CACHE`).
    pub result_cache: bool,
    pub cold_start_ms: Option<f64>,
    pub hello: Option<Outcome>,
    /// The same route measured by wrk, when it is installed.
    pub hello_saturated: Option<Saturated>,
    /// The home page measured by wrk as well, when `home` runs: the
    /// driver cannot drive it past its own limit, so its ratio to the
    /// trivial route is read from the two wrk figures.
    pub home_saturated: Option<Saturated>,
    pub commit: Option<Outcome>,
    /// A filing's own work (validation, routing, its statements) called in
    /// the bench's process on a pool of its own: filing without HTTP.
    pub filing_in_process: Option<Outcome>,
    pub lines: Vec<Line>,
    pub rss_peak_kb: Option<u64>,
    pub rss_anon_peak_kb: Option<u64>,
    pub rss_hwm_kb: Option<u64>,
    pub sweep: Option<Sweep>,
}

pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub memory: String,
}

impl Machine {
    pub fn describe() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name").and_then(|rest| rest.split_once(':')).map(|(_, m)| m.trim()))
            .unwrap_or("unknown")
            .to_string();
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            })
            .map(|kb| format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
            .unwrap_or_else(|| "unknown".into());
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Machine { cpus, cpu_model, memory }
    }
}

impl Report {
    /// The ceiling a scenario is compared with, and its name in the
    /// table: the trivial route at the higher of the two generators'
    /// figures.
    fn ceiling_rps(&self, ceiling: Ceiling) -> Option<(f64, &'static str)> {
        match ceiling {
            Ceiling::Hello => {
                let driver = self.hello.as_ref().map(Outcome::rps);
                match (driver, self.hello_saturated.as_ref().map(|s| s.rps)) {
                    (Some(driver), Some(wrk)) if wrk > driver => Some((wrk, "hello (wrk)")),
                    (None, Some(wrk)) => Some((wrk, "hello (wrk)")),
                    (driver, _) => driver.map(|rps| (rps, "hello")),
                }
            }
            Ceiling::Commit => self.commit.as_ref().map(|o| (o.rps(), "commit")),
        }
    }

    pub fn errors(&self) -> u64 {
        self.lines.iter().map(|l| l.outcome.errors).sum()
    }

    pub fn print(&self) {
        let m = &self.machine;
        println!(
            "{} on {} CPUs ({}), {} memory; {} tickets; {} connections ({} for staff scenarios), {} s per scenario; {}",
            self.database,
            m.cpus,
            m.cpu_model,
            m.memory,
            self.tickets,
            self.connections,
            self.staff_connections,
            self.seconds,
            if self.result_cache { "results shared for 5 s" } else { "uncached (RESULT_CACHE=off)" }
        );
        println!();
        println!("| scenario | rps | p50 ms | p99 ms | max ms | errors | of ceiling |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        let ms = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or_else(|| "—".into());
        let row = |name: &str, outcome: &Outcome, ratio: String| {
            println!(
                "| {name} | {:.0} | {} | {} | {} | {} | {ratio} |",
                outcome.rps(),
                ms(outcome.percentile_ms(0.5)),
                ms(outcome.percentile_ms(0.99)),
                ms(outcome.max_ms()),
                outcome.errors
            );
        };
        if let Some(hello) = &self.hello {
            row("ceiling: hello", hello, "—".into());
        }
        if let Some(wrk) = &self.hello_saturated {
            println!(
                "| ceiling: hello, by wrk | {:.0} | {} | {} | — | — | — |",
                wrk.rps,
                ms(wrk.p50_ms),
                ms(wrk.p99_ms)
            );
        }
        if let Some(commit) = &self.commit {
            row("ceiling: commit", commit, "—".into());
        }
        if let Some(filing) = &self.filing_in_process {
            let ratio = match self.commit.as_ref().map(Outcome::rps) {
                Some(commit) if commit > 0.0 => format!("{:.0}% of commit", 100.0 * filing.rps() / commit),
                _ => "—".into(),
            };
            row("ceiling: filing without HTTP", filing, ratio);
        }
        for line in &self.lines {
            let ratio = match line.ceiling.and_then(|c| self.ceiling_rps(c)) {
                Some((rps, label)) if rps > 0.0 => {
                    let percent = 100.0 * line.outcome.rps() / rps;
                    let digits = if percent < 10.0 { 1 } else { 0 };
                    format!("{percent:.digits$}% of {label}")
                }
                _ => "—".into(),
            };
            row(&line.name, &line.outcome, ratio);
        }
        if let Some(home) = &self.home_saturated {
            let ratio = match self.hello_saturated.as_ref().map(|s| s.rps) {
                Some(hello) if hello > 0.0 => format!("{:.0}% of hello (wrk)", 100.0 * home.rps / hello),
                _ => "—".into(),
            };
            println!(
                "| home, by wrk | {:.0} | {} | {} | — | — | {ratio} |",
                home.rps,
                ms(home.p50_ms),
                ms(home.p99_ms)
            );
        }
        if let Some(sweep) = &self.sweep {
            if let Some(catch_up) = sweep.catch_up_ms {
                println!("| sweep: first ever, the whole backlog | — | — | — | {catch_up:.0} (wall) | — | — |");
            }
            if let Some(day) = sweep.day_ms {
                println!("| sweep: a day later, delivering the outbox | — | — | — | {day:.0} (wall) | — | — |");
            }
            println!(
                "| sweep: a minute later | — | — | — | {:.0} (wall) | — | {} resumed, {} reminders, {} delivered |",
                sweep.wall_ms, sweep.resumed, sweep.produced, sweep.delivered
            );
        }
        println!();
        let mb = |kb: Option<u64>| kb.map(|kb| format!("{:.0} MB", kb as f64 / 1024.0)).unwrap_or_else(|| "—".into());
        println!(
            "cold start to healthy: {}; app RSS peak {} ({} anonymous; sampled every 100 ms), VmHWM {}; sweep peak RSS {}",
            self.cold_start_ms.map(|v| format!("{v:.0} ms")).unwrap_or_else(|| "—".into()),
            mb(self.rss_peak_kb),
            mb(self.rss_anon_peak_kb),
            mb(self.rss_hwm_kb),
            mb(self.sweep.as_ref().and_then(|s| s.peak_rss_kb)),
        );
        if let (Some(filing), Some(app)) = (&self.filing_in_process, self.lines.iter().find(|l| l.name == "file_api")) {
            if filing.rps() > 0.0 {
                println!(
                    "file_api / filing without HTTP: {:.0}% (what HTTP, JSON and the answer leave of a filing's own rate)",
                    100.0 * app.outcome.rps() / filing.rps()
                );
            }
        }
        for line in self.lines.iter().filter(|l| l.outcome.errors > 0) {
            println!("{}: first error: {}", line.name, line.outcome.first_error.as_deref().unwrap_or("?"));
        }
    }

    pub fn json(&self) -> Value {
        let outcome = |o: &Outcome| {
            json!({
                "rps": o.rps(),
                "p50_ms": o.percentile_ms(0.5),
                "p99_ms": o.percentile_ms(0.99),
                "max_ms": o.max_ms(),
                "successes": o.successes,
                "errors": o.errors,
                "first_error": o.first_error,
            })
        };
        let saturated = |s: &Saturated| json!({ "rps": s.rps, "p50_ms": s.p50_ms, "p99_ms": s.p99_ms });
        let scenarios: Vec<Value> = self
            .lines
            .iter()
            .map(|line| {
                let mut value = outcome(&line.outcome);
                value["name"] = json!(line.name);
                if let Some((rps, label)) = line.ceiling.and_then(|c| self.ceiling_rps(c)) {
                    value["ceiling"] = json!(label);
                    value["ratio"] = json!(line.outcome.rps() / rps);
                }
                value
            })
            .collect();
        json!({
            "machine": {"cpus": self.machine.cpus, "cpu_model": self.machine.cpu_model, "memory": self.machine.memory},
            "database": self.database,
            "tickets": self.tickets,
            "connections": self.connections,
            "staff_connections": self.staff_connections,
            "seconds": self.seconds,
            "result_cache": self.result_cache,
            "cold_start_ms": self.cold_start_ms,
            "ceilings": {
                "hello": self.hello.as_ref().map(outcome),
                "filing_without_http": self.filing_in_process.as_ref().map(outcome),
                "hello_by_wrk": self.hello_saturated.as_ref().map(saturated),
                "commit": self.commit.as_ref().map(outcome),
            },
            "scenarios": scenarios,
            "home_by_wrk": self.home_saturated.as_ref().map(saturated),
            "app_rss_peak_kb": self.rss_peak_kb,
            "app_rss_anon_peak_kb": self.rss_anon_peak_kb,
            "app_vm_hwm_kb": self.rss_hwm_kb,
            "sweep": self.sweep.as_ref().map(|s| json!({
                "notices_before": s.notices_before,
                "catch_up_ms": s.catch_up_ms,
                "day_ms": s.day_ms,
                "wall_ms": s.wall_ms,
                "peak_rss_kb": s.peak_rss_kb,
                "resumed": s.resumed,
                "produced": s.produced,
                "delivered": s.delivered,
            })),
        })
    }
}
