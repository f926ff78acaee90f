//! Serving HTTP/1.1 connections within limits, so that clients which are
//! slow or silent cannot hold the server's file descriptors: a request's
//! head must arrive in time, a kept-alive connection may idle only so long,
//! and there are only so many connections at once (beyond that, clients
//! wait in the kernel's backlog until a place is free). One client address
//! may hold only so many of them, so that one client holding idle
//! connections cannot take every place; and once three quarters of the
//! places are taken, idle connections are closed sooner.
//!
//! hyper's own header timeout restarts whenever it waits for a request, so
//! it would also cut every idle keep-alive connection at the same short
//! limit; a watchdog per connection tells the two apart instead: bytes that
//! arrive while no request is being served start the head's clock, and a
//! quiet connection is idle.

use crate::config::ConnectionLimits;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::Service;

/// How long requests in flight may take to finish once shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// How long a kept-alive connection may idle while places are scarce.
const PRESSED_KEEP_ALIVE_SECONDS: u64 = 5;

/// The answer to a connection over its address's limit, written before it
/// is closed.
const TOO_MANY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// Accepts and serves connections until `shutdown` resolves, then lets the
/// connections finish their requests in flight (for a bounded time).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    trusted_proxies: &[IpAddr],
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let places = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::new(limits.max_connections_per_address, trusted_proxies));
    let (stop, stopping) = watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let place = tokio::select! {
            place = places.clone().acquire_owned() => place.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors, or a client gone before it was
                    // accepted: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(share) = per_address.admit(peer.ip()) else {
            // Best effort: the client learns why, and the place is free again.
            let _ = stream.try_write(TOO_MANY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let held = Held { _place: place, _share: share, places: places.clone() };
        connections.spawn(serve_connection(stream, peer, app.clone(), limits, stopping.clone(), held));
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stop.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async { while connections.join_next().await.is_some() {} }).await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
    held: Held,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched { inner: stream, activity: activity.clone() });
    let service = hyper::service::service_fn({
        let activity = activity.clone();
        move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let serving = activity.request_started();
            let mut app = app.clone();
            async move {
                let response = app.call(request).await;
                drop(serving);
                response
            }
        }
    });
    let connection = hyper::server::conn::http1::Builder::new().keep_alive(true).serve_connection(io, service);
    tokio::pin!(connection);
    tokio::select! {
        result = connection.as_mut() => {
            if let Err(e) = result {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            return;
        }
        // Dropping the connection closes the socket.
        () = activity.time_is_up(limits, &held) => return,
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

/// What a connection has been doing, as its watchdog sees it. Instants are
/// milliseconds since the connection opened, plus one, so that 0 means none.
struct Activity {
    opened: Instant,
    /// Requests being served (the handler has not answered yet).
    in_flight: AtomicUsize,
    /// Requests answered.
    answered: AtomicU64,
    /// The last time a request was answered or response bytes were sent.
    quiet_since: AtomicU64,
    /// The first byte of a request whose head has not all arrived.
    head_since: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            in_flight: AtomicUsize::new(0),
            answered: AtomicU64::new(0),
            quiet_since: AtomicU64::new(1),
            head_since: AtomicU64::new(0),
        }
    }

    fn now(&self) -> u64 {
        self.opened.elapsed().as_millis() as u64 + 1
    }

    fn bytes_read(&self) {
        if self.in_flight.load(Ordering::Acquire) == 0 {
            let _ = self.head_since.compare_exchange(0, self.now(), Ordering::AcqRel, Ordering::Acquire);
        }
    }

    fn bytes_written(&self) {
        self.quiet_since.store(self.now(), Ordering::Release);
    }

    fn request_started(self: &Arc<Self>) -> Serving {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.head_since.store(0, Ordering::Release);
        Serving(self.clone())
    }

    /// When the connection is to be closed, if nothing changes; None while
    /// a request is being served (the handlers' own timeout covers that).
    fn deadline(&self, limits: ConnectionLimits) -> Option<u64> {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return None;
        }
        let header = limits.header_read_timeout_seconds * 1000;
        let head_since = self.head_since.load(Ordering::Acquire);
        Some(if self.answered.load(Ordering::Acquire) == 0 {
            // The first request's head is due soon after connecting.
            1 + header
        } else if head_since != 0 {
            head_since + header
        } else {
            self.quiet_since.load(Ordering::Acquire) + limits.keep_alive_timeout_seconds * 1000
        })
    }

    /// Resolves when the connection has waited too long for a request's head
    /// or been idle too long (less long while places are scarce).
    async fn time_is_up(&self, limits: ConnectionLimits, held: &Held) {
        const LOOK_AGAIN: u64 = 1000;
        loop {
            let now = self.now();
            let mut limits = limits;
            if held.places.available_permits() < limits.max_connections / 4 {
                limits.keep_alive_timeout_seconds = limits.keep_alive_timeout_seconds.min(PRESSED_KEEP_ALIVE_SECONDS);
            }
            let wait = match self.deadline(limits) {
                Some(deadline) if deadline <= now => return,
                Some(deadline) => (deadline - now).min(LOOK_AGAIN),
                None => LOOK_AGAIN,
            };
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
    }
}

/// What a connection holds while it is open: a place among all
/// connections and a share of its address's.
struct Held {
    _place: OwnedSemaphorePermit,
    _share: Option<Share>,
    places: Arc<Semaphore>,
}

/// Open connections by client address.
struct PerAddress {
    limit: usize,
    exempt: HashSet<IpAddr>,
    open: Mutex<HashMap<IpAddr, usize>>,
}

impl PerAddress {
    fn new(limit: usize, exempt: &[IpAddr]) -> PerAddress {
        PerAddress { limit, exempt: exempt.iter().copied().collect(), open: Mutex::default() }
    }

    /// A share for one more connection from `address`: Some(None) for an
    /// exempt address, None when the address is at its limit.
    fn admit(self: &Arc<Self>, address: IpAddr) -> Option<Option<Share>> {
        if self.exempt.contains(&address) {
            return Some(None);
        }
        let mut open = self.open.lock().expect("per-address counts");
        let count = open.entry(address).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(Some(Share { of: self.clone(), address }))
    }
}

/// One connection's part of its address's count; given back on drop.
struct Share {
    of: Arc<PerAddress>,
    address: IpAddr,
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut open = self.of.open.lock().expect("per-address counts");
        if let Some(count) = open.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.address);
            }
        }
    }
}

/// A request being served; dropping it marks the answer.
struct Serving(Arc<Activity>);

impl Drop for Serving {
    fn drop(&mut self) {
        let activity = &self.0;
        activity.quiet_since.store(activity.now(), Ordering::Release);
        activity.answered.fetch_add(1, Ordering::AcqRel);
        activity.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The socket, telling the watchdog when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.bytes_read();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.bytes_written();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.bytes_written();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_limit_and_its_places_back_as_connections_close() {
        let (one, other, proxy): (IpAddr, IpAddr, IpAddr) =
            ("127.0.0.2".parse().unwrap(), "127.0.0.3".parse().unwrap(), "10.0.0.1".parse().unwrap());
        let counts = Arc::new(PerAddress::new(2, &[proxy]));
        let first = counts.admit(one).expect("first");
        let second = counts.admit(one).expect("second");
        assert!(counts.admit(one).is_none(), "the third from one address is refused");
        assert!(counts.admit(other).is_some(), "another address is not affected");
        drop(first);
        assert!(counts.admit(one).is_some(), "a closed connection gives its place back");
        drop(second);
        let through_proxy: Vec<_> = (0..10).map(|_| counts.admit(proxy).expect("a trusted proxy is exempt")).collect();
        assert!(through_proxy.iter().all(Option::is_none));
    }
}
