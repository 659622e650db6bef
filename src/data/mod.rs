//! The site's structured data under `data/`: units, ratings, contacts and the call.
//!
//! Each file is optional; a site without `ratings.yaml` simply has no roster. Field types
//! carry the rules ([`UnitId`], [`Stars`], [`WebUrl`], [`Email`], [`Phone`]), so a wrong value
//! is reported by the YAML reader with its line and column; cross-references (a rating naming
//! an unknown unit) are checked here with positions from [`crate::yaml::Spans`].

mod call;
mod contacts;
mod ratings;
mod units;

use std::path::Path;

use serde::de::DeserializeOwned;

pub use crate::values::{Email, Phone, Stars, UnitId, WebUrl};
pub use call::{Call, Duties, TextItem};
pub use contacts::{Contacts, Person, Postal};
pub use ratings::{Ratings, Round, TierDef};
pub use units::{Unit, UnitKind, Units};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::read_text;
use crate::yaml::{self, Spans, YamlSource};

/// All structured data of a site, validated.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// Supporting units (empty when `data/units.yaml` is absent).
    pub units: Units,
    /// Star tiers and rating rounds.
    pub ratings: Option<Ratings>,
    /// Contacts, postal address and application URL.
    pub contacts: Option<Contacts>,
    /// The call: conditions, duties, rights and steps.
    pub call: Option<Call>,
    /// Warnings found while reading the files.
    pub warnings: Vec<Diagnostic>,
}

/// Loads every data file under `root/data`, collecting all errors.
pub fn load(root: &Path) -> Result<Data, Diagnostics> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let units_exist = root.join("data/units.yaml").exists();
    let units = read::<units::UnitsFile>(root, "data/units.yaml", &mut errors, &mut warnings)
        .map(|(file, spans, text)| units::validate(file, &spans, &text, root, &mut errors));
    // When units.yaml itself is broken, every reference to it would be reported as unknown;
    // check references only against a units file that loaded.
    let known = if units_exist {
        units.as_ref()
    } else {
        Some(&Units::default())
    };
    let ratings =
        read::<ratings::RatingsFile>(root, "data/ratings.yaml", &mut errors, &mut warnings)
            .map(|(file, spans, text)| ratings::validate(file, &spans, &text, known, &mut errors));
    let units = units.unwrap_or_default();
    let contacts =
        read::<Contacts>(root, "data/contacts.yaml", &mut errors, &mut warnings).map(|(c, ..)| c);
    let call = read::<Call>(root, "data/call.yaml", &mut errors, &mut warnings).map(|(c, ..)| c);
    if errors.is_empty() {
        Ok(Data {
            units,
            ratings,
            contacts,
            call,
            warnings,
        })
    } else {
        Err(errors.into())
    }
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
