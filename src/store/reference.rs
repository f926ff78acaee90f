//! The bureau's reference data (its profile, calendar, categories,
//! districts, departments, routing rules), held in memory by each instance.
//!
//! Every request needs some of it and it changes a few times a year, so
//! reading it from the database each time would make every page pay for it.
//! A one-row `reference_version` table counts changes: triggers on the
//! reference tables bump it in the transaction that changes them, on both
//! databases, whoever makes the change. An instance re-reads the version at
//! most once a second for pages, and inside the transaction of every action
//! that computes deadlines, so a calendar change on one instance is used by
//! the next action on every other.
//!
//! Only committed data enters the cache: the services that change reference
//! data read it directly inside their own transaction, never through here.

use super::bureau::{self, CategoryConfig, Department, District};
use super::{bureau_state, calendar};
use crate::domain::bureau::{DepartmentKind, Profile};
use crate::domain::calendar::WorkCalendar;
use crate::domain::category::Category;
use crate::domain::routing::RoutingRule;
use sqlx::AnyConnection;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How stale a page's reference data may be on an instance that did not make
/// the change.
pub const RECHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Reference {
    pub version: i64,
    /// The bureau's name, address, hours and hotlines, on every page.
    pub profile: Profile,
    pub calendar: WorkCalendar,
    pub categories: Vec<CategoryConfig>,
    /// Every district and department, deactivated ones too: old tickets
    /// still name them. Choices offer the active ones only.
    pub districts: Vec<District>,
    pub departments: Vec<Department>,
    /// A rule that sends to a deactivated department counts as disabled.
    pub rules: Vec<RoutingRule>,
}

impl Reference {
    pub fn category(&self, category: Category) -> Option<&CategoryConfig> {
        self.categories.iter().find(|c| c.category == category)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }

    /// The discipline inspection body, which staff misconduct always goes to.
    pub fn discipline_department(&self) -> Option<&Department> {
        self.active_departments().find(|d| d.kind == DepartmentKind::Discipline)
    }

    /// The districts a complaint may be filed in.
    pub fn district_codes(&self) -> HashSet<String> {
        self.active_districts().map(|d| d.code.clone()).collect()
    }

    /// The districts offered to citizens and staff.
    pub fn active_districts(&self) -> impl Iterator<Item = &District> {
        self.districts.iter().filter(|d| d.active)
    }

    /// The departments offered to staff and that routing may send to.
    pub fn active_departments(&self) -> impl Iterator<Item = &Department> {
        self.departments.iter().filter(|d| d.active)
    }

    async fn load(conn: &mut AnyConnection, version: i64) -> Result<Reference, sqlx::Error> {
        let departments = bureau::departments(&mut *conn).await?;
        let mut rules = bureau::routing_rules(&mut *conn).await?;
        // Routing never sends to a deactivated department, whatever its rules say.
        for rule in &mut rules {
            rule.enabled &= departments.iter().any(|d| d.id == rule.department_id && d.active);
        }
        Ok(Reference {
            version,
            profile: bureau_state::profile(&mut *conn).await?,
            calendar: calendar::load(&mut *conn).await?,
            categories: bureau::categories(&mut *conn).await?,
            districts: bureau::districts(&mut *conn).await?,
            departments,
            rules,
        })
    }
}

struct Checked {
    data: Arc<Reference>,
    at: Instant,
}

#[derive(Default)]
pub struct ReferenceCache {
    current: Mutex<Option<Checked>>,
}

impl ReferenceCache {
    /// For pages: what the instance holds, checked against the database when
    /// it was last checked over a second ago.
    pub async fn get(&self, conn: &mut AnyConnection) -> Result<Arc<Reference>, sqlx::Error> {
        if let Some(fresh) = self.fresh(Instant::now()) {
            return Ok(fresh);
        }
        self.checked(conn).await
    }

    /// For pages that need nothing else from the database: a connection is
    /// taken only when the data is due for its check, so the home page and
    /// the form cost no database round trip at all.
    pub async fn current(&self, db: &super::Db) -> Result<Arc<Reference>, sqlx::Error> {
        if let Some(fresh) = self.fresh(Instant::now()) {
            return Ok(fresh);
        }
        let mut conn = db.acquire().await?;
        self.checked(&mut conn).await
    }

    /// For actions: checked against the version visible on `conn` now (in
    /// the action's transaction), so deadlines use the calendar as committed.
    pub async fn checked(&self, conn: &mut AnyConnection) -> Result<Arc<Reference>, sqlx::Error> {
        let version: i64 = sqlx::query_scalar("SELECT version FROM reference_version").fetch_one(&mut *conn).await?;
        let held = self.current.lock().expect("reference cache lock").as_ref().map(|c| c.data.clone());
        let data = match held {
            Some(data) if data.version == version => data,
            _ => Arc::new(Reference::load(conn, version).await?),
        };
        let mut current = self.current.lock().expect("reference cache lock");
        // Two loads may race; keep the newer version.
        if current.as_ref().is_none_or(|c| c.data.version <= data.version) {
            *current = Some(Checked { data: data.clone(), at: Instant::now() });
        }
        Ok(data)
    }

    /// Drops what this instance holds, after it changed reference data
    /// itself: its next page reads the change at once.
    pub fn forget(&self) {
        *self.current.lock().expect("reference cache lock") = None;
    }

    fn fresh(&self, now: Instant) -> Option<Arc<Reference>> {
        let current = self.current.lock().expect("reference cache lock");
        current.as_ref().filter(|c| now.duration_since(c.at) < RECHECK_EVERY).map(|c| c.data.clone())
    }
}
