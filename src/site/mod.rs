//! The validated, immutable site model: what will be published, at which URL, and when.
//!
//! [`Site::build`] takes the loaded settings, content and data and decides, relative to one
//! fixed "now": which notices are published (drafts, `publish_at`), which are expired, each
//! page's route, the deadline status of each call, and the roster's standings. Which
//! outputs the model makes, and that no two share a path, is the plan's ([`crate::plan`]).

mod standings;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::{SignedDuration, Zoned};
use rayon::prelude::*;

pub use standings::Standings;

use crate::config::Config;
use crate::content::slug::Slug;
use crate::content::{Content, DocKind, Document};
use crate::data::Data;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::routes::Route;
use crate::time::DayBoundary;

/// Options that change what is published.
#[derive(Debug, Clone)]
pub struct Publishing {
    /// The instant against which drafts, schedules and deadlines are judged.
    pub now: Zoned,
    /// Include `draft: true` documents.
    pub drafts: bool,
}

/// How close a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// More than seven days left.
    Open,
    /// Seven days or less left.
    Closing,
    /// Past.
    Closed,
}

impl DeadlineStatus {
    /// The days before a deadline from which it counts as closing soon.
    pub const CLOSING_DAYS: i64 = 7;

    /// The status of `deadline` at `now`.
    pub fn at(deadline: &Zoned, now: &Zoned) -> Self {
        if now > deadline {
            DeadlineStatus::Closed
        } else if deadline.duration_since(now)
            <= SignedDuration::from_hours(24 * Self::CLOSING_DAYS)
        {
            DeadlineStatus::Closing
        } else {
            DeadlineStatus::Open
        }
    }
}

/// A deadline: when it falls, and whether the editor gave a time of day. A date alone
/// means the end of that day (23:59:59), and is shown without a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The instant.
    pub at: Zoned,
    /// Whether a time of day was given (`2026-12-05 17:00`).
    pub timed: bool,
}

impl Deadline {
    /// The deadline `spec` names in `tz`.
    pub fn resolve(spec: &crate::time::DateSpec, tz: &jiff::tz::TimeZone) -> Self {
        Deadline {
            at: spec.resolve(tz, DayBoundary::End),
            timed: spec.has_time(),
        }
    }

    /// Its status at `now`.
    pub fn status(&self, now: &Zoned) -> DeadlineStatus {
        DeadlineStatus::at(&self.at, now)
    }

    /// As readers see it: `2025年8月31日`, or `2026年12月5日 17:00` with a time.
    pub fn display(&self) -> String {
        let date = crate::time::chinese_date(&self.at);
        if self.timed {
            format!("{date} {}", self.at.strftime("%H:%M"))
        } else {
            date
        }
    }
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
            .map(|d| (d.at.timestamp(), d.timed))
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
    /// Each roster unit's tier in every round, computed once from the data.
    pub standings: Arc<Standings>,
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
        content: &Content,
        data: &Arc<Data>,
        publishing: &Publishing,
        prior: Option<&Site>,
    ) -> Result<(Site, Vec<Diagnostic>), Diagnostics> {
        let tz = config.timezone.clone();
        let now = publishing.now.with_time_zone(tz.clone());
        let mut errors = Vec::new();
        let mut warnings = config.warnings.clone();
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
            crate::config::RosterOrder::Manual => {}
        }
        let mut notices = Vec::new();
        let mut pages = Vec::new();
        let mut scheduled = Vec::new();
        let (mut home_intro, mut notices_intro) = (None, None);

        // Each document is decided on its own (in parallel); an unchanged document (the same
        // shared value) keeps what a prior model decided for it.
        let reusable: HashMap<usize, &Entry> = prior
            .map(|p| {
                p.notices
                    .iter()
                    .chain(&p.pages)
                    .map(|e| (Arc::as_ptr(&e.doc) as usize, e))
                    .collect()
            })
            .unwrap_or_default();
        let context = Derive {
            tz: &tz,
            now: &now,
            drafts: publishing.drafts,
            files: &content.files,
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
        if !errors.is_empty() {
            return Err(errors.into());
        }
        notices.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.route.path().cmp(b.route.path()))
        });
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
            // Standings depend on the data alone: an unchanged data value keeps them.
            standings: match prior {
                Some(p) if Arc::ptr_eq(&p.data, data) => Arc::clone(&p.standings),
                _ => Arc::new(Standings::new(data.ratings.as_ref())),
            },
            content_files: content.files.clone(),
            scheduled,
            links,
        };
        Ok((site, warnings))
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

    /// Notices whose deadline has not passed, newest first.
    pub fn open_calls(&self) -> impl Iterator<Item = &Entry> {
        self.notices.iter().filter(|n| {
            n.deadline
                .as_ref()
                .is_some_and(|d| d.status(&self.now) != DeadlineStatus::Closed)
        })
    }

    /// The newest notice with a deadline: the call the application pages describe.
    pub fn current_call(&self) -> Option<&Entry> {
        self.notices.iter().find(|n| n.deadline.is_some())
    }
}

/// What one document turns out to be.
enum Derived {
    /// A draft left out.
    Skip,
    /// Held back by `publish_at`.
    Scheduled(Scheduled),
    /// Published, with an optional warning (boxed: entries are large, and most
    /// documents have no warning).
    Entry(Box<Entry>, Option<Box<Diagnostic>>),
}

/// What deciding one document depends on besides the document.
struct Derive<'a> {
    tz: &'a jiff::tz::TimeZone,
    now: &'a Zoned,
    drafts: bool,
    files: &'a [String],
}

impl Derive<'_> {
    /// Decides whether and where `doc` is published; its route is claimed later, in order.
    fn derive(&self, doc: &Arc<Document>) -> Result<Derived, Vec<Diagnostic>> {
        let (tz, front) = (self.tz, &doc.front);
        if front.draft && !self.drafts {
            return Ok(Derived::Skip);
        }
        if let Some(publish_at) = &front.publish_at {
            let at = publish_at.resolve(tz, DayBoundary::Start);
            if at > *self.now {
                return Ok(Derived::Scheduled(Scheduled {
                    file: doc.display.clone(),
                    publish_at: at,
                }));
            }
        }
        let date = front.date.map(|d| d.resolve(tz, DayBoundary::Start));
        if doc.kind == DocKind::Notice && date.is_none() {
            return Err(vec![
                Diagnostic::error(&doc.display, "a notice needs a publication `date`")
                    .at(Location::new(&doc.text, 1, 1, 3))
                    .hint("add `date: 2025-01-22 10:51` to the front matter"),
            ]);
        }
        let deadline = front.deadline.map(|d| Deadline::resolve(&d, tz));
        let warning = match (&deadline, &date) {
            (Some(deadline), Some(date)) if deadline.at < *date => Some(
                Diagnostic::warning(&doc.display, "the deadline is before the publication date")
                    .at_opt(doc.locate("deadline"))
                    .hint("check the year of `deadline` and `date`"),
            ),
            _ => None,
        };
        let mut errors = Vec::new();
        for (i, attachment) in front.attachments.iter().enumerate() {
            if !self.files.contains(&attachment.file) {
                errors.push(
                    Diagnostic::error(
                        &doc.display,
                        format!(
                            "attachment `{}` does not exist under content/",
                            attachment.file
                        ),
                    )
                    .at_opt(doc.locate(&format!("attachments.{i}.file")))
                    .hint("attachment paths are relative to content/, e.g. `files/申报表.docx`"),
                );
            }
        }
        let route = match doc.kind {
            DocKind::HomeIntro => Route::home(),
            DocKind::NoticesIntro => Route::notices(),
            DocKind::Notice | DocKind::Page => match slug_of(doc) {
                Ok(slug) if doc.kind == DocKind::Notice => Route::notice(&slug),
                Ok(slug) => Route::page(&doc.path, &slug),
                Err(e) => {
                    errors.push(e);
                    return Err(errors);
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let expired = front
            .expire_at
            .is_some_and(|e| e.resolve(tz, DayBoundary::Start) <= *self.now);
        let updated = front.updated.map(|d| d.resolve(tz, DayBoundary::Start));
        let mut entry = Entry {
            doc: Arc::clone(doc),
            route,
            date,
            updated,
            deadline,
            expired,
            list_hash: 0,
        };
        entry.list_hash = entry.hash_list_facts();
        Ok(Derived::Entry(Box::new(entry), warning.map(Box::new)))
    }
}

fn slug_of(doc: &Document) -> Result<Slug, Diagnostic> {
    match &doc.front.slug {
        Some(slug) => Ok(slug.clone()),
        None => Slug::try_from(doc.stem().to_string()).map_err(|message| {
            Diagnostic::error(
                &doc.display,
                format!("the file name cannot be used as a URL: {message}"),
            )
            .hint("rename the file or set `slug:` in the front matter")
        }),
    }
}
