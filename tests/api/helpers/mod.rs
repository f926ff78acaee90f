//! What the stories share, one concern a file:
//! - `app`: a running application on a fresh database, with its own clock;
//! - `browser`: a visitor's HTTP client and what a citizen does with it;
//! - `staff`: a signed-in member of staff and what they do to tickets;
//! - `page`: reading a page through CSS selectors;
//! - `fixtures`: the standard complaint, valid identifiers, seeded accounts;
//! - `logs`: the application's log, captured while a story reads it.

mod app;
mod browser;
mod fixtures;
mod logs;
mod page;
mod staff;

pub use app::{default_now, spawn_app, spawn_app_with, Backend, FiledTicket, TestApp};
pub use browser::Browser;
pub use fixtures::*;
pub use logs::LogCapture;
pub use page::Page;
pub use staff::Staff;

/// Generates one test per backend for each listed story, so that the names
/// say which database ran: `story::sqlite::name`, `story::postgres::name`.
/// With `configure = f;` first, each app starts with `f` applied to its
/// settings (see `spawn_app_with`).
#[macro_export]
macro_rules! on_both_backends {
    (configure = $configure:expr; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = $crate::helpers::Backend::Sqlite;
                    let app = $crate::helpers::spawn_app_with(backend, $configure).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match $crate::helpers::spawn_app_with($crate::helpers::Backend::Postgres, $configure).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped"),
                    }
                }
            )*
        }
    };
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                        Some(app) => super::$name(app).await,
                        None => eprintln!("TEST_POSTGRES_URL not set: PostgreSQL half skipped"),
                    }
                }
            )*
        }
    };
}
