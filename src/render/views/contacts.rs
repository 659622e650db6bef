//! What templates see of contacts: people with ready-made `tel:` and `mailto:` links and
//! their vCards.

use serde::Serialize;

use super::url;
use crate::data::{Contacts, Email, Person};
use crate::routes::Route;
use crate::site::{CallState, Site};

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
    vcard_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct PhoneView<'a> {
    display: &'a str,
    tel: String,
}

impl<'a> ContactsView<'a> {
    /// The view of `data/contacts.yaml`, each person with their vCard.
    pub fn new(contacts: &'a Contacts, site: &Site) -> Self {
        let vcards = Route::vcards(contacts.people.iter().map(|p| p.name.as_str()));
        let vcards = vcards.iter().map(|r| Some(url(site, r.url_path())));
        ContactsView::of(&contacts.people, contacts.email.as_ref(), vcards)
    }

    /// The contacts of `state`'s call: its own people and email where it has them, else
    /// those of `data/contacts.yaml`. `None` when there are none.
    pub fn of_call(state: &CallState, site: &'a Site) -> Option<Self> {
        let call = state.call(site);
        let contacts = site.data.contacts.as_ref();
        match &call.people {
            Some(people) => {
                let email = call
                    .email
                    .as_ref()
                    .or(contacts.and_then(|c| c.email.as_ref()));
                Some(ContactsView::of(people, email, std::iter::repeat(None)))
            }
            None => contacts.map(|c| {
                let mut view = ContactsView::new(c, site);
                if let Some(email) = &call.email {
                    view.email = Some(email.as_str());
                    view.mailto = Some(email.mailto());
                }
                view
            }),
        }
    }

    fn of(
        people: &'a [Person],
        email: Option<&'a Email>,
        vcards: impl Iterator<Item = Option<String>>,
    ) -> Self {
        ContactsView {
            people: people
                .iter()
                .zip(vcards)
                .map(|(p, vcard_url)| PersonView {
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
                    vcard_url,
                })
                .collect(),
            email: email.map(|e| e.as_str()),
            mailto: email.map(|e| e.mailto()),
        }
    }
}
