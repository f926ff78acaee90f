//! The bureau a history is generated for, as the database holds it after
//! the application seeded it: its calendar, categories, routing rules,
//! districts, departments and staff.

use chrono::{DateTime, NaiveDate, Utc};
use hotline::domain::calendar::WorkCalendar;
use hotline::domain::routing::RoutingRule;
use hotline::store::bureau::CategoryConfig;
use std::collections::HashMap;

/// The bureau as the database holds it, and the staff who work its tickets.
pub struct Bureau {
    pub now: DateTime<Utc>,
    pub calendar: WorkCalendar,
    pub categories: Vec<CategoryConfig>,
    pub rules: Vec<RoutingRule>,
    pub discipline_department: String,
    /// (code, Chinese name).
    pub districts: Vec<(String, String)>,
    /// Departments that handle tickets (every one but the hotline's intake).
    pub departments: Vec<String>,
    pub staff: Staff,
    /// The last sequence number already issued on a day.
    pub sequences: HashMap<NaiveDate, u32>,
}

pub struct Staff {
    /// Caseworker ids by department.
    pub caseworkers: HashMap<String, Vec<String>>,
    /// The department head (a supervisor of that department), if any.
    pub heads: HashMap<String, String>,
    /// Bureau-wide supervisors.
    pub supervisors: Vec<String>,
    /// Hotline agents, who file for callers.
    pub agents: Vec<String>,
    pub display_names: HashMap<String, String>,
}
