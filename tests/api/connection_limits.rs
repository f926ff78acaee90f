//! One client holding idle keep-alive connections cannot lock everyone
//! out when the server faces clients directly: an address gets only so many
//! connections, and once places are scarce idle connections are closed
//! sooner. Clients here come from other loopback addresses (127.0.0.2,
//! 127.0.0.3), so that the honest visitor on 127.0.0.1 is someone else.

use crate::helpers::TestApp;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const PER_ADDRESS: usize = 20;
const PLACES: usize = 48;

crate::on_both_backends!(
    configure = |config: &mut hotline::config::Config| {
        config.limits.max_connections = super::PLACES;
        config.limits.max_connections_per_address = super::PER_ADDRESS;
        config.limits.keep_alive_timeout_seconds = 600;
    };
    one_address_cannot_take_every_place,
);

fn server(app: &TestApp) -> SocketAddr {
    app.address.trim_start_matches("http://").parse().unwrap()
}

async fn connect_from(local: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{local}:0").parse().unwrap()).unwrap();
    socket.connect(server).await.expect("the kernel accepts")
}

/// A kept-alive connection that has been answered once and now idles.
async fn idle_keep_alive(local: &str, server: SocketAddr) -> Option<TcpStream> {
    let mut stream = connect_from(local, server).await;
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {server}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut head = [0u8; 12];
    tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut head)).await.ok()?.ok()?;
    (&head == b"HTTP/1.1 200").then_some(stream)
}

/// Reads until the server closes the connection; None if still open after `within`.
async fn closed_within(mut stream: TcpStream, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(within.saturating_sub(started.elapsed()), stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
        }
    }
}

async fn one_address_cannot_take_every_place(app: TestApp) {
    let server = server(&app);
    // One client opens far more idle connections than its address may hold.
    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..PER_ADDRESS * 2 {
        match idle_keep_alive("127.0.0.2", server).await {
            Some(stream) => held.push(stream),
            None => refused += 1,
        }
    }
    assert_eq!((held.len(), refused), (PER_ADDRESS, PER_ADDRESS), "an address keeps its limit, the rest are refused");

    // Everyone else is still served at once.
    let honest = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let asked = Instant::now();
    assert_eq!(honest.get(app.url("/track")).send().await.unwrap().status(), 200);
    assert!(asked.elapsed() < Duration::from_secs(2), "answered in {:?}", asked.elapsed());

    // A second client takes the places past three quarters: idle
    // connections are now closed after seconds, not the configured ten
    // minutes, until a quarter of the places is free again.
    let mut second = Vec::new();
    for _ in 0..PER_ADDRESS - 2 {
        second.push(idle_keep_alive("127.0.0.3", server).await.expect("within its own limit"));
    }
    let taken = PER_ADDRESS + PER_ADDRESS - 2;
    let scarce_above = PLACES - PLACES / 4;
    let closed = futures::future::join_all(held.into_iter().map(|s| closed_within(s, Duration::from_secs(10)))).await;
    let closed: Vec<Duration> = closed.into_iter().flatten().collect();
    assert!(closed.len() >= taken - scarce_above, "idle connections closed while places were scarce: {closed:?}");
    assert!(closed.iter().all(|after| *after < Duration::from_secs(10)), "after seconds, not minutes: {closed:?}");
    assert_eq!(honest.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    drop(second);
}
