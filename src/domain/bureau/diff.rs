//! What applying a file would change in the bureau the database holds
//! ([`diff`]), change by change, each with the audit action it records.

use super::*;
use std::fmt;
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
