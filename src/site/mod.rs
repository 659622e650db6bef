//! The validated, immutable site model: what will be published, at which URL, and when.
//!
//! [`Site::build`] takes the loaded settings, content and data and decides, relative to one
//! fixed "now": which notices are published (drafts, `publish_at`), which are expired, each
//! page's route, the deadline status of each call, and the roster's standings. Which
//! outputs the model makes, and that no two share a path, is the plan's ([`crate::plan`]).

mod calls;
mod deadline;
mod derive;
mod languages;
mod standings;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Zoned;
use rayon::prelude::*;

pub use calls::CallState;
pub use deadline::{Deadline, DeadlineStatus};
pub use languages::{Language, Version};
pub use standings::Standings;

use crate::config::Config;
use crate::content::{Content, DocKind, Document};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Interface;
use crate::routes::Route;
use derive::{Derive, Derived};

/// Options that change what is published.
#[derive(Debug, Clone)]
pub struct Publishing {
    /// The instant against which drafts, schedules and deadlines are judged.
    pub now: Zoned,
    /// Include `draft: true` documents.
    pub drafts: bool,
}

/// A published Markdown document with everything decided about it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The source.
    pub doc: Arc<Document>,
    /// Where it is written.
    pub route: Route,
    /// Publication time (notices always have one).
    pub date: Option<Zoned>,
    /// Last update.
    pub updated: Option<Zoned>,
    /// Application deadline.
    pub deadline: Option<Deadline>,
    /// Past its `expire_at`: shown in the archive marked 已过期.
    pub expired: bool,
    /// Its language.
    pub language: Language,
    /// For a translation, the route of the document it translates.
    pub translates: Option<Route>,
    /// Every language version of the document, the original first (empty when it has
    /// no translation).
    pub versions: Vec<Version>,
    /// A hash of what lists show of this entry (title, summary, category, URL, dates,
    /// expiry), computed once so incremental rebuilds compare lists cheaply.
    pub list_hash: u64,
}

impl Entry {
    fn hash_list_facts(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = ahash::AHasher::default();
        let front = &self.doc.front;
        (&front.title, &front.description, &front.category).hash(&mut h);
        self.route.url_path().hash(&mut h);
        self.date.as_ref().map(|d| d.timestamp()).hash(&mut h);
        self.deadline
            .as_ref()
            .map(|d| {
                (
                    d.at.timestamp(),
                    d.timed,
                    d.opens.as_ref().map(|o| o.timestamp()),
                )
            })
            .hash(&mut h);
        self.expired.hash(&mut h);
        h.finish()
    }
}

/// A document held back until its `publish_at`.
#[derive(Debug, Clone)]
pub struct Scheduled {
    /// The source file.
    pub file: std::path::PathBuf,
    /// When it will be published.
    pub publish_at: Zoned,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's root directory.
    pub root: PathBuf,
    /// Settings.
    pub config: Config,
    /// The build's fixed "now".
    pub now: Zoned,
    /// Published notices, newest first.
    pub notices: Vec<Entry>,
    /// Standalone pages, by path.
    pub pages: Vec<Entry>,
    /// Introduction of the home page.
    pub home_intro: Option<Entry>,
    /// Introduction of the notice list.
    pub notices_intro: Option<Entry>,
    /// Structured data.
    pub data: Arc<Data>,
    /// Interface text of every language.
    pub interface: Arc<Interface>,
    /// The site's logo (`logo` in `data/site.yaml`), read.
    pub logo: Option<crate::images::LogoSource>,
    /// Each roster's units' tiers in every round (in the order of `data.rosters`),
    /// computed once from the data.
    pub standings: Arc<Vec<Standings>>,
    /// The calls for applications (in the order of `data.calls`).
    pub calls: Vec<CallState>,
    /// Non-Markdown files under `content/` (relative, sorted), copied as they are.
    pub content_files: Vec<String>,
    /// Documents held back by `publish_at`.
    pub scheduled: Vec<Scheduled>,
    /// Markdown path (relative to `content/`) to URL path, for resolving links.
    links: HashMap<String, String>,
}

impl Site {
    /// Decides what is published and where. Errors are collected, warnings returned.
    ///
    /// `prior`, a model built with the same settings, "now" and content files, lets
    /// unchanged documents keep their entries (incremental rebuilds).
    pub fn build(
        root: &Path,
        config: &Config,
        interface: &Arc<Interface>,
        content: &Content,
        data: &Arc<Data>,
        publishing: &Publishing,
        prior: Option<&Site>,
    ) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
        let tz = config.timezone.clone();
        let now = publishing.now.with_time_zone(tz.clone());
        let mut errors = Vec::new();
        let mut warnings = config.warnings.clone();
        warnings.extend(interface.warnings().iter().cloned());
        warnings.extend(data.warnings.iter().cloned());
        warnings.extend(
            content
                .documents
                .iter()
                .flat_map(|d| d.warnings.iter().cloned()),
        );
        // Readings only decide pinyin order; stroke sequences only stroke order.
        match config.roster_order {
            crate::config::RosterOrder::Pinyin => {
                warnings.extend(data.units.reading_warnings().iter().cloned());
            }
            crate::config::RosterOrder::Stroke => {
                warnings.extend(data.units.stroke_warnings().iter().cloned());
            }
            crate::config::RosterOrder::Alphabetical | crate::config::RosterOrder::Manual => {}
        }
        let mut notices = Vec::new();
        let mut pages = Vec::new();
        let mut scheduled = Vec::new();
        let (mut home_intro, mut notices_intro) = (None, None);

        // Each document is decided on its own (in parallel); an unchanged document (the same
        // shared value) keeps what a prior model decided for it, unless it announces a call
        // and the data (where the call's deadline is) changed.
        let same_data = prior.is_some_and(|p| Arc::ptr_eq(&p.data, data));
        let reusable: HashMap<usize, &Entry> = prior
            .map(|p| {
                p.notices
                    .iter()
                    .chain(&p.pages)
                    .filter(|e| same_data || e.doc.front.call.is_none())
                    .map(|e| (Arc::as_ptr(&e.doc) as usize, e))
                    .collect()
            })
            .unwrap_or_default();
        let language = Language {
            tag: config.language.clone(),
            ui: Arc::clone(interface.site()),
        };
        let context = Derive {
            language: &language,
            tz: &tz,
            now: &now,
            drafts: publishing.drafts,
            files: &content.files,
            calls: &data.calls,
        };
        let derived: Vec<Result<Derived, Vec<Diagnostic>>> = content
            .documents
            .par_iter()
            .map(|doc| match reusable.get(&(Arc::as_ptr(doc) as usize)) {
                Some(entry) => Ok(Derived::Entry(Box::new((*entry).clone()), None)),
                None => context.derive(doc),
            })
            .collect();
        for result in derived {
            let (entry, warning) = match result {
                Err(e) => {
                    errors.extend(e);
                    continue;
                }
                Ok(Derived::Skip) => continue,
                Ok(Derived::Scheduled(s)) => {
                    scheduled.push(s);
                    continue;
                }
                Ok(Derived::Entry(entry, warning)) => (*entry, warning.map(|w| *w)),
            };
            warnings.extend(warning);
            match entry.doc.kind {
                DocKind::Notice => notices.push(entry),
                DocKind::Page => pages.push(entry),
                DocKind::HomeIntro => home_intro = Some(entry),
                DocKind::NoticesIntro => notices_intro = Some(entry),
            }
        }
        errors.extend(languages::link(
            &mut notices,
            &mut pages,
            interface,
            &config.language,
        ));
        notices.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.route.path().cmp(b.route.path()))
        });
        let calls = calls::resolve(data, content, &notices, &tz, &mut errors);
        // Read each time (one file): serve sees a replaced logo file at once.
        let logo = match &config.logo {
            Some(file) => {
                let at = config.locate("logo");
                let path = root.join("data").join(file);
                match crate::images::probe(
                    &path,
                    ("the site logo", crate::config::SITE_FILE),
                    at.clone(),
                ) {
                    Ok(source) => Some(source),
                    Err(message) => {
                        errors.push(
                            Diagnostic::error(crate::config::SITE_FILE, format!("the site logo: {message}"))
                                .at_opt(at)
                                .hint("put a PNG, JPEG or WebP image under data/ and give its path from there, e.g. `logos/site.png`"),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let links = notices
            .iter()
            .chain(&pages)
            .map(|e| (e.doc.path.clone(), e.route.url_path().to_string()))
            .collect();
        let site = Site {
            root: root.to_path_buf(),
            config: config.clone(),
            now,
            notices,
            pages,
            home_intro,
            notices_intro,
            data: Arc::clone(data),
            interface: Arc::clone(interface),
            logo,
            // Standings depend on the data alone: an unchanged data value keeps them.
            standings: match prior {
                Some(p) if same_data => Arc::clone(&p.standings),
                _ => Arc::new(data.rosters.iter().map(Standings::new).collect()),
            },
            calls,
            content_files: content.files.clone(),
            scheduled,
            links,
        };
        Ok((site, warnings))
    }

    /// This model with new versions of some documents that differ from the ones it holds
    /// in their bodies only ([`Document::differs_in_body_only`]): what [`Site::build`]
    /// would decide, without deciding every entry again (an edit of a notice's text while
    /// serving). A version of a document the site does not publish changes nothing.
    pub fn with_bodies(&self, bodies: &[Arc<Document>]) -> Site {
        let mut site = self.clone();
        for doc in bodies {
            let entry = site
                .notices
                .iter_mut()
                .chain(&mut site.pages)
                .chain(&mut site.home_intro)
                .chain(&mut site.notices_intro)
                .find(|e| e.doc.path == doc.path);
            if let Some(entry) = entry {
                debug_assert!(entry.doc.differs_in_body_only(doc));
                entry.doc = Arc::clone(doc);
            }
        }
        site
    }

    /// The URL path (without base path) of the Markdown file at `content_path`.
    pub fn url_of_document(&self, content_path: &str) -> Option<&str> {
        self.links.get(content_path).map(String::as_str)
    }

    /// Whether `content_path` is a copied content file.
    pub fn has_file(&self, content_path: &str) -> bool {
        self.content_files
            .binary_search_by(|f| f.as_str().cmp(content_path))
            .is_ok()
    }

    /// The calls readers see that are not closed (upcoming ones included), the soonest
    /// deadline first.
    pub fn open_calls(&self) -> Vec<&CallState> {
        let mut open: Vec<&CallState> = self
            .calls
            .iter()
            .filter(|c| c.visible && c.status(self) != DeadlineStatus::Closed)
            .collect();
        open.sort_by(|a, b| {
            a.deadline
                .at
                .cmp(&b.deadline.at)
                .then(a.index.cmp(&b.index))
        });
        open
    }

    /// The calls readers see, in data order.
    pub fn visible_calls(&self) -> impl Iterator<Item = &CallState> {
        self.calls.iter().filter(|c| c.visible)
    }

    /// The call that notice `entry` announces.
    pub fn call_of(&self, entry: &Entry) -> Option<&CallState> {
        let key = entry.doc.front.call.as_ref()?;
        self.calls.iter().find(|c| &c.call(self).id == key)
    }

    /// The key that roster `index` adds to its URLs: `None` when the site has one roster
    /// (`/roster/`), its key when it has several (`/roster/<key>/`).
    pub fn roster_key(&self, index: usize) -> Option<&crate::data::Key> {
        let rosters = &self.data.rosters;
        (rosters.len() > 1)
            .then(|| rosters.at(index).map(|r| &r.id))
            .flatten()
    }

    /// The key that call `index` adds to its URLs: `None` when the site has one call
    /// (`/apply/`), its key when it has several (`/apply/<key>/`).
    pub fn call_key(&self, index: usize) -> Option<&crate::data::Key> {
        let calls = &self.data.calls;
        (calls.len() > 1)
            .then(|| calls.at(index).map(|c| &c.id))
            .flatten()
    }

    /// The standings of roster `index` (in `data.rosters`).
    pub fn standings_of(&self, roster: usize) -> &Standings {
        &self.standings[roster]
    }
}
