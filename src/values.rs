//! Value types that can only hold valid data (ids, keys, web addresses, email addresses,
//! phone numbers), shared by the settings and the data files. Each is read from YAML through `TryFrom`, so a
//! bad value is reported at its line and column with the reason.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A unit's identifier: lowercase ASCII letters, digits, `-` and `_`, starting with a letter
/// or digit. Used in anchors and file names, so it is kept URL-safe.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(try_from = "String")]
pub struct UnitId(String);

impl UnitId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitId {
    type Error = String;

    fn try_from(id: String) -> Result<Self, Self::Error> {
        let valid = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && id.len() <= 64;
        if valid {
            Ok(UnitId(id))
        } else {
            Err(format!(
                "`{id}` is not a valid unit id: use lowercase letters, digits and `-` (e.g. `example-a`)"
            ))
        }
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key an editor gives a kind of unit, a tier, a roster or a call: ASCII letters, digits,
/// `-` and `_`, 1 to 64 of them. Keys name anchors, CSS classes and file names, so they
/// stay URL-safe. YAML numbers are keys too (a tier keyed `3`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(try_from = "KeyText")]
pub struct Key(String);

/// Keys may be written as YAML numbers (`3:`) or text.
#[derive(Deserialize)]
#[serde(untagged)]
enum KeyText {
    Number(i64),
    Text(String),
}

impl Key {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<KeyText> for Key {
    type Error = String;

    fn try_from(text: KeyText) -> Result<Self, Self::Error> {
        let text = match text {
            KeyText::Number(n) => n.to_string(),
            KeyText::Text(t) => t,
        };
        Key::try_from(text)
    }
}

impl TryFrom<String> for Key {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let valid = !text.is_empty()
            && text.len() <= 64
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(Key(text))
        } else {
            Err(format!(
                "`{text}` is not a valid key: use ASCII letters, digits, `-` and `_` (e.g. `technical-support`, `A`, `3`)"
            ))
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute `http` or `https` URL.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String")]
pub struct WebUrl(String);

impl WebUrl {
    /// The URL as written (normalised by the URL parser).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for WebUrl {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let url = url::Url::parse(text.trim()).map_err(|e| {
            format!(
                "`{text}` is not a valid URL ({e}); write it in full, e.g. `https://example.org/`"
            )
        })?;
        match url.scheme() {
            "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => {
                Ok(WebUrl(url.to_string()))
            }
            scheme => Err(format!(
                "`{text}`: only http and https web addresses are allowed here, not `{scheme}:`"
            )),
        }
    }
}

/// An email address (a practical check: one `@`, a dotted domain, no spaces).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String")]
pub struct Email(String);

impl Email {
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `mailto:` link target.
    pub fn mailto(&self) -> String {
        format!("mailto:{}", self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        validate_email(&text).map(|()| Email(text))
    }
}

/// Checks an email address the way [`Email`] does.
pub fn validate_email(text: &str) -> Result<(), String> {
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !text.contains(|c: char| c.is_whitespace() || "<>()[]\\,;:\"".contains(c))
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{text}` is not a valid email address"))
    }
}

/// A telephone number: digits with optional `+`, spaces, `-` and parentheses, 7 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "PhoneText")]
pub struct Phone(String);

/// Phones may be written as numbers in YAML (`18510844188`) or as text.
#[derive(Deserialize)]
#[serde(untagged)]
enum PhoneText {
    Number(u64),
    Text(String),
}

impl Phone {
    /// The number as written.
    pub fn display(&self) -> &str {
        &self.0
    }

    /// A `tel:` URI in international form for mainland numbers (`tel:+8618510844188`).
    pub fn tel(&self) -> String {
        let digits: String = self.0.chars().filter(char::is_ascii_digit).collect();
        if self.0.trim_start().starts_with('+') {
            format!("tel:+{digits}")
        } else if let Some(rest) = digits.strip_prefix('0') {
            format!("tel:+86{rest}")
        } else if digits.len() == 11 && digits.starts_with('1') {
            format!("tel:+86{digits}")
        } else {
            format!("tel:{digits}")
        }
    }
}

impl TryFrom<PhoneText> for Phone {
    type Error = String;

    fn try_from(text: PhoneText) -> Result<Self, Self::Error> {
        let text = match text {
            PhoneText::Number(n) => n.to_string(),
            PhoneText::Text(t) => t.trim().to_string(),
        };
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let allowed = text
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0));
        if allowed && (7..=15).contains(&digits) {
            Ok(Phone(text))
        } else {
            Err(format!(
                "`{text}` is not a valid phone number: use 7 to 15 digits, optionally with +, -, spaces or ( )"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_ids() {
        assert!(UnitId::try_from("example-a".to_string()).is_ok());
        assert!(UnitId::try_from("Example".to_string()).is_err());
        assert!(UnitId::try_from("../x".to_string()).is_err());
        assert!(UnitId::try_from(String::new()).is_err());
    }

    #[test]
    fn keys_are_url_safe() {
        assert!(Key::try_from(KeyText::Number(3)).is_ok());
        assert!(Key::try_from("technical-support".to_string()).is_ok());
        assert!(Key::try_from("A".to_string()).is_ok());
        assert!(Key::try_from("一级".to_string()).is_err());
        assert!(Key::try_from("a b".to_string()).is_err());
        assert!(Key::try_from(String::new()).is_err());
    }

    #[test]
    fn urls_only_web() {
        assert!(WebUrl::try_from("https://cappvd.org.cn/home/special".to_string()).is_ok());
        assert!(WebUrl::try_from("javascript:alert(1)".to_string()).is_err());
        assert!(WebUrl::try_from("cappvd.org.cn".to_string()).is_err());
    }

    #[test]
    fn emails_and_phones() {
        assert!(validate_email("cappvd@cstc.org.cn").is_ok());
        assert!(validate_email("cappvd@cstc").is_err());
        assert!(validate_email("a b@c.cn").is_err());
        let mobile = Phone::try_from(PhoneText::Number(18510844188)).unwrap();
        assert_eq!(mobile.tel(), "tel:+8618510844188");
        let landline = Phone::try_from(PhoneText::Text("010-6864 3333".into())).unwrap();
        assert_eq!(landline.tel(), "tel:+861068643333");
        assert!(Phone::try_from(PhoneText::Text("12ab".into())).is_err());
    }
}
