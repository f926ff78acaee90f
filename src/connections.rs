//! Serving HTTP/1.1 connections within limits, so that clients which are
//! slow or silent cannot hold the server's file descriptors: a request's
//! head must arrive in time, a kept-alive connection may idle only so long,
//! and there are only so many connections at once (beyond that, clients
//! wait in the kernel's backlog until a place is free).
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
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::Service;

/// How long requests in flight may take to finish once shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Accepts and serves connections until `shutdown` resolves, then lets the
/// connections finish their requests in flight (for a bounded time).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let places = Arc::new(Semaphore::new(limits.max_connections));
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
        let _ = stream.set_nodelay(true);
        connections.spawn(serve_connection(stream, peer, app.clone(), limits, stopping.clone(), place));
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
    _place: OwnedSemaphorePermit,
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
        () = activity.time_is_up(limits) => return,
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
    /// or been idle too long.
    async fn time_is_up(&self, limits: ConnectionLimits) {
        const LOOK_AGAIN: u64 = 1000;
        loop {
            let now = self.now();
            let wait = match self.deadline(limits) {
                Some(deadline) if deadline <= now => return,
                Some(deadline) => (deadline - now).min(LOOK_AGAIN),
                None => LOOK_AGAIN,
            };
            tokio::time::sleep(Duration::from_millis(wait)).await;
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
