//! Middleware written as a plain service. `axum::middleware::from_fn`
//! clones and boxes the rest of the stack again for every request; a
//! service that wraps the inner one's future does neither. Each piece of
//! middleware says only what it does around the request, in [`Around`].

use axum::extract::Request;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The answer of a wrapped service, boxed once.
pub type Answer<R, E> = Pin<Box<dyn Future<Output = Result<R, E>> + Send>>;

/// What a piece of middleware does around the rest of the stack, whose
/// responses are `R` (a page's, or one whose body a layer inside wraps).
pub trait Around<R>: Clone + Send + Sync + 'static {
    /// Called once per request with the inner service, ready to be called.
    /// The inner service only builds its future when called: its work (a
    /// handler's, a database's) runs when the returned answer is polled, so
    /// whatever scope the answer sets around it covers all of that work.
    fn around<S>(&self, request: Request, inner: &mut S) -> Answer<R, S::Error>
    where
        S: tower::Service<Request, Response = R>,
        S::Future: Send + 'static,
        S::Error: Send + 'static;
}

/// The layer that puts an [`Around`] around each route.
#[derive(Clone)]
pub struct AroundLayer<A>(pub A);

impl<S, A: Clone> tower::Layer<S> for AroundLayer<A> {
    type Service = Wrapped<S, A>;

    fn layer(&self, inner: S) -> Wrapped<S, A> {
        Wrapped { inner, around: self.0.clone() }
    }
}

#[derive(Clone)]
pub struct Wrapped<S, A> {
    inner: S,
    around: A,
}

impl<S, A> tower::Service<Request> for Wrapped<S, A>
where
    S: tower::Service<Request>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    A: Around<S::Response>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Answer<S::Response, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.around.around(request, &mut self.inner)
    }
}
