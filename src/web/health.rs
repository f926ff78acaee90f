//! Probes for load balancers and orchestrators. `GET /healthz` (liveness):
//! 200 when the database answers, for reads and for writes. `GET /readyz`
//! (readiness): 200 when every check of `domain::readiness` passes, else 503
//! with a JSON body naming each check and what is wrong, and whether the
//! font for written notices was found (which does not decide readiness).

use super::AppState;
use crate::domain::readiness::{self, Check, Outcome};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.db.is_healthy().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

#[derive(Serialize)]
pub struct Readiness {
    ready: bool,
    /// The checks that failed, by name.
    failing: Vec<&'static str>,
    checks: Vec<CheckView>,
    /// Whether written notices can be drawn. Not one of the checks: an
    /// instance without the font serves everything else, so it stays in
    /// the load balancer's rotation, and this says what to install.
    notice_font: NoticeFontView,
}

#[derive(Serialize)]
struct NoticeFontView {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

#[derive(Serialize)]
struct CheckView {
    check: &'static str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let outcomes = readiness_checks(&state).await;
    let ready = readiness::all_passed(&outcomes);
    let failing = outcomes.iter().filter(|o| !o.ok).map(|o| o.check.name()).collect();
    let checks =
        outcomes.into_iter().map(|o| CheckView { check: o.check.name(), ok: o.ok, problem: o.problem }).collect();
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let notice_font = match state.notice_font.status() {
        Ok(path) => NoticeFontView { ok: true, path: Some(path.display().to_string()), problem: None },
        Err(problem) => NoticeFontView { ok: false, path: None, problem: Some(problem) },
    };
    (status, Json(Readiness { ready, failing, checks, notice_font }))
}

/// Runs the checks one after another, each on its own connection in turn.
/// Database errors go to the log; the answer only says which part failed.
async fn readiness_checks(state: &AppState) -> Vec<Outcome> {
    let db = &state.db;
    let reader = match db.check_reader().await {
        Ok(()) => Outcome::passed(Check::DatabaseReader),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: a reading connection does not answer");
            Outcome::failed(Check::DatabaseReader, "the database does not answer")
        }
    };
    let writer = match db.check_writer().await {
        Ok(()) => Outcome::passed(Check::DatabaseWriter),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the writer cannot start a transaction");
            Outcome::failed(Check::DatabaseWriter, "the writing connection cannot start a transaction")
        }
    };
    if !reader.ok {
        let unchecked = "not checked: the database does not answer";
        return vec![
            reader,
            writer,
            Outcome::failed(Check::Migrations, unchecked),
            Outcome::failed(Check::Calendar, unchecked),
        ];
    }
    let migrations = match db.applied_migrations().await {
        Ok(applied) => readiness::migrations(&applied, &db.carried_migrations()),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the applied migrations cannot be read");
            Outcome::failed(Check::Migrations, "the applied migrations cannot be read")
        }
    };
    let calendar = match db.reference().current(db).await {
        Ok(reference) => readiness::calendar(reference.calendar.covered_until(), state.clock.today()),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the calendar cannot be read");
            Outcome::failed(Check::Calendar, "the calendar cannot be read")
        }
    };
    vec![reader, writer, migrations, calendar]
}

/// The load balancer's probes.
pub fn router() -> axum::Router<crate::web::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}
