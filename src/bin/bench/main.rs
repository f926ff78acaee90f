//! The load benchmark: seeds a realistic two-year history, then drives the
//! release server scenario by scenario and compares each with a ceiling
//! measured in the same run (a trivial HTTP route, a bare commit).
//!
//! ```text
//! bench seed  --database-url URL --tickets N [--force] [--seed S] [--roster-share R]
//! bench run   --database-url URL [--connections C] [--seconds S] [--base-url URL] [--json FILE] [--only a,b]
//!             [--uncached]
//! bench hello --bind ADDR
//! bench sweep --database-url URL
//! bench check --database-url URL
//! bench uploads --database-url URL [--clients N] [--rounds R] [--megabytes M]
//! ```

mod args;
mod bureau;
mod check;
mod driver;
mod hello;
mod history;
mod key;
mod life;
mod people;
mod progress;
mod report;
mod run;
mod scenarios;
mod seed;
mod sweep;
mod uploads;
mod writer;
mod wrk;

use args::Args;

const USAGE: &str = "usage:
  bench seed  --database-url URL --tickets N [--force] [--seed S] [--roster-share R]
  bench run   --database-url URL [--connections C] [--seconds S] [--base-url URL] [--json FILE] [--only name,name]
              [--uncached]
  bench hello --bind ADDR
  bench sweep --database-url URL
  bench check --database-url URL
  bench uploads --database-url URL [--clients N] [--rounds R] [--megabytes M]

Build both binaries first: cargo build --release --bins";

fn main() -> anyhow::Result<()> {
    let mut raw = std::env::args().skip(1);
    let Some(command) = raw.next() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let args = Args::parse(raw)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match command.as_str() {
        "seed" => runtime.block_on(seed::main(&args)),
        "run" => runtime.block_on(run::main(&args)),
        "hello" => runtime.block_on(hello::main(&args)),
        "sweep" => runtime.block_on(sweep::main(&args)),
        "check" => runtime.block_on(check::main(&args)),
        "uploads" => runtime.block_on(uploads::main(&args)),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("unknown command {other:?}\n{USAGE}");
            std::process::exit(2);
        }
    }
}
