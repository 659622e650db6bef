//! The site's structured data under `data/`: the kinds of unit and the units, the rosters
//! (tiers and rounds), the calls for applications and the contacts.
//!
//! Each file is optional; a site without rosters simply has no roster pages. Field types
//! carry the rules ([`UnitId`], [`Key`], [`WebUrl`], [`Email`], [`Phone`]), so a wrong value
//! is reported by the YAML reader with its line and column; cross-references (a round
//! naming an unknown unit or tier, a call an unknown kind) are checked here with positions
//! from [`crate::yaml::Spans`], each with a "did you mean".

mod calls;
mod contacts;
mod keys;
mod kinds;
mod rosters;
mod units;

use std::path::Path;

use serde::de::DeserializeOwned;

pub use crate::values::{Email, Key, Phone, UnitId, WebUrl};
pub use calls::{Call, Calls, TextItem};
pub use contacts::{Contacts, Person, Postal};
pub use keys::{Keyed, Registry};
pub use kinds::{Kind, Kinds, Text};
pub use rosters::{Display, Roster, Round, Tier};
pub use units::{Unit, Units};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lang::Strings;
use crate::source::read_text;
use crate::yaml::{self, Spans, YamlSource};

/// One roster: `data/ratings.yaml`.
const RATINGS: &str = "data/ratings.yaml";
/// Several rosters: `data/rosters/<id>.yaml`.
const ROSTERS: &str = "data/rosters";
/// One call: `data/call.yaml`.
const CALL: &str = "data/call.yaml";
/// Several calls: `data/calls/<id>.yaml`.
const CALLS: &str = "data/calls";

/// All structured data of a site, validated.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// The kinds of unit (`kinds:` in `data/units.yaml`).
    pub kinds: Kinds,
    /// Units (empty when `data/units.yaml` is absent).
    pub units: Units,
    /// Rosters: tiers and rounds.
    pub rosters: Registry<Roster>,
    /// Contacts, postal address and application URL.
    pub contacts: Option<Contacts>,
    /// Calls for applications.
    pub calls: Calls,
    /// Warnings found while reading the files.
    pub warnings: Vec<Diagnostic>,
}

/// Loads every data file under `root/data`, collecting all errors; `ui`, the interface text
/// of the site's language, names what the data leaves unnamed (a roster's title, its
/// rounds' titles, its column headings).
pub fn load(root: &Path, ui: &Strings) -> Result<Data, Diagnostics> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let units_exist = root.join("data/units.yaml").exists();
    let mut kinds = Kinds::default();
    let units = read::<units::UnitsFile>(root, "data/units.yaml", &mut errors, &mut warnings).map(
        |(mut file, spans, text)| {
            let at = |i: usize| spans.locate(&format!("kinds.{i}.key"), &text);
            let list = std::mem::take(&mut file.kinds);
            kinds = Kinds::new(list, "data/units.yaml", "kind of unit", at, &mut errors);
            units::validate(file, &kinds, &spans, &text, root, &mut errors)
        },
    );
    // When units.yaml itself is broken, every reference to its units and kinds would be
    // reported as unknown; check references only against a units file that loaded.
    let empty = Units::default();
    let loaded = !units_exist || units.is_some();
    let known = rosters::Known {
        ui,
        units: if units_exist {
            units.as_ref()
        } else {
            Some(&empty)
        },
        kinds: loaded.then_some(&kinds),
    };
    let mut rosters = Vec::new();
    for (id, file) in files(root, RATINGS, ROSTERS, "roster", &mut errors) {
        if let Some((raw, spans, text)) =
            read::<rosters::RosterFile>(root, &file, &mut errors, &mut warnings)
        {
            let roster = rosters::validate(
                raw,
                id,
                &file,
                (&spans, &text),
                &known,
                &mut errors,
                &mut warnings,
            );
            rosters.push(roster);
        }
    }
    let rosters = Registry::new(rosters, ROSTERS, "roster", |_| None, &mut errors);
    let mut calls = Vec::new();
    for (id, file) in files(root, CALL, CALLS, "call", &mut errors) {
        let named = (file != CALL).then_some(id);
        if let Some((raw, spans, text)) =
            read::<calls::CallFile>(root, &file, &mut errors, &mut warnings)
            && let Some(call) =
                calls::validate(raw, named, &file, (&spans, &text), known.kinds, &mut errors)
        {
            if let Some(roster) = &call.roster
                && rosters.get(roster).is_none()
            {
                errors.push(rosters.unknown(roster, "roster", &file, None));
            }
            calls.push(call);
        }
    }
    let calls = Calls::new(calls, CALLS, "call", |_| None, &mut errors);
    let units = units.unwrap_or_default();
    let contacts =
        read::<Contacts>(root, "data/contacts.yaml", &mut errors, &mut warnings).map(|(c, ..)| c);
    if errors.is_empty() {
        Ok(Data {
            kinds,
            units,
            rosters,
            contacts,
            calls,
            warnings,
        })
    } else {
        Err(errors.into())
    }
}

/// The files of a kind of data that may be one file (`single`, key `id`) or a folder of
/// them (`folder/<key>.yaml`), with their keys; both at once is an error.
fn files(
    root: &Path,
    single: &str,
    folder: &str,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Key, String)> {
    let dir = root.join(folder);
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| n.ends_with(".yaml") && !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let file = format!("{folder}/{name}");
            match Key::try_from(name.trim_end_matches(".yaml").to_string()) {
                Ok(key) => found.push((key, file)),
                Err(message) => errors.push(
                    Diagnostic::error(
                        &file,
                        format!("the file name cannot be a {what} key: {message}"),
                    )
                    .hint("rename the file"),
                ),
            }
        }
    }
    if root.join(single).exists() {
        if !found.is_empty() {
            errors.push(
                Diagnostic::error(
                    single,
                    format!("{single} and {folder}/ both define a {what}"),
                )
                .hint(format!(
                    "with several, move {single} to {folder}/<key>.yaml; with one, keep one of them"
                )),
            );
            return Vec::new();
        }
        let key = Key::try_from(what.to_string()).expect("a constant key");
        found.push((key, single.to_string()));
    }
    found
}

/// Reads an optional YAML file; `None` when it does not exist or does not parse.
fn read<T: DeserializeOwned>(
    root: &Path,
    relative: &str,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(T, Spans, String)> {
    let path = root.join(relative);
    if !path.exists() {
        return None;
    }
    let display = Path::new(relative);
    let text = match read_text(&path, display) {
        Ok(text) => text,
        Err(d) => {
            errors.push(d);
            return None;
        }
    };
    let source = YamlSource::whole(display, &text);
    match yaml::parse::<T>(source) {
        Ok((value, spans)) => {
            warnings.extend(yaml::warnings(source));
            Some((value, spans, text))
        }
        Err(d) => {
            errors.push(d);
            None
        }
    }
}
