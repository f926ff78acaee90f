//! The bureau's file: TOML read into a [`Bureau`] with every problem named
//! by line ([`parse_file`]), and a bureau written back in the same form
//! ([`to_file`]).

use super::*;
use crate::category::{Category, Channel, RespondentKind};
use crate::deadline::MAX_EXTENSION_DAYS;
use crate::district::DistrictCode;
use crate::workflow::Role;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
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
