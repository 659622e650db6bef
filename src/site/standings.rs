//! Standings: which tier each unit holds in each round of a roster, and each unit's
//! history across rounds. Computed once per model and shared by the roster pages, the
//! search index and `check`.

use std::collections::HashMap;

use crate::data::{Roster, UnitId};

/// Every round's tier of every unit of one roster, oldest round first. A tier is named by
/// its rank: its place in the roster's tiers, 0 for the highest.
#[derive(Debug, Clone, Default)]
pub struct Standings {
    rounds: Vec<(i32, HashMap<UnitId, usize>)>,
    history: HashMap<UnitId, Vec<(i32, usize)>>,
}

impl Standings {
    /// Indexes every round of `roster`.
    pub fn new(roster: &Roster) -> Self {
        let mut standings = Standings::default();
        for round in &roster.rounds {
            let mut tiers = HashMap::new();
            for (rank, id) in round.units() {
                tiers.insert(id.clone(), rank);
                standings
                    .history
                    .entry(id.clone())
                    .or_default()
                    .push((round.year, rank));
            }
            standings.rounds.push((round.year, tiers));
        }
        standings
    }

    /// The round before `year`, with each unit's tier rank in it.
    pub fn previous(&self, year: i32) -> Option<(i32, &HashMap<UnitId, usize>)> {
        let index = self.rounds.iter().position(|(y, _)| *y == year)?;
        let (year, tiers) = self.rounds.get(index.checked_sub(1)?)?;
        Some((*year, tiers))
    }

    /// The tier rank of `id` in each round it is in, oldest first.
    pub fn history(&self, id: &UnitId) -> &[(i32, usize)] {
        self.history.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether `id` is in some round.
    pub fn is_listed(&self, id: &UnitId) -> bool {
        self.history.contains_key(id)
    }

    /// How many units are in some round.
    pub fn listed_count(&self) -> usize {
        self.history.len()
    }
}
