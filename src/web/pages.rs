//! View models shared by every page: the chrome the base layout needs, form
//! fields, and the formatting of dates. Templates only lay these out.

use crate::clock::china;
use crate::domain::bureau::Profile;
use crate::i18n::{Lang, Messages};
use crate::store::reference::Reference;
use crate::web::around::{Answer, Around};
use askama::Template;
use axum::response::Html;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// Where a member of staff changes their password: the sign-in page and
/// the error pages send a member there whose password someone else chose.
pub const PASSWORD_PAGE: &str = "/staff/password";

pub fn render<T: Template>(template: &T) -> Result<Html<String>, askama::Error> {
    Ok(Html(template.render()?))
}

tokio::task_local! {
    /// The bureau's reference data for the request being served: its name
    /// and contacts are on every page, whichever handler renders it. Set
    /// once per request by [`WithBureau`].
    static BUREAU: Arc<Reference>;
}

/// Makes the bureau's profile (name, address, hours, hotlines: data, not
/// translations) available to every page of the request. Costs a database
/// round trip at most once a second per instance (the reference cache).
#[derive(Clone)]
pub struct WithBureau(pub crate::web::AppState);

impl Around<axum::response::Response> for WithBureau {
    fn around<S>(&self, request: axum::extract::Request, inner: &mut S) -> Answer<axum::response::Response, S::Error>
    where
        S: tower::Service<axum::extract::Request, Response = axum::response::Response>,
        S::Future: Send + 'static,
        S::Error: Send + 'static,
    {
        let state = self.0.clone();
        let answered = inner.call(request);
        Box::pin(async move {
            match state.db.reference().current(&state.db).await {
                Ok(reference) => BUREAU.scope(reference, answered).await,
                Err(e) => {
                    // The page itself will meet the database too; let it answer.
                    tracing::warn!(error = %e, "the bureau's profile could not be read");
                    answered.await
                }
            }
        })
    }
}

/// The version of the reference data this request's pages are drawn with
/// (see [`WithBureau`]); None outside a request.
pub fn bureau_version() -> Option<i64> {
    BUREAU.try_with(|r| r.version).ok()
}

/// The bureau's profile for this request: empty outside one, and until the
/// bureau's file or an administrator names it.
pub fn bureau_profile() -> Profile {
    BUREAU.try_with(|r| r.profile.clone()).unwrap_or_default()
}

/// What the base layout shows around every page.
pub struct PageChrome {
    pub t: &'static Messages,
    /// The bureau's name, in the page's language.
    pub bureau_name: String,
    /// Address, office hours and hotlines, for the footer.
    pub bureau_contact: String,
    pub lang_code: &'static str,
    pub title: String,
    pub switch_href: String,
    pub switch_label: &'static str,
    /// The other language's key, for a switch that resubmits a form.
    pub switch_key: &'static str,
    /// On a page holding a form being filled, the switch submits that form
    /// (by its id) so that nothing typed is lost.
    pub switch_form: Option<SwitchForm>,
    /// Who is signed in, on staff pages: the staff navigation instead of
    /// the citizen's.
    pub staff: Option<StaffChrome>,
}

/// The form a language switch resubmits, and where to.
pub struct SwitchForm {
    pub form_id: &'static str,
    pub action: &'static str,
}

/// What the base layout shows of the signed-in staff member.
pub struct StaffChrome {
    pub display_name: String,
    pub csrf: String,
    pub is_admin: bool,
    pub is_agent: bool,
    pub is_supervisor: bool,
    /// Extension requests awaiting a supervisor's decision.
    pub pending_approvals: i64,
    /// Unread notices in the member's inbox.
    pub unread_notices: i64,
}

impl PageChrome {
    /// `here` is where the language switch returns to: the current address
    /// for a page reached by GET, the home page otherwise.
    pub fn new(lang: Lang, title: &str, here: &str) -> Self {
        let next = if here.starts_with('/') && !here.starts_with("//") { here } else { "/" };
        let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
        let profile = bureau_profile();
        let contact =
            [lang.pick(&profile.address.zh, &profile.address.en), lang.pick(&profile.hours.zh, &profile.hours.en)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .chain((!profile.hotlines.is_empty()).then(|| profile.hotlines.join(" / ")))
                .collect::<Vec<_>>()
                .join(" · ");
        PageChrome {
            t: lang.messages(),
            bureau_name: lang.pick(&profile.name.zh, &profile.name.en).to_string(),
            bureau_contact: contact,
            lang_code: lang.code(),
            title: title.to_string(),
            switch_href: format!("/lang/{}?{query}", lang.other().key()),
            switch_label: lang.messages().lang_switch,
            switch_key: lang.other().key(),
            switch_form: None,
            staff: None,
        }
    }

    /// The page as `staff` sees it: with their navigation and name.
    pub fn signed_in(mut self, staff: StaffChrome) -> Self {
        self.staff = Some(staff);
        self
    }

    /// The language switch resubmits the form `form_id` to `action`.
    pub fn switching_with(mut self, form_id: &'static str, action: &'static str) -> Self {
        self.switch_form = Some(SwitchForm { form_id, action });
        self
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: PageChrome,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One input of a form, with its value as typed and its errors.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: &'static str,
    pub id: String,
    pub label: &'static str,
    pub hint: String,
    pub value: String,
    pub required: bool,
    /// `text`, `textarea`, `select`, `date` or `radio`.
    pub kind: &'static str,
    pub maxlength: usize,
    /// The keyboard a phone shows (`numeric` for digits only); empty for the
    /// default. Only where every valid value can be typed on it.
    pub inputmode: &'static str,
    /// What the browser may fill in (`one-time-code` for a texted code);
    /// empty for the default.
    pub autocomplete: &'static str,
    /// A code or number, not words: no spelling correction, and letters
    /// (the X of an ID number) typed as capitals.
    pub code: bool,
    pub options: Vec<OptionView>,
    pub errors: Vec<String>,
}

impl FieldView {
    pub fn new(name: &'static str, label: &'static str, kind: &'static str, value: &str) -> Self {
        FieldView {
            name,
            id: field_id(name),
            label,
            hint: String::new(),
            value: value.to_string(),
            required: false,
            kind,
            maxlength: 0,
            inputmode: "",
            autocomplete: "",
            code: false,
            options: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Sets the length limit and states it in the hint.
    pub fn max(mut self, t: &Messages, max: usize) -> Self {
        self.maxlength = max;
        self.hint = if self.hint.is_empty() { t.length_hint(max) } else { t.hint_and_length(&self.hint, max) };
        self
    }

    pub fn inputmode(mut self, inputmode: &'static str) -> Self {
        self.inputmode = inputmode;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'static str) -> Self {
        self.autocomplete = autocomplete;
        self
    }

    pub fn code(mut self) -> Self {
        self.code = true;
        self
    }

    pub fn options(mut self, options: impl IntoIterator<Item = (String, String)>) -> Self {
        let value = self.value.clone();
        self.options =
            options.into_iter().map(|(v, label)| OptionView { selected: v == value, value: v, label }).collect();
        self
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if !self.errors.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// The HTML id of a field: dots are legal in ids but awkward in CSS.
pub fn field_id(name: &str) -> String {
    name.replace('.', "-")
}

#[derive(Debug, Clone)]
pub struct SectionView {
    pub title: &'static str,
    pub fields: Vec<FieldView>,
}

/// A line of the error summary at the top of a form, linking to the field.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// Puts each error beside its field and collects the summary.
pub fn attach_errors(
    sections: &mut [SectionView],
    errors: &crate::domain::complaint::FieldErrors,
    t: &Messages,
) -> Vec<SummaryItem> {
    let mut summary = Vec::new();
    for (field, problem) in errors.iter() {
        let message = t.problem(*problem);
        summary.push(SummaryItem {
            href: format!("#{}", field_id(field)),
            text: t.labelled(t.field_label(field), &message),
        });
        if let Some(view) = sections.iter_mut().flat_map(|s| s.fields.iter_mut()).find(|f| f.name == *field) {
            view.errors.push(message);
        }
    }
    summary
}

/// An instant in China time, to the minute.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()
}

/// Supervisors and administrators are warned this many days before the
/// loaded calendar runs out.
pub const CALENDAR_WARNING_DAYS: i64 = 120;

/// The warning shown when the published calendar ends within
/// [`CALENDAR_WARNING_DAYS`]; empty otherwise.
pub fn calendar_warning(lang: Lang, covered_until: Option<NaiveDate>, today: NaiveDate) -> String {
    let t = lang.messages();
    match covered_until {
        Some(end) if (end - today).num_days() > CALENDAR_WARNING_DAYS => String::new(),
        Some(end) => t.calendar_ends_warning(end),
        None => t.calendar_empty_warning.to_string(),
    }
}

pub fn department_name(reference: &crate::store::reference::Reference, lang: Lang, id: &str) -> String {
    reference.department(id).map(|d| lang.pick(&d.name_zh, &d.name_en).to_string()).unwrap_or_else(|| id.to_string())
}

/// A routing condition as people read it: names in the page's language,
/// never the stored keys.
pub fn describe_criterion(
    lang: Lang,
    reference: &crate::store::reference::Reference,
    criterion: &crate::domain::routing::Criterion,
) -> String {
    use crate::domain::routing::Criterion;
    let t = lang.messages();
    let value = match criterion {
        Criterion::Category(category) => match reference.category(*category) {
            Some(c) => lang.pick(&c.name_zh, &c.name_en).to_string(),
            None => category.key().to_string(),
        },
        Criterion::DistrictPrefix(prefix) => match reference.districts.iter().find(|d| d.code == *prefix) {
            Some(d) => lang.pick(&d.name_zh, &d.name_en).to_string(),
            None => format!("{prefix}*"),
        },
        Criterion::RespondentKind(kind) => t.respondent_kind_name(*kind).to_string(),
        Criterion::Channel(channel) => t.channel_name(*channel).to_string(),
        Criterion::Keyword(keyword) => keyword.clone(),
    };
    t.criterion(criterion.kind(), &value)
}

/// Conditions written out one after another.
pub fn describe_criteria(
    lang: Lang,
    reference: &crate::store::reference::Reference,
    criteria: &[crate::domain::routing::Criterion],
) -> String {
    let described: Vec<String> = criteria.iter().map(|c| describe_criterion(lang, reference, c)).collect();
    described.join(&lang.messages().list_separator())
}

/// When a ticket was received, as lists show it: the moment it was filed,
/// or, for a complaint that arrived earlier (a letter, a transfer) and was
/// recorded later, the day it arrived, without an invented time.
pub fn received_when(ticket: &crate::store::tickets::Ticket) -> String {
    if ticket.received_at == ticket.created_at {
        format_instant(ticket.received_at)
    } else {
        ticket.received_on.to_string()
    }
}
