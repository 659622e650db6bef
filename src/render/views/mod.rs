//! What templates see: small serialisable views built from the site model. Field names are
//! the template API documented in `docs/templates.md`; optional fields serialise as `null`
//! so templates can test them (Tera 2 errors on undefined variables).

mod calls;
mod contacts;

use serde::Serialize;

pub(crate) use calls::status_key;
pub use calls::{ApplicationView, CallSummary, CallView, DeadlineView, NumberedItem};
pub use contacts::ContactsView;

use crate::content::official::{self, DocNumber};
use crate::lang::Strings;
use crate::routes::Route;
use crate::site::{Entry, Site};
use crate::time::{rfc3339, short_datetime};

/// A notice in a list.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeItem<'a> {
    title: &'a str,
    url: String,
    date: Option<String>,
    datetime: Option<String>,
    iso: Option<String>,
    category: Option<&'a str>,
    description: Option<&'a str>,
    expired: bool,
    deadline: Option<DeadlineView>,
    ics_url: Option<String>,
    call: Option<&'a str>,
}

impl<'a> NoticeItem<'a> {
    /// The list item for `entry`, in the language of `ui` (the page's).
    pub fn new(entry: &'a Entry, site: &Site, ui: &Strings) -> Self {
        let front = &entry.doc.front;
        NoticeItem {
            title: &front.title,
            url: url(site, entry.route.url_path()),
            date: entry.date.as_ref().map(|d| ui.date(d)),
            datetime: entry.date.as_ref().map(short_datetime),
            iso: entry.date.as_ref().map(rfc3339),
            category: front.category.as_deref(),
            description: front.description.as_deref(),
            expired: entry.expired,
            deadline: entry
                .deadline
                .as_ref()
                .map(|d| DeadlineView::new(d, &site.now, ui)),
            // A translation shares its original's calendar file.
            ics_url: entry.deadline.as_ref().map(|_| {
                let route = entry.translates.as_ref().unwrap_or(&entry.route);
                url(site, Route::calendar(route).url_path())
            }),
            call: front.call.as_ref().map(|k| k.as_str()),
        }
    }
}

/// A notice or page with its rendered body.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView<'a> {
    #[serde(flatten)]
    item: NoticeItem<'a>,
    updated: Option<String>,
    updated_iso: Option<String>,
    source: Option<&'a str>,
    issuer: Option<&'a str>,
    doc_number: Option<String>,
    addressee: Option<&'a str>,
    issuer_mark: Option<&'a str>,
    signatory: Option<&'a str>,
    written: Option<String>,
    note: Option<String>,
    cc: Option<String>,
    printed_by: Option<&'a str>,
    printed: Option<String>,
    addressee_in_body: bool,
    tags: &'a [String],
    attachments: Vec<AttachmentView<'a>>,
    credits: Vec<CreditView<'a>>,
    body: String,
    toc: Vec<crate::content::markdown::TocEntry>,
    lang: &'a str,
    versions: Vec<VersionView<'a>>,
}

/// One language version of a document, for the language switch and `hreflang` links.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView<'a> {
    lang: &'a str,
    name: &'a str,
    url: String,
    permalink: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct AttachmentView<'a> {
    url: String,
    label: &'a str,
    name: &'a str,
    ext: String,
}

#[derive(Debug, Clone, Serialize)]
struct CreditView<'a> {
    role: &'a str,
    name: &'a str,
}

impl<'a> NoticeView<'a> {
    /// Every language version of the document (empty without translations).
    pub fn versions(&self) -> &[VersionView<'a>] {
        &self.versions
    }

    /// The full view of `entry` with its rendered body (from `markdown`, its Markdown), in
    /// its own language.
    pub fn new(
        entry: &'a Entry,
        site: &Site,
        body: crate::content::markdown::Rendered,
        markdown: &str,
    ) -> Self {
        let front = &entry.doc.front;
        let ui = &entry.language.ui;
        let tz = &site.config.timezone;
        let item = NoticeItem::new(entry, site, ui);
        NoticeView {
            written: front
                .written
                .map(|d| ui.date(&d.resolve(tz)))
                .or(item.date.clone()),
            item,
            updated: entry.updated.as_ref().map(|d| ui.date(d)),
            updated_iso: entry.updated.as_ref().map(rfc3339),
            source: front.source.as_deref(),
            issuer: front.issuer.as_deref(),
            doc_number: front.doc_number.as_deref().map(|n| DocNumber::new(n).text),
            addressee: front.addressee.as_deref(),
            issuer_mark: front.issuer_mark.as_deref(),
            signatory: front.signatory.as_deref().or(front.issuer.as_deref()),
            note: front
                .note
                .as_deref()
                .map(|note| ui.fill("list.parenthesis", &[("text", &official::note(note))])),
            cc: front.cc.as_ref().and_then(|names| {
                official::cc_line(names, ui.text("list.comma"), ui.text("list.sentence_end"))
            }),
            printed_by: front.printed_by.as_deref(),
            printed: front.printed.map(|d| ui.date(&d.resolve(tz))),
            addressee_in_body: front
                .addressee
                .as_deref()
                .is_some_and(|a| official::body_opens_with_addressee(markdown, a)),
            tags: &front.tags,
            attachments: front
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    url: url(site, &a.file),
                    label: &a.label,
                    name: official::attachment_name(&a.label),
                    ext: a
                        .file
                        .rsplit_once('.')
                        .map_or(String::new(), |(_, e)| e.to_ascii_uppercase()),
                })
                .collect(),
            credits: front
                .credits
                .iter()
                .map(|c| CreditView {
                    role: &c.role,
                    name: &c.name,
                })
                .collect(),
            body: body.html,
            toc: body.toc,
            lang: &entry.language.tag,
            versions: entry
                .versions
                .iter()
                .map(|v| VersionView {
                    lang: &v.lang,
                    name: &v.name,
                    url: url(site, v.route.url_path()),
                    permalink: permalink(site, v.route.url_path()),
                    current: v.route == entry.route,
                })
                .collect(),
        }
    }
}

/// The URL path of `path` (relative to the site root) including the base path.
pub fn url(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.base_path(), path)
}

/// The absolute URL of `path` (relative to the site root), percent-encoded: slugs may be
/// Chinese, and feeds, sitemaps, calendars and `<link rel="canonical">` want plain URIs.
pub fn permalink(site: &Site, path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    /// Everything but unreserved characters, sub-delimiters, `:`, `@` and `/` (RFC 3986).
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b'\\')
        .add(b']')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    format!(
        "{}{}",
        site.config.base_url,
        utf8_percent_encode(path, PATH)
    )
}
