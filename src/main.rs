use hotline::clock::SystemClock;
use hotline::config::Config;
use hotline::startup::{shutdown_signal, Application};
use std::sync::Arc;

fn main() -> anyhow::Result<()> {
    // Before the runtime starts any thread: see `keep_memory_flat`.
    hotline::startup::keep_memory_flat();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve_or_run_command())
}

async fn serve_or_run_command() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let log = tracing_subscriber::fmt().with_env_filter(config.log_filter.as_str());
    match config.operations.log_format {
        // One JSON object a line, for log shippers.
        hotline::config::LogFormat::Json => log.json().with_span_list(false).init(),
        hotline::config::LogFormat::Text => log.init(),
    }
    // Operator commands (keys, backup, restore): see `cli`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.is_empty() {
        return hotline::cli::run(&config, &args).await;
    }
    let app = Application::build(config, Arc::new(SystemClock)).await?;
    tracing::info!("listening on http://{}", app.local_addr());
    app.run_until(shutdown_signal()).await
}
