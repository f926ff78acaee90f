//! View models shared by every page: the chrome the base layout needs, form
//! fields, and the formatting of dates. Templates only lay these out.

use crate::clock::china;
use crate::i18n::{Lang, Messages};
use askama::Template;
use axum::response::Html;
use chrono::{DateTime, NaiveDate, Utc};

pub fn render<T: Template>(template: &T) -> Result<Html<String>, askama::Error> {
    Ok(Html(template.render()?))
}

/// What the base layout shows around every page.
pub struct PageChrome {
    pub t: &'static Messages,
    pub lang_code: &'static str,
    pub title: String,
    pub switch_href: String,
    pub switch_label: &'static str,
}

impl PageChrome {
    /// `here` is where the language switch returns to: the current address
    /// for a page reached by GET, the home page otherwise.
    pub fn new(lang: Lang, title: &str, here: &str) -> Self {
        let next = if here.starts_with('/') && !here.starts_with("//") { here } else { "/" };
        let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
        PageChrome {
            t: lang.messages(),
            lang_code: lang.code(),
            title: title.to_string(),
            switch_href: format!("/lang/{}?{query}", lang.other().key()),
            switch_label: lang.messages().lang_switch,
        }
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
            text: format!("{}：{}", t.field_label(field), message),
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
/// published calendar runs out.
pub const CALENDAR_WARNING_DAYS: i64 = 90;

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
