//! A bureau as one description: its name and contacts, districts,
//! departments, the categories' limits within the legal bounds, routing
//! rules and staff accounts. `hotline bureau apply FILE` reads it from TOML
//! ([`parse_file`]); [`diff`] says what applying it would change in the
//! bureau the database holds; `hotline bureau export` writes the database's
//! bureau back in the same form ([`to_file`]).
//!
//! Entries are never deleted: one the file no longer names is deactivated
//! (a district, a department, an account) or disabled (a rule), because
//! tickets, accounts and rules refer to them.

use super::category::{Category, Channel, RespondentKind};
use super::deadline::{ClockRules, LimitUnit, TimeLimit};
use super::district::DistrictCode;
use super::workflow::Role;
use std::collections::HashMap;
use std::ops::RangeInclusive;

/// A name or text in both languages of the interface.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

/// What citizens read about the bureau on every page: its name, where and
/// when it receives people, and its hotline numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    pub name: Names,
    pub address: Names,
    pub hours: Names,
    pub hotlines: Vec<String>,
}

/// A department's key: lower-case letters, digits and `_`, at most 40.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepartmentId(String);

impl DepartmentId {
    pub fn parse(text: &str) -> Result<Self, String> {
        let id = text.trim();
        let ok = !id.is_empty()
            && id.len() <= 40
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        ok.then(|| DepartmentId(id.to_string()))
            .ok_or_else(|| format!("{text:?} is not 1 to 40 lower-case letters, digits or _"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a department is for. The discipline body receives every complaint
/// about staff misconduct; the other kinds describe the department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepartmentKind {
    /// The 12333 hotline centre, where agents take calls.
    Intake,
    Section,
    ServiceCentre,
    DistrictServiceCentre,
    /// The labour-security inspection brigade.
    Inspection,
    Information,
    /// The discipline inspection body.
    Discipline,
}

super::keys::stored_as_key!(DepartmentKind);

impl DepartmentKind {
    pub const ALL: [DepartmentKind; 7] = [
        DepartmentKind::Intake,
        DepartmentKind::Section,
        DepartmentKind::ServiceCentre,
        DepartmentKind::DistrictServiceCentre,
        DepartmentKind::Inspection,
        DepartmentKind::Information,
        DepartmentKind::Discipline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DepartmentKind::Intake => "intake",
            DepartmentKind::Section => "section",
            DepartmentKind::ServiceCentre => "service_centre",
            DepartmentKind::DistrictServiceCentre => "district_service_centre",
            DepartmentKind::Inspection => "inspection",
            DepartmentKind::Information => "information",
            DepartmentKind::Discipline => "discipline",
        }
    }
}

/// A staff member's sign-in name: letters, digits, `_` and `.`, at most 40.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Self, String> {
        let name = text.trim();
        let ok = !name.is_empty()
            && name.len() <= 40
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        ok.then(|| Username(name.to_string())).ok_or_else(|| format!("{text:?} is not 1 to 40 letters, digits, _ or ."))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: DistrictCode,
    pub name: Names,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: DepartmentId,
    pub kind: DepartmentKind,
    pub name: Names,
    /// The district a district service centre serves.
    pub district: Option<DistrictCode>,
    pub active: bool,
}

/// A category's limits. Only the handling limit and the extension are the
/// bureau's to choose, within [`handling_bounds`] and [`MAX_EXTENSION_DAYS`];
/// the rest is what the law fixes ([`CategoryLimits::statutory`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CategoryLimits {
    pub category: Category,
    pub handling: TimeLimit,
    pub decision: TimeLimit,
    pub extension_days: u32,
    pub clocks: ClockRules,
}

impl CategoryLimits {
    /// The statutory limits with the bureau's handling limit and extension.
    pub fn statutory(category: Category, handling_days: u32, extension_days: u32) -> Self {
        CategoryLimits {
            category,
            handling: TimeLimit { days: handling_days, unit: LimitUnit::WorkingDays },
            decision: category.default_decision_limit(),
            extension_days,
            clocks: category.default_clock_rules(),
        }
    }
}

/// The handling limits the law allows, in working days: 5 to 15 for the
/// ordinary categories (DOMAIN.md's table); a labour-security inspection
/// complaint must be accepted or refused within 5 (劳动保障监察条例), so
/// its limit is not the bureau's to choose.
pub fn handling_bounds(category: Category) -> RangeInclusive<u32> {
    match category {
        Category::LabourInspection => 5..=5,
        _ => 5..=15,
    }
}

/// A rule's conditions and department (see [`Rule::identity`]).
type RuleIdentity<'a> =
    (Option<Category>, &'a Option<String>, Option<RespondentKind>, Option<Channel>, &'a [String], &'a str);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The rule's row, for rules read from the database; None in a file.
    pub id: Option<i64>,
    pub priority: i64,
    pub category: Option<Category>,
    /// 1 to 6 digits: a province, city or district code, or its start.
    pub district: Option<String>,
    pub respondent: Option<RespondentKind>,
    pub channel: Option<Channel>,
    pub keywords: Vec<String>,
    pub department: DepartmentId,
    pub note: String,
    pub enabled: bool,
}

impl Rule {
    /// What makes two rules the same rule: where it sends what. Priority and
    /// note are attributes one may change.
    fn identity(&self) -> RuleIdentity<'_> {
        (self.category, &self.district, self.respondent, self.channel, &self.keywords, self.department.as_str())
    }

    fn describe(&self) -> String {
        let mut parts = vec![format!("priority {}", self.priority)];
        parts.extend(self.category.map(|c| format!("category {}", c.key())));
        parts.extend(self.district.as_ref().map(|d| format!("district {d}")));
        parts.extend(self.respondent.map(|r| format!("respondent {}", r.key())));
        parts.extend(self.channel.map(|c| format!("channel {}", c.key())));
        if !self.keywords.is_empty() {
            parts.push(format!("keywords {}", self.keywords.join("|")));
        }
        format!("{} → {}", parts.join(", "), self.department.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub username: Username,
    pub name: String,
    pub role: Role,
    pub department: Option<DepartmentId>,
    pub active: bool,
}

/// A whole bureau. Read from a file, every entry is active; read from the
/// database, deactivated entries are there too.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bureau {
    pub profile: Profile,
    pub districts: Vec<District>,
    pub departments: Vec<Department>,
    /// Every category, in the statute's order.
    pub categories: Vec<CategoryLimits>,
    pub rules: Vec<Rule>,
    pub staff: Vec<StaffMember>,
}

mod diff;
mod file;

pub use diff::{diff, Change, ChangeKind, DiffRefusal, Section};
pub use file::{parse_file, to_file, FileProblem, FileProblems};

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
        [bureau]
        name_zh = "示范市人力资源和社会保障局"
        name_en = "Demo City Bureau"
        hotlines = ["12333"]

        [[districts]]
        code = "310101"
        name_zh = "黄浦区"
        name_en = "Huangpu District"

        [[departments]]
        id = "hotline_centre"
        kind = "intake"
        name_zh = "12333 咨询服务中心"
        name_en = "12333 Hotline Centre"

        [[departments]]
        id = "discipline"
        kind = "discipline"
        name_zh = "驻局纪检监察组"
        name_en = "Discipline Inspection Body"

        [[departments]]
        id = "service_centre_310101"
        kind = "district_service_centre"
        name_zh = "黄浦区社会保险服务中心"
        name_en = "Huangpu Service Centre"
        district = "310101"

        [[categories]]
        category = "policy_execution"
        handling_days = 10
        extension_days = 20

        [[rules]]
        priority = 50
        category = "service_attitude"
        district = "310101"
        department = "service_centre_310101"

        [[rules]]
        priority = 1000
        department = "hotline_centre"
        note = "其他事项"

        [[staff]]
        username = "agent"
        name = "话务员 陈静"
        role = "agent"
        department = "hotline_centre"

        [[staff]]
        username = "admin"
        name = "管理员 王磊"
        role = "admin"
    "#;

    fn small() -> Bureau {
        parse_file(SMALL).unwrap()
    }

    fn problems(text: &str) -> Vec<String> {
        parse_file(text).unwrap_err().0.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_whole_file_becomes_a_bureau() {
        let bureau = small();
        assert_eq!(bureau.profile.name.zh, "示范市人力资源和社会保障局");
        assert_eq!(bureau.profile.hotlines, vec!["12333"]);
        assert_eq!(bureau.districts.len(), 1);
        assert_eq!(bureau.departments[2].district.as_ref().unwrap().as_str(), "310101");
        assert_eq!(bureau.departments[2].kind, DepartmentKind::DistrictServiceCentre);
        assert_eq!(bureau.rules[0].category, Some(Category::ServiceAttitude));
        assert_eq!(bureau.staff[1].role, Role::Admin);
        assert_eq!(bureau.staff[1].department, None);
    }

    #[test]
    fn every_category_is_there_with_the_statutory_clocks() {
        let bureau = small();
        assert_eq!(bureau.categories.iter().map(|c| c.category).collect::<Vec<_>>(), Category::ALL.to_vec());
        let policy = bureau.categories[1];
        assert_eq!((policy.handling.days, policy.extension_days), (10, 20));
        assert_eq!(policy.decision, TimeLimit { days: 60, unit: LimitUnit::CalendarDays });
        let unnamed = bureau.categories[0];
        assert_eq!((unnamed.handling.days, unnamed.extension_days), (5, 30), "not named: the defaults");
        let inspection = bureau.categories[6];
        assert_eq!(inspection.decision, TimeLimit { days: 60, unit: LimitUnit::WorkingDays });
        assert_eq!(inspection.clocks, ClockRules::INSPECTION);
    }

    #[test]
    fn limits_outside_the_law_are_refused_by_name() {
        let text = SMALL
            .replace("handling_days = 10", "handling_days = 20")
            .replace("extension_days = 20", "extension_days = 31");
        assert_eq!(
            problems(&text),
            vec![
                "categories[0] \"policy_execution\": handling_days: 20: the law allows 5 to 15 working days",
                "categories[0] \"policy_execution\": extension_days: 31: at most 30",
            ]
        );
        let text = SMALL.replace(
            "category = \"policy_execution\"\n        handling_days = 10",
            "category = \"labour_inspection\"\n        handling_days = 10",
        );
        assert_eq!(
            problems(&text),
            vec!["categories[0] \"labour_inspection\": handling_days: 10: the law fixes 5 working days"]
        );
        for days in [4, 16] {
            let text = SMALL.replace("handling_days = 10", &format!("handling_days = {days}"));
            assert_eq!(problems(&text).len(), 1, "{days}");
        }
        for days in [5, 15] {
            assert!(parse_file(&SMALL.replace("handling_days = 10", &format!("handling_days = {days}"))).is_ok());
        }
    }

    #[test]
    fn problems_name_the_entry_and_the_field() {
        let text = SMALL
            .replace("kind = \"intake\"", "kind = \"hotline\"")
            .replace("code = \"310101\"", "code = \"31010\"")
            .replace("role = \"agent\"", "role = \"citizen\"");
        let found = problems(&text);
        assert!(found.contains(&"districts[0] \"31010\": code: not a 6-digit division code".to_string()), "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p
                    .starts_with("departments[0] \"hotline_centre\": kind: \"hotline\" is not one of intake, section")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with("staff[0] \"agent\": role: \"citizen\" is not one of agent")),
            "{found:?}"
        );
    }

    #[test]
    fn references_must_be_to_what_the_file_describes() {
        let text =
            SMALL.replace("department = \"hotline_centre\"\n        note", "department = \"nowhere\"\n        note");
        assert_eq!(problems(&text), vec!["rules[1]: department: \"nowhere\" is not one of the file's departments"]);
        let text = SMALL.replace(
            "district = \"310101\"\n\n        [[categories]]",
            "district = \"310104\"\n\n        [[categories]]",
        );
        assert_eq!(
            problems(&text),
            vec!["departments[2] \"service_centre_310101\": district: \"310104\" is not one of the file's districts"]
        );
    }

    #[test]
    fn a_caseworker_needs_a_department_and_names_are_unique() {
        let text = SMALL.replace("role = \"agent\"\n        department = \"hotline_centre\"", "role = \"caseworker\"");
        assert_eq!(
            problems(&text),
            vec!["staff[0] \"agent\": department: a caseworker or an agent belongs to a department"]
        );
        let text = SMALL.replace("username = \"admin\"", "username = \"agent\"");
        assert!(problems(&text).contains(&"staff[1] \"agent\": username: appears twice".to_string()));
    }

    #[test]
    fn a_bureau_needs_a_discipline_body_and_a_default_rule() {
        let text = SMALL.replace("kind = \"discipline\"", "kind = \"section\"");
        assert_eq!(problems(&text).len(), 1);
        assert!(problems(&text)[0].starts_with("departments: kind: one department must be the discipline body"));
        let text = SMALL.replace("priority = 1000\n", "priority = 1000\n        channel = \"web\"\n");
        assert_eq!(problems(&text), vec!["rules: one rule without conditions must catch what no other rule takes"]);
    }

    #[test]
    fn unknown_fields_and_bad_toml_are_refused_with_their_line() {
        let found = problems(&SMALL.replace("hotlines = [\"12333\"]", "hotline = \"12333\""));
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("line 5: unknown field `hotline`"), "{found:?}");
        let found = problems("[bureau]\nname_zh = \n");
        assert!(found[0].starts_with("line 2:"), "{found:?}");
    }

    #[test]
    fn the_file_written_reads_back_the_same() {
        let bureau = small();
        assert_eq!(parse_file(&to_file(&bureau)).unwrap(), bureau);
    }

    #[test]
    fn applying_the_same_bureau_changes_nothing() {
        assert_eq!(diff(&small(), &small()).unwrap(), vec![]);
    }

    #[test]
    fn an_empty_database_gets_everything_added() {
        let empty = Bureau {
            categories: Category::ALL
                .into_iter()
                .map(|c| CategoryLimits::statutory(c, c.default_handling_days(), 30))
                .collect(),
            ..Bureau::default()
        };
        let changes = diff(&empty, &small()).unwrap();
        let kinds: Vec<(Section, ChangeKind)> = changes.iter().map(|c| (c.section(), c.kind())).collect();
        assert_eq!(
            kinds,
            vec![
                (Section::Bureau, ChangeKind::Changed),
                (Section::Districts, ChangeKind::Added),
                (Section::Departments, ChangeKind::Added),
                (Section::Departments, ChangeKind::Added),
                (Section::Departments, ChangeKind::Added),
                (Section::Categories, ChangeKind::Changed),
                (Section::Rules, ChangeKind::Added),
                (Section::Rules, ChangeKind::Added),
                (Section::Staff, ChangeKind::Added),
                (Section::Staff, ChangeKind::Added),
            ]
        );
    }

    #[test]
    fn what_the_file_drops_is_deactivated_and_comes_back_when_named_again() {
        let current = small();
        let mut wanted = small();
        wanted.departments.retain(|d| d.id.as_str() != "service_centre_310101");
        wanted.rules.remove(0);
        let changes = diff(&current, &wanted).unwrap();
        assert!(matches!(&changes[0], Change::DepartmentDeactivated(d) if d.id.as_str() == "service_centre_310101"));
        assert!(matches!(&changes[1], Change::RuleDisabled(r) if r.priority == 50));
        assert_eq!(changes.len(), 2);

        let mut after = current.clone();
        after.departments[2].active = false;
        after.rules[0].enabled = false;
        assert_eq!(diff(&after, &wanted).unwrap(), vec![], "applied twice, nothing more");
        let back = diff(&after, &current).unwrap();
        assert_eq!(back.iter().map(Change::kind).collect::<Vec<_>>(), vec![ChangeKind::Changed, ChangeKind::Changed]);
    }

    #[test]
    fn a_rule_keeps_its_row_when_its_priority_or_note_changes() {
        let mut current = small();
        current.rules[0].id = Some(7);
        let mut wanted = small();
        wanted.rules[0].priority = 60;
        let changes = diff(&current, &wanted).unwrap();
        assert_eq!(changes.len(), 1);
        let Change::RuleChanged { before, after } = &changes[0] else { panic!("{changes:?}") };
        assert_eq!((before.id, after.id, after.priority), (Some(7), Some(7), 60));
        assert!(changes[0].describe().contains("priority 50 → 60"));
    }

    #[test]
    fn a_file_without_an_administrator_cannot_lock_the_bureau_out() {
        let mut wanted = small();
        wanted.staff.retain(|s| s.role != Role::Admin);
        assert_eq!(diff(&small(), &wanted), Err(DiffRefusal::NoAdministratorLeft));
        let mut no_admin_yet = small();
        no_admin_yet.staff.clear();
        assert!(diff(&no_admin_yet, &wanted).is_ok(), "a bureau without one may still be set up");
    }

    #[test]
    fn staff_changes_say_what_changed_and_never_more() {
        let mut wanted = small();
        wanted.staff[0].role = Role::Caseworker;
        let changes = diff(&small(), &wanted).unwrap();
        assert_eq!(changes[0].describe(), "agent: role agent → caseworker");
    }
}
