//! Filing a complaint: the screening questions, the form, the review and
//! the confirmation that issues the ticket number. Agents at the hotline
//! use the same pages through `Desk::Agent`.

use crate::domain::attachment::Origin;
use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::complaint::{
    limits, ComplaintInput, FieldErrors, NewComplaint, Problem, RefusalReason, SCREENING_TOPICS,
};
use crate::domain::deadline::ClockStart;
use crate::i18n::{Lang, Messages};
use crate::services::attachments::Uploader;
use crate::services::filing::{self, Filer, FilingError};
use crate::store::bureau::{CategoryConfig, District};
use crate::store::{receipts, tickets};
use crate::web::attachments::{read_form, FilesField, Gate, PostedForm};
use crate::web::auth::{MaybeStaff, Staff};
use crate::web::client_addr::ClientAddr;
use crate::web::error::AppError;
use crate::web::filing_limits::{FilingLimits, Limited};
use crate::web::forms::{complaint_from_pairs, complaint_to_pairs, screening_pairs, ScreeningQuery};
use crate::web::lang::{remembered, switch_requested};
use crate::web::pages::department_name;
use crate::web::pages::received_when;
use crate::web::pages::{attach_errors, render, FieldView, PageChrome, SectionView, SummaryItem};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use std::sync::Arc;

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
                summary.push(SummaryItem { href: format!("#{}", field.id), text: t.labelled(field.label, &message) });
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
    files: FilesField,
    files_label: &'static str,
}

/// Who fills in the complaint form: the citizen on the web, or a hotline
/// agent for a caller (who also sets the channel and the date received).
#[derive(Clone, Copy)]
pub enum Desk<'a> {
    Citizen,
    Agent(&'a Staff),
}

impl<'a> Desk<'a> {
    fn filer(self) -> Filer<'a> {
        match self {
            Desk::Citizen => Filer::Citizen,
            Desk::Agent(agent) => Filer::Staff { user_id: &agent.user.id },
        }
    }

    /// The page's chrome: an agent keeps the staff navigation, and the
    /// language switch resubmits the form `form_id` to `action` so that
    /// nothing typed is lost.
    fn page(self, lang: Lang, title: &str, form_id: &'static str, action: &'static str) -> PageChrome {
        let page = match self {
            Desk::Citizen => PageChrome::new(lang, title, "/complaints/new"),
            Desk::Agent(agent) => agent.page(lang, title, "/staff/intake"),
        };
        page.switching_with(form_id, action)
    }

    fn is_staff(self) -> bool {
        matches!(self, Desk::Agent { .. })
    }

    /// Reads the posted form and receives its files: a citizen's as they
    /// come, an agent's once the form's token has matched.
    pub async fn read(self, state: &AppState, request: Request) -> Result<PostedForm, AppError> {
        match self {
            Desk::Citizen => {
                let uploader = Uploader { origin: Origin::Filing, user_id: None };
                read_form(state, request, uploader, Gate::Open).await
            }
            Desk::Agent(agent) => {
                let uploader = Uploader { origin: Origin::Intake, user_id: Some(&agent.user.id) };
                read_form(state, request, uploader, Gate::Csrf(&agent.csrf)).await
            }
        }
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
            Desk::Agent(agent) => vec![("csrf_token", agent.csrf.clone())],
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
    Ok(FormChoices {
        categories: reference.categories.clone(),
        districts: reference.active_districts().cloned().collect(),
    })
}

/// The complaint form's sections, with the values as typed; staff filing for a caller also answer the
/// screening questions and say how and when the complaint arrived.
fn complaint_sections(lang: Lang, input: &ComplaintInput, choices: &FormChoices, staff: bool) -> Vec<SectionView> {
    let t = lang.messages();
    let mut sections = if staff { agent_sections(t, input) } else { Vec::new() };
    sections.extend([
        matter_section(lang, input, choices),
        facts_section(t, input),
        complainant_section(t, input),
        respondent_section(t, input),
    ]);
    sections
}

/// The screening questions the agent asks on the phone, and the intake.
fn agent_sections(t: &'static Messages, input: &ComplaintInput) -> Vec<SectionView> {
    let v = |name| crate::web::forms::field_value(input, name);
    // The agent asks the screening questions on the phone.
    let screening = [
        ("screening.in_legal_procedure", t.screen_q_legal, yes_no(input.screening.in_legal_procedure)),
        ("screening.settled_without_new_facts", t.screen_q_settled, yes_no(input.screening.settled_without_new_facts)),
    ];
    let mut fields: Vec<FieldView> = screening
        .iter()
        .map(|(name, label, value)| FieldView::new(name, label, "radio", value).required().options(yes_no_options(t)))
        .collect();
    fields.insert(
        1,
        FieldView::new("screening.topic", t.screen_q_topic, "radio", &input.screening.topic)
            .required()
            .options(SCREENING_TOPICS.iter().map(|k| (k.to_string(), t.topic_name(k).to_string()))),
    );
    let screening = SectionView { title: t.screen_title, fields };
    let intake = SectionView {
        title: t.section_intake,
        fields: vec![
            FieldView::new("channel", t.field_channel, "select", v("channel"))
                .required()
                .options(Channel::ALL.iter().map(|c| (c.key().to_string(), t.channel_name(*c).to_string()))),
            FieldView::new("received_on", t.field_received_on, "date", v("received_on")).hint(t.hint_received_on),
        ],
    };
    vec![screening, intake]
}

/// What the complaint is about and where.
fn matter_section(lang: Lang, input: &ComplaintInput, choices: &FormChoices) -> SectionView {
    let t = lang.messages();
    let v = |name| crate::web::forms::field_value(input, name);
    SectionView {
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
                .hint(t.hint_earlier_ticket)
                .inputmode("numeric")
                .code(),
        ],
    }
}

/// The six elements and the demand: required, each with a hint and a limit.
fn facts_section(t: &'static Messages, input: &ComplaintInput) -> SectionView {
    let fact = |name: &'static str, label: &'static str, kind: &'static str, hint: &'static str, max: usize| {
        FieldView::new(name, label, kind, crate::web::forms::field_value(input, name)).required().hint(hint).max(t, max)
    };
    SectionView {
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
    }
}

/// Who complains.
fn complainant_section(t: &'static Messages, input: &ComplaintInput) -> SectionView {
    let v = |name| crate::web::forms::field_value(input, name);
    SectionView {
        title: t.section_complainant,
        fields: vec![
            FieldView::new("complainant.name", t.field_complainant_name, "text", v("complainant.name"))
                .required()
                .max(t, limits::NAME),
            // Text, not digits: the last character may be an X.
            FieldView::new("complainant.id_number", t.field_id_number, "text", v("complainant.id_number"))
                .required()
                .hint(t.hint_id_number)
                .code(),
            FieldView::new("complainant.mobile", t.field_mobile, "text", v("complainant.mobile"))
                .required()
                .hint(t.hint_mobile)
                .inputmode("numeric"),
        ],
    }
}

/// Whom the complaint is against.
fn respondent_section(t: &'static Messages, input: &ComplaintInput) -> SectionView {
    let v = |name| crate::web::forms::field_value(input, name);
    SectionView {
        title: t.section_respondent,
        fields: vec![
            FieldView::new("respondent.kind", t.field_respondent_kind, "select", v("respondent.kind"))
                .required()
                .options(
                    RespondentKind::ALL.iter().map(|k| (k.key().to_string(), t.respondent_kind_name(*k).to_string())),
                ),
            FieldView::new("respondent.name", t.field_respondent_name, "text", v("respondent.name"))
                .required()
                .max(t, limits::RESPONDENT_NAME),
            // Text, not digits: credit codes hold capital letters.
            FieldView::new("respondent.credit_code", t.field_credit_code, "text", v("respondent.credit_code"))
                .hint(t.hint_credit_code)
                .code(),
            FieldView::new("respondent.staff_name", t.field_staff_name, "text", v("respondent.staff_name"))
                .hint(t.hint_staff)
                .max(t, limits::NAME),
            FieldView::new("respondent.staff_number", t.field_staff_number, "text", v("respondent.staff_number"))
                .hint(t.hint_staff)
                .max(t, limits::STAFF_NUMBER),
        ],
    }
}

/// The key that files a complaint once. It is chosen when the blank form is
/// first served and carried, hidden, through every rendering of the form and
/// the review after it: a form posted again (Back from the filed page, a
/// reload, a second tab) confirms with the same key, and so into the ticket
/// the first confirmation filed. A key chosen only when the review is shown
/// would be a new one at each resubmission.
fn carried_key(pairs: &[(String, String)]) -> Option<String> {
    let (_, value) = pairs.iter().find(|(k, _)| k == "idempotency_key")?;
    uuid::Uuid::parse_str(value).ok().map(|key| key.to_string())
}

fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The blank form, or a form filled in elsewhere (the screening answers), as
/// first served: with a new filing key.
pub async fn form_page(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    input: &ComplaintInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    form_with_key(state, lang, desk, input, &new_key(), errors, FilesField::default(), status).await
}

/// The form served again from what it posted: its filing key kept (a new one
/// only if none came with it).
async fn form_again(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    form: &PostedForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let pairs = form.text_pairs();
    let key = carried_key(&pairs).unwrap_or_else(new_key);
    let files = FilesField::of(state, lang.messages(), form).await?;
    form_with_key(state, lang, desk, &complaint_from_pairs(&pairs), &key, errors, files, status).await
}

/// The form page, with each error beside its field and a summary on top.
#[allow(clippy::too_many_arguments)]
async fn form_with_key(
    state: &AppState,
    lang: Lang,
    desk: Desk<'_>,
    input: &ComplaintInput,
    key: &str,
    errors: &FieldErrors,
    files: FilesField,
    status: StatusCode,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let choices = load_choices(state).await?;
    let mut sections = complaint_sections(lang, input, &choices, desk.is_staff());
    let mut summary = attach_errors(&mut sections, errors, t);
    summary.extend(files.errors.iter().map(|e| SummaryItem { href: "#attachment-input".into(), text: e.clone() }));
    // Channel and receipt date are staff-only, so a citizen's page never
    // shows them; an error on them still reaches the summary above. The
    // citizen answered the screening questions on the page before.
    let mut hidden = desk.token();
    if !desk.is_staff() {
        hidden.extend(screening_pairs(&input.screening));
    }
    hidden.push(("idempotency_key", key.to_string()));
    let page = ComplaintFormPage {
        page: desk.page(lang, t.form_title, "complaint-form", desk.review_action()),
        action: desk.review_action(),
        summary,
        sections,
        hidden,
        files,
        files_label: t.field_attachments,
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
    rows: Vec<ReviewRow>,
}

/// One line of the record: a label and its value.
struct ReviewRow {
    label: &'static str,
    value: String,
    /// A number or code read out and copied as a whole: never broken over
    /// two lines.
    code: bool,
}

impl ReviewRow {
    fn text(label: &'static str, value: String) -> Self {
        ReviewRow { label, value, code: false }
    }

    fn code(label: &'static str, value: String) -> Self {
        ReviewRow { label, value, code: true }
    }
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
    let mut matter = vec![ReviewRow::text(t.field_category, category), ReviewRow::text(t.field_district, district)];
    if let Some(no) = &c.earlier_ticket_no {
        matter.push(ReviewRow::code(t.field_earlier_ticket, no.grouped()));
    }
    let mut respondent = vec![
        ReviewRow::text(t.field_respondent_kind, t.respondent_kind_name(c.respondent.kind).to_string()),
        ReviewRow::text(t.field_respondent_name, c.respondent.name.clone()),
    ];
    if let Some(code) = &c.respondent.credit_code {
        respondent.push(ReviewRow::code(t.field_credit_code, code.as_str().to_string()));
    }
    if let Some(name) = &c.respondent.staff_name {
        respondent.push(ReviewRow::text(t.field_staff_name, name.clone()));
    }
    if let Some(number) = &c.respondent.staff_number {
        respondent.push(ReviewRow::text(t.field_staff_number, number.clone()));
    }
    vec![
        ReviewGroup { title: t.section_matter, rows: matter },
        ReviewGroup {
            title: t.section_facts,
            rows: vec![
                ReviewRow::text(t.field_when, c.facts.when.clone()),
                ReviewRow::text(t.field_where, c.facts.where_.clone()),
                ReviewRow::text(t.field_who, c.facts.who.clone()),
                ReviewRow::text(t.field_cause, c.facts.cause.clone()),
                ReviewRow::text(t.field_course, c.facts.course.clone()),
                ReviewRow::text(t.field_result, c.facts.result.clone()),
                ReviewRow::text(t.field_demand, c.demand.clone()),
            ],
        },
        ReviewGroup {
            title: t.section_complainant,
            rows: vec![
                ReviewRow::text(t.field_complainant_name, c.complainant.name.clone()),
                ReviewRow::code(t.field_id_number, c.complainant.id_number.as_str().to_string()),
                ReviewRow::code(t.field_mobile, c.complainant.mobile.as_str().to_string()),
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
    form: &PostedForm,
    error: FilingError,
) -> Result<Response, AppError> {
    match error {
        FilingError::Refused(reason) => refused_page(lang, reason),
        FilingError::Invalid(errors) => {
            form_again(state, lang, desk, form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        other => Err(other.into()),
    }
}

pub async fn review(State(state): State<AppState>, lang: Lang, request: Request) -> Result<Response, AppError> {
    let form = Desk::Citizen.read(&state, request).await?;
    review_at(&state, lang, Desk::Citizen, &form).await
}

/// Checks the complaint and shows the record for confirmation; an agent
/// reads it back to the caller.
pub async fn review_at(state: &AppState, lang: Lang, desk: Desk<'_>, form: &PostedForm) -> Result<Response, AppError> {
    let pairs = &form.text_pairs();
    let input = complaint_from_pairs(pairs);
    if let Some(lang) = switch_requested(pairs) {
        let again = form_again(state, lang, desk, form, &FieldErrors::default(), StatusCode::OK).await?;
        return Ok(([(header::SET_COOKIE, remembered(lang))], again).into_response());
    }
    let complaint = match filing::check_complaint(&state.db, state.clock.now(), &input, desk.filer()).await {
        Ok(c) => c,
        Err(e) => return rejected(state, lang, desk, form, e).await,
    };
    // A refused file is said beside the file field, everything else kept.
    if !form.refused.is_empty() {
        let errors = FieldErrors::default();
        return form_again(state, lang, desk, form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let files = FilesField::of(state, lang.messages(), form).await?;
    // A key already used for another complaint (the form changed after it
    // was filed) would only be refused on confirming: this complaint is a
    // new one and gets a key of its own.
    let key = match carried_key(pairs) {
        Some(key) if filing::key_fits(&state.db, &key, &complaint).await? => key,
        _ => new_key(),
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
                    ReviewRow::text(t.field_channel, t.channel_name(complaint.channel).to_string()),
                    ReviewRow::text(t.field_received_on, received),
                ],
            },
        );
    }
    if !files.kept.is_empty() {
        groups.push(ReviewGroup {
            title: t.files_title,
            rows: files
                .kept
                .iter()
                .map(|f| ReviewRow::text(t.field_attachments, format!("{} ({})", f.name, f.size)))
                .collect(),
        });
    }
    let mut hidden = desk.token();
    hidden.extend(complaint_to_pairs(&input));
    hidden.extend(files.hidden());
    let page = ReviewPage {
        page: desk.page(lang, t.review_title, "review-form", desk.confirm_action()),
        action: desk.confirm_action(),
        groups,
        hidden,
        idempotency_key: key,
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------- confirm

pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    addr: ClientAddr,
    Extension(limits): Extension<Arc<FilingLimits>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = PostedForm { pairs, ..Default::default() };
    let pairs = &form.pairs;
    let confirming =
        switch_requested(pairs).is_none() && pairs.iter().find(|(k, _)| k == "action").is_none_or(|(_, v)| v != "edit");
    if confirming {
        let input = complaint_from_pairs(pairs);
        let field = match limits.take(addr.0, &input, state.clock.today()) {
            Ok(()) => None,
            Err(Limited::Address(throttled)) => return Err(AppError::FilingThrottled(throttled)),
            Err(Limited::Mobile(t)) => Some(("complainant.mobile", t)),
            Err(Limited::IdNumber(t)) => Some(("complainant.id_number", t)),
        };
        if let Some((field, throttled)) = field {
            // Back to the form, everything typed kept, the reason at the field.
            let mut errors = FieldErrors::default();
            errors.add(field, Problem::TooManyFilings { minutes: throttled.retry_after_secs.div_ceil(60) });
            return form_again(&state, lang, Desk::Citizen, &form, &errors, StatusCode::TOO_MANY_REQUESTS).await;
        }
    }
    confirm_at(&state, lang, Desk::Citizen, &form).await
}

/// Files the reviewed complaint once, or goes back to the form to correct it.
pub async fn confirm_at(state: &AppState, lang: Lang, desk: Desk<'_>, form: &PostedForm) -> Result<Response, AppError> {
    let pairs = &form.pairs;
    let input = complaint_from_pairs(pairs);
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    if let Some(lang) = switch_requested(pairs) {
        // The same record, reviewed again in the other language.
        let fields: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "switch_lang").cloned().collect();
        let review =
            Box::pin(review_at(state, lang, desk, &PostedForm { pairs: fields, ..Default::default() })).await?;
        return Ok(([(header::SET_COOKIE, remembered(lang))], review).into_response());
    }
    if value("action") == "edit" {
        return form_again(state, lang, desk, form, &FieldErrors::default(), StatusCode::OK).await;
    }
    let key = uuid::Uuid::parse_str(value("idempotency_key"))
        .map_err(|_| AppError::BadRequest("idempotency_key".into()))?
        .to_string();
    let now = state.clock.now();
    match filing::file_from_pages(&state.db, now, &input, desk.filer(), &key, &form.attachment_ids()).await {
        // 303 so that a reload of the confirmation page is a harmless GET, to
        // the receipt the server chose: the key came from the form, and the
        // client may have written anything there.
        Ok(filed) => {
            let receipt = filed.receipt_token.ok_or_else(|| anyhow::anyhow!("a keyed filing without a receipt"))?;
            Ok(Redirect::to(&format!("/complaints/filed/{receipt}")).into_response())
        }
        Err(e) => rejected(state, lang, desk, form, e).await,
    }
}

#[derive(Template)]
#[template(path = "filed.html")]
struct FiledPage {
    page: PageChrome,
    ticket_no: String,
    ticket_no_plain: String,
    /// The tracking page with the number filled in; the mobile is asked
    /// there, never put in an address.
    track_href: String,
    department: String,
    received: String,
    handling_name: &'static str,
    /// What the handling clock's date is: the last day to answer, or for an
    /// inspection the last day to decide on acceptance.
    handling_due_label: &'static str,
    handling_due: String,
    decision_name: &'static str,
    decision_due_label: &'static str,
    decision_due: String,
    /// For a clock that starts at acceptance: how it counts once accepted.
    decision_note: String,
    /// Why a due date may still move, when it lies past the loaded calendar.
    handling_provisional: String,
    decision_provisional: String,
    misconduct: bool,
    /// For the agent who filed it: the page adding the matter's other callers.
    callers_href: String,
}

/// The ticket number and both due dates; an agent who filed for a caller
/// keeps the staff navigation.
pub async fn filed(
    State(state): State<AppState>,
    lang: Lang,
    MaybeStaff(staff): MaybeStaff,
    Path(receipt): Path<String>,
) -> Result<Response, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let id = receipts::ticket_id_by_token(&mut conn, &receipt).await?.ok_or(AppError::NotFound)?;
    let ticket = tickets::find_by_id(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
    let reference = state.db.reference().get(&mut conn).await?;
    let department = department_name(&reference, lang, &ticket.department_id);
    let rules = ticket.clock_rules();
    let provisional = |due: Option<chrono::NaiveDate>| {
        due.and_then(|d| reference.calendar.awaited_year(d))
            .map(|year| t.due_provisional_note(year))
            .unwrap_or_default()
    };
    let page = FiledPage {
        page: match &staff {
            Some(staff) => staff.page(lang, t.filed_title, &format!("/complaints/filed/{receipt}")),
            None => PageChrome::new(lang, t.filed_title, &format!("/complaints/filed/{receipt}")),
        },
        ticket_no: ticket.ticket_no.grouped(),
        ticket_no_plain: ticket.ticket_no.as_str().to_string(),
        track_href: format!(
            "/track?{}",
            serde_urlencoded::to_string([("ticket_no", ticket.ticket_no.grouped())]).map_err(anyhow::Error::from)?
        ),
        department,
        received: received_when(&ticket),
        handling_name: t.clock_title(rules.handling_name()),
        handling_due_label: t.filed_due(rules.handling_name()),
        handling_due: ticket.handling_due_on.map(|d| t.date_with_weekday(d)).unwrap_or_default(),
        decision_name: t.clock_title(rules.decision_name()),
        decision_due_label: t.filed_due(rules.decision_name()),
        decision_due: t.date_with_weekday(ticket.decision_due_on),
        decision_note: match rules.decision_starts {
            ClockStart::Acceptance => {
                let extension = reference.category(ticket.category).map_or(0, |c| c.extension_days);
                t.filed_from_acceptance_note(ticket.decision_limit(), extension)
            }
            ClockStart::Receipt => String::new(),
        },
        handling_provisional: provisional(ticket.handling_due_on),
        decision_provisional: provisional(Some(ticket.decision_due_on)),
        misconduct: ticket.category == Category::StaffMisconduct,
        callers_href: match &staff {
            Some(staff) if staff.user.role == crate::domain::workflow::Role::Agent => {
                format!("/staff/intake/{}/callers", ticket.id)
            }
            _ => String::new(),
        },
    };
    Ok(render(&page)?.into_response())
}
