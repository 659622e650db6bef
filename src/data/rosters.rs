//! Rosters: tiers and rounds, as data. One roster lives in `data/ratings.yaml`; several in
//! `data/rosters/<id>.yaml`, one file each. A roster lists its tiers from the highest down
//! (三星 / 二星 / 一星, 一级 / 二级 / 三级, A-D) and its rounds by year, each naming unit
//! ids by tier key.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::keys::{Keyed, Registry};
use super::kinds::Kinds;
use super::units::Units;
use crate::collation::RosterOrder;
use crate::diagnostics::Diagnostic;
use crate::time::DateSpec;
use crate::values::{Key, UnitId};
use crate::yaml::Spans;

/// How a tier is marked beside its name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Display {
    /// No mark.
    #[default]
    None,
    /// Stars, as many as the tier's place from the bottom (★★★ for the highest of three).
    Stars,
    /// The site's symbol, as many as the tier's place from the bottom.
    Symbol(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawDisplay {
    Word(String),
    Symbol { symbol: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    key: Option<Key>,
    name: String,
    short: Option<String>,
    display: Option<RawDisplay>,
    description: Option<String>,
    /// The layout before tiers were data: refused with the exact replacement.
    stars: Option<i64>,
}

/// A tier's definition.
#[derive(Debug, Clone)]
pub struct Tier {
    /// How rounds name it.
    pub key: Key,
    /// Its full name (三星支撑单位, 一级技术支撑单位, A类).
    pub name: String,
    /// Its short name, for badges and changes (三星, 一级, A).
    pub short: String,
    /// How it is marked.
    pub display: Display,
    /// What it means.
    pub description: Option<String>,
}

impl Keyed for Tier {
    fn key(&self) -> &Key {
        &self.key
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRound {
    year: i32,
    title: Option<String>,
    announced: Option<DateSpec>,
    tiers: BTreeMap<Key, Vec<UnitId>>,
}

/// A roster file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RosterFile {
    title: Option<String>,
    order: Option<RosterOrder>,
    kinds: Option<Vec<Key>>,
    tier_label: Option<String>,
    kind_label: Option<String>,
    tiers: Vec<RawTier>,
    rounds: Vec<RawRound>,
}

/// One rating round: which unit holds which tier from that year on.
#[derive(Debug, Clone)]
pub struct Round {
    /// The year of the round.
    pub year: i32,
    /// Title, e.g. 2024年度支撑单位名单.
    pub title: String,
    /// Announcement date.
    pub announced: Option<DateSpec>,
    /// Unit ids by tier (in the roster's tier order), in file order within a tier. Every
    /// unit exists and appears once in the round.
    pub tiers: Vec<Vec<UnitId>>,
}

impl Round {
    /// Every unit of the round with the place of its tier (0 for the highest).
    pub fn units(&self) -> impl Iterator<Item = (usize, &UnitId)> {
        self.tiers
            .iter()
            .enumerate()
            .flat_map(|(rank, ids)| ids.iter().map(move |id| (rank, id)))
    }

    /// How many units the round lists.
    pub fn total(&self) -> usize {
        self.tiers.iter().map(Vec::len).sum()
    }
}

/// A roster, validated: references are checked against the units and kinds.
#[derive(Debug, Clone)]
pub struct Roster {
    /// Its key: the file name under `data/rosters/`, or `roster` for `data/ratings.yaml`.
    pub id: Key,
    /// The file it came from, for messages.
    pub file: String,
    /// Its name (支撑单位名单); rounds are titled `<year>年度<title>` unless they say.
    pub title: String,
    /// Its order within a tier, when not the site's `roster_order`.
    pub order: Option<RosterOrder>,
    /// The kinds of unit it lists (keys of `data/units.yaml`'s kinds).
    pub kinds: Vec<Key>,
    /// What its tiers are called in column headings (等级, 星级).
    pub tier_label: String,
    /// What its kinds are called in column headings (单位类型).
    pub kind_label: String,
    /// Tiers, the highest first.
    pub tiers: Registry<Tier>,
    /// Rounds, oldest first.
    pub rounds: Vec<Round>,
}

impl Keyed for Roster {
    fn key(&self) -> &Key {
        &self.id
    }
}

impl Roster {
    /// The newest round.
    pub fn current(&self) -> Option<&Round> {
        self.rounds.last()
    }

    /// The round of `year`.
    pub fn round(&self, year: i32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.year == year)
    }

    /// The mark of the tier at `rank` (0 for the highest): as many stars or symbols as its
    /// place from the bottom, or nothing.
    pub fn symbols(&self, rank: usize) -> String {
        let count = self.tiers.len().saturating_sub(rank);
        match self.tiers.at(rank).map(|t| &t.display) {
            Some(Display::Stars) => "★".repeat(count),
            Some(Display::Symbol(symbol)) => symbol.repeat(count),
            _ => String::new(),
        }
    }
}

/// What validating a roster file needs besides the file.
pub(super) struct Known<'a> {
    /// The interface text of the site's language, for what the data leaves unnamed.
    pub ui: &'a crate::lang::Strings,
    /// The units, when `data/units.yaml` loaded (else references are not checked).
    pub units: Option<&'a Units>,
    /// The kinds of unit, when `data/units.yaml` loaded (else kinds are not checked).
    pub kinds: Option<&'a Kinds>,
}

/// Validates one roster file, `file` being its path for messages and `id` its key. A tier
/// with no units in the current round is a warning, at the round.
pub(super) fn validate(
    raw: RosterFile,
    id: Key,
    file: &str,
    (spans, text): (&Spans, &str),
    known: &Known<'_>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Roster {
    let at = |path: &str| spans.locate(path, text);
    let tiers = tiers(raw.tiers, file, &at, errors);
    let kinds = match (raw.kinds, known.kinds) {
        (Some(keys), Some(kinds)) => {
            for (i, key) in keys.iter().enumerate() {
                if kinds.get(key).is_none() {
                    let at = at(&format!("kinds.{i}"));
                    errors.push(kinds.unknown(key, "kind of unit", file, at));
                }
            }
            keys
        }
        (Some(keys), None) => keys,
        (None, kinds) => kinds.into_iter().flatten().map(|k| k.key.clone()).collect(),
    };
    let title = raw
        .title
        .unwrap_or_else(|| known.ui.text("roster.title").to_string());
    let mut rounds: Vec<Round> = Vec::new();
    // Where each round is written, by year, to locate the current round's empty tiers.
    let mut written: HashMap<i32, (usize, Vec<Key>)> = HashMap::new();
    // A unit's kind is reported once per roster, at its first round.
    let mut reported: std::collections::HashSet<UnitId> = std::collections::HashSet::new();
    for (r, raw_round) in raw.rounds.into_iter().enumerate() {
        let base = format!("rounds.{r}");
        if !(1990..=2200).contains(&raw_round.year) {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("{} is not a plausible round year", raw_round.year),
                )
                .at_opt(at(&format!("{base}.year"))),
            );
        }
        if rounds.iter().any(|x| x.year == raw_round.year) {
            errors.push(
                Diagnostic::error(file, format!("there are two rounds for {}", raw_round.year))
                    .at_opt(at(&format!("{base}.year")))
                    .hint("each year has one round; merge them"),
            );
            continue;
        }
        let mut by_tier = vec![Vec::new(); tiers.len()];
        let mut seen: HashMap<&UnitId, &Key> = HashMap::new();
        for (key, ids) in &raw_round.tiers {
            let Some((rank, _)) = tiers.find(key) else {
                let at = at(&format!("{base}.tiers.{key}"));
                errors.push(tiers.unknown(key, "tier", file, at));
                continue;
            };
            for (i, id) in ids.iter().enumerate() {
                // Located only when reported: locating scans the file.
                let at = || at(&format!("{base}.tiers.{key}.{i}"));
                if let Some(e) = check_unit(id, raw_round.year, &kinds, known, file, at) {
                    if reported.insert(id.clone()) {
                        errors.push(e);
                    }
                    continue;
                }
                if let Some(previous) = seen.insert(id, key) {
                    let message = if previous == key {
                        format!(
                            "unit `{id}` is listed twice in tier `{key}` of {}",
                            raw_round.year
                        )
                    } else {
                        format!(
                            "unit `{id}` is in two tiers of round {}: `{previous}` and `{key}`",
                            raw_round.year
                        )
                    };
                    errors.push(
                        Diagnostic::error(file, message)
                            .at_opt(at())
                            .hint("a unit holds one tier per round"),
                    );
                    continue;
                }
                by_tier[rank].push(id.clone());
            }
        }
        written.insert(
            raw_round.year,
            (r, raw_round.tiers.keys().cloned().collect()),
        );
        rounds.push(Round {
            year: raw_round.year,
            title: raw_round.title.unwrap_or_else(|| {
                known.ui.fill(
                    "roster.round_title",
                    &[("year", &raw_round.year), ("title", &title)],
                )
            }),
            announced: raw_round.announced,
            tiers: by_tier,
        });
    }
    rounds.sort_by_key(|r| r.year);
    if let Some(current) = rounds.last()
        && let Some((r, keys)) = written.get(&current.year)
    {
        for (rank, tier) in tiers.iter().enumerate() {
            if !current.tiers[rank].is_empty() {
                continue;
            }
            let path = if keys.contains(&tier.key) {
                format!("rounds.{r}.tiers.{}", tier.key)
            } else {
                format!("rounds.{r}.tiers")
            };
            let message = format!(
                "tier `{}` ({}) has no units in the current round, {}",
                tier.key, tier.name, current.year
            );
            warnings.push(Diagnostic::warning(file, message).at_opt(at(&path)).hint(
                "the roster page shows the tier empty; list its units, or check the round's tier keys",
            ));
        }
    }
    Roster {
        id,
        file: file.to_string(),
        title,
        order: raw.order,
        kinds,
        tier_label: raw
            .tier_label
            .unwrap_or_else(|| known.ui.text("roster.tier_label").to_string()),
        kind_label: raw
            .kind_label
            .unwrap_or_else(|| known.ui.text("roster.kind_label").to_string()),
        tiers,
        rounds,
    }
}

/// The tier definitions, each key once; the layout of before tiers were data is refused
/// with the line to write instead.
fn tiers(
    raw: Vec<RawTier>,
    file: &str,
    at: &dyn Fn(&str) -> Option<crate::diagnostics::Location>,
    errors: &mut Vec<Diagnostic>,
) -> Registry<Tier> {
    let mut list = Vec::new();
    for (i, tier) in raw.into_iter().enumerate() {
        if let Some(stars) = tier.stars {
            let short = ["一星", "二星", "三星", "四星", "五星"]
                .get(usize::try_from(stars - 1).unwrap_or(9))
                .copied()
                .unwrap_or("…");
            errors.push(
                Diagnostic::error(file, "tiers are keyed data now: `stars:` is no longer a tier field")
                    .at_opt(at(&format!("tiers.{i}.stars")))
                    .hint(format!(
                        "write `- {{ key: {stars}, name: {}, short: {short}, display: stars }}` and keep the rounds' `{stars}:` keys",
                        tier.name
                    )),
            );
            // Keep the tier under its old number, so its rounds are not reported too.
            if let Ok(key) = Key::try_from(stars.to_string()) {
                list.push(Tier {
                    key,
                    name: tier.name,
                    short: short.to_string(),
                    display: Display::Stars,
                    description: tier.description,
                });
            }
            continue;
        }
        let Some(key) = tier.key else {
            errors.push(
                Diagnostic::error(file, "a tier needs a `key:`")
                    .at_opt(at(&format!("tiers.{i}")))
                    .hint("rounds name tiers by key, e.g. `key: A` or `key: 3`"),
            );
            continue;
        };
        let display = match tier.display {
            None => Display::None,
            Some(RawDisplay::Word(w)) if w == "stars" => Display::Stars,
            Some(RawDisplay::Word(w)) if w == "none" => Display::None,
            Some(RawDisplay::Symbol { symbol }) if !symbol.trim().is_empty() => {
                Display::Symbol(symbol)
            }
            Some(_) => {
                errors.push(
                    Diagnostic::error(
                        file,
                        "a tier's `display` is `stars`, `none` or `{ symbol: … }`",
                    )
                    .at_opt(at(&format!("tiers.{i}.display"))),
                );
                Display::None
            }
        };
        let short = tier.short.unwrap_or_else(|| tier.name.clone());
        list.push(Tier {
            key,
            name: tier.name,
            short,
            display,
            description: tier.description,
        });
    }
    Registry::new(
        list,
        file,
        "tier",
        |i| at(&format!("tiers.{i}.key")),
        errors,
    )
}

/// The error for unit `id` in a round of `year`, if it is unknown or of a kind the roster
/// does not list.
fn check_unit(
    id: &UnitId,
    year: i32,
    kinds: &[Key],
    known: &Known<'_>,
    file: &str,
    at: impl Fn() -> Option<crate::diagnostics::Location>,
) -> Option<Diagnostic> {
    let units = known.units?;
    let Some(unit) = units.get(id) else {
        let d =
            Diagnostic::error(file, format!("round {year} names unknown unit `{id}`")).at_opt(at());
        return Some(match units.suggest(id.as_str()) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None => d.hint("add the unit to data/units.yaml or fix the id"),
        });
    };
    match &unit.kind {
        Some(kind) if !kinds.is_empty() && !kinds.contains(kind) => Some(
            Diagnostic::error(
                file,
                format!("unit `{id}` is of kind `{kind}`, which this roster does not list"),
            )
            .at_opt(at())
            .hint(format!("the roster's kinds are: {}", keys(kinds))),
        ),
        None if !kinds.is_empty() => Some(
            Diagnostic::error(file, format!("unit `{id}` has no `kind`"))
                .at_opt(at())
                .hint(format!("give it one of: {}", keys(kinds))),
        ),
        _ => None,
    }
}

fn keys(keys: &[Key]) -> String {
    keys.iter().map(Key::as_str).collect::<Vec<_>>().join(", ")
}
