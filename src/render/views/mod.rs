//! What templates see: small serialisable views built from the site model. Field names are
//! the template API documented in `docs/templates.md`; optional fields serialise as `null`
//! so templates can test them (Tera 2 errors on undefined variables).

mod calls;
mod contacts;

use serde::Serialize;

pub use calls::{ApplicationView, CallSummary, CallView, DeadlineView, NumberedItem};
pub use contacts::ContactsView;

use crate::content::official::{self, DocNumber};
use crate::routes::Route;
use crate::site::{Entry, Site};
use crate::time::{chinese_date, rfc3339, short_datetime};

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
    /// The list item for `entry`.
    pub fn new(entry: &'a Entry, site: &Site) -> Self {
        let front = &entry.doc.front;
        NoticeItem {
            title: &front.title,
            url: url(site, entry.route.url_path()),
            date: entry.date.as_ref().map(chinese_date),
            datetime: entry.date.as_ref().map(short_datetime),
            iso: entry.date.as_ref().map(rfc3339),
            category: front.category.as_deref(),
            description: front.description.as_deref(),
            expired: entry.expired,
            deadline: entry
                .deadline
                .as_ref()
                .map(|d| DeadlineView::new(d, &site.now)),
            ics_url: entry
                .deadline
                .as_ref()
                .map(|_| url(site, Route::calendar(&entry.route).url_path())),
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
    /// The full view of `entry` with its rendered body.
    pub fn new(entry: &'a Entry, site: &Site, body: crate::content::markdown::Rendered) -> Self {
        let front = &entry.doc.front;
        let item = NoticeItem::new(entry, site);
        NoticeView {
            written: front.written.map(|d| d.chinese()).or(item.date.clone()),
            item,
            updated: entry.updated.as_ref().map(chinese_date),
            updated_iso: entry.updated.as_ref().map(rfc3339),
            source: front.source.as_deref(),
            issuer: front.issuer.as_deref(),
            doc_number: front.doc_number.as_deref().map(|n| DocNumber::new(n).text),
            addressee: front.addressee.as_deref(),
            issuer_mark: front.issuer_mark.as_deref(),
            signatory: front.signatory.as_deref().or(front.issuer.as_deref()),
            note: front.note.as_deref().map(official::note),
            cc: front.cc.as_ref().and_then(official::cc_line),
            printed_by: front.printed_by.as_deref(),
            printed: front.printed.map(|d| d.chinese()),
            addressee_in_body: front.addressee.as_deref().is_some_and(|a| {
                official::body_opens_with_addressee(&entry.doc.text[entry.doc.body_offset..], a)
            }),
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

/// 1 → 一, 12 → 十二, 23 → 二十三 (for 99 and below; larger numbers stay Arabic).
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(6), "六");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(30), "三十");
        assert_eq!(chinese_number(47), "四十七");
    }
}
