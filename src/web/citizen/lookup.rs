//! Finding a citizen's ticket by its number and mobile, as every form of
//! the status page, the file and notice downloads and the API do, under the
//! failed-lookup throttle.

use crate::domain::complaint::FieldErrors;
use crate::domain::follow_up::parse_track_pair;
use crate::services::citizen::find_for_citizen;
use crate::store::tickets::Ticket;
use crate::web::client_addr::ClientAddr;
use crate::web::error::AppError;
use crate::web::throttle::LookupThrottle;
use crate::web::AppState;

/// What a lookup by number and mobile found.
pub enum Lookup {
    Found(Box<Ticket>),
    /// The number or the mobile is not well formed.
    Invalid(FieldErrors),
    /// No ticket has this number with this mobile.
    NotFound,
}

impl Lookup {
    /// The ticket, or the error a form or the API answers: the fields'
    /// problems, or "not found" without saying which half was wrong.
    pub fn found(self) -> Result<Ticket, AppError> {
        match self {
            Lookup::Found(ticket) => Ok(*ticket),
            Lookup::Invalid(errors) => Err(AppError::Invalid(errors)),
            Lookup::NotFound => Err(AppError::NotFound),
        }
    }
}

/// Looks a ticket up by its number and mobile, under the failed-lookup
/// throttle: refused while the client's address or the number is blocked,
/// and every failure counted (see `web::throttle`).
pub async fn look_up(
    state: &AppState,
    throttle: &LookupThrottle,
    ClientAddr(addr): ClientAddr,
    ticket_no: &str,
    mobile: &str,
) -> Result<Lookup, AppError> {
    let parsed = parse_track_pair(ticket_no, mobile);
    let number = parsed.as_ref().ok().map(|(no, _)| no.as_str().to_string());
    throttle.admit(addr, number.as_deref()).map_err(AppError::LookupThrottled)?;
    let (no, mobile) = match parsed {
        Ok(pair) => pair,
        Err(errors) => {
            throttle.failed(addr, None).map_err(AppError::LookupThrottled)?;
            return Ok(Lookup::Invalid(errors));
        }
    };
    let mut conn = state.db.acquire().await?;
    match find_for_citizen(&mut conn, &no, &mobile).await? {
        Some(ticket) => Ok(Lookup::Found(Box::new(ticket))),
        None => {
            throttle.failed(addr, number.as_deref()).map_err(AppError::LookupThrottled)?;
            Ok(Lookup::NotFound)
        }
    }
}
