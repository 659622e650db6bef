//! Deciding one document: whether it is published (drafts, `publish_at`), where, and with
//! which dates and deadline (its own, or that of the call it announces).

use std::sync::Arc;

use jiff::Zoned;

use super::{Deadline, Entry, Scheduled};
use crate::content::slug::Slug;
use crate::content::{DocKind, Document};
use crate::data::{Calls, Key};
use crate::diagnostics::{Diagnostic, Location};
use crate::routes::Route;
use crate::time::DayBoundary;

/// What one document turns out to be.
pub(super) enum Derived {
    /// A draft left out.
    Skip,
    /// Held back by `publish_at`.
    Scheduled(Scheduled),
    /// Published, with an optional warning (boxed: entries are large, and most
    /// documents have no warning).
    Entry(Box<Entry>, Option<Box<Diagnostic>>),
}

/// What deciding one document depends on besides the document.
pub(super) struct Derive<'a> {
    /// The site's language, every document's until [`super::languages::link`] decides.
    pub(super) language: &'a super::Language,
    pub(super) tz: &'a jiff::tz::TimeZone,
    pub(super) now: &'a Zoned,
    pub(super) drafts: bool,
    pub(super) files: &'a [String],
    pub(super) calls: &'a Calls,
}

impl Derive<'_> {
    /// Decides whether and where `doc` is published; its route is claimed later, in order.
    pub(super) fn derive(&self, doc: &Arc<Document>) -> Result<Derived, Vec<Diagnostic>> {
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
                    .at(Location::new(&doc.head, 1, 1, 3))
                    .hint("add `date: 2025-01-22 10:51` to the front matter"),
            ]);
        }
        let deadline = match &front.call {
            Some(key) => Some(self.call_deadline(doc, key)?),
            None => front.deadline.map(|d| Deadline::resolve(&d, tz)),
        };
        let warning = match (&deadline, &date) {
            (Some(deadline), Some(date)) if deadline.at < *date => Some(
                Diagnostic::warning(&doc.display, "the deadline is before the publication date")
                    .at_opt(doc.locate(if front.call.is_some() {
                        "call"
                    } else {
                        "deadline"
                    }))
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
            language: self.language.clone(),
            translates: None,
            versions: Vec::new(),
            list_hash: 0,
        };
        entry.list_hash = entry.hash_list_facts();
        Ok(Derived::Entry(Box::new(entry), warning.map(Box::new)))
    }
}

impl Derive<'_> {
    /// The deadline of the call `key` that `doc` announces (`call:` in its front matter).
    fn call_deadline(&self, doc: &Document, key: &Key) -> Result<Deadline, Vec<Diagnostic>> {
        let Some(call) = self.calls.get(key) else {
            let at = doc.locate("call");
            let file = doc.display.to_string_lossy();
            return Err(vec![self.calls.unknown(key, "call", &file, at)]);
        };
        if doc.front.deadline.is_some() {
            return Err(vec![
                Diagnostic::error(
                    &doc.display,
                    "a notice that announces a call takes the call's deadline",
                )
                .at_opt(doc.locate("deadline"))
                .hint(format!(
                    "remove `deadline:` here; the deadline is set in {}",
                    call.file
                )),
            ]);
        }
        Ok(Deadline::resolve(&call.deadline, self.tz).opening(call.opens.as_ref(), self.tz))
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
