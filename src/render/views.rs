//! What templates see: small serialisable views built from the site model. Field names are
//! the template API documented in `docs/templates.md`; optional fields serialise as `null`
//! so templates can test them (Tera 2 errors on undefined variables).

use jiff::Zoned;
use serde::Serialize;

use crate::data::{Call, Contacts, UnitKind};
use crate::routes::Route;
use crate::site::{Deadline, DeadlineStatus, Entry, Site};
use crate::time::{chinese_date, rfc3339, short_datetime};

/// A deadline with its status at the build's "now".
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    date: String,
    iso: String,
    status: &'static str,
    status_label: &'static str,
    days_left: i64,
}

impl DeadlineView {
    /// The view of `deadline` at `now`.
    pub fn new(deadline: &Deadline, now: &Zoned) -> Self {
        let status = deadline.status(now);
        let (status, status_label) = match status {
            DeadlineStatus::Open => ("open", "正在申报"),
            DeadlineStatus::Closing => ("closing", "即将截止"),
            DeadlineStatus::Closed => ("closed", "已截止"),
        };
        let seconds = deadline.at.timestamp().as_second() - now.timestamp().as_second();
        DeadlineView {
            date: deadline.display(),
            iso: rfc3339(&deadline.at),
            status,
            status_label,
            days_left: if seconds <= 0 {
                0
            } else {
                (seconds + 86_399) / 86_400
            },
        }
    }
}

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
    doc_number: Option<&'a str>,
    addressee: Option<&'a str>,
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
        NoticeView {
            item: NoticeItem::new(entry, site),
            updated: entry.updated.as_ref().map(chinese_date),
            updated_iso: entry.updated.as_ref().map(rfc3339),
            source: front.source.as_deref(),
            issuer: front.issuer.as_deref(),
            doc_number: front.doc_number.as_deref(),
            addressee: front.addressee.as_deref(),
            tags: &front.tags,
            attachments: front
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    url: url(site, &a.file),
                    label: &a.label,
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

/// A numbered paragraph: a condition or a step.
#[derive(Debug, Clone, Serialize)]
pub struct NumberedItem<'a> {
    number: String,
    title: &'a str,
    text: &'a str,
}

fn numbered(items: &[crate::data::TextItem]) -> Vec<NumberedItem<'_>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| NumberedItem {
            number: format!("（{}）", chinese_number(i + 1)),
            title: &item.title,
            text: &item.text,
        })
        .collect()
}

/// The call's content for the guide and the shortcodes.
#[derive(Debug, Clone, Serialize)]
pub struct CallView<'a> {
    principles: Option<&'a str>,
    intro: Option<&'a str>,
    conditions: Vec<NumberedItem<'a>>,
    kinds: Vec<KindView<'a>>,
    rights: &'a str,
    apply_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct KindView<'a> {
    id: &'static str,
    name: &'static str,
    duties: &'a str,
}

impl<'a> CallView<'a> {
    /// The view of the call.
    pub fn new(call: &'a Call, site: &Site) -> Self {
        CallView {
            principles: call.principles.as_deref(),
            intro: call.intro.as_deref(),
            conditions: numbered(&call.conditions),
            kinds: UnitKind::ALL
                .iter()
                .map(|kind| KindView {
                    id: kind.key(),
                    name: kind.name(),
                    duties: match kind {
                        UnitKind::TechnicalSupport => &call.duties.technical_support,
                        UnitKind::GovernanceCooperation => &call.duties.governance_cooperation,
                    },
                })
                .collect(),
            rights: &call.rights,
            apply_url: url(site, Route::apply().url_path()),
        }
    }
}

/// How to apply: where, by when, and the steps.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView<'a> {
    url: &'a str,
    directions: Vec<&'static str>,
    postal: PostalView<'a>,
    note: Option<&'a str>,
    deadline: Option<DeadlineView>,
    notice: Option<NoticeItem<'a>>,
    steps: Vec<NumberedItem<'a>>,
}

#[derive(Debug, Clone, Serialize)]
struct PostalView<'a> {
    recipient: Option<&'a str>,
    address: &'a str,
    postcode: Option<&'a str>,
}

impl<'a> ApplicationView<'a> {
    /// The application facts; the deadline is that of `call_notice` (the current call, or
    /// the notice a shortcode is in). `None` without `data/contacts.yaml`.
    pub fn new(site: &'a Site, call_notice: Option<&'a Entry>) -> Option<Self> {
        let contacts = site.data.contacts.as_ref()?;
        let call = site.data.call.as_ref();
        Some(ApplicationView {
            url: contacts.application_url.as_str(),
            directions: UnitKind::ALL.iter().map(|k| k.name()).collect(),
            postal: PostalView {
                recipient: contacts.postal.recipient.as_deref(),
                address: &contacts.postal.address,
                postcode: contacts.postal.postcode.as_deref(),
            },
            note: call.and_then(|c| c.how_to_apply.as_deref()),
            deadline: call_notice
                .and_then(|n| n.deadline.as_ref())
                .map(|d| DeadlineView::new(d, &site.now)),
            notice: call_notice.map(|n| NoticeItem::new(n, site)),
            steps: call.map(|c| numbered(&c.steps)).unwrap_or_default(),
        })
    }

    /// The steps alone (for the `process` shortcode).
    pub fn steps(call: &'a Call) -> Vec<NumberedItem<'a>> {
        numbered(&call.steps)
    }
}

/// Contacts with ready-made `tel:` and `mailto:` links.
#[derive(Debug, Clone, Serialize)]
pub struct ContactsView<'a> {
    people: Vec<PersonView<'a>>,
    email: Option<&'a str>,
    mailto: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct PersonView<'a> {
    name: &'a str,
    role: Option<&'a str>,
    phones: Vec<PhoneView<'a>>,
    email: Option<&'a str>,
    mailto: Option<String>,
    vcard_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct PhoneView<'a> {
    display: &'a str,
    tel: String,
}

impl<'a> ContactsView<'a> {
    /// The view of the contacts.
    pub fn new(contacts: &'a Contacts, site: &Site) -> Self {
        let vcards = Route::vcards(contacts.people.iter().map(|p| p.name.as_str()));
        ContactsView {
            people: contacts
                .people
                .iter()
                .zip(vcards)
                .map(|(p, vcard)| PersonView {
                    name: &p.name,
                    role: p.role.as_deref(),
                    phones: p
                        .phones
                        .iter()
                        .map(|ph| PhoneView {
                            display: ph.display(),
                            tel: ph.tel(),
                        })
                        .collect(),
                    email: p.email.as_ref().map(|e| e.as_str()),
                    mailto: p.email.as_ref().map(|e| e.mailto()),
                    vcard_url: url(site, vcard.url_path()),
                })
                .collect(),
            email: contacts.email.as_ref().map(|e| e.as_str()),
            mailto: contacts.email.as_ref().map(|e| e.mailto()),
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
