//! Routing rules: the list, a trial of where a complaint would go, and
//! adding or changing a rule.

use super::{optional, FieldErrors};
use crate::i18n::Lang;
use crate::web::auth::{Admin, CsrfForm, Staff};
use crate::web::error::AppError;
use crate::web::pages::StaffChrome;
use crate::web::pages::{render, PageChrome};
use crate::web::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::category::{Category, Channel, RespondentKind};
use crate::domain::routing::{route, trial, RoutedBy, RoutingInput, RoutingRule};
use crate::services::routing_admin;
use crate::store::bureau;
use crate::store::reference::Reference;
use crate::web::pages::{department_name, describe_criteria, describe_criterion, SummaryItem};
use axum::extract::Path;
// ---------------------------------------------------------------- routing

#[derive(Template)]
#[template(path = "admin/routing.html")]
struct RoutingPage {
    page: PageChrome,
    staff: StaffChrome,
    rules: Vec<RuleRow>,
    departments: Vec<(String, String)>,
    /// The bureau's active districts, by code: a rule names one (or none).
    districts: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    channels: Vec<(String, String)>,
    sample: TryQuery,
    trial_rows: Vec<TrialRow>,
    outcome: String,
    /// The new rule as typed (a refused one comes back whole).
    rule: RuleForm,
    rule_errors: FieldErrors,
    summary: Vec<SummaryItem>,
}

impl RoutingPage {
    /// What the new rule's field allows, when it was refused.
    fn error_for(&self, field: &str) -> Option<&'static str> {
        self.rule_errors.iter().find(|(name, _)| *name == field).map(|(_, e)| *e)
    }
}

struct RuleRow {
    id: i64,
    priority: i64,
    conditions: String,
    department: String,
    enabled: bool,
    note: String,
}

struct TrialRow {
    rule_id: i64,
    matched: bool,
    satisfied: String,
    failed: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct TryQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    respondent_kind: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    facts: String,
}

fn options(items: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    items.into_iter().collect()
}

async fn routing_page(
    state: &AppState,
    lang: Lang,
    staff: &Staff,
    sample: TryQuery,
    rule: RuleForm,
    rule_errors: FieldErrors,
) -> Result<RoutingPage, AppError> {
    let t = lang.messages();
    let mut conn = state.db.acquire().await?;
    let mut rules = bureau::routing_rules(&mut conn).await?;
    rules.sort_by_key(|r| (r.is_default(), r.priority, r.id));
    let notes = bureau::rule_notes(&mut conn).await?;
    let reference = state.db.reference().get(&mut conn).await?;
    let discipline = bureau::discipline_department(&mut conn).await?.map(|d| d.id).unwrap_or_default();
    let rows = rules
        .iter()
        .map(|r| RuleRow {
            id: r.id,
            priority: r.priority,
            conditions: rule_conditions(lang, &reference, r),
            department: department_name(&reference, lang, &r.department_id),
            enabled: r.enabled,
            note: notes.get(&r.id).cloned().unwrap_or_default(),
        })
        .collect();
    let (trial_rows, outcome) = match sample.routing_input() {
        // As filing routes: rules to a deactivated department do not fire.
        Some(input) => try_sample(lang, &reference, &reference.rules, &input, &discipline),
        None => (Vec::new(), String::new()),
    };
    Ok(RoutingPage {
        page: staff.page(lang, t.routing_title, "/admin/routing"),
        staff: staff.chrome(),
        rules: rows,
        departments: options(
            reference.active_departments().map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())),
        ),
        districts: options(
            reference
                .active_districts()
                .map(|d| (d.code.clone(), format!("{} {}", d.code, lang.pick(&d.name_zh, &d.name_en)))),
        ),
        categories: options(
            reference
                .categories
                .iter()
                .map(|c| (c.category.key().to_string(), lang.pick(&c.name_zh, &c.name_en).to_string())),
        ),
        kinds: options(
            RespondentKind::ALL.iter().map(|k| (k.key().to_string(), t.respondent_kind_name(*k).to_string())),
        ),
        channels: options(Channel::ALL.iter().map(|c| (c.key().to_string(), t.channel_name(*c).to_string()))),
        sample,
        trial_rows,
        outcome,
        summary: rule_errors
            .iter()
            .map(|(field, problem)| SummaryItem {
                href: format!("#new-{}", rule_field_id(field)),
                text: t.labelled(rule_field_label(t, field), problem),
            })
            .collect(),
        rule,
        rule_errors,
    })
}

/// The id of a field of the new rule's form, after `new-`.
fn rule_field_id(field: &str) -> &str {
    match field {
        "district_prefix" => "district",
        "respondent_kind" => "kind",
        "department_id" => "department",
        other => other,
    }
}

/// The label of a field of the new rule's form, for the error summary.
fn rule_field_label(t: &crate::i18n::Messages, field: &str) -> &'static str {
    match field {
        "priority" => t.routing_priority,
        "category" => t.field_category,
        "district_prefix" => t.field_district,
        "respondent_kind" => t.field_respondent_kind,
        "channel" => t.field_channel,
        _ => t.col_department,
    }
}

/// A rule's conditions by name; its keywords, any one of which matches,
/// together; "default" for a rule without conditions.
fn rule_conditions(lang: Lang, reference: &Reference, rule: &RoutingRule) -> String {
    let t = lang.messages();
    let mut described: Vec<String> = rule.criteria().iter().map(|c| describe_criterion(lang, reference, c)).collect();
    if !rule.keywords.is_empty() {
        described.push(t.criterion("keyword", &rule.keywords.join(" | ")));
    }
    match described.is_empty() {
        true => t.routing_default.to_string(),
        false => described.join(&t.list_separator()),
    }
}

impl TryQuery {
    /// The sample complaint, once its category and respondent are chosen.
    fn routing_input(&self) -> Option<RoutingInput<'_>> {
        let (Ok(category), Ok(respondent_kind)) =
            (self.category.parse::<Category>(), self.respondent_kind.parse::<RespondentKind>())
        else {
            return None;
        };
        Some(RoutingInput {
            category,
            district: self.district.trim(),
            respondent_kind,
            channel: self.channel.parse::<Channel>().unwrap_or(Channel::Web),
            facts_text: &self.facts,
            earlier_reply_department: None,
        })
    }
}

/// Each rule's verdict on the sample, and where the sample would go.
fn try_sample(
    lang: Lang,
    reference: &Reference,
    rules: &[RoutingRule],
    input: &RoutingInput<'_>,
    discipline: &str,
) -> (Vec<TrialRow>, String) {
    let t = lang.messages();
    let rows = trial(rules, input)
        .into_iter()
        .map(|r| TrialRow {
            rule_id: r.rule_id,
            matched: r.matched,
            satisfied: describe_criteria(lang, reference, &r.satisfied),
            failed: describe_criteria(lang, reference, &r.failed),
        })
        .collect();
    let outcome = match route(rules, input, discipline) {
        Some(routing) => {
            let why = match routing.routed_by {
                RoutedBy::Rule { rule_id, .. } => format!("{} #{rule_id}", t.routed_by_rule),
                RoutedBy::DefaultRule { rule_id } => format!("{} #{rule_id}", t.routed_default),
                RoutedBy::StaffMisconductOverride => t.routed_misconduct.to_string(),
                RoutedBy::ReplyAppealOverride => t.routed_appeal.to_string(),
            };
            format!("{} {} · {why}", t.routed_to, department_name(reference, lang, &routing.department_id))
        }
        None => t.routing_no_match.to_string(),
    };
    (rows, outcome)
}

/// The rules in firing order, and the "try a sample complaint" panel.
pub async fn routing_view(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    Query(sample): Query<TryQuery>,
) -> Result<Response, AppError> {
    let page = routing_page(&state, lang, &staff, sample, RuleForm::default(), FieldErrors::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Clone)]
pub struct RuleForm {
    #[serde(default)]
    priority: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    district_prefix: String,
    #[serde(default)]
    respondent_kind: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    note: String,
}

impl Default for RuleForm {
    /// A new rule starts after the bureau's own rules.
    fn default() -> Self {
        RuleForm {
            priority: "100".into(),
            category: String::new(),
            district_prefix: String::new(),
            respondent_kind: String::new(),
            channel: String::new(),
            keywords: String::new(),
            department_id: String::new(),
            note: String::new(),
        }
    }
}

pub async fn routing_create(
    State(state): State<AppState>,
    lang: Lang,
    Admin(staff): Admin,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Result<Response, AppError> {
    let mut conn = state.db.acquire().await?;
    let department_exists = bureau::department(&mut conn, form.department_id.trim()).await?.is_some_and(|d| d.active);
    drop(conn);
    let t = lang.messages();
    let priority = form.priority.trim().parse::<i64>().ok();
    let mut errors = FieldErrors::new();
    if priority.is_none() {
        errors.push(("priority", t.admin_problem_priority));
    }
    if optional(&form.category).is_some_and(|c| c.parse::<Category>().is_err()) {
        errors.push(("category", t.admin_problem_choose));
    }
    if optional(&form.district_prefix).is_some_and(|p| p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit())) {
        errors.push(("district_prefix", t.admin_problem_district));
    }
    if optional(&form.respondent_kind).is_some_and(|k| k.parse::<RespondentKind>().is_err()) {
        errors.push(("respondent_kind", t.admin_problem_choose));
    }
    if optional(&form.channel).is_some_and(|c| c.parse::<Channel>().is_err()) {
        errors.push(("channel", t.admin_problem_choose));
    }
    if !department_exists {
        errors.push(("department_id", t.admin_problem_active_department));
    }
    let (Some(priority), true) = (priority, errors.is_empty()) else {
        let page = routing_page(&state, lang, &staff, TryQuery::default(), form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let keywords: Vec<&str> = form.keywords.split([',', '，', '\n']).map(str::trim).filter(|k| !k.is_empty()).collect();
    let keywords = keywords.join("\n");
    let rule = bureau::NewRule {
        priority,
        category: optional(&form.category),
        district_prefix: optional(&form.district_prefix),
        respondent_kind: optional(&form.respondent_kind),
        channel: optional(&form.channel),
        keywords: &keywords,
        department_id: form.department_id.trim(),
        note: form.note.trim(),
    };
    routing_admin::create(&state.db, state.clock.now(), &staff.user.id, &rule).await?;
    Ok(Redirect::to("/admin/routing").into_response())
}

#[derive(Deserialize, Default)]
pub struct RuleChangeForm {
    #[serde(default)]
    change: String,
}

/// Enables, disables or moves one rule.
pub async fn routing_change(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RuleChangeForm>,
) -> Result<Response, AppError> {
    let (db, now, actor) = (&state.db, state.clock.now(), staff.user.id.as_str());
    let found = match form.change.as_str() {
        "enable" => routing_admin::set_enabled(db, now, actor, id, true).await?,
        "disable" => routing_admin::set_enabled(db, now, actor, id, false).await?,
        "up" => routing_admin::move_rule(db, now, actor, id, true).await?,
        "down" => routing_admin::move_rule(db, now, actor, id, false).await?,
        _ => return Err(AppError::BadRequest("change".into())),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/admin/routing").into_response())
}
