//! A progress bar on stderr, redrawn a few times a second by a thread of its
//! own so that slow batches do not freeze it.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Progress {
    done: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    drawer: Option<std::thread::JoinHandle<()>>,
}

const WIDTH: u64 = 30;

impl Progress {
    pub fn start(total: u64, unit: &'static str) -> Progress {
        let done = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let drawer = {
            let (done, stop) = (done.clone(), stop.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                loop {
                    let finished = stop.load(Ordering::Relaxed);
                    draw(done.load(Ordering::Relaxed), total, unit, started.elapsed(), finished);
                    if finished {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(250));
                }
            })
        };
        Progress { done, stop, drawer: Some(drawer) }
    }

    pub fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Draws the final state and ends the line.
    pub fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn draw(done: u64, total: u64, unit: &str, elapsed: Duration, finished: bool) {
    let total = total.max(1);
    let filled = (done.min(total) * WIDTH / total) as usize;
    let bar: String = "#".repeat(filled) + &".".repeat(WIDTH as usize - filled);
    let seconds = elapsed.as_secs_f64().max(0.001);
    let rate = done as f64 / seconds;
    let eta =
        if done > 0 && done < total { format!(" ETA {:.0}s", (total - done) as f64 / rate) } else { String::new() };
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{bar}] {:5.1}% {done}/{total} {unit} {:.0}/s {:.0}s{eta}   ",
        100.0 * done as f64 / total as f64,
        rate,
        seconds
    );
    if finished {
        let _ = writeln!(err);
    }
    let _ = err.flush();
}
