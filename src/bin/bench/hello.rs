//! `bench hello`: the least an axum server can do per request, on the same
//! machine and runtime as the app. The ratio to it is how much of the
//! ceiling a page leaves.

use crate::args::Args;
use axum::routing::get;
use axum::Router;

pub async fn main(args: &Args) -> anyhow::Result<()> {
    let bind = args.required("bind")?;
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let app = Router::new().route("/", get(|| async { "hello from the 12333 bench\n" }));
    axum::serve(listener, app).await?;
    Ok(())
}
