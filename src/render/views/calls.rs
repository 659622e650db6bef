//! What templates see of calls for applications: the deadline and where a call stands, its
//! content (conditions, kinds and duties, rights), how to apply, and a call in a list.

use jiff::Zoned;
use serde::Serialize;

use super::{NoticeItem, url};
use crate::data::{Call, Text, TextItem};
use crate::lang::Strings;
use crate::routes::Route;
use crate::site::{CallState, Deadline, DeadlineStatus, Site};
use crate::text::run_in_gap;
use crate::time::rfc3339;

/// A deadline with its status at the build's "now".
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    date: String,
    iso: String,
    status: &'static str,
    status_label: String,
    days_left: i64,
    opens: Option<String>,
}

impl DeadlineView {
    /// The view of `deadline` at `now`, in the language of `ui`.
    pub fn new(deadline: &Deadline, now: &Zoned, ui: &Strings) -> Self {
        let status = status_key(deadline.status(now));
        let seconds = deadline.at.timestamp().as_second() - now.timestamp().as_second();
        DeadlineView {
            date: deadline.shown(ui),
            iso: rfc3339(&deadline.at),
            status,
            status_label: ui.text(&format!("status.{status}")).to_string(),
            days_left: if seconds <= 0 {
                0
            } else {
                (seconds + 86_399) / 86_400
            },
            opens: deadline.opens.as_ref().map(|d| ui.date(d)),
        }
    }
}

/// A deadline status's key: its CSS class, and its label's key `status.<key>` in the
/// interface text.
pub(crate) fn status_key(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Upcoming => "upcoming",
        DeadlineStatus::Open => "open",
        DeadlineStatus::Closing => "closing",
        DeadlineStatus::Closed => "closed",
    }
}

/// A numbered paragraph: a condition or a step.
#[derive(Debug, Clone, Serialize)]
pub struct NumberedItem<'a> {
    number: String,
    /// What goes after the number: a space before a Latin title (`1. Apply online`),
    /// nothing after （一） ([`run_in_gap`]).
    number_gap: &'static str,
    title: &'a str,
    /// What goes between the title and the text, as between the number and the title.
    title_gap: &'static str,
    text: &'a str,
}

fn numbered<'a>(items: &'a [TextItem], ui: &Strings) -> Vec<NumberedItem<'a>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let number = ui.item_number(i + 1);
            let first = if item.title.is_empty() {
                &item.text
            } else {
                &item.title
            };
            NumberedItem {
                number_gap: run_in_gap(&number, first),
                number,
                title: &item.title,
                title_gap: run_in_gap(&item.title, &item.text),
                text: &item.text,
            }
        })
        .collect()
}

/// A kind of unit that may apply, with its duties in this call.
#[derive(Debug, Clone, Serialize)]
struct KindView<'a> {
    key: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    duties: Option<&'a Text>,
}

/// A call's content, for the guide and the shortcodes.
#[derive(Debug, Clone, Serialize)]
pub struct CallView<'a> {
    key: &'a str,
    title: &'a str,
    principles: Option<&'a str>,
    intro: Option<&'a str>,
    conditions: Vec<NumberedItem<'a>>,
    kinds: Vec<KindView<'a>>,
    rights: Option<&'a Text>,
    deadline: DeadlineView,
    notice: Option<NoticeItem<'a>>,
    guide_url: String,
    apply_url: String,
}

impl<'a> CallView<'a> {
    /// The view of `state`'s call, in the language of `ui`.
    pub fn new(state: &'a CallState, site: &'a Site, ui: &Strings) -> Self {
        let call = state.call(site);
        let key = site.call_key(state.index);
        CallView {
            key: call.id.as_str(),
            title: state.title(site),
            principles: call.principles.as_deref(),
            intro: call.intro.as_deref(),
            conditions: numbered(&call.conditions, ui),
            kinds: directions(call, site)
                .map(|kind| KindView {
                    key: kind.key.as_str(),
                    name: &kind.name,
                    description: kind.description.as_deref(),
                    duties: call.duties.get(&kind.key).or(kind.duties.as_ref()),
                })
                .collect(),
            rights: call.rights.as_ref(),
            deadline: DeadlineView::new(&state.deadline, &site.now, ui),
            notice: state.notice(site).map(|n| NoticeItem::new(n, site, ui)),
            guide_url: url(site, Route::guide(key).url_path()),
            apply_url: url(site, Route::apply(key).url_path()),
        }
    }
}

/// The kinds of unit that may apply to `call`, in the order of the data's kinds.
fn directions<'a>(call: &'a Call, site: &'a Site) -> impl Iterator<Item = &'a crate::data::Kind> {
    site.data
        .kinds
        .iter()
        .filter(|k| call.directions.contains(&k.key))
}

/// How to apply to a call: where, by when, and the steps.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView<'a> {
    url: Option<&'a str>,
    directions: Vec<&'a str>,
    postal: Option<PostalView<'a>>,
    note: Option<&'a str>,
    deadline: DeadlineView,
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
    /// The application facts of `state`'s call, in the language of `ui`; where to apply
    /// comes from the call, else from `data/contacts.yaml`.
    pub fn new(state: &'a CallState, site: &'a Site, ui: &Strings) -> Self {
        let call = state.call(site);
        let contacts = site.data.contacts.as_ref();
        let postal = call
            .postal
            .as_ref()
            .or(contacts.map(|c| &c.postal))
            .map(|p| PostalView {
                recipient: p.recipient.as_deref(),
                address: &p.address,
                postcode: p.postcode.as_deref(),
            });
        ApplicationView {
            url: call
                .application_url
                .as_ref()
                .or(contacts.map(|c| &c.application_url))
                .map(|u| u.as_str()),
            directions: directions(call, site).map(|k| k.name.as_str()).collect(),
            postal,
            note: call.how_to_apply.as_deref(),
            deadline: DeadlineView::new(&state.deadline, &site.now, ui),
            notice: state.notice(site).map(|n| NoticeItem::new(n, site, ui)),
            steps: numbered(&call.steps, ui),
        }
    }

    /// The steps alone (for the `process` shortcode).
    pub fn steps(call: &'a Call, ui: &Strings) -> Vec<NumberedItem<'a>> {
        numbered(&call.steps, ui)
    }
}

/// A call in a list (the home page, the list of calls).
#[derive(Debug, Clone, Serialize)]
pub struct CallSummary<'a> {
    key: &'a str,
    title: &'a str,
    url: String,
    description: Option<&'a str>,
    directions: Vec<&'a str>,
    deadline: DeadlineView,
    guide_url: String,
    apply_url: String,
}

impl<'a> CallSummary<'a> {
    /// `state`'s call in a list, in the language of `ui`: it links its notice, else its
    /// guide.
    pub fn new(state: &'a CallState, site: &'a Site, ui: &Strings) -> Self {
        let call = state.call(site);
        let key = site.call_key(state.index);
        let notice = state.notice(site);
        let guide_url = url(site, Route::guide(key).url_path());
        CallSummary {
            key: call.id.as_str(),
            title: state.title(site),
            url: notice.map_or_else(|| guide_url.clone(), |n| url(site, n.route.url_path())),
            description: notice.and_then(|n| n.doc.front.description.as_deref()),
            directions: directions(call, site).map(|k| k.name.as_str()).collect(),
            deadline: DeadlineView::new(&state.deadline, &site.now, ui),
            guide_url,
            apply_url: url(site, Route::apply(key).url_path()),
        }
    }
}
