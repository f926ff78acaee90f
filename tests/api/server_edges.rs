//! Slow and silent clients cannot wear the server down: hundreds of
//! connections that send half a request line and stall do not keep honest
//! visitors waiting, and are closed once the head is overdue; a kept-alive
//! connection left idle is closed too. Every wait here is bounded.

use crate::helpers::TestApp;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| {
        config.limits.header_read_timeout_seconds = 2;
        config.limits.keep_alive_timeout_seconds = 3;
        // The slow clients and the honest one share 127.0.0.1 here; the
        // limit per address has its story in `connection_limits`.
        config.limits.max_connections_per_address = 1000;
    };
    slow_clients_do_not_hold_the_server,
    an_idle_kept_alive_connection_is_closed,
);

const SLOW_CLIENTS: usize = 300;
/// Far above the limits set above, so that only a server that never closes
/// them fails.
const CLOSED_WITHIN: Duration = Duration::from_secs(20);

fn socket_address(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; how long that took, or
/// None if it was still open after [`CLOSED_WITHIN`].
async fn closed_after(mut stream: TcpStream, started: Instant) -> Option<Duration> {
    let mut buffer = [0u8; 4096];
    let deadline = started + CLOSED_WITHIN;
    loop {
        let read = tokio::time::timeout_at(deadline.into(), stream.read(&mut buffer)).await.ok()?;
        match read {
            Ok(0) | Err(_) => return Some(started.elapsed()),
            Ok(_) => continue,
        }
    }
}

async fn slow_clients_do_not_hold_the_server(app: TestApp) {
    let address = socket_address(&app);
    let started = Instant::now();
    let mut slow = Vec::with_capacity(SLOW_CLIENTS);
    for i in 0..SLOW_CLIENTS {
        let mut stream = TcpStream::connect(&address).await.expect("the server accepts");
        // Most send half a request line; some send nothing at all.
        if i % 5 != 0 {
            stream.write_all(b"GET /staff/login HT").await.unwrap();
        }
        slow.push(stream);
    }

    let honest = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    for path in ["/", "/healthz", "/staff/login", "/track"] {
        let asked = Instant::now();
        let response = honest.get(app.url(path)).send().await.expect("an honest request is answered");
        assert_eq!(response.status(), 200, "{path}");
        assert!(asked.elapsed() < Duration::from_secs(5), "{path} answered in {:?}", asked.elapsed());
    }

    let closed = futures::future::join_all(slow.into_iter().map(|s| closed_after(s, started))).await;
    let still_open = closed.iter().filter(|c| c.is_none()).count();
    assert_eq!(still_open, 0, "every slow connection is closed within {CLOSED_WITHIN:?}");
    let earliest = closed.iter().flatten().min().unwrap();
    assert!(*earliest >= Duration::from_secs(1), "not before their head was overdue: {earliest:?}");

    let after = honest.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(after.status(), 200, "the server still answers");
}

async fn an_idle_kept_alive_connection_is_closed(app: TestApp) {
    let mut stream = TcpStream::connect(socket_address(&app)).await.unwrap();
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", socket_address(&app));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 200", "answered, and kept alive");
    let answered = Instant::now();
    let closed = closed_after(stream, answered).await.expect("closed once idle");
    assert!(closed >= Duration::from_secs(2), "kept for the keep-alive time, which outlasts the head's: {closed:?}");
}
