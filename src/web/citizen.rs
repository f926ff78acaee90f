//! The citizen's pages: what the bureau accepts, the screening questions,
//! the complaint form, the review, the confirmation, and tracking.

use super::error::AppError;
use super::forms::{complaint_from_pairs, complaint_to_pairs, screening_pairs, ScreeningQuery};
use super::lang::LANG_COOKIE;
use super::pages::{attach_errors, format_instant, render, FieldView, PageChrome, SectionView, SummaryItem};
use super::AppState;
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::complaint::{
    limits, ComplaintInput, FieldErrors, NewComplaint, Problem, RefusalReason, SCREENING_TOPICS,
};
use crate::domain::masking::mask_name;
use crate::domain::mobile::Mobile;
use crate::domain::ticket_no::{TicketNo, TicketNoError};
use crate::i18n::{Lang, Messages};
use crate::services::citizen::{self as citizen_actions, CitizenActionError};
use crate::services::filing::{self, Filer, FilingError};
use crate::store::bureau::{CategoryConfig, District};
use crate::store::reference::Reference;
use crate::store::tickets::Ticket;
use crate::store::{audit, tickets};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

// ---------------------------------------------------------------- home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageChrome,
    categories: Vec<CategoryRow>,
    channels: Vec<(&'static str, &'static str)>,
}

struct CategoryRow {
    name: String,
    limit: String,
}

pub async fn home(State(state): State<AppState>, lang: Lang) -> Result<Response, AppError> {
    let t = lang.messages();
    let reference = state.db.reference().current(&state.db).await?;
    let categories = reference
        .categories
        .iter()
        .map(|c| CategoryRow {
            name: lang.pick(&c.name_zh, &c.name_en).to_string(),
            limit: t.working_days(i64::from(c.handling.days)),
        })
        .collect();
    let channels = vec![
        (t.channel_web, t.channel_web_desc),
        (t.channel_hotline_12333, t.channel_hotline_desc),
        (t.channel_transfer_12345, t.channel_12345_desc),
        (t.channel_walk_in, t.channel_walk_in_desc),
        (t.channel_letter, t.channel_letter_desc),
    ];
    Ok(render(&HomePage { page: PageChrome::new(lang, t.home_title, "/"), categories, channels })?.into_response())
}

// ---------------------------------------------------------------- language

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language for a year and returns to the page.
pub async fn switch_language(Path(key): Path<String>, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    let lang = Lang::from_key(&key).ok_or(AppError::NotFound)?;
    let next = same_site_path(&q.next).unwrap_or("/");
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", lang.key());
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response())
}

/// `next` if it is a path on this site, never an open redirect. Browsers read
/// a backslash as a slash and drop tabs and line breaks from addresses, so
/// `/\\evil.example` and `/<tab>/evil.example` would both lead off-site: a
/// path must start with one `/` and hold no backslash or control character.
fn same_site_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next.starts_with("//");
    let clean = !next.chars().any(|c| c == '\\' || c.is_control());
    (local && clean).then_some(next)
}

// ---------------------------------------------------------------- screening

#[derive(Template)]
#[template(path = "screening.html")]
struct ScreeningPage {
    page: PageChrome,
    summary: Vec<SummaryItem>,
    fields: Vec<FieldView>,
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn yes_no_options(t: &Messages) -> Vec<(String, String)> {
    vec![("yes".into(), t.yes.into()), ("no".into(), t.no.into())]
}

fn screening_page(lang: Lang, q: &ScreeningQuery, show_errors: bool) -> ScreeningPage {
    let t = lang.messages();
    let mut legal = FieldView::new("screening.in_legal_procedure", t.screen_q_legal, "radio", &q.in_legal_procedure)
        .required()
        .options(yes_no_options(t));
    let mut topic = FieldView::new("screening.topic", t.screen_q_topic, "radio", &q.topic)
        .required()
        .options(SCREENING_TOPICS.iter().map(|k| (k.to_string(), t.topic_name(k).to_string())));
    let mut settled = FieldView::new(
        "screening.settled_without_new_facts",
        t.screen_q_settled,
        "radio",
        &q.settled_without_new_facts,
    )
    .required()
    .options(yes_no_options(t));
    let mut summary = Vec::new();
    if show_errors {
        for field in [&mut legal, &mut topic, &mut settled] {
            if field.value.is_empty() {
                let message = t.problem(Problem::Required);
                summary
                    .push(SummaryItem { href: format!("#{}", field.id), text: format!("{}：{message}", field.label) });
                field.errors.push(message);
            }
        }
    }
    ScreeningPage {
        page: PageChrome::new(lang, t.screen_title, "/complaints/new"),
        summary,
        fields: vec![legal, topic, settled],
    }
}

pub async fn screening(lang: Lang) -> Result<Response, AppError> {
    Ok(render(&screening_page(lang, &ScreeningQuery::default(), false))?.into_response())
}

#[derive(Template)]
#[template(path = "refused.html")]
struct RefusedPage {
    page: PageChrome,
    why: String,
    whereto: String,
}

fn refused_page(lang: Lang, reason: RefusalReason) -> Result<Response, AppError> {
    let t = lang.messages();
    let (why, whereto) = t.refusal(reason);
    let page = RefusedPage { page: PageChrome::new(lang, t.refused_title, "/complaints/new"), why, whereto };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------- the form

#[derive(Template)]
#[template(path = "complaint_form.html")]
struct ComplaintFormPage {
    page: PageChrome,
    action: &'static str,
    summary: Vec<SummaryItem>,
    sections: Vec<SectionView>,
    hidden: Vec<(&'static str, String)>,
}

/// Who fills in the complaint form: the citizen on the web, or a hotline
/// agent for a caller (who also sets the channel and the date received).
#[derive(Debug, Clone, Copy)]
pub enum Desk<'a> {
    Citizen,
    Agent { user_id: &'a str, csrf: &'a str },
}

impl<'a> Desk<'a> {
    fn filer(self) -> Filer<'a> {
        match self {
            Desk::Citizen => Filer::Citizen,
            Desk::Agent { user_id, .. } => Filer::Staff { user_id },
        }
    }

    fn is_staff(self) -> bool {
        matches!(self, Desk::Agent { .. })
    }

    fn review_action(self) -> &'static str {
        match self {
            Desk::Citizen => "/complaints/review",
            Desk::Agent { .. } => "/staff/intake/review",
        }
    }

    fn confirm_action(self) -> &'static str {
        match self {
            Desk::Citizen => "/complaints/confirm",
            Desk::Agent { .. } => "/staff/intake/confirm",
        }
    }

    /// The form token every staff form carries.
    fn token(self) -> Vec<(&'static str, String)> {
        match self {
            Desk::Citizen => Vec::new(),
            Desk::Agent { csrf, .. } => vec![("csrf_token", csrf.to_string())],
        }
    }
}

/// The bureau's choices the form offers.
struct FormChoices {
    categories: Vec<CategoryConfig>,
    districts: Vec<District>,
}

async fn load_choices(state: &AppState) -> Result<FormChoices, AppError> {
    let reference = state.db.reference().current(&state.db).await?;
    Ok(FormChoices { categories: reference.categories.clone(), districts: reference.districts.clone() })
}

/// The sections of the complaint form with the values as typed. `staff`
/// adds the intake fields (channel, date received).
fn complaint_sections(lang: Lang, input: &ComplaintInput, choices: &FormChoices, staff: bool) -> Vec<SectionView> {
    let t = lang.messages();
    let v = |name| super::forms::field_value(input, name);
    // A required statement field with its hint and length limit.
    let fact = |name: &'static str, label: &'static str, kind: &'static str, hint: &'static str, max: usize| {
        FieldView::new(name, label, kind, v(name)).required().hint(hint).max(t, max)
    };
    let mut sections = Vec::new();
    if staff {
        // The agent asks the screening questions on the phone.
        let screening = [
            ("screening.in_legal_procedure", t.screen_q_legal, yes_no(input.screening.in_legal_procedure)),
            (
                "screening.settled_without_new_facts",
                t.screen_q_settled,
                yes_no(input.screening.settled_without_new_facts),
            ),
        ];
        let mut fields: Vec<FieldView> = screening
            .iter()
            .map(|(name, label, value)| {
                FieldView::new(name, label, "radio", value).required().options(yes_no_options(t))
            })
            .collect();
        fields.insert(
            1,
            FieldView::new("screening.topic", t.screen_q_topic, "radio", &input.screening.topic)
                .required()
                .options(SCREENING_TOPICS.iter().map(|k| (k.to_string(), t.topic_name(k).to_string()))),
        );
        sections.push(SectionView { title: t.screen_title, fields });
        sections.push(SectionView {
            title: t.section_intake,
            fields: vec![
                FieldView::new("channel", t.field_channel, "select", v("channel"))
                    .required()
                    .options(Channel::ALL.iter().map(|c| (c.key().to_string(), t.channel_name(c.key()).to_string()))),
                FieldView::new("received_on", t.field_received_on, "date", v("received_on")).hint(t.hint_received_on),
            ],
        });
    }
    sections.push(SectionView {
        title: t.section_matter,
        fields: vec![
            FieldView::new("category", t.field_category, "select", v("category")).required().options(
                choices
                    .categories
                    .iter()
                    .map(|c| (c.category.key().to_string(), lang.pick(&c.name_zh, &c.name_en).to_string())),
            ),
            FieldView::new("district", t.field_district, "select", v("district")).required().options(
                choices.districts.iter().map(|d| (d.code.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())),
            ),
            FieldView::new("earlier_ticket_no", t.field_earlier_ticket, "text", v("earlier_ticket_no"))
                .hint(t.hint_earlier_ticket),
        ],
    });
    sections.push(SectionView {
        title: t.section_facts,
        fields: vec![
            fact("facts.when", t.field_when, "text", t.hint_when, limits::SHORT_FACT),
            fact("facts.where", t.field_where, "text", t.hint_where, limits::SHORT_FACT),
            fact("facts.who", t.field_who, "text", t.hint_who, limits::SHORT_FACT),
            fact("facts.cause", t.field_cause, "textarea", t.hint_cause, limits::LONG_FACT),
            fact("facts.course", t.field_course, "textarea", t.hint_course, limits::LONG_FACT),
            fact("facts.result", t.field_result, "textarea", t.hint_result, limits::LONG_FACT),
            fact("demand", t.field_demand, "textarea", t.hint_demand, limits::DEMAND),
        ],
    });
    sections.push(SectionView {
        title: t.section_complainant,
        fields: vec![
            FieldView::new("complainant.name", t.field_complainant_name, "text", v("complainant.name"))
                .required()
                .max(t, limits::NAME),
            FieldView::new("complainant.id_number", t.field_id_number, "text", v("complainant.id_number"))
                .required()
                .hint(t.hint_id_number),
            FieldView::new("complainant.mobile", t.field_mobile, "text", v("complainant.mobile"))
                .required()
                .hint(t.hint_mobile),
        ],
    });
    sections.push(SectionView {
        title: t.section_respondent,
        fields: vec![
            FieldView::new("respondent.kind", t.field_respondent_kind, "select", v("respondent.kind"))
                .required()
                .options(
                    RespondentKind::ALL
                        .iter()
                        .map(|k| (k.key().to_string(), t.respondent_kind_name(k.key()).to_string())),
                ),
            FieldView::new("respondent.name", t.field_respondent_name, "text", v("respondent.name"))
                .required()
                .max(t, limits::RESPONDENT_NAME),
            FieldView::new("respondent.credit_code", t.field_credit_code, "text", v("respondent.credit_code"))
                .hint(t.hint_credit_code),
            FieldView::new("respondent.staff_name", t.field_staff_name, "text", v("respondent.staff_name"))
                .hint(t.hint_staff)
                .max(t, limits::NAME),
            FieldView::new("respondent.staff_number", t.field_staff_number, "text", v("respondent.staff_number"))
                .hint(t.hint_staff)
                .max(t, limits::STAFF_NUMBER),
        ],
    });
    sections
}

/// The form page, with each error beside its field and a summary on top.
pub async fn form_page(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    input: &ComplaintInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let choices = load_choices(state).await?;
    let mut sections = complaint_sections(lang, input, &choices, desk.is_staff());
    let summary = attach_errors(&mut sections, errors, t);
    // Channel and receipt date are staff-only, so a citizen's page never
    // shows them; an error on them still reaches the summary above. The
    // citizen answered the screening questions on the page before.
    let mut hidden = desk.token();
    if !desk.is_staff() {
        hidden.extend(screening_pairs(&input.screening));
    }
    let page = ComplaintFormPage {
        page: PageChrome::new(lang, t.form_title, "/complaints/new"),
        action: desk.review_action(),
        summary,
        sections,
        hidden,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn details(
    State(state): State<AppState>,
    lang: Lang,
    Query(q): Query<ScreeningQuery>,
) -> Result<Response, AppError> {
    if !q.is_complete() {
        let page = screening_page(lang, &q, true);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let screening = q.to_input();
    if let Some(reason) = crate::domain::complaint::screen(&screening) {
        return refused_page(lang, reason);
    }
    let input = ComplaintInput { screening, ..Default::default() };
    form_page(&state, lang, Desk::Citizen, &input, &FieldErrors::default(), StatusCode::OK).await
}

// ---------------------------------------------------------------- review

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    page: PageChrome,
    action: &'static str,
    groups: Vec<ReviewGroup>,
    hidden: Vec<(&'static str, String)>,
    idempotency_key: String,
}

struct ReviewGroup {
    title: &'static str,
    rows: Vec<(&'static str, String)>,
}

/// The record exactly as it will be stored (normalised ID, mobile, codes);
/// shown whole because it is the citizen's own.
fn review_groups(lang: Lang, c: &NewComplaint, choices: &FormChoices) -> Vec<ReviewGroup> {
    let t = lang.messages();
    let category = choices
        .categories
        .iter()
        .find(|k| k.category == c.category)
        .map(|k| lang.pick(&k.name_zh, &k.name_en).to_string())
        .unwrap_or_default();
    let district = choices
        .districts
        .iter()
        .find(|d| d.code == c.district.as_str())
        .map(|d| lang.pick(&d.name_zh, &d.name_en).to_string())
        .unwrap_or_default();
    let mut matter = vec![(t.field_category, category), (t.field_district, district)];
    if let Some(no) = &c.earlier_ticket_no {
        matter.push((t.field_earlier_ticket, no.grouped()));
    }
    let mut respondent = vec![
        (t.field_respondent_kind, t.respondent_kind_name(c.respondent.kind.key()).to_string()),
        (t.field_respondent_name, c.respondent.name.clone()),
    ];
    if let Some(code) = &c.respondent.credit_code {
        respondent.push((t.field_credit_code, code.as_str().to_string()));
    }
    if let Some(name) = &c.respondent.staff_name {
        respondent.push((t.field_staff_name, name.clone()));
    }
    if let Some(number) = &c.respondent.staff_number {
        respondent.push((t.field_staff_number, number.clone()));
    }
    vec![
        ReviewGroup { title: t.section_matter, rows: matter },
        ReviewGroup {
            title: t.section_facts,
            rows: vec![
                (t.field_when, c.facts.when.clone()),
                (t.field_where, c.facts.where_.clone()),
                (t.field_who, c.facts.who.clone()),
                (t.field_cause, c.facts.cause.clone()),
                (t.field_course, c.facts.course.clone()),
                (t.field_result, c.facts.result.clone()),
                (t.field_demand, c.demand.clone()),
            ],
        },
        ReviewGroup {
            title: t.section_complainant,
            rows: vec![
                (t.field_complainant_name, c.complainant.name.clone()),
                (t.field_id_number, c.complainant.id_number.as_str().to_string()),
                (t.field_mobile, c.complainant.mobile.as_str().to_string()),
            ],
        },
        ReviewGroup { title: t.section_respondent, rows: respondent },
    ]
}

/// Answers a rejected complaint: the refusal page, or the form with errors.
async fn rejected(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    input: &ComplaintInput,
    error: FilingError,
) -> Result<Response, AppError> {
    match error {
        FilingError::Refused(reason) => refused_page(lang, reason),
        FilingError::Invalid(errors) => {
            form_page(state, lang, desk, input, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        FilingError::Store(e) => Err(e.into()),
    }
}

pub async fn review(
    State(state): State<AppState>,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    review_at(&state, lang, Desk::Citizen, &pairs).await
}

/// Checks the complaint and shows the record for confirmation; an agent
/// reads it back to the caller.
pub async fn review_at(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    pairs: &[(String, String)],
) -> Result<Response, AppError> {
    let input = complaint_from_pairs(pairs);
    let complaint = match filing::check_complaint(&state.db, state.clock.now(), &input, desk.filer()).await {
        Ok(c) => c,
        Err(e) => return rejected(state, lang, desk, &input, e).await,
    };
    let t = lang.messages();
    let choices = load_choices(state).await?;
    let mut groups = review_groups(lang, &complaint, &choices);
    if desk.is_staff() {
        let received = complaint.received_on.map(|d| t.date_with_weekday(d)).unwrap_or_default();
        groups.insert(
            0,
            ReviewGroup {
                title: t.section_intake,
                rows: vec![
                    (t.field_channel, t.channel_name(complaint.channel.key()).to_string()),
                    (t.field_received_on, received),
                ],
            },
        );
    }
    let mut hidden = desk.token();
    hidden.extend(complaint_to_pairs(&input));
    let page = ReviewPage {
        page: PageChrome::new(lang, t.review_title, "/complaints/new"),
        action: desk.confirm_action(),
        groups,
        hidden,
        idempotency_key: uuid::Uuid::new_v4().to_string(),
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------- confirm

pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    confirm_at(&state, lang, Desk::Citizen, &pairs).await
}

/// Files the reviewed complaint once, or goes back to the form to correct it.
pub async fn confirm_at(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    pairs: &[(String, String)],
) -> Result<Response, AppError> {
    let input = complaint_from_pairs(pairs);
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    if value("action") == "edit" {
        return form_page(state, lang, desk, &input, &FieldErrors::default(), StatusCode::OK).await;
    }
    let key = uuid::Uuid::parse_str(value("idempotency_key"))
        .map_err(|_| AppError::BadRequest("idempotency_key".into()))?
        .to_string();
    match filing::file_complaint(&state.db, state.clock.now(), &input, desk.filer(), Some(&key)).await {
        // 303 so that a reload of the confirmation page is a harmless GET.
        Ok(_) => Ok(Redirect::to(&format!("/complaints/filed/{key}")).into_response()),
        Err(e) => rejected(state, lang, desk, &input, e).await,
    }
}

#[derive(Template)]
#[template(path = "filed.html")]
struct FiledPage {
    page: PageChrome,
    ticket_no: String,
    ticket_no_plain: String,
    department: String,
    received: String,
    handling_due: String,
    decision_due: String,
    misconduct: bool,
}

pub async fn filed(State(state): State<AppState>, lang: Lang, Path(key): Path<String>) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let ticket = tickets::find_by_idempotency_key(&mut conn, &key).await?.ok_or(AppError::NotFound)?;
    let reference = state.db.reference().get(&mut conn).await?;
    let department = department_name(&reference, lang, &ticket.department_id);
    let page = FiledPage {
        page: PageChrome::new(lang, t.filed_title, &format!("/complaints/filed/{key}")),
        ticket_no: ticket.ticket_no.grouped(),
        ticket_no_plain: ticket.ticket_no.as_str().to_string(),
        department,
        received: format_instant(ticket.received_at),
        handling_due: ticket.handling_due_on.map(|d| t.date_with_weekday(d)).unwrap_or_default(),
        decision_due: t.date_with_weekday(ticket.decision_due_on),
        misconduct: ticket.category == Category::StaffMisconduct,
    };
    Ok(render(&page)?.into_response())
}

pub fn department_name(reference: &Reference, lang: Lang, id: &str) -> String {
    reference.department(id).map(|d| lang.pick(&d.name_zh, &d.name_en).to_string()).unwrap_or_else(|| id.to_string())
}

// ---------------------------------------------------------------- tracking

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    page: PageChrome,
    summary: Vec<SummaryItem>,
    not_found: bool,
    fields: Vec<FieldView>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
}

fn track_page(lang: Lang, form: &TrackForm, errors: &FieldErrors, not_found: bool) -> TrackPage {
    let t = lang.messages();
    let mut fields = vec![SectionView {
        title: t.track_title,
        fields: vec![
            FieldView::new("ticket_no", t.field_ticket_no, "text", &form.ticket_no).required().hint(t.hint_ticket_no),
            FieldView::new("mobile", t.field_mobile, "text", &form.mobile).required(),
        ],
    }];
    let summary = attach_errors(&mut fields, errors, t);
    TrackPage {
        page: PageChrome::new(lang, t.track_title, "/track"),
        summary,
        not_found,
        fields: fields.remove(0).fields,
    }
}

pub async fn track_form(lang: Lang) -> Result<Response, AppError> {
    Ok(render(&track_page(lang, &TrackForm::default(), &FieldErrors::default(), false))?.into_response())
}

/// Parses the pair the citizen typed; the check digit catches a mistyped
/// ticket number before any lookup.
pub fn parse_track_pair(ticket_no: &str, mobile: &str) -> Result<(TicketNo, Mobile), FieldErrors> {
    let mut errors = FieldErrors::default();
    let no = TicketNo::parse(ticket_no)
        .map_err(|e| {
            errors.add("ticket_no", if e == TicketNoError::Empty { Problem::Required } else { Problem::TicketNo(e) })
        })
        .ok();
    let mobile = Mobile::parse(mobile)
        .map_err(|e| {
            errors.add(
                "mobile",
                if e == crate::domain::mobile::MobileError::Empty { Problem::Required } else { Problem::Mobile(e) },
            )
        })
        .ok();
    match (no, mobile) {
        (Some(no), Some(mobile)) => Ok((no, mobile)),
        _ => Err(errors),
    }
}

/// The ticket when both the number and the mobile match; a wrong pair is
/// "not found" without saying which half was wrong.
pub async fn find_for_citizen(
    conn: &mut sqlx::AnyConnection,
    no: &TicketNo,
    mobile: &Mobile,
) -> Result<Option<Ticket>, sqlx::Error> {
    Ok(tickets::find_by_ticket_no(conn, no).await?.filter(|t| t.complainant_mobile == mobile.as_str()))
}

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    page: PageChrome,
    view: CitizenTicketView,
    /// Carried in the action forms so the citizen need not type them again.
    ticket_no_plain: String,
    mobile_plain: String,
    reply: String,
    can_urge: bool,
    can_rate: bool,
    rating_given: String,
    can_appeal: bool,
    ratings: Vec<(&'static str, &'static str)>,
    message: String,
    message_is_error: bool,
    kept_comment: String,
}

/// The status page, with the actions open to the citizen right now.
async fn status_page(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    lang: Lang,
    ticket: &Ticket,
    message: Option<(String, bool)>,
    kept_comment: &str,
) -> Result<StatusPage, AppError> {
    let t = lang.messages();
    let today = state.clock.today();
    let reference = state.db.reference().get(&mut *conn).await?;
    let cal = &reference.calendar;
    let rating = citizen_actions::rating_of(&mut *conn, &ticket.id).await?;
    let view = citizen_view(&mut *conn, &reference, lang, ticket).await?;
    let (message, message_is_error) = message.unwrap_or_default();
    Ok(StatusPage {
        page: PageChrome::new(lang, t.status_title, "/track"),
        view,
        ticket_no_plain: ticket.ticket_no.as_str().to_string(),
        mobile_plain: ticket.complainant_mobile.clone(),
        reply: ticket.reply_text.clone().unwrap_or_default(),
        can_urge: citizen_actions::is_overdue(cal, ticket, today),
        can_rate: ticket.replied_on.is_some() && rating.is_none(),
        rating_given: rating
            .as_ref()
            .map(|r| format!("{} {}", t.rating_name(r.rating.key()), r.comment).trim().to_string())
            .unwrap_or_default(),
        can_appeal: citizen_actions::appeal_open(ticket, rating.as_ref(), today),
        ratings: citizen_actions::Rating::ALL.iter().map(|r| (r.key(), t.rating_name(r.key()))).collect(),
        message,
        message_is_error,
        kept_comment: kept_comment.to_string(),
    })
}

/// What the citizen sees of a ticket: personal data masked.
pub struct CitizenTicketView {
    pub ticket_no: String,
    pub state: String,
    pub state_key: String,
    pub category: String,
    pub department: String,
    pub complainant: String,
    pub mobile: String,
    pub received: String,
    pub handling_due: String,
    pub decision_due: String,
    pub history: Vec<(String, String)>,
}

pub async fn citizen_view(
    conn: &mut sqlx::AnyConnection,
    reference: &Reference,
    lang: Lang,
    ticket: &Ticket,
) -> Result<CitizenTicketView, AppError> {
    let t = lang.messages();
    let category = match reference.category(ticket.category) {
        Some(c) => lang.pick(&c.name_zh, &c.name_en).to_string(),
        None => ticket.category.key().to_string(),
    };
    let history = audit::for_ticket(conn, &ticket.id, true)
        .await?
        .into_iter()
        .map(|e| {
            // The citizen is told why for these; other details are internal.
            let event = t.event_name(&e.action);
            let text = match e.action.as_str() {
                "not_accepted" | "awaiting_citizen" | "extension_approved" | "transferred_outside"
                    if !e.detail.is_empty() =>
                {
                    format!("{event}：{}", e.detail)
                }
                _ => event.to_string(),
            };
            (format_instant(e.at), text)
        })
        .collect();
    Ok(CitizenTicketView {
        ticket_no: ticket.ticket_no.grouped(),
        state: t.state_name(ticket.state.key()).to_string(),
        state_key: ticket.state.key().to_string(),
        category,
        department: department_name(reference, lang, &ticket.department_id),
        complainant: mask_name(&ticket.complainant_name),
        mobile: Mobile::parse(&ticket.complainant_mobile).map(|m| m.masked()).unwrap_or_default(),
        received: format_instant(ticket.received_at),
        handling_due: ticket.handling_due_on.map(|d| t.date_with_weekday(d)).unwrap_or_default(),
        decision_due: t.date_with_weekday(ticket.decision_due_on),
        history,
    })
}

pub async fn track(
    State(state): State<AppState>,
    lang: Lang,
    Form(form): Form<TrackForm>,
) -> Result<Response, AppError> {
    let (no, mobile) = match parse_track_pair(&form.ticket_no, &form.mobile) {
        Ok(pair) => pair,
        Err(errors) => {
            let page = track_page(lang, &form, &errors, false);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let mut conn = state.db.acquire().await?;
    let Some(ticket) = find_for_citizen(&mut conn, &no, &mobile).await? else {
        let page = track_page(lang, &form, &FieldErrors::default(), true);
        return Ok((StatusCode::NOT_FOUND, render(&page)?).into_response());
    };
    Ok(render(&status_page(&state, &mut conn, lang, &ticket, None, "").await?)?.into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CitizenActionForm {
    #[serde(default)]
    ticket_no: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

/// Finds the ticket an action form names; a wrong pair is "not found".
async fn ticket_for_form(state: &AppState, form: &CitizenActionForm) -> Result<Ticket, AppError> {
    let (no, mobile) = parse_track_pair(&form.ticket_no, &form.mobile).map_err(AppError::Invalid)?;
    let mut conn = state.db.acquire().await?;
    find_for_citizen(&mut conn, &no, &mobile).await?.ok_or(AppError::NotFound)
}

/// Answers a citizen action with the status page and what happened.
async fn after_action(
    state: &AppState,
    lang: Lang,
    ticket_id: &str,
    outcome: Result<String, CitizenActionError>,
    kept_comment: &str,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let (status, message) = match outcome {
        Ok(done) => (StatusCode::OK, (done, false)),
        Err(CitizenActionError::Store(e)) => return Err(e.into()),
        Err(CitizenActionError::Filing(FilingError::Store(e))) => return Err(e.into()),
        Err(e) => {
            let (text, code): (String, StatusCode) = match e {
                CitizenActionError::Required => (t.problem_required(), StatusCode::UNPROCESSABLE_ENTITY),
                CitizenActionError::TooLong(max) => {
                    (t.problem(crate::domain::complaint::Problem::TooLong { max }), StatusCode::UNPROCESSABLE_ENTITY)
                }
                CitizenActionError::NotOverdue => (t.urge_not_overdue.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyUrged => (t.urge_already.into(), StatusCode::CONFLICT),
                CitizenActionError::NotReplied => (t.rate_not_replied.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyRated => (t.rate_already.into(), StatusCode::CONFLICT),
                CitizenActionError::AlreadyAppealed => (t.appeal_already.into(), StatusCode::CONFLICT),
                _ => (t.appeal_closed.into(), StatusCode::CONFLICT),
            };
            (code, (text, true))
        }
    };
    let mut conn = state.db.acquire().await?;
    let ticket = tickets::find_by_id(&mut conn, ticket_id).await?.ok_or(AppError::NotFound)?;
    let page = status_page(state, &mut conn, lang, &ticket, Some(message), kept_comment).await?;
    Ok((status, render(&page)?).into_response())
}

pub async fn urge(
    State(state): State<AppState>,
    lang: Lang,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &form).await?;
    let outcome = citizen_actions::urge(&state.db, state.clock.now(), &ticket)
        .await
        .map(|()| lang.messages().urge_done.to_string());
    after_action(&state, lang, &ticket.id, outcome, "").await
}

pub async fn rate(
    State(state): State<AppState>,
    lang: Lang,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &form).await?;
    let Some(rating) = citizen_actions::Rating::parse(&form.rating) else {
        let outcome = Err(CitizenActionError::Required);
        return after_action(&state, lang, &ticket.id, outcome, &form.comment).await;
    };
    let outcome = citizen_actions::rate(&state.db, state.clock.now(), &ticket, rating, &form.comment)
        .await
        .map(|()| lang.messages().rate_done.to_string());
    after_action(&state, lang, &ticket.id, outcome, &form.comment).await
}

pub async fn appeal(
    State(state): State<AppState>,
    lang: Lang,
    Form(form): Form<CitizenActionForm>,
) -> Result<Response, AppError> {
    let ticket = ticket_for_form(&state, &form).await?;
    let outcome = citizen_actions::appeal(&state.db, state.clock.now(), &ticket, &form.comment)
        .await
        .map(|appeal| lang.messages().appeal_done(&appeal.ticket_no.grouped()));
    after_action(&state, lang, &ticket.id, outcome, &form.comment).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed_after_switching_language() {
        assert_eq!(same_site_path("/track?x=1"), Some("/track?x=1"));
        assert_eq!(same_site_path("/"), Some("/"));
        for off_site in
            ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil", "https://evil.example", "", "evil"]
        {
            assert_eq!(same_site_path(off_site), None, "{off_site:?}");
        }
    }
}
