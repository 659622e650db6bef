//! URL slugs and heading ids that keep Chinese text.

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;

/// One URL path segment chosen by an editor: never empty, never `/`, `\`, `..`, a leading
/// dot, whitespace or characters with meaning in URLs. Chinese is kept as is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Slug(String);

impl Slug {
    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let bad = text
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || "/\\?#%\"'<>`|*:".contains(*c));
        if text.is_empty() || text.starts_with('.') || text.len() > 200 || bad.is_some() {
            let reason = match bad {
                Some(c) => format!("it contains `{}`", c.escape_default()),
                None if text.is_empty() => "it is empty".to_string(),
                None if text.starts_with('.') => "it starts with a dot".to_string(),
                None => "it is longer than 200 bytes".to_string(),
            };
            return Err(format!(
                "`{text}` cannot be a slug: {reason}; use letters, digits, Chinese and `-`"
            ));
        }
        Ok(Slug(text))
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Turns heading text into an id: letters, digits and CJK kept (Latin lowercased),
/// whitespace and `-`/`_` runs become one `-`, punctuation is dropped. `一、工作总则` becomes
/// `一工作总则`; `Step 2: Apply` becomes `step-2-apply`. Never empty and never contains `:`,
/// so footnote ids (`fn:…`) cannot collide with it.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !id.is_empty() {
                id.push('-');
            }
            dash = false;
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Hands out ids unique within one page: the second `概述` becomes `概述-1`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    /// Reserves `id`, or the first free `id-N`.
    pub fn claim(&mut self, id: String) -> String {
        if self.used.insert(id.clone()) {
            return id;
        }
        (1..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| !self.used.contains(candidate))
            .inspect(|candidate| {
                self.used.insert(candidate.clone());
            })
            .unwrap_or(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_keep_chinese() {
        assert_eq!(heading_id("一、工作总则"), "一工作总则");
        assert_eq!(heading_id("Step 2: Apply now"), "step-2-apply-now");
        assert_eq!(heading_id("CAPPSEC 资质"), "cappsec-资质");
        assert_eq!(heading_id("！？"), "section");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("概述".into()), "概述");
        assert_eq!(ids.claim("概述".into()), "概述-1");
        assert_eq!(ids.claim("概述".into()), "概述-2");
    }

    #[test]
    fn slugs_refuse_paths() {
        for bad in ["a/b", "..", "../x", "/abs", "a b", "", ".hidden", "a\\b"] {
            assert!(Slug::try_from(bad.to_string()).is_err(), "{bad}");
        }
        assert!(Slug::try_from("2025年遴选通知".to_string()).is_ok());
    }
}
