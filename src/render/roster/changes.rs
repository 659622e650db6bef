//! How units move between rounds: each unit's change against the previous round, the units
//! that left, and a unit's tier in every round.

use std::collections::HashMap;

use serde::Serialize;

use crate::data::{Ratings, Round, Stars, UnitId};

/// Every round's tier of every unit, oldest round first.
pub(crate) struct Standings<'a> {
    rounds: Vec<(i32, HashMap<&'a UnitId, Stars>)>,
}

impl<'a> Standings<'a> {
    /// Indexes every round of `ratings`.
    pub(crate) fn new(ratings: &'a Ratings) -> Self {
        let rounds = ratings
            .rounds
            .iter()
            .map(|round| (round.year, tiers_of(round)))
            .collect();
        Standings { rounds }
    }

    /// The round before `year`, with its tiers.
    pub(crate) fn previous(&self, year: i32) -> Option<(i32, &HashMap<&'a UnitId, Stars>)> {
        let index = self.rounds.iter().position(|(y, _)| *y == year)?;
        let (year, tiers) = self.rounds.get(index.checked_sub(1)?)?;
        Some((*year, tiers))
    }

    /// The tier of `id` in each round it is in, oldest first.
    pub(crate) fn history(&self, id: &UnitId) -> Vec<(i32, Stars)> {
        self.rounds
            .iter()
            .filter_map(|(year, tiers)| tiers.get(id).map(|s| (*year, *s)))
            .collect()
    }
}

fn tiers_of(round: &Round) -> HashMap<&UnitId, Stars> {
    round
        .tiers
        .iter()
        .flat_map(|(stars, ids)| ids.iter().map(move |id| (id, *stars)))
        .collect()
}

/// A unit's change against the previous round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the previous round.
    New,
    /// More stars than in the previous round.
    Upgraded {
        /// The previous tier.
        from: Stars,
    },
    /// Fewer stars than in the previous round.
    Downgraded {
        /// The previous tier.
        from: Stars,
    },
    /// The same tier.
    Unchanged,
}

impl Change {
    /// The change of a unit now in `to`, given its tier in the previous round.
    pub fn of(previous: Option<Stars>, to: Stars) -> Change {
        match previous {
            None => Change::New,
            Some(from) if from < to => Change::Upgraded { from },
            Some(from) if from > to => Change::Downgraded { from },
            Some(_) => Change::Unchanged,
        }
    }

    /// The stable key used in templates, CSS classes and the JSON download.
    pub fn key(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Upgraded { .. } => "upgraded",
            Change::Downgraded { .. } => "downgraded",
            Change::Unchanged => "unchanged",
        }
    }

    /// The short Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "新入选",
            Change::Upgraded { .. } => "升级",
            Change::Downgraded { .. } => "降级",
            Change::Unchanged => "保持",
        }
    }

    /// The previous tier, when there was one.
    pub fn from(self) -> Option<Stars> {
        match self {
            Change::Upgraded { from } | Change::Downgraded { from } => Some(from),
            Change::New | Change::Unchanged => None,
        }
    }
}

/// What templates see of a change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub(super) kind: &'static str,
    pub(super) label: &'static str,
    pub(super) from: Option<u8>,
    to: u8,
    text: String,
}

impl ChangeView {
    /// The view of `change` into tier `to`, against the round of `previous_year`.
    pub fn new(change: Change, to: Stars, previous_year: i32) -> Self {
        let text = match change {
            Change::New => format!("{previous_year}年度名单中没有该单位，本轮新入选"),
            Change::Upgraded { from } => format!("由{}升为{}", from.chinese(), to.chinese()),
            Change::Downgraded { from } => format!("由{}降为{}", from.chinese(), to.chinese()),
            Change::Unchanged => format!("与{previous_year}年度相同，保持{}", to.chinese()),
        };
        ChangeView {
            kind: change.key(),
            label: change.label(),
            from: change.from().map(Stars::get),
            to: to.get(),
            text,
        }
    }
}

/// Counts of each change in a round.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ChangeSummary {
    /// 新入选.
    pub new: usize,
    /// 升级.
    pub upgraded: usize,
    /// 降级.
    pub downgraded: usize,
    /// 保持.
    pub unchanged: usize,
    /// Units of the previous round not in this one.
    pub left: usize,
}

impl ChangeSummary {
    /// Counts one change.
    pub fn add(&mut self, change: Change) {
        match change {
            Change::New => self.new += 1,
            Change::Upgraded { .. } => self.upgraded += 1,
            Change::Downgraded { .. } => self.downgraded += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_compare_stars() {
        let s = |n: i64| Stars::try_from(n).unwrap();
        assert_eq!(Change::of(None, s(2)), Change::New);
        assert_eq!(
            Change::of(Some(s(1)), s(3)),
            Change::Upgraded { from: s(1) }
        );
        assert_eq!(
            Change::of(Some(s(3)), s(2)),
            Change::Downgraded { from: s(3) }
        );
        assert_eq!(Change::of(Some(s(2)), s(2)), Change::Unchanged);
        assert_eq!(
            ChangeView::new(Change::Upgraded { from: s(1) }, s(3), 2023).text,
            "由一星升为三星"
        );
    }
}
