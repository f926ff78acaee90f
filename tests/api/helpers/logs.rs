//! The application's log, captured for the stories that read it: a global
//! subscriber, installed once, that keeps every event at `debug` and above
//! in a shared buffer, but only while some story is capturing.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

static CAPTURING: AtomicUsize = AtomicUsize::new(0);
static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

#[derive(Clone)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// While alive, the log is captured; `text` reads what was written so far
/// (by every story running meanwhile, which is harmless for a story that
/// looks for what must never be written).
pub struct LogCapture {
    start: usize,
}

impl LogCapture {
    pub fn start() -> LogCapture {
        let buffer = BUFFER.get_or_init(|| {
            let buffer = Arc::new(Mutex::new(Vec::new()));
            let writer = SharedBuffer(buffer.clone());
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone())
                // Asked at every event (not cached per call site), since
                // capturing comes and goes.
                .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|meta, _| {
                    CAPTURING.load(Ordering::SeqCst) > 0 && *meta.level() <= tracing::Level::DEBUG
                }));
            tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
                .expect("no other global subscriber in the tests");
            buffer
        });
        CAPTURING.fetch_add(1, Ordering::SeqCst);
        LogCapture { start: buffer.lock().unwrap().len() }
    }

    pub fn text(&self) -> String {
        let buffer = BUFFER.get().expect("installed").lock().unwrap();
        String::from_utf8_lossy(&buffer[self.start..]).into_owned()
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        CAPTURING.fetch_sub(1, Ordering::SeqCst);
    }
}
