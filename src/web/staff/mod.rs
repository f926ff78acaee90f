//! The staff desk: signing in, the queue, a ticket, the agent's intake and
//! look-up.

pub mod inbox;
pub mod intake;
pub mod invitation;
pub mod lookup;
pub mod queue;
pub mod sign_in;
pub mod ticket;

use crate::i18n::Lang;
use crate::store::reference::Reference;
use std::collections::HashMap;

/// Names of categories (by key) and departments (by id) in the page's
/// language.
fn names(reference: &Reference, lang: Lang) -> (HashMap<String, String>, HashMap<String, String>) {
    let categories = reference
        .categories
        .iter()
        .map(|c| (c.category.key().to_string(), lang.pick(&c.name_zh, &c.name_en).to_string()))
        .collect();
    let departments =
        reference.active_departments().map(|d| (d.id.clone(), lang.pick(&d.name_zh, &d.name_en).to_string())).collect();
    (categories, departments)
}
