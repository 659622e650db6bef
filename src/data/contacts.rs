//! `data/contacts.yaml`: the people to contact, the postal address for paper applications and
//! the application web address.

use serde::Deserialize;

use crate::values::{Email, Phone, WebUrl};

/// Contacts and application channels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    /// Contact people, in display order.
    pub people: Vec<Person>,
    /// The shared contact email.
    pub email: Option<Email>,
    /// Where paper applications are posted.
    pub postal: Postal,
    /// Where applications are submitted online.
    pub application_url: WebUrl,
}

/// A contact person.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Role, e.g. 联系人.
    pub role: Option<String>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// Personal email, if different from the shared one.
    pub email: Option<Email>,
}

/// A postal address.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Postal {
    /// Recipient organisation.
    pub recipient: Option<String>,
    /// Street address.
    pub address: String,
    /// Postcode.
    pub postcode: Option<String>,
}
