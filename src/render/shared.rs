//! Values many pages share (the globals, the call, contacts, rounds), converted to template
//! values at most once per render, when a page first needs them; the unit logos this render
//! writes; and, when it writes the search index, the text each page leaves for it.

use std::sync::{Mutex, OnceLock};

use tera::{Context, Value};

use super::pages::globals;
use super::roster::{Order, round_links, round_view};
use super::views::{ApplicationView, CallView, ContactsView};
use crate::plan::Plan;
use crate::site::Site;
use crate::theme::Theme;

/// Values shared by many pages, converted to template values once, when a page first
/// needs them (an update that renders three notices does not build the roster's views).
pub(crate) struct Shared {
    pub(super) globals: Context,
    call: OnceLock<Option<Value>>,
    application: OnceLock<Value>,
    contacts: OnceLock<Option<Value>>,
    current_round: OnceLock<Option<Value>>,
    rounds: OnceLock<Value>,
    /// The plain text of each notice, then each page, left by their page jobs for the
    /// search index (empty when this render writes no search files).
    texts: Vec<Mutex<Option<String>>>,
    /// The unit logos this render writes, processed or found in the cache.
    pub(super) logos: crate::images::Prepared,
}

impl Shared {
    /// The shared values of a render; `texts`: keep each document's text for the index.
    pub(super) fn new(
        site: &Site,
        theme: &Theme,
        plan: &Plan,
        logos: crate::images::Prepared,
        texts: bool,
    ) -> Shared {
        let documents = if texts {
            site.notices.len() + site.pages.len()
        } else {
            0
        };
        Shared {
            globals: globals(site, theme, plan),
            call: OnceLock::new(),
            application: OnceLock::new(),
            contacts: OnceLock::new(),
            current_round: OnceLock::new(),
            rounds: OnceLock::new(),
            texts: (0..documents).map(|_| Mutex::new(None)).collect(),
            logos,
        }
    }

    /// Keeps the plain text of search document `n` for the index (when this render
    /// builds one).
    pub(super) fn leave_text(&self, n: usize, text: impl FnOnce() -> String) {
        if let Some(slot) = self.texts.get(n) {
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(text());
        }
    }

    /// Takes the text left for search document `n`.
    pub(super) fn take_text(&self, n: usize) -> Option<String> {
        self.texts
            .get(n)
            .and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).take())
    }

    /// `data/call.yaml` as templates see it.
    pub(super) fn call(&self, site: &Site) -> Option<Value> {
        self.call
            .get_or_init(|| {
                site.data
                    .call
                    .as_ref()
                    .map(|c| Value::from_serializable(&CallView::new(c, site)))
            })
            .clone()
    }

    /// The state of the current call for applications.
    pub(super) fn application(&self, site: &Site) -> Value {
        self.application
            .get_or_init(|| {
                Value::from_serializable(&ApplicationView::new(site, site.current_call()))
            })
            .clone()
    }

    /// `data/contacts.yaml` as templates see it.
    pub(super) fn contacts(&self, site: &Site) -> Option<Value> {
        self.contacts
            .get_or_init(|| {
                site.data
                    .contacts
                    .as_ref()
                    .map(|c| Value::from_serializable(&ContactsView::new(c, site)))
            })
            .clone()
    }

    /// The current round of the roster, for the home page.
    pub(super) fn current_round(&self, site: &Site, order: &Order) -> Option<Value> {
        self.current_round
            .get_or_init(|| {
                site.data
                    .ratings
                    .as_ref()
                    .and_then(|r| r.current())
                    .map(|round| Value::from_serializable(&round_view(site, round, order)))
            })
            .clone()
    }

    /// Links to every round.
    pub(super) fn rounds(&self, site: &Site) -> Value {
        self.rounds
            .get_or_init(|| Value::from_serializable(&round_links(site)))
            .clone()
    }
}
