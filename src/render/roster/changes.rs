//! How units move between rounds: each unit's change against the previous round, as a
//! label and a sentence built from the tiers' short names (由二级升为一级, 由B降为C).

use serde::Serialize;

use crate::data::Roster;
use crate::lang::Strings;

/// A tier as changes and histories name it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TierRef<'a> {
    /// Its key.
    pub key: &'a str,
    /// Its short name (三星, 一级, A).
    pub short: &'a str,
    /// Its place, 1 for the highest.
    pub rank: usize,
}

impl<'a> TierRef<'a> {
    /// The tier at `rank` (0 for the highest) of `roster`.
    pub fn of(roster: &'a Roster, rank: usize) -> Self {
        let tier = roster.tiers.at(rank);
        TierRef {
            key: tier.map_or("", |t| t.key.as_str()),
            short: tier.map_or("", |t| t.short.as_str()),
            rank: rank + 1,
        }
    }
}

/// A unit's change against the previous round; tiers are ranks, 0 for the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the previous round.
    New,
    /// A higher tier than in the previous round.
    Upgraded {
        /// The previous tier.
        from: usize,
    },
    /// A lower tier than in the previous round.
    Downgraded {
        /// The previous tier.
        from: usize,
    },
    /// The same tier.
    Unchanged,
}

impl Change {
    /// The change of a unit now at rank `to`, given its rank in the previous round.
    pub fn of(previous: Option<usize>, to: usize) -> Change {
        match previous {
            None => Change::New,
            Some(from) if from > to => Change::Upgraded { from },
            Some(from) if from < to => Change::Downgraded { from },
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

    /// The short label, in the language of `ui`: 新入选, 升级, 降级, 保持.
    pub fn label(self, ui: &Strings) -> &str {
        ui.text(match self {
            Change::New => "change.new",
            Change::Upgraded { .. } => "change.upgraded",
            Change::Downgraded { .. } => "change.downgraded",
            Change::Unchanged => "change.unchanged",
        })
    }

    /// The previous tier, when there was one.
    pub fn from(self) -> Option<usize> {
        match self {
            Change::Upgraded { from } | Change::Downgraded { from } => Some(from),
            Change::New | Change::Unchanged => None,
        }
    }
}

/// What templates see of a change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView<'a> {
    pub(super) kind: &'static str,
    pub(super) label: &'a str,
    pub(super) from: Option<TierRef<'a>>,
    to: TierRef<'a>,
    text: String,
}

impl<'a> ChangeView<'a> {
    /// The view of `change` into the tier at rank `to` of `roster`, against the round of
    /// `previous_year`, in the language of `ui`.
    pub fn new(
        change: Change,
        roster: &'a Roster,
        to: usize,
        previous_year: i32,
        ui: &'a Strings,
    ) -> Self {
        let to = TierRef::of(roster, to);
        let from = change.from().map(|f| TierRef::of(roster, f));
        let year = &previous_year;
        let text = match (change, &from) {
            (Change::New, _) => ui.fill("change.new_text", &[("year", year)]),
            (Change::Upgraded { .. }, Some(from)) => ui.fill(
                "change.upgraded_text",
                &[("from", &from.short), ("to", &to.short)],
            ),
            (Change::Downgraded { .. }, Some(from)) => ui.fill(
                "change.downgraded_text",
                &[("from", &from.short), ("to", &to.short)],
            ),
            _ => ui.fill(
                "change.unchanged_text",
                &[("year", year), ("to", &to.short)],
            ),
        };
        ChangeView {
            kind: change.key(),
            label: change.label(ui),
            from,
            to,
            text,
        }
    }

    /// The change's key (`new`, `upgraded`, …).
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The previous tier, when there was one.
    pub fn from_tier(&self) -> Option<TierRef<'a>> {
        self.from
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
    fn changes_compare_ranks() {
        assert_eq!(Change::of(None, 1), Change::New);
        assert_eq!(Change::of(Some(2), 0), Change::Upgraded { from: 2 });
        assert_eq!(Change::of(Some(0), 1), Change::Downgraded { from: 0 });
        assert_eq!(Change::of(Some(1), 1), Change::Unchanged);
    }
}
