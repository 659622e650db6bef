//! The calls for applications as the site publishes them: each with the notice that
//! announces it and its deadline, judged against the site's "now".

use super::{Deadline, DeadlineStatus, Entry, Site};
use crate::content::Content;
use crate::data::{Call, Data};
use crate::diagnostics::Diagnostic;

/// A call for applications in the model.
#[derive(Debug, Clone)]
pub struct CallState {
    /// Its place in `data.calls`.
    pub index: usize,
    /// The notice that announces it (its place in `site.notices`), once published.
    pub notice: Option<usize>,
    /// Its deadline, and when it opens.
    pub deadline: Deadline,
    /// Whether readers see it: its notice is published, or no document announces it.
    pub visible: bool,
}

impl CallState {
    /// The call's data.
    pub fn call<'a>(&self, site: &'a Site) -> &'a Call {
        site.data
            .calls
            .at(self.index)
            .expect("call states are made from the data's calls")
    }

    /// The notice that announces it.
    pub fn notice<'a>(&self, site: &'a Site) -> Option<&'a Entry> {
        self.notice.map(|i| &site.notices[i])
    }

    /// Its title: the call's own, else its notice's, else its key.
    pub fn title<'a>(&self, site: &'a Site) -> &'a str {
        let call = self.call(site);
        call.title
            .as_deref()
            .or_else(|| self.notice(site).map(|n| n.doc.front.title.as_str()))
            .unwrap_or(call.id.as_str())
    }

    /// Where it stands at the site's "now".
    pub fn status(&self, site: &Site) -> DeadlineStatus {
        self.deadline.status(&site.now)
    }
}

/// Ties each call of `data` to the published notice that announces it. A call announced by
/// two notices is an error at the second.
pub(super) fn resolve(
    data: &Data,
    content: &Content,
    notices: &[Entry],
    tz: &jiff::tz::TimeZone,
    errors: &mut Vec<Diagnostic>,
) -> Vec<CallState> {
    data.calls
        .iter()
        .enumerate()
        .map(|(index, call)| {
            let mut announcing = notices
                .iter()
                .enumerate()
                .filter(|(_, n)| n.doc.front.call.as_ref() == Some(&call.id));
            let notice = announcing.next().map(|(i, _)| i);
            for (_, other) in announcing {
                errors.push(
                    Diagnostic::error(
                        &other.doc.display,
                        format!("call `{}` is announced by two notices", call.id),
                    )
                    .at_opt(other.doc.locate("call"))
                    .hint(format!(
                        "a call has one announcing notice, {}; link to it from this one instead",
                        notice.map_or(String::new(), |i| notices[i]
                            .doc
                            .display
                            .display()
                            .to_string())
                    )),
                );
            }
            let named = content
                .documents
                .iter()
                .any(|d| d.front.call.as_ref() == Some(&call.id));
            let deadline = match notice {
                Some(i) => notices[i]
                    .deadline
                    .clone()
                    .expect("a call's notice has its deadline"),
                None => Deadline::resolve(&call.deadline, tz).opening(call.opens.as_ref(), tz),
            };
            CallState {
                index,
                notice,
                deadline,
                visible: notice.is_some() || !named,
            }
        })
        .collect()
}
