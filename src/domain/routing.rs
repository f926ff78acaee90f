//! Routing rules are data: an administrator orders them by priority and each
//! names the department that receives what it matches. Two rules of the
//! trade stand above the data: staff misconduct always goes to the
//! discipline inspection body, and an appeal goes to the department that
//! gave the reply being appealed.

use super::category::{Category, Channel, RespondentKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub id: i64,
    /// Lower numbers are tried first; equal priorities go by id.
    pub priority: i64,
    pub enabled: bool,
    pub category: Option<Category>,
    /// Matches a district code that starts with it (`3101` or a full code).
    pub district_prefix: Option<String>,
    pub respondent_kind: Option<RespondentKind>,
    pub channel: Option<Channel>,
    /// Any one of them found in the statement matches (ASCII case ignored).
    pub keywords: Vec<String>,
    pub department_id: String,
}

impl RoutingRule {
    /// A rule without conditions catches whatever no other rule takes.
    pub fn is_default(&self) -> bool {
        self.category.is_none()
            && self.district_prefix.as_deref().is_none_or(str::is_empty)
            && self.respondent_kind.is_none()
            && self.channel.is_none()
            && self.keywords.is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct RoutingInput<'a> {
    pub category: Category,
    pub district: &'a str,
    pub respondent_kind: RespondentKind,
    pub channel: Channel,
    pub facts_text: &'a str,
    /// For an appeal: the department that answered the earlier ticket.
    pub earlier_reply_department: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    Category(Category),
    DistrictPrefix(String),
    RespondentKind(RespondentKind),
    Channel(Channel),
    Keyword(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutedBy {
    Rule { rule_id: i64, matched: Vec<Criterion> },
    DefaultRule { rule_id: i64 },
    StaffMisconductOverride,
    ReplyAppealOverride,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub department_id: String,
    pub routed_by: RoutedBy,
}

/// How one rule fared against a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrial {
    pub rule_id: i64,
    pub matched: bool,
    pub satisfied: Vec<Criterion>,
    pub failed: Vec<Criterion>,
}

fn evaluate(rule: &RoutingRule, input: &RoutingInput<'_>) -> RuleTrial {
    let mut satisfied = Vec::new();
    let mut failed = Vec::new();
    let mut check = |holds: bool, criterion: Criterion| {
        if holds {
            satisfied.push(criterion);
        } else {
            failed.push(criterion);
        }
    };
    if let Some(category) = rule.category {
        check(category == input.category, Criterion::Category(category));
    }
    if let Some(prefix) = rule.district_prefix.as_deref().filter(|p| !p.is_empty()) {
        check(input.district.starts_with(prefix), Criterion::DistrictPrefix(prefix.to_string()));
    }
    if let Some(kind) = rule.respondent_kind {
        check(kind == input.respondent_kind, Criterion::RespondentKind(kind));
    }
    if let Some(channel) = rule.channel {
        check(channel == input.channel, Criterion::Channel(channel));
    }
    if !rule.keywords.is_empty() {
        let text = input.facts_text.to_lowercase();
        match rule.keywords.iter().find(|k| !k.is_empty() && text.contains(&k.to_lowercase())) {
            Some(found) => check(true, Criterion::Keyword(found.clone())),
            None => check(false, Criterion::Keyword(rule.keywords.join(" | "))),
        }
    }
    RuleTrial { rule_id: rule.id, matched: failed.is_empty(), satisfied, failed }
}

/// The enabled rules in the order they are tried: conditional rules by
/// (priority, id), then default rules by (priority, id).
fn firing_order(rules: &[RoutingRule]) -> Vec<&RoutingRule> {
    let mut ordered: Vec<&RoutingRule> = rules.iter().filter(|r| r.enabled).collect();
    ordered.sort_by_key(|r| (r.is_default(), r.priority, r.id));
    ordered
}

/// Where a complaint goes, and why. None when no rule matches and there is
/// no default rule.
pub fn route(rules: &[RoutingRule], input: &RoutingInput<'_>, discipline_department_id: &str) -> Option<Routing> {
    if input.category == Category::StaffMisconduct {
        return Some(Routing {
            department_id: discipline_department_id.to_string(),
            routed_by: RoutedBy::StaffMisconductOverride,
        });
    }
    if input.category == Category::ReplyAppeal {
        if let Some(department) = input.earlier_reply_department {
            return Some(Routing { department_id: department.to_string(), routed_by: RoutedBy::ReplyAppealOverride });
        }
    }
    firing_order(rules).into_iter().find_map(|rule| {
        let trial = evaluate(rule, input);
        trial.matched.then(|| Routing {
            department_id: rule.department_id.clone(),
            routed_by: if rule.is_default() {
                RoutedBy::DefaultRule { rule_id: rule.id }
            } else {
                RoutedBy::Rule { rule_id: rule.id, matched: trial.satisfied }
            },
        })
    })
}

/// Every enabled rule in firing order against a sample complaint, for the
/// administrators' "try it" page. The overrides are not rules and are
/// reported by [`route`].
pub fn trial(rules: &[RoutingRule], input: &RoutingInput<'_>) -> Vec<RuleTrial> {
    firing_order(rules).into_iter().map(|rule| evaluate(rule, input)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, priority: i64, department: &str) -> RoutingRule {
        RoutingRule {
            id,
            priority,
            enabled: true,
            category: None,
            district_prefix: None,
            respondent_kind: None,
            channel: None,
            keywords: Vec::new(),
            department_id: department.to_string(),
        }
    }

    fn input(category: Category) -> RoutingInput<'static> {
        RoutingInput {
            category,
            district: "310104",
            respondent_kind: RespondentKind::Employer,
            channel: Channel::Web,
            facts_text: "公司拖欠养老保险 Pension arrears",
            earlier_reply_department: None,
        }
    }

    fn department(rules: &[RoutingRule], input: &RoutingInput<'_>) -> Option<String> {
        route(rules, input, "discipline").map(|r| r.department_id)
    }

    #[test]
    fn the_lowest_priority_number_fires_first_and_ties_go_by_id() {
        let rules = vec![
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(3, 20, "c") },
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(2, 10, "b") },
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(1, 10, "a") },
        ];
        let routing = route(&rules, &input(Category::PolicyExecution), "discipline").unwrap();
        assert_eq!(routing.department_id, "a");
        assert_eq!(
            routing.routed_by,
            RoutedBy::Rule { rule_id: 1, matched: vec![Criterion::Category(Category::PolicyExecution)] }
        );
    }

    #[test]
    fn each_criterion_alone_matches_or_not() {
        let by_category = RoutingRule { category: Some(Category::PrivacyRights), ..rule(1, 1, "x") };
        assert_eq!(department(&[by_category.clone()], &input(Category::PrivacyRights)), Some("x".into()));
        assert_eq!(department(&[by_category], &input(Category::PolicyExecution)), None);

        let by_prefix = RoutingRule { district_prefix: Some("3101".into()), ..rule(1, 1, "x") };
        assert_eq!(department(&[by_prefix], &input(Category::PolicyExecution)), Some("x".into()));
        let exact = RoutingRule { district_prefix: Some("310105".into()), ..rule(1, 1, "x") };
        assert_eq!(department(&[exact], &input(Category::PolicyExecution)), None);

        let by_kind = RoutingRule { respondent_kind: Some(RespondentKind::BureauOffice), ..rule(1, 1, "x") };
        assert_eq!(department(&[by_kind], &input(Category::PolicyExecution)), None);

        let by_channel = RoutingRule { channel: Some(Channel::Web), ..rule(1, 1, "x") };
        assert_eq!(department(&[by_channel], &input(Category::PolicyExecution)), Some("x".into()));
        let by_hotline = RoutingRule { channel: Some(Channel::Hotline12333), ..rule(1, 1, "x") };
        assert_eq!(department(&[by_hotline], &input(Category::PolicyExecution)), None);
    }

    #[test]
    fn every_present_condition_must_hold() {
        let both = RoutingRule {
            category: Some(Category::PolicyExecution),
            respondent_kind: Some(RespondentKind::Employer),
            ..rule(1, 1, "inspection")
        };
        assert_eq!(department(&[both.clone()], &input(Category::PolicyExecution)), Some("inspection".into()));
        let mut office = input(Category::PolicyExecution);
        office.respondent_kind = RespondentKind::BureauOffice;
        assert_eq!(department(&[both], &office), None);
    }

    #[test]
    fn any_keyword_matches_chinese_or_ascii_without_case() {
        let pension = RoutingRule { keywords: vec!["退休".into(), "养老".into()], ..rule(1, 1, "pension") };
        let routing = route(&[pension], &input(Category::PolicyExecution), "discipline").unwrap();
        assert_eq!(routing.routed_by, RoutedBy::Rule { rule_id: 1, matched: vec![Criterion::Keyword("养老".into())] });
        let english = RoutingRule { keywords: vec!["PENSION".into()], ..rule(1, 1, "pension") };
        assert_eq!(department(&[english], &input(Category::PolicyExecution)), Some("pension".into()));
        let absent = RoutingRule { keywords: vec!["工伤".into()], ..rule(1, 1, "injury") };
        assert_eq!(department(&[absent], &input(Category::PolicyExecution)), None);
    }

    #[test]
    fn disabled_rules_never_fire() {
        let off = RoutingRule { enabled: false, ..rule(1, 1, "off") };
        let on = rule(2, 5, "on");
        assert_eq!(department(&[off, on], &input(Category::PolicyExecution)), Some("on".into()));
    }

    #[test]
    fn a_default_rule_waits_for_every_conditional_rule_whatever_its_priority() {
        let catch_all = rule(1, 0, "agency");
        let specific = RoutingRule { category: Some(Category::PrivacyRights), ..rule(2, 100, "info") };
        let rules = [catch_all, specific];
        assert_eq!(department(&rules, &input(Category::PrivacyRights)), Some("info".into()));
        let routing = route(&rules, &input(Category::ServiceAttitude), "discipline").unwrap();
        assert_eq!(
            routing,
            Routing { department_id: "agency".into(), routed_by: RoutedBy::DefaultRule { rule_id: 1 } }
        );
        assert_eq!(department(&rules[1..], &input(Category::ServiceAttitude)), None, "no default: nothing");
    }

    #[test]
    fn staff_misconduct_always_goes_to_discipline_inspection() {
        let grabs_everything = RoutingRule { category: Some(Category::StaffMisconduct), ..rule(1, -100, "elsewhere") };
        let routing =
            route(&[grabs_everything, rule(2, 1, "agency")], &input(Category::StaffMisconduct), "discipline").unwrap();
        assert_eq!(
            routing,
            Routing { department_id: "discipline".into(), routed_by: RoutedBy::StaffMisconductOverride }
        );
    }

    #[test]
    fn an_appeal_goes_to_the_department_that_replied() {
        let appeals = RoutingRule { category: Some(Category::ReplyAppeal), ..rule(1, -100, "elsewhere") };
        let mut appeal = input(Category::ReplyAppeal);
        appeal.earlier_reply_department = Some("pension");
        let routing = route(&[appeals.clone()], &appeal, "discipline").unwrap();
        assert_eq!(routing, Routing { department_id: "pension".into(), routed_by: RoutedBy::ReplyAppealOverride });
        // Without a known earlier department the rules decide.
        appeal.earlier_reply_department = None;
        assert_eq!(department(&[appeals], &appeal), Some("elsewhere".into()));
    }

    #[test]
    fn a_trial_lists_every_enabled_rule_with_what_held_and_what_failed() {
        let rules = vec![
            RoutingRule { enabled: false, ..rule(9, 1, "off") },
            rule(1, 1000, "agency"),
            RoutingRule {
                category: Some(Category::PolicyExecution),
                respondent_kind: Some(RespondentKind::BureauStaff),
                ..rule(2, 10, "x")
            },
            RoutingRule { district_prefix: Some("3101".into()), ..rule(3, 20, "y") },
        ];
        let trials = trial(&rules, &input(Category::PolicyExecution));
        assert_eq!(trials.iter().map(|t| t.rule_id).collect::<Vec<_>>(), vec![2, 3, 1]);
        assert_eq!(trials[0].matched, false);
        assert_eq!(trials[0].satisfied, vec![Criterion::Category(Category::PolicyExecution)]);
        assert_eq!(trials[0].failed, vec![Criterion::RespondentKind(RespondentKind::BureauStaff)]);
        assert!(trials[1].matched);
        assert!(trials[2].matched && trials[2].satisfied.is_empty());
    }
}
