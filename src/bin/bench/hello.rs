//! `bench hello`: the least an axum server can do per request, on the same
//! machine and runtime as the app. The ratio to it is how much of the
//! ceiling a page leaves.

use crate::args::Args;
use axum::body::Body;
use axum::routing::{get, post};
use axum::Router;
use futures::StreamExt;

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let bind = args.required("bind")?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let app = Router::new().route("/", get(|| async { "hello from the 12333 bench\n" })).route("/sink", post(sink));
    axum::serve(listener, app).await?;
    Ok(())
}

/// Reads a request's body to its end and keeps none of it: the most a
/// server can do with an upload, the ceiling `bench uploads` compares with.
async fn sink(body: Body) -> String {
    let mut stream = body.into_data_stream();
    let mut bytes = 0usize;
    while let Some(Ok(chunk)) = stream.next().await {
        bytes += chunk.len();
    }
    format!("{bytes}\n")
}
