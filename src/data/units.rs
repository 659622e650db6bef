//! `data/units.yaml`: the supporting units.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;

use super::kinds::{Kind, Kinds};

use crate::collation;
use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::images::{self, LogoSource};
use crate::values::{Key, UnitId, WebUrl};
use crate::yaml::Spans;

const FILE: &str = "data/units.yaml";

/// One supporting unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable identifier, used by ratings and anchors.
    pub id: UnitId,
    /// Full registered name.
    pub name: String,
    /// Short name.
    pub short_name: Option<String>,
    /// Which kind of unit (a key of `kinds:`).
    pub kind: Option<Key>,
    /// Website.
    pub website: Option<WebUrl>,
    /// Logo image, relative to `data/`.
    pub logo: Option<String>,
    /// Region (province or city).
    pub region: Option<String>,
    /// Marks sample data that an editor must replace.
    #[serde(default)]
    pub example: bool,
    /// The reading of the name's first characters, for pinyin order, when they are
    /// polyphonic: pinyin (`chong2qing4`, `chóngqìng`, `chongqing`) or Chinese characters.
    pub sort_as: Option<String>,
    /// The logo file, probed (size and content hash) when the data was loaded.
    #[serde(skip)]
    pub logo_source: Option<LogoSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitsFile {
    /// The kinds of unit the programme knows.
    #[serde(default)]
    pub(super) kinds: Vec<Kind>,
    #[serde(default)]
    units: Vec<Unit>,
}

/// All units, in file order, with lookup by id.
#[derive(Debug, Clone, Default)]
pub struct Units {
    list: Vec<Unit>,
    by_id: HashMap<UnitId, usize>,
    warnings: Vec<Diagnostic>,
    stroke_warnings: Vec<Diagnostic>,
}

impl Units {
    /// The unit with this id.
    pub fn get(&self, id: &UnitId) -> Option<&Unit> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    /// All units in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.list.iter()
    }

    /// The unit at `index` in file order.
    pub fn at(&self, index: usize) -> Option<&Unit> {
        self.list.get(index)
    }

    /// Position of a unit in the file (for `manual` order).
    pub fn position(&self, id: &UnitId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Warnings about readings: names starting with a polyphonic character and no
    /// `sort_as`. They matter for pinyin order only.
    pub fn reading_warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Warnings about characters that have no stroke sequence: one per character, at the
    /// first unit whose name has it. They matter for stroke order only.
    pub fn stroke_warnings(&self) -> &[Diagnostic] {
        &self.stroke_warnings
    }

    /// The id closest to `id`, for "did you mean" hints.
    pub fn suggest(&self, id: &str) -> Option<&str> {
        did_you_mean(id, self.list.iter().map(|u| u.id.as_str()))
    }
}

/// Validates the units of `file` (its kinds are validated first: `kinds`).
pub(super) fn validate(
    file: UnitsFile,
    kinds: &Kinds,
    spans: &Spans,
    text: &str,
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Units {
    let mut units = Units::default();
    let mut logos = Vec::new();
    let mut uncovered = Uncovered::default();
    for (i, unit) in file.units.into_iter().enumerate() {
        let at = |field: &str| spans.locate(&format!("units.{i}.{field}"), text);
        if let Some(kind) = &unit.kind
            && kinds.get(kind).is_none()
        {
            let d = kinds.unknown(kind, "kind of unit", FILE, at("kind"));
            errors.push(if kinds.is_empty() {
                d.hint(format!(
                    "define the kinds of unit under `kinds:` in data/units.yaml, e.g. `kinds: [{{ key: {kind}, name: 技术支撑单位 }}]`"
                ))
            } else {
                d
            });
        }
        if unit.name.trim().is_empty() {
            errors.push(Diagnostic::error(FILE, "a unit's `name` is empty").at_opt(at("name")));
        }
        let mut logo_file = None;
        if let Some(logo) = &unit.logo {
            match check_logo_path(root, logo) {
                Ok(()) => logo_file = Some(root.join("data").join(logo)),
                Err(message) => errors.push(
                    Diagnostic::error(FILE, format!("unit `{}`: {message}", unit.id))
                        .at_opt(at("logo"))
                        .hint("logos are files under data/, e.g. `logos/example-a.png`"),
                ),
            }
        }
        check_reading(&unit, &at, errors, &mut units.warnings);
        uncovered.add(&unit, || at("name"));
        if let Some(&first) = units.by_id.get(&unit.id) {
            let first_line = spans
                .locate(&format!("units.{first}.id"), text)
                .map_or(0, |l| l.line);
            errors.push(
                Diagnostic::error(FILE, format!("duplicate unit id `{}`", unit.id))
                    .at_opt(at("id"))
                    .label(format!("first defined on line {first_line}"))
                    .hint("unit ids must be unique: rename one of them"),
            );
            continue;
        }
        if let Some(path) = logo_file {
            logos.push((units.list.len(), path, at("logo")));
        }
        units.by_id.insert(unit.id.clone(), units.list.len());
        units.list.push(unit);
    }
    units.stroke_warnings = uncovered.warnings();
    // Logos are read (header and hash) in parallel; a site may have thousands.
    let probed: Vec<_> = logos
        .into_par_iter()
        .map(|(index, path, at)| {
            let id = units.list[index].id.to_string();
            (
                index,
                images::probe(
                    &path,
                    (&format!("unit `{id}`"), "data/units.yaml"),
                    at.clone(),
                ),
                at,
                id,
            )
        })
        .collect();
    for (index, result, at, id) in probed {
        match result {
            Ok(source) => units.list[index].logo_source = Some(source),
            Err(message) => errors.push(
                Diagnostic::error(FILE, format!("unit `{id}`: {message}"))
                    .at_opt(at)
                    .hint("replace the file with a PNG, JPEG or WebP image"),
            ),
        }
    }
    units
}

/// Checks `sort_as`, and warns when a name starts with a polyphonic character without one.
fn check_reading(
    unit: &Unit,
    at: &dyn Fn(&str) -> Option<crate::diagnostics::Location>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(sort_as) = &unit.sort_as {
        if let Err(message) = collation::parse_reading(sort_as) {
            errors.push(
                Diagnostic::error(FILE, format!("unit `{}`: `sort_as`: {message}", unit.id))
                    .at_opt(at("sort_as"))
                    .hint("write the pinyin of the name's first characters, e.g. `chong2qing4`"),
            );
        }
        return;
    }
    let Some(first) = unit
        .name
        .chars()
        .next()
        .filter(|c| collation::is_polyphonic(*c))
    else {
        return;
    };
    let (reading, example) = match collation::builtin(&unit.name) {
        Some(b) => (
            format!(
                "it is ordered as `{}` (built-in reading of {})",
                b.reading, b.prefix
            ),
            b.reading,
        ),
        None => (
            "it is ordered by ICU's default reading".to_string(),
            "chang2sha1",
        ),
    };
    warnings.push(
        Diagnostic::warning(
            FILE,
            format!(
                "unit `{}`: the name starts with {first}, which has several readings; {reading}",
                unit.id
            ),
        )
        .at_opt(at("name"))
        .hint(format!(
            "confirm the reading with `sort_as:`, the pinyin of the first characters (e.g. `sort_as: {example}`)"
        )),
    );
}

/// Characters without a stroke sequence, each with the units whose names have it.
#[derive(Default)]
struct Uncovered {
    /// In order of first appearance: the character, the first unit's id and the location
    /// of its name, and the other units' ids.
    found: Vec<(collation::Uncovered, String, Option<Location>, Vec<String>)>,
}

impl Uncovered {
    fn add(&mut self, unit: &Unit, name_at: impl FnOnce() -> Option<Location>) {
        let chars = collation::uncovered_strokes(&unit.name, unit.sort_as.as_deref());
        let mut name_at = Some(name_at);
        for c in chars {
            match self.found.iter_mut().find(|f| f.0.character == c.character) {
                Some(found) => found.3.push(unit.id.to_string()),
                None => {
                    let at = name_at.take().and_then(|f| f());
                    self.found.push((c, unit.id.to_string(), at, Vec::new()));
                }
            }
        }
    }

    fn warnings(self) -> Vec<Diagnostic> {
        self.found
            .into_iter()
            .map(|(c, id, at, others)| {
                let also = match others.as_slice() {
                    [] => String::new(),
                    ids => format!(" (also in `{}`)", ids.join("`, `")),
                };
                Diagnostic::warning(
                    FILE,
                    format!(
                        "unit `{id}`: {} (U+{:04X}) has no stroke sequence in bulletin's data; stroke order puts it {}{also}",
                        c.character,
                        c.character as u32,
                        c.placement()
                    ),
                )
                .at_opt(at)
                .hint("check the unit's position; `sort_as:` in Chinese characters replaces the name's first characters for stroke order")
            })
            .collect()
    }
}

/// A logo path must stay inside `data/` and name an existing file.
fn check_logo_path(root: &Path, logo: &str) -> Result<(), String> {
    let path = Path::new(logo);
    let inside = path
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || logo.is_empty() {
        return Err(format!(
            "logo path `{logo}` must be relative and stay inside data/"
        ));
    }
    if !root.join("data").join(path).is_file() {
        return Err(format!("logo file `data/{logo}` does not exist"));
    }
    Ok(())
}
