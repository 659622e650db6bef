//! Values many pages share (the globals, each call's content and application facts, the
//! contacts, each roster's current round and rounds), converted to template values at most
//! once per render, when a page first needs them; the unit logos this render writes; and,
//! when it writes the search index, the text each page leaves for it.

use std::sync::{Arc, Mutex, OnceLock};

use tera::{Context, Value};

use super::pages::globals;
use super::roster::{Order, RosterCx, round_links, round_view};
use super::views::{ApplicationView, CallView, ContactsView};
use crate::lang::Strings;
use crate::site::Site;

/// Values shared by many pages, converted to template values once, when a page first
/// needs them (an update that renders three notices does not build the roster's views).
/// Values with interface text are kept per language.
pub(crate) struct Shared {
    languages: Vec<PerLanguage>,
    call_contacts: OnceLock<Vec<Value>>,
    contacts: OnceLock<Option<Value>>,
    rounds: OnceLock<Vec<Value>>,
    /// The plain text of each notice, then each page, left by their page jobs for the
    /// search index (empty when this render writes no search files).
    texts: Vec<Mutex<Option<String>>>,
    /// The unit logos this render writes, processed or found in the cache.
    pub(super) logos: crate::images::Prepared,
}

/// The shared values in one language.
struct PerLanguage {
    ui: Arc<Strings>,
    globals: OnceLock<Context>,
    calls: OnceLock<Vec<Value>>,
    applications: OnceLock<Vec<Value>>,
    current_rounds: OnceLock<Vec<Value>>,
}

impl Shared {
    /// The shared values of a render; `texts`: keep each document's text for the index.
    pub(super) fn new(site: &Site, logos: crate::images::Prepared, texts: bool) -> Shared {
        let documents = if texts {
            site.notices.len() + site.pages.len()
        } else {
            0
        };
        let mut tables: Vec<Arc<Strings>> = Vec::new();
        for tag in site.interface.tags() {
            if let Some(ui) = site.interface.strings(tag)
                && !tables.iter().any(|t| Arc::ptr_eq(t, ui))
            {
                tables.push(Arc::clone(ui));
            }
        }
        Shared {
            languages: tables
                .into_iter()
                .map(|ui| PerLanguage {
                    ui,
                    globals: OnceLock::new(),
                    calls: OnceLock::new(),
                    applications: OnceLock::new(),
                    current_rounds: OnceLock::new(),
                })
                .collect(),
            call_contacts: OnceLock::new(),
            contacts: OnceLock::new(),
            rounds: OnceLock::new(),
            texts: (0..documents).map(|_| Mutex::new(None)).collect(),
            logos,
        }
    }

    /// The values in the language of `ui`.
    fn language(&self, ui: &Strings) -> &PerLanguage {
        self.languages
            .iter()
            .find(|l| l.ui.tag() == ui.tag())
            .unwrap_or(&self.languages[0])
    }

    /// The variables every template sees, in the language of `ui`.
    pub(super) fn globals(&self, cx: &super::Context<'_>, ui: &Strings) -> &Context {
        let language = self.language(ui);
        language
            .globals
            .get_or_init(|| globals(cx.site, cx.theme, cx.plan, &language.ui))
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

    /// Call `index`'s content as templates see it, in the language of `ui`.
    pub(super) fn call(&self, site: &Site, index: usize, ui: &Strings) -> Value {
        let language = self.language(ui);
        let all = language.calls.get_or_init(|| {
            site.calls
                .iter()
                .map(|c| Value::from_serializable(&CallView::new(c, site, &language.ui)))
                .collect()
        });
        all.get(index).cloned().unwrap_or(Value::none())
    }

    /// How to apply to call `index`, in the language of `ui`.
    pub(super) fn application(&self, site: &Site, index: usize, ui: &Strings) -> Value {
        let language = self.language(ui);
        let all = language.applications.get_or_init(|| {
            site.calls
                .iter()
                .map(|c| Value::from_serializable(&ApplicationView::new(c, site, &language.ui)))
                .collect()
        });
        all.get(index).cloned().unwrap_or(Value::none())
    }

    /// The contacts of call `index`: its own, else `data/contacts.yaml`'s.
    pub(super) fn call_contacts(&self, site: &Site, index: usize) -> Value {
        let all = self.call_contacts.get_or_init(|| {
            site.calls
                .iter()
                .map(|c| {
                    ContactsView::of_call(c, site)
                        .map_or(Value::none(), |v| Value::from_serializable(&v))
                })
                .collect()
        });
        all.get(index).cloned().unwrap_or(Value::none())
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

    /// The current round of roster `roster`, for its page and the home page, in the
    /// language of `ui`.
    pub(super) fn current_round(
        &self,
        site: &Site,
        roster: usize,
        orders: &[Order],
        ui: &Strings,
    ) -> Value {
        let language = self.language(ui);
        let all = language.current_rounds.get_or_init(|| {
            (0..site.data.rosters.len())
                .map(|i| {
                    RosterCx::new(site, i)
                        .and_then(|r| r.roster.current().map(|round| (r, round)))
                        .map_or(Value::none(), |(r, round)| {
                            let view = round_view(r, round, &orders[r.index], &language.ui);
                            Value::from_serializable(&view)
                        })
                })
                .collect()
        });
        all.get(roster).cloned().unwrap_or(Value::none())
    }

    /// Links to every round of roster `roster`.
    pub(super) fn rounds(&self, site: &Site, roster: usize) -> Value {
        let all = self.rounds.get_or_init(|| {
            (0..site.data.rosters.len())
                .filter_map(|i| RosterCx::new(site, i))
                .map(|r| Value::from_serializable(&round_links(r)))
                .collect()
        });
        all.get(roster).cloned().unwrap_or(Value::none())
    }
}
