//! Who may do what, as extractors: a handler that takes [`Supervisor`] is
//! only reached by a signed-in supervisor, and one that takes
//! [`CsrfForm`] only with a form carrying this session's token. Handlers
//! never check a role or a token by hand.

use super::error::AppError;
use super::pages::{PageChrome, StaffChrome};
use super::AppState;
use crate::domain::secrets::same_secret;
use crate::domain::workflow::Role;
use crate::i18n::Lang;
use crate::store::sessions::USER_ID_KEY;
use crate::store::tickets;
use crate::store::users::{self, User};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::Sha256;
use tower_sessions::Session;

const CSRF_KEY: &str = "csrf";

pub fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session: {e}"))
}

async fn session_of(parts: &mut Parts, state: &AppState) -> Result<Session, AppError> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, e)| AppError::Internal(anyhow::anyhow!("session layer missing: {e}")))
}

/// The form token of this session, made on first use.
pub async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session.get::<String>(CSRF_KEY).await.map_err(session_error)? {
        return Ok(token);
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    session.insert(CSRF_KEY, &token).await.map_err(session_error)?;
    Ok(token)
}

/// Signs `user` in on `session`: a new session id (a planted id is worth
/// nothing) and a new form token.
pub async fn start_session(session: &Session, user: &User) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_ID_KEY, &user.id).await.map_err(session_error)?;
    session.insert(TOUCHED_KEY, unix_now()).await.map_err(session_error)?;
    session.insert(CSRF_KEY, uuid::Uuid::new_v4().simple().to_string()).await.map_err(session_error)
}

/// When the session was last written, in Unix seconds.
const TOUCHED_KEY: &str = "touched_at";

/// A session is written again after this many seconds of use, so that its
/// idle expiry runs from the last minute of activity.
pub const SESSION_TOUCH_SECONDS: i64 = 60;

/// Sessions expire by the system clock (tower-sessions and the store count
/// in real time), not by the application's clock.
fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Keeps a signed-in session alive while it is used. tower-sessions writes a
/// session (and renews its expiry and cookie) only when its data changes, so
/// without this the idle limit would run from sign-in. Changing a value at
/// most once a minute costs one write a minute, not one per request.
async fn keep_alive(session: &Session) -> Result<(), AppError> {
    let now = unix_now();
    let touched = session.get::<i64>(TOUCHED_KEY).await.map_err(session_error)?.unwrap_or(0);
    if now - touched >= SESSION_TOUCH_SECONDS {
        session.insert(TOUCHED_KEY, now).await.map_err(session_error)?;
    }
    Ok(())
}

/// What a member whose password someone else chose may reach before
/// choosing their own: the password page, and signing out.
const OPEN_BEFORE_OWN_PASSWORD: [&str; 2] = [crate::web::pages::PASSWORD_PAGE, "/staff/logout"];

/// A signed-in staff member, checked against the database on every request
/// (a deactivated account loses access at once).
pub struct Staff {
    pub user: User,
    pub session: Session,
    pub csrf: String,
    /// For a supervisor, the extension requests awaiting their decision
    /// (shown in the navigation); zero for other roles.
    pub pending_approvals: i64,
    /// Notices in the member's inbox not read yet (caseworkers and
    /// supervisors, who receive them); zero for other roles.
    pub unread_notices: i64,
}

impl Staff {
    /// The chrome of a staff page: who is signed in, and the form token.
    pub fn chrome(&self) -> StaffChrome {
        StaffChrome {
            display_name: self.user.display_name.clone(),
            csrf: self.csrf.clone(),
            is_admin: self.user.role == Role::Admin,
            is_agent: self.user.role == Role::Agent,
            is_supervisor: self.user.role == Role::Supervisor,
            pending_approvals: self.pending_approvals,
            unread_notices: self.unread_notices,
        }
    }

    /// A staff page's chrome: the base layout with this member's navigation.
    pub fn page(&self, lang: Lang, title: &str, here: &str) -> PageChrome {
        PageChrome::new(lang, title, here).signed_in(self.chrome())
    }

    /// Ends the session (sign-out, a changed password).
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.session.flush().await.map_err(session_error)
    }
}

/// The active member signed in on `session`, with the counts their
/// navigation shows: extension requests awaiting them, unread notices.
async fn signed_in_member(session: &Session, state: &AppState) -> Result<Option<(User, i64, i64)>, AppError> {
    let Some(user_id) = session.get::<String>(USER_ID_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    let mut conn = state.db.acquire().await?;
    let Some(user) = users::find_by_id(&mut conn, &user_id).await?.filter(|u| u.active) else {
        return Ok(None);
    };
    let pending = match user.role {
        Role::Supervisor => tickets::pending_extension_count(&mut conn, user.department_id.as_deref()).await?,
        _ => 0,
    };
    let unread = match user.role {
        Role::Caseworker | Role::Supervisor => {
            crate::store::notifications::unread_count(&mut conn, &user.id, state.clock.now()).await?
        }
        _ => 0,
    };
    Ok(Some((user, pending, unread)))
}

/// The staff navigation for an error page (a 403, a 404) shown to a member
/// of staff who is signed in, so that they find their way back; None for
/// anyone else, and for a member who must first choose a password.
pub async fn error_page_chrome(session: &Session, state: &AppState) -> Option<StaffChrome> {
    let (user, pending_approvals, unread_notices) = signed_in_member(session, state).await.ok()??;
    if user.must_change_password {
        return None;
    }
    let csrf = session.get::<String>(CSRF_KEY).await.ok().flatten().unwrap_or_default();
    let staff = Staff { user, session: session.clone(), csrf, pending_approvals, unread_notices };
    Some(staff.chrome())
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, state).await?;
        let Some((user, pending_approvals, unread_notices)) = signed_in_member(&session, state).await? else {
            if session.get::<String>(USER_ID_KEY).await.map_err(session_error)?.is_some() {
                // An account deactivated since it signed in: its session ends.
                session.flush().await.map_err(session_error)?;
            }
            return Err(AppError::Unauthorized);
        };
        if user.must_change_password && !OPEN_BEFORE_OWN_PASSWORD.contains(&parts.uri.path()) {
            return Err(AppError::PasswordChangeRequired);
        }
        keep_alive(&session).await?;
        let csrf = csrf_token(&session).await?;
        Ok(Staff { user, session, csrf, pending_approvals, unread_notices })
    }
}

/// Staff of the given roles only; anyone else signed in gets 403.
macro_rules! staff_of_roles {
    ($(#[$doc:meta])* $name:ident: $($role:path)|+) => {
        $(#[$doc])*
        pub struct $name(pub Staff);

        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                let staff = Staff::from_request_parts(parts, state).await?;
                if matches!(staff.user.role, $($role)|+) {
                    Ok($name(staff))
                } else {
                    Err(AppError::Forbidden)
                }
            }
        }

        impl std::ops::Deref for $name {
            type Target = Staff;

            fn deref(&self) -> &Staff {
                &self.0
            }
        }
    };
}

staff_of_roles!(
    /// A supervisor: the dashboard, the reports, extension decisions.
    Supervisor: Role::Supervisor
);
staff_of_roles!(
    /// An administrator: the calendar, routing rules, departments, accounts.
    Admin: Role::Admin
);
staff_of_roles!(
    /// A hotline agent, who files complaints on a caller's behalf.
    Agent: Role::Agent
);
/// The signed-in staff member, if any: for pages both citizens and staff
/// reach (the filed page after an agent's intake).
pub struct MaybeStaff(pub Option<Staff>);

impl FromRequestParts<AppState> for MaybeStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match Staff::from_request_parts(parts, state).await {
            Ok(staff) => Ok(MaybeStaff(Some(staff))),
            Err(AppError::Unauthorized) => Ok(MaybeStaff(None)),
            Err(e) => Err(e),
        }
    }
}

staff_of_roles!(
    /// Someone who works tickets: a caseworker or a supervisor.
    Handler: Role::Caseworker | Role::Supervisor
);

/// A url-encoded form whose `csrf_token` matched this session's token; a
/// form from another site cannot know it. The token field need not be part
/// of `T`.
pub struct CsrfForm<T>(pub T);

/// A form with nothing but its token (sign-out, showing personal data).
#[derive(Deserialize)]
pub struct NoFields {}

#[derive(Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf_token: String,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_form = is_url_encoded(&request);
        let (mut parts, body) = request.into_parts();
        let session = session_of(&mut parts, state).await?;
        let body = form_body(Request::from_parts(parts, body), state).await?;
        let token = match is_form {
            true => serde_urlencoded::from_bytes::<TokenOnly>(&body).map(|t| t.csrf_token).unwrap_or_default(),
            false => String::new(),
        };
        match session.get::<String>(CSRF_KEY).await.map_err(session_error)? {
            Some(expected) if !token.is_empty() && same_secret(&token, &expected) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        serde_urlencoded::from_bytes(&body).map(CsrfForm).map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

/// The sign-in form's token, which needs no stored session: a visitor who
/// only opens the sign-in page leaves nothing in the database. The browser
/// holds a random nonce in a cookie; the form carries an HMAC of it under a
/// key all instances share. A form from another site has neither the cookie
/// (SameSite) nor a way to compute the HMAC for a cookie it planted.
pub struct SignInToken {
    nonce: String,
    /// Whether the nonce is new and its cookie must be set.
    fresh: bool,
}

pub const SIGN_IN_COOKIE: &str = "hotline_sign_in";

impl SignInToken {
    /// The nonce in the request's cookie, or a new one.
    pub fn of(headers: &HeaderMap) -> SignInToken {
        match sign_in_nonce(headers) {
            Some(nonce) => SignInToken { nonce, fresh: false },
            None => SignInToken { nonce: uuid::Uuid::new_v4().simple().to_string(), fresh: true },
        }
    }

    /// What the form's hidden field carries.
    pub fn form_value(&self, key: &[u8]) -> String {
        mac_of(key, &self.nonce).finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Adds the cookie to a response that shows the form, if it is new.
    pub fn set_cookie(&self, response: &mut Response, secure: bool) {
        if !self.fresh {
            return;
        }
        let cookie = tower_sessions::cookie::Cookie::build((SIGN_IN_COOKIE, self.nonce.clone()))
            .path("/staff/login")
            .http_only(true)
            .secure(secure)
            .same_site(tower_sessions::cookie::SameSite::Strict)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}

fn mac_of(key: &[u8], nonce: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(b"sign-in form\0");
    mac.update(nonce.as_bytes());
    mac
}

/// Whether `token` (hex) is the form value for `nonce`, compared in constant time.
fn token_matches(key: &[u8], nonce: &str, token: &str) -> bool {
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| token.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect();
    bytes.is_some_and(|bytes| mac_of(key, nonce).verify_slice(&bytes).is_ok())
}

fn sign_in_nonce(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(tower_sessions::cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == SIGN_IN_COOKIE && !c.value().is_empty())
        .map(|c| c.value().to_string())
}

/// The sign-in form, accepted only with the token that matches the
/// browser's sign-in cookie (see [`SignInToken`]).
pub struct SignInForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for SignInForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let nonce = sign_in_nonce(request.headers());
        let is_form = is_url_encoded(&request);
        let body = form_body(request, state).await?;
        let token = match is_form {
            true => serde_urlencoded::from_bytes::<TokenOnly>(&body).map(|t| t.csrf_token).unwrap_or_default(),
            false => String::new(),
        };
        match nonce {
            Some(nonce) if token_matches(&state.sign_in_key, &nonce, &token) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        serde_urlencoded::from_bytes(&body).map(SignInForm).map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

fn is_url_encoded(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

async fn form_body(request: Request, state: &AppState) -> Result<Bytes, AppError> {
    Bytes::from_request(request, state).await.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        _ => AppError::BadRequest(e.body_text()),
    })
}
