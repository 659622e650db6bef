//! Standings: which tier each unit holds in each round of the roster, and each unit's
//! history across rounds. Computed once per model and shared by the roster pages, the
//! search index and `check`.

use std::collections::HashMap;

use crate::data::{Ratings, Stars, UnitId};

/// Every round's tier of every unit, oldest round first.
#[derive(Debug, Clone, Default)]
pub struct Standings {
    rounds: Vec<(i32, HashMap<UnitId, Stars>)>,
    history: HashMap<UnitId, Vec<(i32, Stars)>>,
}

impl Standings {
    /// Indexes every round of `ratings` (none without a roster).
    pub fn new(ratings: Option<&Ratings>) -> Self {
        let mut standings = Standings::default();
        for round in ratings.map_or(&[][..], |r| &r.rounds[..]) {
            let mut tiers = HashMap::new();
            for (stars, ids) in &round.tiers {
                for id in ids {
                    tiers.insert(id.clone(), *stars);
                    standings
                        .history
                        .entry(id.clone())
                        .or_default()
                        .push((round.year, *stars));
                }
            }
            standings.rounds.push((round.year, tiers));
        }
        standings
    }

    /// The round before `year`, with its tiers.
    pub fn previous(&self, year: i32) -> Option<(i32, &HashMap<UnitId, Stars>)> {
        let index = self.rounds.iter().position(|(y, _)| *y == year)?;
        let (year, tiers) = self.rounds.get(index.checked_sub(1)?)?;
        Some((*year, tiers))
    }

    /// The tier of `id` in each round it is in, oldest first.
    pub fn history(&self, id: &UnitId) -> &[(i32, Stars)] {
        self.history.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether `id` is in some round (only such units are published).
    pub fn is_listed(&self, id: &UnitId) -> bool {
        self.history.contains_key(id)
    }

    /// How many units are in some round.
    pub fn listed_count(&self) -> usize {
        self.history.len()
    }
}
