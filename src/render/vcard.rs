//! Contact cards (vCard 4.0, RFC 6350), one per contact person, written with the
//! content-line rules of [`super::lines`].

use super::lines::{Lines, escape};
use crate::data::Person;
use crate::site::Site;

/// The vCard of `person`: name, role, organisation (the publisher), phones as `tel:` URIs,
/// the person's email or else the shared one, and the site's address.
pub fn vcard(site: &Site, person: &Person, shared_email: Option<&str>) -> String {
    let mut out = Lines::default();
    out.raw("BEGIN:VCARD");
    out.raw("VERSION:4.0");
    out.text("FN", &person.name);
    // Chinese names have no reliable family/given split (复姓 such as 欧阳): the whole name
    // is the family name, which sorts and displays correctly in Chinese contact lists.
    out.raw(&format!("N:{};;;;", escape(&person.name)));
    out.text("ORG", &site.config.publisher);
    if let Some(role) = &person.role {
        out.text("TITLE", role);
    }
    for phone in &person.phones {
        out.raw(&format!("TEL;VALUE=uri;TYPE=voice:{}", phone.tel()));
    }
    if let Some(email) = person.email.as_ref().map(|e| e.as_str()).or(shared_email) {
        out.text("EMAIL;TYPE=work", email);
    }
    out.raw(&format!("URL:{}", site.config.base_url));
    out.raw("END:VCARD");
    out.finish()
}
