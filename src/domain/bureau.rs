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
use super::deadline::{ClockRules, LimitUnit, TimeLimit, MAX_EXTENSION_DAYS};
use super::district::DistrictCode;
use super::workflow::Role;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
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

// ---------------------------------------------------------------- the file

/// The file as TOML has it; [`parse_file`] turns it into a [`Bureau`].
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileForm {
    bureau: ProfileForm,
    #[serde(default)]
    districts: Vec<DistrictForm>,
    #[serde(default)]
    departments: Vec<DepartmentForm>,
    #[serde(default)]
    categories: Vec<CategoryForm>,
    #[serde(default)]
    rules: Vec<RuleForm>,
    #[serde(default)]
    staff: Vec<StaffForm>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileForm {
    name_zh: String,
    name_en: String,
    #[serde(default)]
    address_zh: String,
    #[serde(default)]
    address_en: String,
    #[serde(default)]
    hours_zh: String,
    #[serde(default)]
    hours_en: String,
    #[serde(default)]
    hotlines: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictForm {
    code: String,
    name_zh: String,
    name_en: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentForm {
    id: String,
    kind: String,
    name_zh: String,
    name_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    district: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryForm {
    category: String,
    handling_days: u32,
    extension_days: u32,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleForm {
    priority: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    respondent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<String>,
    department: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffForm {
    username: String,
    name: String,
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    department: Option<String>,
}

/// One thing wrong with a file: the entry (`departments[3] "pension"`), the
/// field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub entry: String,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.entry, self.message)
        } else {
            write!(f, "{}: {}: {}", self.entry, self.field, self.message)
        }
    }
}

/// Every problem found, so that one run shows them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblems(pub Vec<FileProblem>);

impl fmt::Display for FileProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileProblems {}

/// Limits of free text in the file.
const NAME_MAX: usize = 100;
const TEXT_MAX: usize = 200;

struct Problems(Vec<FileProblem>);

impl Problems {
    fn add(&mut self, entry: &str, field: &'static str, message: impl Into<String>) {
        self.0.push(FileProblem { entry: entry.to_string(), field, message: message.into() });
    }

    /// A required text, trimmed, at most `max` characters.
    fn text(&mut self, entry: &str, field: &'static str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.add(entry, field, "must not be empty");
        } else if value.chars().count() > max {
            self.add(entry, field, format!("at most {max} characters"));
        }
        value.to_string()
    }

    /// An optional text: empty is allowed.
    fn optional_text(&mut self, entry: &str, field: &'static str, value: &str, max: usize) -> String {
        let value = value.trim();
        if value.chars().count() > max {
            self.add(entry, field, format!("at most {max} characters"));
        }
        value.to_string()
    }

    fn key<T>(
        &mut self,
        entry: &str,
        field: &'static str,
        value: &str,
        all: &[T],
        key: fn(&T) -> &'static str,
    ) -> Option<T>
    where
        T: Copy,
    {
        let found = all.iter().find(|v| key(v) == value.trim()).copied();
        if found.is_none() {
            let allowed: Vec<&str> = all.iter().map(key).collect();
            self.add(entry, field, format!("{value:?} is not one of {}", allowed.join(", ")));
        }
        found
    }
}

/// Reads a bureau's file. The result is a bureau every part of which holds
/// together: codes and keys well formed and unique, every reference to a
/// district or department one the file describes, limits within the law.
pub fn parse_file(text: &str) -> Result<Bureau, FileProblems> {
    let form: FileForm = toml::from_str(text).map_err(|e| {
        let entry = e.span().map(|span| format!("line {}", line_of(text, span.start))).unwrap_or_else(|| "file".into());
        FileProblems(vec![FileProblem { entry, field: "", message: e.message().to_string() }])
    })?;
    from_form(form)
}

/// An optional key as read: absent is fine (`Some(None)`), present and
/// known is `Some(Some(_))`, present and unknown is None.
fn well_formed<T>(read: Option<Option<T>>) -> Option<Option<T>> {
    match read {
        None => Some(None),
        Some(None) => None,
        Some(Some(value)) => Some(Some(value)),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn from_form(form: FileForm) -> Result<Bureau, FileProblems> {
    let mut p = Problems(Vec::new());

    let entry = "bureau";
    let profile = Profile {
        name: Names {
            zh: p.text(entry, "name_zh", &form.bureau.name_zh, NAME_MAX),
            en: p.text(entry, "name_en", &form.bureau.name_en, NAME_MAX),
        },
        address: Names {
            zh: p.optional_text(entry, "address_zh", &form.bureau.address_zh, TEXT_MAX),
            en: p.optional_text(entry, "address_en", &form.bureau.address_en, TEXT_MAX),
        },
        hours: Names {
            zh: p.optional_text(entry, "hours_zh", &form.bureau.hours_zh, TEXT_MAX),
            en: p.optional_text(entry, "hours_en", &form.bureau.hours_en, TEXT_MAX),
        },
        hotlines: form.bureau.hotlines.iter().map(|h| p.text(entry, "hotlines", h, 40)).collect(),
    };

    let mut districts = Vec::new();
    let mut codes = HashSet::new();
    for (i, d) in form.districts.iter().enumerate() {
        let entry = format!("districts[{i}] {:?}", d.code);
        let name = Names {
            zh: p.text(&entry, "name_zh", &d.name_zh, NAME_MAX),
            en: p.text(&entry, "name_en", &d.name_en, NAME_MAX),
        };
        match DistrictCode::parse(&d.code) {
            Ok(code) if !codes.insert(code.as_str().to_string()) => p.add(&entry, "code", "appears twice"),
            Ok(code) => districts.push(District { code, name, active: true }),
            Err(_) => p.add(&entry, "code", "not a 6-digit division code"),
        }
    }
    if districts.is_empty() && codes.is_empty() {
        p.add("districts", "", "the bureau serves at least one district");
    }

    let mut departments = Vec::new();
    let mut ids = HashSet::new();
    for (i, d) in form.departments.iter().enumerate() {
        let entry = format!("departments[{i}] {:?}", d.id);
        let kind = p.key(&entry, "kind", &d.kind, &DepartmentKind::ALL, |k| k.key());
        let name = Names {
            zh: p.text(&entry, "name_zh", &d.name_zh, NAME_MAX),
            en: p.text(&entry, "name_en", &d.name_en, NAME_MAX),
        };
        let district = match &d.district {
            None => None,
            Some(code) if codes.contains(code.trim()) => DistrictCode::parse(code).ok(),
            Some(code) => {
                p.add(&entry, "district", format!("{code:?} is not one of the file's districts"));
                None
            }
        };
        let id = match DepartmentId::parse(&d.id) {
            Ok(id) if !ids.insert(id.clone()) => {
                p.add(&entry, "id", "appears twice");
                None
            }
            Ok(id) => Some(id),
            Err(why) => {
                p.add(&entry, "id", why);
                None
            }
        };
        if let (Some(id), Some(kind)) = (id, kind) {
            departments.push(Department { id, kind, name, district, active: true });
        }
    }
    if !form.departments.iter().any(|d| d.kind.trim() == DepartmentKind::Discipline.key()) {
        p.add(
            "departments",
            "kind",
            "one department must be the discipline body (kind = \"discipline\"): staff misconduct goes there",
        );
    }

    let mut limits: HashMap<Category, CategoryLimits> = HashMap::new();
    for (i, c) in form.categories.iter().enumerate() {
        let entry = format!("categories[{i}] {:?}", c.category);
        let Some(category) = p.key(&entry, "category", &c.category, &Category::ALL, |c| c.key()) else {
            continue;
        };
        let bounds = handling_bounds(category);
        if !bounds.contains(&c.handling_days) {
            let allowed = if bounds.start() == bounds.end() {
                format!("the law fixes {} working days", bounds.start())
            } else {
                format!("the law allows {} to {} working days", bounds.start(), bounds.end())
            };
            p.add(&entry, "handling_days", format!("{}: {allowed}", c.handling_days));
        }
        if c.extension_days > MAX_EXTENSION_DAYS {
            p.add(&entry, "extension_days", format!("{}: at most {MAX_EXTENSION_DAYS}", c.extension_days));
        }
        if limits.insert(category, CategoryLimits::statutory(category, c.handling_days, c.extension_days)).is_some() {
            p.add(&entry, "category", "appears twice");
        }
    }
    // A category the file does not name has the statutory defaults.
    let categories = Category::ALL
        .into_iter()
        .map(|c| {
            limits
                .get(&c)
                .copied()
                .unwrap_or_else(|| CategoryLimits::statutory(c, c.default_handling_days(), MAX_EXTENSION_DAYS))
        })
        .collect();

    let mut rules = Vec::new();
    for (i, r) in form.rules.iter().enumerate() {
        let entry = format!("rules[{i}]");
        let category = r.category.as_deref().map(|c| p.key(&entry, "category", c, &Category::ALL, |c| c.key()));
        let respondent =
            r.respondent.as_deref().map(|k| p.key(&entry, "respondent", k, &RespondentKind::ALL, |k| k.key()));
        let channel = r.channel.as_deref().map(|c| p.key(&entry, "channel", c, &Channel::ALL, |c| c.key()));
        let district = r.district.as_deref().map(str::trim);
        if district.is_some_and(|d| d.is_empty() || d.len() > 6 || !d.bytes().all(|b| b.is_ascii_digit())) {
            p.add(&entry, "district", "1 to 6 digits: a division code or its start");
        }
        let keywords: Vec<String> = r.keywords.iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
        let department = match DepartmentId::parse(&r.department) {
            Ok(id) if ids.contains(&id) => Some(id),
            _ => {
                p.add(&entry, "department", format!("{:?} is not one of the file's departments", r.department));
                None
            }
        };
        let note = p.optional_text(&entry, "note", &r.note, TEXT_MAX);
        let (Some(department), Some(category), Some(respondent), Some(channel)) =
            (department, well_formed(category), well_formed(respondent), well_formed(channel))
        else {
            continue;
        };
        let rule = Rule {
            id: None,
            priority: r.priority,
            category,
            district: district.map(str::to_string),
            respondent,
            channel,
            keywords,
            department,
            note,
            enabled: true,
        };
        if rules.iter().any(|other: &Rule| other.identity() == rule.identity()) {
            p.add(&entry, "", "the same conditions and department as an earlier rule");
        }
        rules.push(rule);
    }
    let has_default = form.rules.iter().any(|r| {
        r.category.is_none()
            && r.district.is_none()
            && r.respondent.is_none()
            && r.channel.is_none()
            && r.keywords.iter().all(|k| k.trim().is_empty())
    });
    if !has_default {
        p.add("rules", "", "one rule without conditions must catch what no other rule takes");
    }

    let mut staff = Vec::new();
    let mut usernames = HashSet::new();
    for (i, s) in form.staff.iter().enumerate() {
        let entry = format!("staff[{i}] {:?}", s.username);
        let name = p.text(&entry, "name", &s.name, NAME_MAX);
        let staff_roles = [Role::Agent, Role::Caseworker, Role::Supervisor, Role::Admin];
        let role = p.key(&entry, "role", &s.role, &staff_roles, |r| r.key());
        let department = match s.department.as_deref().map(DepartmentId::parse) {
            None => None,
            Some(Ok(id)) if ids.contains(&id) => Some(id),
            Some(_) => {
                p.add(&entry, "department", format!("{:?} is not one of the file's departments", s.department));
                None
            }
        };
        // Caseworkers and agents work in a department; a supervisor or an
        // administrator may be bureau-wide.
        if matches!(role, Some(Role::Caseworker | Role::Agent)) && s.department.is_none() {
            p.add(&entry, "department", "a caseworker or an agent belongs to a department");
        }
        let username = match Username::parse(&s.username) {
            Ok(u) if !usernames.insert(u.clone()) => {
                p.add(&entry, "username", "appears twice");
                None
            }
            Ok(u) => Some(u),
            Err(why) => {
                p.add(&entry, "username", why);
                None
            }
        };
        if let (Some(username), Some(role)) = (username, role) {
            staff.push(StaffMember { username, name, role, department, active: true });
        }
    }

    if !p.0.is_empty() {
        return Err(FileProblems(p.0));
    }
    Ok(Bureau { profile, districts, departments, categories, rules, staff })
}

/// The bureau as a file: its active entries and enabled rules, in the form
/// [`parse_file`] reads, so that applying it changes nothing.
pub fn to_file(bureau: &Bureau) -> String {
    let active_departments: HashSet<&DepartmentId> =
        bureau.departments.iter().filter(|d| d.active).map(|d| &d.id).collect();
    let form = FileForm {
        bureau: ProfileForm {
            name_zh: bureau.profile.name.zh.clone(),
            name_en: bureau.profile.name.en.clone(),
            address_zh: bureau.profile.address.zh.clone(),
            address_en: bureau.profile.address.en.clone(),
            hours_zh: bureau.profile.hours.zh.clone(),
            hours_en: bureau.profile.hours.en.clone(),
            hotlines: bureau.profile.hotlines.clone(),
        },
        districts: bureau
            .districts
            .iter()
            .filter(|d| d.active)
            .map(|d| DistrictForm {
                code: d.code.as_str().to_string(),
                name_zh: d.name.zh.clone(),
                name_en: d.name.en.clone(),
            })
            .collect(),
        departments: bureau
            .departments
            .iter()
            .filter(|d| d.active)
            .map(|d| DepartmentForm {
                id: d.id.as_str().to_string(),
                kind: d.kind.key().to_string(),
                name_zh: d.name.zh.clone(),
                name_en: d.name.en.clone(),
                district: d.district.as_ref().map(|c| c.as_str().to_string()),
            })
            .collect(),
        categories: bureau
            .categories
            .iter()
            .map(|c| CategoryForm {
                category: c.category.key().to_string(),
                handling_days: c.handling.days,
                extension_days: c.extension_days,
            })
            .collect(),
        rules: bureau
            .rules
            .iter()
            .filter(|r| r.enabled && active_departments.contains(&r.department))
            .map(|r| RuleForm {
                priority: r.priority,
                category: r.category.map(|c| c.key().to_string()),
                district: r.district.clone(),
                respondent: r.respondent.map(|k| k.key().to_string()),
                channel: r.channel.map(|c| c.key().to_string()),
                keywords: r.keywords.clone(),
                department: r.department.as_str().to_string(),
                note: r.note.clone(),
            })
            .collect(),
        staff: bureau
            .staff
            .iter()
            .filter(|s| s.active)
            .map(|s| StaffForm {
                username: s.username.as_str().to_string(),
                name: s.name.clone(),
                role: s.role.key().to_string(),
                department: s.department.as_ref().map(|d| d.as_str().to_string()),
            })
            .collect(),
    };
    toml::to_string(&form).expect("a bureau is always representable in TOML")
}

// ---------------------------------------------------------------- the difference

/// One change that applying a file makes to the bureau in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Profile {
        before: Profile,
        after: Profile,
    },
    DistrictAdded(District),
    /// Names changed, or a deactivated district comes back.
    DistrictChanged {
        before: District,
        after: District,
    },
    DistrictDeactivated(District),
    DepartmentAdded(Department),
    DepartmentChanged {
        before: Department,
        after: Department,
    },
    DepartmentDeactivated(Department),
    CategoryChanged {
        before: CategoryLimits,
        after: CategoryLimits,
    },
    RuleAdded(Rule),
    /// Priority or note changed, or a disabled rule is enabled again; the
    /// rule keeps its row (`before.id`).
    RuleChanged {
        before: Rule,
        after: Rule,
    },
    RuleDisabled(Rule),
    StaffAdded(StaffMember),
    StaffChanged {
        before: StaffMember,
        after: StaffMember,
    },
    StaffDeactivated(StaffMember),
}

/// The part of the bureau a change is in, for printing by section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Bureau,
    Districts,
    Departments,
    Categories,
    Rules,
    Staff,
}

impl Section {
    pub fn key(self) -> &'static str {
        match self {
            Section::Bureau => "bureau",
            Section::Districts => "districts",
            Section::Departments => "departments",
            Section::Categories => "categories",
            Section::Rules => "rules",
            Section::Staff => "staff",
        }
    }
}

/// Added, changed or deactivated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Added,
    Changed,
    Deactivated,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Deactivated => "deactivated",
        }
    }
}

impl Change {
    pub fn section(&self) -> Section {
        match self {
            Change::Profile { .. } => Section::Bureau,
            Change::DistrictAdded(_) | Change::DistrictChanged { .. } | Change::DistrictDeactivated(_) => {
                Section::Districts
            }
            Change::DepartmentAdded(_) | Change::DepartmentChanged { .. } | Change::DepartmentDeactivated(_) => {
                Section::Departments
            }
            Change::CategoryChanged { .. } => Section::Categories,
            Change::RuleAdded(_) | Change::RuleChanged { .. } | Change::RuleDisabled(_) => Section::Rules,
            Change::StaffAdded(_) | Change::StaffChanged { .. } | Change::StaffDeactivated(_) => Section::Staff,
        }
    }

    pub fn kind(&self) -> ChangeKind {
        match self {
            Change::DistrictAdded(_) | Change::DepartmentAdded(_) | Change::RuleAdded(_) | Change::StaffAdded(_) => {
                ChangeKind::Added
            }
            Change::DistrictDeactivated(_)
            | Change::DepartmentDeactivated(_)
            | Change::RuleDisabled(_)
            | Change::StaffDeactivated(_) => ChangeKind::Deactivated,
            _ => ChangeKind::Changed,
        }
    }

    /// What changed, in a line for the operator and the audit trail. Never a
    /// password: the file has none.
    pub fn describe(&self) -> String {
        match self {
            Change::Profile { before, after } => {
                let mut what = Vec::new();
                let pairs = [
                    ("name", &before.name, &after.name),
                    ("address", &before.address, &after.address),
                    ("hours", &before.hours, &after.hours),
                ];
                for (field, b, a) in pairs {
                    if b != a {
                        what.push(format!("{field} {:?} → {:?}", b.zh, a.zh));
                    }
                }
                if before.hotlines != after.hotlines {
                    what.push(format!("hotlines {} → {}", before.hotlines.join(" "), after.hotlines.join(" ")));
                }
                what.join("; ")
            }
            Change::DistrictAdded(d) | Change::DistrictDeactivated(d) => format!("{} {}", d.code.as_str(), d.name.zh),
            Change::DistrictChanged { before, after } => {
                format!("{} {}", after.code.as_str(), changes_of_district(before, after))
            }
            Change::DepartmentAdded(d) | Change::DepartmentDeactivated(d) => {
                format!("{} ({}) {}", d.id.as_str(), d.kind.key(), d.name.zh)
            }
            Change::DepartmentChanged { before, after } => {
                format!("{} {}", after.id.as_str(), changes_of_department(before, after))
            }
            Change::CategoryChanged { before, after } => format!(
                "{}: handling {} → {} working days, extension {} → {}{}",
                after.category.key(),
                before.handling.days,
                after.handling.days,
                before.extension_days,
                after.extension_days,
                if (before.handling.unit, before.decision, before.clocks)
                    != (after.handling.unit, after.decision, after.clocks)
                {
                    ", the statutory clocks restored"
                } else {
                    ""
                }
            ),
            Change::RuleAdded(r) | Change::RuleDisabled(r) => {
                let id = r.id.map(|id| format!("#{id} ")).unwrap_or_default();
                format!("{id}{}", r.describe())
            }
            Change::RuleChanged { before, after } => {
                let mut what = Vec::new();
                if before.priority != after.priority {
                    what.push(format!("priority {} → {}", before.priority, after.priority));
                }
                if before.note != after.note {
                    what.push(format!("note {:?} → {:?}", before.note, after.note));
                }
                if !before.enabled {
                    what.push("enabled again".to_string());
                }
                format!("#{} {}: {}", before.id.unwrap_or_default(), after.describe(), what.join(", "))
            }
            Change::StaffAdded(s) | Change::StaffDeactivated(s) => format!(
                "{} ({}{})",
                s.username.as_str(),
                s.role.key(),
                s.department.as_ref().map(|d| format!(", {}", d.as_str())).unwrap_or_default()
            ),
            Change::StaffChanged { before, after } => {
                let mut what = Vec::new();
                if before.name != after.name {
                    what.push("name".to_string());
                }
                if before.role != after.role {
                    what.push(format!("role {} → {}", before.role.key(), after.role.key()));
                }
                if before.department != after.department {
                    let name = |d: &Option<DepartmentId>| d.as_ref().map_or("-", |d| d.as_str()).to_string();
                    what.push(format!("department {} → {}", name(&before.department), name(&after.department)));
                }
                if !before.active {
                    what.push("active again".to_string());
                }
                format!("{}: {}", after.username.as_str(), what.join(", "))
            }
        }
    }
}

fn changes_of_district(before: &District, after: &District) -> String {
    let mut what = Vec::new();
    if before.name != after.name {
        what.push(format!("name {:?} → {:?}", before.name.zh, after.name.zh));
    }
    if !before.active {
        what.push("active again".to_string());
    }
    what.join(", ")
}

fn changes_of_department(before: &Department, after: &Department) -> String {
    let mut what = Vec::new();
    if before.kind != after.kind {
        what.push(format!("kind {} → {}", before.kind.key(), after.kind.key()));
    }
    if before.name != after.name {
        what.push(format!("name {:?} → {:?}", before.name.zh, after.name.zh));
    }
    if before.district != after.district {
        let code = |d: &Option<DistrictCode>| d.as_ref().map_or("-", |d| d.as_str()).to_string();
        what.push(format!("district {} → {}", code(&before.district), code(&after.district)));
    }
    if !before.active {
        what.push("active again".to_string());
    }
    what.join(", ")
}

/// Why a file cannot be applied to the bureau as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffRefusal {
    /// The bureau has an active administrator and the file names none: no
    /// one could sign in to administer it any more.
    NoAdministratorLeft,
}

impl fmt::Display for DiffRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffRefusal::NoAdministratorLeft => f.write_str(
                "the file names no administrator and would deactivate every active one: \
                 add the administrators' accounts to its [[staff]] (see `hotline bureau export`)",
            ),
        }
    }
}

impl std::error::Error for DiffRefusal {}

/// What applying `wanted` (a file, every entry active) to `current` (the
/// database) changes, section by section in the order they are applied:
/// districts before the departments in them, departments before the rules
/// and accounts that name them. Empty when the database already is the file.
pub fn diff(current: &Bureau, wanted: &Bureau) -> Result<Vec<Change>, DiffRefusal> {
    let had_admin = current.staff.iter().any(|s| s.active && s.role == Role::Admin);
    if had_admin && !wanted.staff.iter().any(|s| s.role == Role::Admin) {
        return Err(DiffRefusal::NoAdministratorLeft);
    }
    let mut changes = Vec::new();
    if current.profile != wanted.profile {
        changes.push(Change::Profile { before: current.profile.clone(), after: wanted.profile.clone() });
    }

    for district in &wanted.districts {
        match current.districts.iter().find(|d| d.code == district.code) {
            None => changes.push(Change::DistrictAdded(district.clone())),
            Some(before) if before != district => {
                changes.push(Change::DistrictChanged { before: before.clone(), after: district.clone() })
            }
            Some(_) => {}
        }
    }
    for district in current.districts.iter().filter(|d| d.active) {
        if !wanted.districts.iter().any(|d| d.code == district.code) {
            changes.push(Change::DistrictDeactivated(district.clone()));
        }
    }

    for department in &wanted.departments {
        match current.departments.iter().find(|d| d.id == department.id) {
            None => changes.push(Change::DepartmentAdded(department.clone())),
            Some(before) if before != department => {
                changes.push(Change::DepartmentChanged { before: before.clone(), after: department.clone() })
            }
            Some(_) => {}
        }
    }
    for department in current.departments.iter().filter(|d| d.active) {
        if !wanted.departments.iter().any(|d| d.id == department.id) {
            changes.push(Change::DepartmentDeactivated(department.clone()));
        }
    }

    for limits in &wanted.categories {
        if let Some(before) = current.categories.iter().find(|c| c.category == limits.category) {
            if before != limits {
                changes.push(Change::CategoryChanged { before: *before, after: *limits });
            }
        }
    }

    changes.extend(diff_rules(&current.rules, &wanted.rules));

    for member in &wanted.staff {
        match current.staff.iter().find(|s| s.username == member.username) {
            None => changes.push(Change::StaffAdded(member.clone())),
            Some(before) if before != member => {
                changes.push(Change::StaffChanged { before: before.clone(), after: member.clone() })
            }
            Some(_) => {}
        }
    }
    for member in current.staff.iter().filter(|s| s.active) {
        if !wanted.staff.iter().any(|s| s.username == member.username) {
            changes.push(Change::StaffDeactivated(member.clone()));
        }
    }
    Ok(changes)
}

/// Each rule of the file is matched to a rule of the database with the same
/// conditions and department (an enabled one first); what is left over in
/// the file is added, what is left enabled in the database is disabled.
fn diff_rules(current: &[Rule], wanted: &[Rule]) -> Vec<Change> {
    let mut taken = vec![false; current.len()];
    let mut changes = Vec::new();
    let mut added = Vec::new();
    for rule in wanted {
        let same = |i: &usize| !taken[*i] && current[*i].identity() == rule.identity();
        let found =
            (0..current.len()).filter(same).find(|i| current[*i].enabled).or_else(|| (0..current.len()).find(same));
        match found {
            Some(i) => {
                taken[i] = true;
                let before = &current[i];
                let after = Rule { id: before.id, ..rule.clone() };
                if *before != after {
                    changes.push(Change::RuleChanged { before: before.clone(), after });
                }
            }
            None => added.push(Change::RuleAdded(rule.clone())),
        }
    }
    for (i, rule) in current.iter().enumerate() {
        if !taken[i] && rule.enabled {
            changes.push(Change::RuleDisabled(rule.clone()));
        }
    }
    // Disabled first: a department losing its rules is deactivated by then.
    changes.extend(added);
    changes
}

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
