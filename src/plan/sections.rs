//! Pages made from data alone, as data: a new page of this kind is a row of [`SECTIONS`],
//! a route constructor and a template. The plan, the navigation, the renderer, `serve`'s
//! digests and the claims' messages all read the row.

use crate::routes::Route;
use crate::site::Site;
use crate::values::Key;

/// A value a section's template receives, besides the globals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// `call`: the call's conditions, duties and rights (`data/call.yaml`).
    Call,
    /// `application`: how to apply, with the current call's deadline.
    Application,
    /// `contacts`: the contact people (`data/contacts.yaml`).
    Contacts,
}

/// A page made from data alone.
#[derive(Debug)]
pub struct Section {
    /// The page kind, its navigation key and its template (`<key>.html`).
    pub key: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// Where it is published: for one call (`Some(key)` when the site has several
    /// calls), or at its base path.
    pub route: fn(Option<&Key>) -> Route,
    /// Whether a site has it (the data it shows exists).
    pub present: fn(&Site) -> bool,
    /// Whether there is one per call (with a list of calls at the base path when the site
    /// has several).
    pub per_call: bool,
    /// The values its template receives.
    pub shows: &'static [Shows],
    /// How messages name it.
    pub owner: &'static str,
}

/// Every section, in plan order.
pub const SECTIONS: &[Section] = &[
    Section {
        key: "guide",
        title: "申报指南",
        route: Route::guide,
        present: |site| !site.data.calls.is_empty(),
        per_call: true,
        shows: &[Shows::Call, Shows::Application],
        owner: "the eligibility guide (data/call.yaml)",
    },
    Section {
        key: "apply",
        title: "申报方式",
        route: Route::apply,
        present: |site| !site.data.calls.is_empty(),
        per_call: true,
        shows: &[Shows::Call, Shows::Application],
        owner: "the application page (data/call.yaml)",
    },
    Section {
        key: "contacts",
        title: "联系我们",
        route: Route::contacts,
        present: |site| site.data.contacts.is_some(),
        per_call: false,
        shows: &[Shows::Contacts, Shows::Application],
        owner: "the contacts page (data/contacts.yaml)",
    },
];
