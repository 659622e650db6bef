//! `data/ratings.yaml`: the star tiers and the rating rounds by year.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::units::Units;
use crate::diagnostics::Diagnostic;
use crate::time::DateSpec;
use crate::values::{Stars, UnitId};
use crate::yaml::Spans;

const FILE: &str = "data/ratings.yaml";

/// A star tier's definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    /// 1 to 3.
    pub stars: Stars,
    /// e.g. 三星支撑单位.
    pub name: String,
    /// What the tier means.
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRound {
    year: i32,
    title: Option<String>,
    announced: Option<DateSpec>,
    tiers: BTreeMap<Stars, Vec<UnitId>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RatingsFile {
    tiers: Vec<TierDef>,
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
    /// Units by tier, in file order within a tier. Every unit exists and appears once.
    pub tiers: BTreeMap<Stars, Vec<UnitId>>,
}

/// Tiers and rounds, validated. References are checked against `units` when it is known.
#[derive(Debug, Clone)]
pub struct Ratings {
    /// Tier definitions, three stars first.
    pub tiers: Vec<TierDef>,
    /// Rounds, oldest first.
    pub rounds: Vec<Round>,
}

impl Ratings {
    /// The newest round.
    pub fn current(&self) -> Option<&Round> {
        self.rounds.last()
    }

    /// The round of `year`.
    pub fn round(&self, year: i32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.year == year)
    }

    /// The definition of a tier (always present after validation).
    pub fn tier(&self, stars: Stars) -> Option<&TierDef> {
        self.tiers.iter().find(|t| t.stars == stars)
    }
}

pub(super) fn validate(
    file: RatingsFile,
    spans: &Spans,
    text: &str,
    units: Option<&Units>,
    errors: &mut Vec<Diagnostic>,
) -> Ratings {
    let mut tiers: Vec<TierDef> = Vec::new();
    for (i, tier) in file.tiers.into_iter().enumerate() {
        if tiers.iter().any(|t| t.stars == tier.stars) {
            errors.push(
                Diagnostic::error(
                    FILE,
                    format!("the {}-star tier is defined twice", tier.stars.get()),
                )
                .at_opt(spans.locate(&format!("tiers.{i}.stars"), text)),
            );
            continue;
        }
        tiers.push(tier);
    }
    tiers.sort_by_key(|t| std::cmp::Reverse(t.stars));

    let mut rounds: Vec<Round> = Vec::new();
    for (r, raw) in file.rounds.into_iter().enumerate() {
        let round_path = format!("rounds.{r}");
        if !(1990..=2200).contains(&raw.year) {
            errors.push(
                Diagnostic::error(FILE, format!("{} is not a plausible round year", raw.year))
                    .at_opt(spans.locate(&format!("{round_path}.year"), text)),
            );
        }
        if rounds.iter().any(|x| x.year == raw.year) {
            errors.push(
                Diagnostic::error(FILE, format!("there are two rounds for {}", raw.year))
                    .at_opt(spans.locate(&format!("{round_path}.year"), text))
                    .hint("each year has one round; merge them"),
            );
            continue;
        }
        let mut seen: HashMap<&UnitId, Stars> = HashMap::new();
        for (stars, ids) in &raw.tiers {
            if !tiers.iter().any(|t| t.stars == *stars) {
                errors.push(
                    Diagnostic::error(
                        FILE,
                        format!(
                            "the {}-star tier is used but not defined under `tiers`",
                            stars.get()
                        ),
                    )
                    .at_opt(spans.locate(&format!("{round_path}.tiers.{}", stars.get()), text)),
                );
            }
            for (i, id) in ids.iter().enumerate() {
                // Located only when reported: locating scans the file.
                let at = || spans.locate(&format!("{round_path}.tiers.{}.{i}", stars.get()), text);
                if let Some(units) = units
                    && units.get(id).is_none()
                {
                    let mut d = Diagnostic::error(
                        FILE,
                        format!("round {} names unknown unit `{id}`", raw.year),
                    )
                    .at_opt(at());
                    d = match units.suggest(id.as_str()) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint("add the unit to data/units.yaml or fix the id"),
                    };
                    errors.push(d);
                    continue;
                }
                if let Some(previous) = seen.insert(id, *stars) {
                    let message = if previous == *stars {
                        format!(
                            "unit `{id}` is listed twice in the {}-star tier of {}",
                            stars.get(),
                            raw.year
                        )
                    } else {
                        format!(
                            "unit `{id}` is in two tiers of round {}: {} and {} stars",
                            raw.year,
                            previous.get(),
                            stars.get()
                        )
                    };
                    errors.push(
                        Diagnostic::error(FILE, message)
                            .at_opt(at())
                            .hint("a unit holds one tier per round"),
                    );
                }
            }
        }
        rounds.push(Round {
            year: raw.year,
            title: raw
                .title
                .unwrap_or_else(|| format!("{}年度支撑单位名单", raw.year)),
            announced: raw.announced,
            tiers: raw.tiers,
        });
    }
    rounds.sort_by_key(|r| r.year);
    Ratings { tiers, rounds }
}
