//! Routing rules are data: administrators keep a list of rules, each naming
//! the department that receives the complaints it matches. [`route`] decides
//! in this order:
//!
//! 1. `staff_misconduct` goes to the discipline inspection body, whatever
//!    the rules say ([`RoutedBy::StaffMisconductOverride`]).
//! 2. `reply_appeal` goes to the department that replied to the earlier
//!    ticket ([`RoutedBy::ReplyAppealOverride`]); when that department is not
//!    known the rules decide.
//! 3. The enabled rules that have at least one condition, by priority (lower
//!    number first) and then by id: the first whose every condition holds
//!    fires ([`RoutedBy::Rule`]).
//! 4. The enabled default rules, those without any condition, by priority
//!    and id: the first fires ([`RoutedBy::DefaultRule`]). A default rule
//!    waits for every conditional rule **whatever its priority**, so a
//!    catch-all entered with a low number cannot hide the specific rules.
//! 5. Otherwise nothing matches and [`route`] returns None.
//!
//! Disabled rules never fire and are not tried.
//!
//! The conditions of a rule, each optional:
//!
//! | field             | holds when                                                             |
//! |-------------------|------------------------------------------------------------------------|
//! | `category`        | the complaint's category is it                                         |
//! | `district_prefix` | the 6-digit district code starts with it: `31` (province), `3101` (city), `310104` (that district only) |
//! | `respondent_kind` | the respondent is of that kind                                         |
//! | `channel`         | the complaint came by that channel                                     |
//! | `keywords`        | any one of them occurs in the statement; ASCII letters ignore case, Chinese is matched as written |
//!
//! A rule that fires records the conditions that held; for keywords that is
//! the first of the rule's keywords found in the statement, the one a reader
//! of the ticket can look for.
//!
//! A blank district prefix or keyword is no condition at all: it would
//! otherwise match every complaint while keeping the rule out of the default
//! group. Keywords are trimmed before matching.

use crate::category::{Category, Channel, RespondentKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub id: i64,
    /// Lower numbers are tried first; equal priorities go by id.
    pub priority: i64,
    pub enabled: bool,
    pub category: Option<Category>,
    /// Matches a 6-digit district code by prefix (`3101` or the full code).
    pub district_prefix: Option<String>,
    pub respondent_kind: Option<RespondentKind>,
    pub channel: Option<Channel>,
    /// Any one found in the statement matches; empty means no keyword
    /// condition.
    pub keywords: Vec<String>,
    pub department_id: String,
}

impl RoutingRule {
    /// The rule's conditions other than its keywords (any one of which
    /// matches); none for a default rule.
    pub fn criteria(&self) -> Vec<Criterion> {
        [
            self.category.map(Criterion::Category),
            self.district_condition().map(|p| Criterion::DistrictPrefix(p.to_string())),
            self.respondent_kind.map(Criterion::RespondentKind),
            self.channel.map(Criterion::Channel),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// A rule without conditions catches whatever no other rule takes.
    pub fn is_default(&self) -> bool {
        self.category.is_none()
            && self.district_condition().is_none()
            && self.respondent_kind.is_none()
            && self.channel.is_none()
            && self.keyword_conditions().next().is_none()
    }

    fn district_condition(&self) -> Option<&str> {
        self.district_prefix.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }

    fn keyword_conditions(&self) -> impl Iterator<Item = &str> {
        self.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty())
    }
}

/// The facts of one complaint that routing looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoutingInput<'a> {
    pub category: Category,
    /// The 6-digit district code.
    pub district: &'a str,
    pub respondent_kind: RespondentKind,
    pub channel: Channel,
    /// The statement's text, searched for keywords.
    pub facts_text: &'a str,
    /// Department that replied to the earlier ticket of a reply_appeal.
    pub earlier_reply_department: Option<&'a str>,
}

/// One condition of a rule, as the rule states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    Category(Category),
    DistrictPrefix(String),
    RespondentKind(RespondentKind),
    Channel(Channel),
    Keyword(String),
}

impl Criterion {
    pub fn as_key_value(&self) -> String {
        match self {
            Criterion::Category(c) => format!("category={}", c.key()),
            Criterion::DistrictPrefix(p) => format!("district={p}"),
            Criterion::RespondentKind(k) => format!("respondent_kind={}", k.key()),
            Criterion::Channel(c) => format!("channel={}", c.key()),
            Criterion::Keyword(k) => format!("keyword={k}"),
        }
    }

    /// The inverse of [`Criterion::as_key_value`], for conditions recorded on
    /// tickets; None for a pair no version wrote.
    pub fn from_key_value(pair: &str) -> Option<Criterion> {
        let (key, value) = pair.trim().split_once('=')?;
        Some(match key {
            "category" => Criterion::Category(value.parse().ok()?),
            "district" => Criterion::DistrictPrefix(value.to_string()),
            "respondent_kind" => Criterion::RespondentKind(value.parse().ok()?),
            "channel" => Criterion::Channel(value.parse().ok()?),
            "keyword" => Criterion::Keyword(value.to_string()),
            _ => return None,
        })
    }

    /// The conditions of a recorded routing detail (`a=b; c=d`).
    pub fn parse_list(text: &str) -> Vec<Criterion> {
        text.split(';').filter_map(Criterion::from_key_value).collect()
    }

    /// What kind of condition this is, as a key (`category`, `keyword`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Criterion::Category(_) => "category",
            Criterion::DistrictPrefix(_) => "district",
            Criterion::RespondentKind(_) => "respondent_kind",
            Criterion::Channel(_) => "channel",
            Criterion::Keyword(_) => "keyword",
        }
    }
}

/// Why a complaint went where it went, recorded on the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoutedBy {
    /// A conditional rule fired; `matched` are its conditions, with the
    /// keyword that was found in place of the keyword list.
    Rule {
        rule_id: i64,
        matched: Vec<Criterion>,
    },
    DefaultRule {
        rule_id: i64,
    },
    StaffMisconductOverride,
    ReplyAppealOverride,
}

impl RoutedBy {
    /// What a ticket records: the kind, the rule's id, and the criteria
    /// that matched as `key=value` pairs in the names an administrator sees
    /// on the rules page (for "routed to X by rule N").
    pub fn recorded(&self) -> (RouteKind, Option<i64>, String) {
        match self {
            RoutedBy::Rule { rule_id, matched } => {
                let detail = matched.iter().map(Criterion::as_key_value).collect::<Vec<_>>().join("; ");
                (self.kind(), Some(*rule_id), detail)
            }
            RoutedBy::DefaultRule { rule_id } => (self.kind(), Some(*rule_id), String::new()),
            RoutedBy::StaffMisconductOverride | RoutedBy::ReplyAppealOverride => (self.kind(), None, String::new()),
        }
    }

    pub fn kind(&self) -> RouteKind {
        match self {
            RoutedBy::Rule { .. } => RouteKind::Rule,
            RoutedBy::DefaultRule { .. } => RouteKind::DefaultRule,
            RoutedBy::StaffMisconductOverride => RouteKind::StaffMisconductOverride,
            RoutedBy::ReplyAppealOverride => RouteKind::ReplyAppealOverride,
        }
    }
}

/// What a ticket records of [`RoutedBy`]: the kind, with the rule's id and
/// the matched criteria in columns of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteKind {
    Rule,
    DefaultRule,
    StaffMisconductOverride,
    ReplyAppealOverride,
}

impl RouteKind {
    pub const ALL: [RouteKind; 4] =
        [RouteKind::Rule, RouteKind::DefaultRule, RouteKind::StaffMisconductOverride, RouteKind::ReplyAppealOverride];

    pub fn key(self) -> &'static str {
        match self {
            RouteKind::Rule => "rule",
            RouteKind::DefaultRule => "default_rule",
            RouteKind::StaffMisconductOverride => "staff_misconduct_override",
            RouteKind::ReplyAppealOverride => "reply_appeal_override",
        }
    }
}

super::keys::stored_as_key!(RouteKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub department_id: String,
    pub routed_by: RoutedBy,
}

/// How one rule fared against a sample complaint.
///
/// Criteria are listed in the order of the rule's fields. A keyword
/// condition that holds lists the keyword found under `satisfied`; one
/// that fails lists every keyword under `failed`, since none was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTrial {
    pub rule_id: i64,
    pub matched: bool,
    pub satisfied: Vec<Criterion>,
    pub failed: Vec<Criterion>,
}

/// Where a complaint goes and why; None when no rule matches and there is
/// no default rule. `discipline_department_id` is the department of the
/// discipline inspection body, which staff_misconduct always goes to.
pub fn route(rules: &[RoutingRule], input: &RoutingInput<'_>, discipline_department_id: &str) -> Option<Routing> {
    if input.category == Category::StaffMisconduct {
        return Some(Routing {
            department_id: discipline_department_id.to_string(),
            routed_by: RoutedBy::StaffMisconductOverride,
        });
    }
    if input.category == Category::ReplyAppeal {
        // A blank id names no department: better the rules than nowhere.
        if let Some(department) = input.earlier_reply_department.filter(|d| !d.trim().is_empty()) {
            return Some(Routing { department_id: department.to_string(), routed_by: RoutedBy::ReplyAppealOverride });
        }
    }
    firing_order(rules).into_iter().find_map(|rule| {
        let trial = evaluate(rule, input);
        let routed_by = if rule.is_default() {
            RoutedBy::DefaultRule { rule_id: rule.id }
        } else {
            RoutedBy::Rule { rule_id: rule.id, matched: trial.satisfied }
        };
        trial.matched.then(|| Routing { department_id: rule.department_id.clone(), routed_by })
    })
}

/// For the administrators' "try" feature: every enabled rule in firing
/// order with whether it matched and which criteria failed. The two
/// overrides are not rules and do not appear here; [`route`] reports them.
pub fn trial(rules: &[RoutingRule], input: &RoutingInput<'_>) -> Vec<RuleTrial> {
    firing_order(rules).into_iter().map(|rule| evaluate(rule, input)).collect()
}

/// The enabled rules in the order they are tried: conditional rules by
/// (priority, id), then default rules by (priority, id).
fn firing_order(rules: &[RoutingRule]) -> Vec<&RoutingRule> {
    let mut ordered: Vec<&RoutingRule> = rules.iter().filter(|r| r.enabled).collect();
    ordered.sort_by_key(|r| (r.is_default(), r.priority, r.id));
    ordered
}

fn evaluate(rule: &RoutingRule, input: &RoutingInput<'_>) -> RuleTrial {
    let mut judged: Vec<(Criterion, bool)> = Vec::new();
    if let Some(category) = rule.category {
        judged.push((Criterion::Category(category), input.category == category));
    }
    if let Some(prefix) = rule.district_condition() {
        judged.push((Criterion::DistrictPrefix(prefix.to_string()), input.district.starts_with(prefix)));
    }
    if let Some(kind) = rule.respondent_kind {
        judged.push((Criterion::RespondentKind(kind), input.respondent_kind == kind));
    }
    if let Some(channel) = rule.channel {
        judged.push((Criterion::Channel(channel), input.channel == channel));
    }
    let text = input.facts_text.to_ascii_lowercase();
    let keyword = |k: &str| Criterion::Keyword(k.to_string());
    match rule.keyword_conditions().find(|k| text.contains(&k.to_ascii_lowercase())) {
        Some(found) => judged.push((keyword(found), true)),
        None => judged.extend(rule.keyword_conditions().map(|k| (keyword(k), false))),
    }

    let (satisfied, failed): (Vec<_>, Vec<_>) = judged.into_iter().partition(|(_, holds)| *holds);
    RuleTrial {
        rule_id: rule.id,
        matched: failed.is_empty(),
        satisfied: satisfied.into_iter().map(|(c, _)| c).collect(),
        failed: failed.into_iter().map(|(c, _)| c).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_conditions_read_back_as_they_were_written() {
        let all = vec![
            Criterion::Category(Category::PolicyExecution),
            Criterion::DistrictPrefix("3101".into()),
            Criterion::RespondentKind(RespondentKind::Employer),
            Criterion::Channel(Channel::Web),
            Criterion::Keyword("欠薪".into()),
        ];
        let text = all.iter().map(Criterion::as_key_value).collect::<Vec<_>>().join("; ");
        assert_eq!(Criterion::parse_list(&text), all);
        assert_eq!(
            Criterion::parse_list("category=nonsense; colour=blue; keyword=a"),
            vec![Criterion::Keyword("a".into())]
        );
        assert_eq!(Criterion::parse_list(""), vec![]);
    }

    /// An enabled rule without conditions; tests add the ones they need.
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

    fn keywords(words: &[&str]) -> Vec<String> {
        words.iter().copied().map(String::from).collect()
    }

    /// An employer in Huangpu (310101) has not paid a web complainant's
    /// pension contributions.
    fn complaint(category: Category) -> RoutingInput<'static> {
        RoutingInput {
            category,
            district: "310101",
            respondent_kind: RespondentKind::Employer,
            channel: Channel::Web,
            facts_text: "公司连续三个月未缴纳养老保险，HR说系统有问题",
            earlier_reply_department: None,
        }
    }

    const DISCIPLINE: &str = "discipline";

    fn department(rules: &[RoutingRule], input: &RoutingInput<'_>) -> Option<String> {
        route(rules, input, DISCIPLINE).map(|r| r.department_id)
    }

    #[test]
    fn the_lowest_priority_number_fires_first() {
        let rules = [
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(1, 20, "pension") },
            RoutingRule { respondent_kind: Some(RespondentKind::Employer), ..rule(2, 10, "inspection") },
            RoutingRule { channel: Some(Channel::Web), ..rule(3, -5, "agency") },
        ];
        assert_eq!(department(&rules, &complaint(Category::PolicyExecution)), Some("agency".into()));
        assert_eq!(department(&rules[..2], &complaint(Category::PolicyExecution)), Some("inspection".into()));
    }

    #[test]
    fn equal_priorities_go_by_id() {
        let rules = [
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(7, 10, "seven") },
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(3, 10, "three") },
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(5, 10, "five") },
        ];
        let routing = route(&rules, &complaint(Category::PolicyExecution), DISCIPLINE).unwrap();
        assert_eq!(
            routing,
            Routing {
                department_id: "three".into(),
                routed_by: RoutedBy::Rule { rule_id: 3, matched: vec![Criterion::Category(Category::PolicyExecution)] },
            }
        );
    }

    #[test]
    fn a_category_rule_matches_only_its_category() {
        let privacy = [RoutingRule { category: Some(Category::PrivacyRights), ..rule(1, 1, "information") }];
        assert_eq!(department(&privacy, &complaint(Category::PrivacyRights)), Some("information".into()));
        assert_eq!(department(&privacy, &complaint(Category::ServiceAttitude)), None);
    }

    #[test]
    fn a_district_prefix_matches_the_city_or_province_it_names() {
        for prefix in ["31", "3101", "31010"] {
            let city = [RoutingRule { district_prefix: Some(prefix.into()), ..rule(1, 1, "shanghai") }];
            assert_eq!(department(&city, &complaint(Category::ServiceAttitude)), Some("shanghai".into()), "{prefix}");
        }
        let beijing = [RoutingRule { district_prefix: Some("1101".into()), ..rule(1, 1, "beijing") }];
        assert_eq!(department(&beijing, &complaint(Category::ServiceAttitude)), None);
    }

    #[test]
    fn a_full_district_code_matches_that_district_only() {
        let huangpu = [RoutingRule { district_prefix: Some("310101".into()), ..rule(1, 1, "huangpu") }];
        assert_eq!(department(&huangpu, &complaint(Category::ServiceAttitude)), Some("huangpu".into()));
        let xuhui = RoutingInput { district: "310104", ..complaint(Category::ServiceAttitude) };
        assert_eq!(department(&huangpu, &xuhui), None);
        let city_code = [RoutingRule { district_prefix: Some("310100".into()), ..rule(1, 1, "city") }];
        assert_eq!(
            department(&city_code, &complaint(Category::ServiceAttitude)),
            None,
            "a city's own code is not a prefix of its districts: use 3101"
        );
    }

    #[test]
    fn a_respondent_kind_rule_matches_only_that_kind() {
        let offices = [RoutingRule { respondent_kind: Some(RespondentKind::BureauOffice), ..rule(1, 1, "agency") }];
        assert_eq!(department(&offices, &complaint(Category::ServiceAttitude)), None);
        let office =
            RoutingInput { respondent_kind: RespondentKind::BureauOffice, ..complaint(Category::ServiceAttitude) };
        assert_eq!(department(&offices, &office), Some("agency".into()));
    }

    #[test]
    fn a_channel_rule_matches_only_that_channel() {
        let letters = [RoutingRule { channel: Some(Channel::Letter), ..rule(1, 1, "letters") }];
        assert_eq!(department(&letters, &complaint(Category::ServiceAttitude)), None);
        let letter = RoutingInput { channel: Channel::Letter, ..complaint(Category::ServiceAttitude) };
        assert_eq!(department(&letters, &letter), Some("letters".into()));
    }

    #[test]
    fn any_one_keyword_found_in_the_chinese_statement_matches() {
        let pension = [RoutingRule { keywords: keywords(&["退休", "养老"]), ..rule(1, 1, "pension") }];
        let routing = route(&pension, &complaint(Category::PolicyExecution), DISCIPLINE).unwrap();
        assert_eq!(routing.department_id, "pension");
        assert_eq!(routing.routed_by, RoutedBy::Rule { rule_id: 1, matched: vec![Criterion::Keyword("养老".into())] });
        let injury = [RoutingRule { keywords: keywords(&["工伤", "职业病"]), ..rule(1, 1, "injury") }];
        assert_eq!(department(&injury, &complaint(Category::PolicyExecution)), None);
    }

    #[test]
    fn ascii_keywords_ignore_case_and_other_letters_do_not() {
        for word in ["hr", "HR", "Hr"] {
            let staff = [RoutingRule { keywords: keywords(&[word]), ..rule(1, 1, "x") }];
            assert_eq!(department(&staff, &complaint(Category::ServiceAttitude)), Some("x".into()), "{word}");
        }
        let full_width = [RoutingRule { keywords: keywords(&["ＨＲ"]), ..rule(1, 1, "x") }];
        assert_eq!(department(&full_width, &complaint(Category::ServiceAttitude)), None, "full-width is not ASCII");
    }

    #[test]
    fn the_first_of_the_rules_keywords_found_is_the_one_recorded() {
        let rules = [RoutingRule { keywords: keywords(&["工伤", "HR", "养老"]), ..rule(1, 1, "x") }];
        let routing = route(&rules, &complaint(Category::PolicyExecution), DISCIPLINE).unwrap();
        assert_eq!(routing.routed_by, RoutedBy::Rule { rule_id: 1, matched: vec![Criterion::Keyword("HR".into())] });
        let trials = trial(&rules, &complaint(Category::PolicyExecution));
        assert_eq!(trials[0].satisfied, [Criterion::Keyword("HR".into())]);
        assert_eq!(trials[0].failed, [], "a keyword not found is no failure once another is found");
    }

    #[test]
    fn blank_keywords_and_prefixes_are_no_condition() {
        let blank =
            RoutingRule { district_prefix: Some(" ".into()), keywords: keywords(&["", "  "]), ..rule(1, 1, "x") };
        assert!(blank.is_default(), "else it would match everything ahead of the specific rules");
        let padded = [RoutingRule { keywords: keywords(&["", " 养老 "]), ..rule(2, 1, "pension") }];
        assert!(!padded[0].is_default());
        let routing = route(&padded, &complaint(Category::PolicyExecution), DISCIPLINE).unwrap();
        assert_eq!(routing.routed_by, RoutedBy::Rule { rule_id: 2, matched: vec![Criterion::Keyword("养老".into())] });
        let elsewhere = RoutingInput { facts_text: "窗口人员态度差", ..complaint(Category::ServiceAttitude) };
        assert_eq!(department(&padded, &elsewhere), None, "the blank keyword matches nothing");
    }

    #[test]
    fn every_present_condition_must_hold() {
        let inspection = [RoutingRule {
            category: Some(Category::PolicyExecution),
            district_prefix: Some("3101".into()),
            respondent_kind: Some(RespondentKind::Employer),
            channel: Some(Channel::Web),
            keywords: keywords(&["养老", "医保"]),
            ..rule(1, 1, "inspection")
        }];
        let routing = route(&inspection, &complaint(Category::PolicyExecution), DISCIPLINE).unwrap();
        assert_eq!(
            routing.routed_by,
            RoutedBy::Rule {
                rule_id: 1,
                matched: vec![
                    Criterion::Category(Category::PolicyExecution),
                    Criterion::DistrictPrefix("3101".into()),
                    Criterion::RespondentKind(RespondentKind::Employer),
                    Criterion::Channel(Channel::Web),
                    Criterion::Keyword("养老".into()),
                ]
            }
        );

        let base = complaint(Category::PolicyExecution);
        let one_wrong: [(RoutingInput<'_>, Vec<Criterion>); 5] = [
            (
                RoutingInput { category: Category::PrivacyRights, ..base },
                vec![Criterion::Category(Category::PolicyExecution)],
            ),
            (RoutingInput { district: "320102", ..base }, vec![Criterion::DistrictPrefix("3101".into())]),
            (
                RoutingInput { respondent_kind: RespondentKind::BureauStaff, ..base },
                vec![Criterion::RespondentKind(RespondentKind::Employer)],
            ),
            (RoutingInput { channel: Channel::WalkIn, ..base }, vec![Criterion::Channel(Channel::Web)]),
            (
                RoutingInput { facts_text: "工伤认定迟迟不办", ..base },
                vec![Criterion::Keyword("养老".into()), Criterion::Keyword("医保".into())],
            ),
        ];
        for (input, failed) in one_wrong {
            assert_eq!(department(&inspection, &input), None, "{failed:?}");
            assert_eq!(trial(&inspection, &input)[0].failed, failed);
        }
    }

    #[test]
    fn disabled_rules_never_fire() {
        let rules = [
            RoutingRule { enabled: false, category: Some(Category::PolicyExecution), ..rule(1, 1, "off") },
            RoutingRule { category: Some(Category::PolicyExecution), ..rule(2, 50, "on") },
        ];
        assert_eq!(department(&rules, &complaint(Category::PolicyExecution)), Some("on".into()));
        let disabled_default = [RoutingRule { enabled: false, ..rule(3, 1, "catch-all") }];
        assert_eq!(department(&disabled_default, &complaint(Category::PolicyExecution)), None);
    }

    #[test]
    fn a_default_rule_waits_for_every_conditional_rule_whatever_its_priority() {
        let rules = [
            rule(1, 0, "agency"),
            RoutingRule { category: Some(Category::PrivacyRights), ..rule(2, 100, "information") },
        ];
        assert_eq!(department(&rules, &complaint(Category::PrivacyRights)), Some("information".into()));
        assert_eq!(
            route(&rules, &complaint(Category::ServiceAttitude), DISCIPLINE),
            Some(Routing { department_id: "agency".into(), routed_by: RoutedBy::DefaultRule { rule_id: 1 } })
        );
    }

    #[test]
    fn among_default_rules_priority_then_id_decides() {
        let rules = [rule(4, 9, "late"), rule(3, 5, "second"), rule(2, 5, "first")];
        assert_eq!(
            route(&rules, &complaint(Category::ServiceAttitude), DISCIPLINE),
            Some(Routing { department_id: "first".into(), routed_by: RoutedBy::DefaultRule { rule_id: 2 } })
        );
    }

    #[test]
    fn without_a_default_rule_an_unmatched_complaint_goes_nowhere() {
        let rules = [RoutingRule { category: Some(Category::PrivacyRights), ..rule(1, 1, "information") }];
        assert_eq!(route(&rules, &complaint(Category::ServiceAttitude), DISCIPLINE), None);
        assert_eq!(route(&[], &complaint(Category::ServiceAttitude), DISCIPLINE), None);
    }

    #[test]
    fn staff_misconduct_always_goes_to_discipline_inspection() {
        let rules = [
            RoutingRule { category: Some(Category::StaffMisconduct), ..rule(1, -100, "agency") },
            rule(2, 1, "catch-all"),
        ];
        let expected = Some(Routing { department_id: DISCIPLINE.into(), routed_by: RoutedBy::StaffMisconductOverride });
        assert_eq!(route(&rules, &complaint(Category::StaffMisconduct), DISCIPLINE), expected);
        assert_eq!(route(&[], &complaint(Category::StaffMisconduct), DISCIPLINE), expected, "even with no rules");
    }

    #[test]
    fn an_appeal_goes_to_the_department_that_replied() {
        let rules = [RoutingRule { category: Some(Category::ReplyAppeal), ..rule(1, -100, "agency") }];
        let appeal = RoutingInput { earlier_reply_department: Some("pension"), ..complaint(Category::ReplyAppeal) };
        assert_eq!(
            route(&rules, &appeal, DISCIPLINE),
            Some(Routing { department_id: "pension".into(), routed_by: RoutedBy::ReplyAppealOverride })
        );
    }

    #[test]
    fn an_appeal_without_a_known_earlier_department_follows_the_rules() {
        let rules = [RoutingRule { category: Some(Category::ReplyAppeal), ..rule(1, 1, "agency") }];
        for earlier in [None, Some(""), Some("  ")] {
            let appeal = RoutingInput { earlier_reply_department: earlier, ..complaint(Category::ReplyAppeal) };
            assert_eq!(
                route(&rules, &appeal, DISCIPLINE),
                Some(Routing {
                    department_id: "agency".into(),
                    routed_by: RoutedBy::Rule { rule_id: 1, matched: vec![Criterion::Category(Category::ReplyAppeal)] },
                }),
                "{earlier:?}"
            );
        }
    }

    #[test]
    fn an_earlier_department_does_not_route_other_categories() {
        let rules = [rule(1, 1, "agency")];
        let not_appeal =
            RoutingInput { earlier_reply_department: Some("pension"), ..complaint(Category::PrivacyRights) };
        assert_eq!(department(&rules, &not_appeal), Some("agency".into()));
    }

    #[test]
    fn a_trial_lists_every_enabled_rule_in_firing_order_with_what_held_and_what_failed() {
        let rules = [
            RoutingRule { enabled: false, ..rule(9, 1, "off") },
            rule(1, 0, "agency"),
            RoutingRule {
                category: Some(Category::PolicyExecution),
                respondent_kind: Some(RespondentKind::BureauStaff),
                ..rule(2, 10, "discipline")
            },
            RoutingRule {
                district_prefix: Some("3101".into()),
                keywords: keywords(&["养老"]),
                ..rule(3, 20, "pension")
            },
            RoutingRule {
                channel: Some(Channel::Letter),
                keywords: keywords(&["工伤", "Injury"]),
                ..rule(4, 20, "injury")
            },
        ];
        let trials = trial(&rules, &complaint(Category::PolicyExecution));
        assert_eq!(
            trials,
            [
                RuleTrial {
                    rule_id: 2,
                    matched: false,
                    failed: vec![Criterion::RespondentKind(RespondentKind::BureauStaff)],
                    satisfied: vec![Criterion::Category(Category::PolicyExecution)],
                },
                RuleTrial {
                    rule_id: 3,
                    matched: true,
                    failed: vec![],
                    satisfied: vec![Criterion::DistrictPrefix("3101".into()), Criterion::Keyword("养老".into())],
                },
                RuleTrial {
                    rule_id: 4,
                    matched: false,
                    failed: vec![
                        Criterion::Channel(Channel::Letter),
                        Criterion::Keyword("工伤".into()),
                        Criterion::Keyword("Injury".into())
                    ],
                    satisfied: vec![],
                },
                RuleTrial { rule_id: 1, matched: true, failed: vec![], satisfied: vec![] },
            ]
        );
    }

    #[test]
    fn a_trial_shows_the_rules_even_where_an_override_decides() {
        let rules = [RoutingRule { category: Some(Category::StaffMisconduct), ..rule(1, 1, "agency") }];
        let trials = trial(&rules, &complaint(Category::StaffMisconduct));
        assert_eq!(trials.len(), 1);
        assert!(trials[0].matched);
        assert_eq!(department(&rules, &complaint(Category::StaffMisconduct)), Some(DISCIPLINE.into()));
    }

    #[test]
    fn the_first_matching_trial_is_the_rule_that_routes() {
        let rules = [
            rule(1, 0, "agency"),
            RoutingRule { category: Some(Category::PrivacyRights), ..rule(2, 10, "information") },
            RoutingRule { respondent_kind: Some(RespondentKind::Employer), ..rule(3, 20, "inspection") },
            RoutingRule { district_prefix: Some("3201".into()), ..rule(4, 5, "nanjing") },
        ];
        for category in [Category::ServiceAttitude, Category::PolicyExecution, Category::PrivacyRights] {
            for respondent_kind in RespondentKind::ALL {
                for district in ["310101", "320102"] {
                    let input = RoutingInput { district, respondent_kind, ..complaint(category) };
                    let first = trial(&rules, &input).into_iter().find(|t| t.matched).map(|t| t.rule_id);
                    let routed = route(&rules, &input, DISCIPLINE).map(|r| match r.routed_by {
                        RoutedBy::Rule { rule_id, .. } | RoutedBy::DefaultRule { rule_id } => rule_id,
                        other => panic!("no override expected: {other:?}"),
                    });
                    assert_eq!(first, routed, "{input:?}");
                }
            }
        }
    }
}
