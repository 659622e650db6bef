//! Calls for applications, as data: one in `data/call.yaml`, several in
//! `data/calls/<id>.yaml`. A call has its own deadline, the kinds of unit that may apply,
//! its conditions, duties, rights and steps, and where and whom to apply to (by default
//! those of `data/contacts.yaml`). The notice that announces it names it in its front
//! matter (`call: <id>`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::contacts::{Person, Postal};
use super::keys::{Keyed, Registry};
use super::kinds::{Kinds, Text};
use crate::diagnostics::Diagnostic;
use crate::time::DateSpec;
use crate::values::{Email, Key, WebUrl};
use crate::yaml::Spans;

/// A titled paragraph: a condition or a step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextItem {
    /// Short title, e.g. 能力证明.
    pub title: String,
    /// The text.
    pub text: String,
}

/// A call file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CallFile {
    /// The call's key, in `data/call.yaml` only (files under `data/calls/` are named by it).
    id: Option<Key>,
    title: Option<String>,
    opens: Option<DateSpec>,
    deadline: Option<DateSpec>,
    directions: Option<Vec<Key>>,
    roster: Option<Key>,
    principles: Option<String>,
    intro: Option<String>,
    conditions: Vec<TextItem>,
    #[serde(default)]
    duties: BTreeMap<Key, Text>,
    rights: Option<Text>,
    how_to_apply: Option<String>,
    #[serde(default)]
    steps: Vec<TextItem>,
    application_url: Option<WebUrl>,
    postal: Option<Postal>,
    email: Option<Email>,
    people: Option<Vec<Person>>,
}

/// A call for applications, validated.
#[derive(Debug, Clone)]
pub struct Call {
    /// How notices name it (`call: <id>`).
    pub id: Key,
    /// The file it came from, for messages.
    pub file: String,
    /// Its title, when not its notice's.
    pub title: Option<String>,
    /// When applications open, if later than the notice.
    pub opens: Option<DateSpec>,
    /// When applications close (a date means the end of that day).
    pub deadline: DateSpec,
    /// The kinds of unit that may apply (申报方向).
    pub directions: Vec<Key>,
    /// The roster the call fills, when the site has several.
    pub roster: Option<Key>,
    /// The selection principles (工作总则 in one line).
    pub principles: Option<String>,
    /// An introduction shown on the guide page.
    pub intro: Option<String>,
    /// The eligibility conditions (遴选条件).
    pub conditions: Vec<TextItem>,
    /// Duties by kind of unit; kinds not listed keep their own `duties`.
    pub duties: BTreeMap<Key, Text>,
    /// The rights of selected units (主要权利).
    pub rights: Option<Text>,
    /// A note on how to apply (申报方式).
    pub how_to_apply: Option<String>,
    /// The application steps (申报流程).
    pub steps: Vec<TextItem>,
    /// Where applications are submitted online, when not `data/contacts.yaml`'s.
    pub application_url: Option<WebUrl>,
    /// Where paper applications are posted, when not `data/contacts.yaml`'s.
    pub postal: Option<Postal>,
    /// The contact email, when not `data/contacts.yaml`'s.
    pub email: Option<Email>,
    /// The contact people, when not `data/contacts.yaml`'s.
    pub people: Option<Vec<Person>>,
}

impl Keyed for Call {
    fn key(&self) -> &Key {
        &self.id
    }
}

/// Every call, in file order.
pub type Calls = Registry<Call>;

/// Validates one call file; `id` is its key when the file name gives it.
pub(super) fn validate(
    raw: CallFile,
    id: Option<Key>,
    file: &str,
    (spans, text): (&Spans, &str),
    kinds: Option<&Kinds>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Call> {
    let at = |path: &str| spans.locate(path, text);
    if let (Some(_), Some(_)) = (&id, &raw.id) {
        errors.push(
            Diagnostic::error(file, "a call under data/calls/ is named by its file")
                .at_opt(at("id"))
                .hint("remove `id:`, or rename the file"),
        );
    }
    let id = id
        .or(raw.id)
        .unwrap_or_else(|| Key::try_from("call".to_string()).expect("a key"));
    let Some(deadline) = raw.deadline else {
        errors.push(
            Diagnostic::error(file, "a call needs a `deadline:`")
                .at(crate::diagnostics::Location::new(text, 1, 1, 1))
                .hint("add `deadline: 2025-08-31` (or `2025-08-31 17:00`): the call's deadline is set here, not in its notice"),
        );
        return None;
    };
    let mut check = |key: &Key, path: String| {
        if let Some(kinds) = kinds
            && kinds.get(key).is_none()
        {
            errors.push(kinds.unknown(key, "kind of unit", file, at(&path)));
        }
    };
    for (i, key) in raw.directions.iter().flatten().enumerate() {
        check(key, format!("directions.{i}"));
    }
    for key in raw.duties.keys() {
        check(key, format!("duties.{key}"));
    }
    Some(Call {
        id,
        file: file.to_string(),
        title: raw.title,
        opens: raw.opens,
        deadline,
        directions: raw
            .directions
            .unwrap_or_else(|| kinds.into_iter().flatten().map(|k| k.key.clone()).collect()),
        roster: raw.roster,
        principles: raw.principles,
        intro: raw.intro,
        conditions: raw.conditions,
        duties: raw.duties,
        rights: raw.rights,
        how_to_apply: raw.how_to_apply,
        steps: raw.steps,
        application_url: raw.application_url,
        postal: raw.postal,
        email: raw.email,
        people: raw.people,
    })
}
