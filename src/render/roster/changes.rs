//! How units move between rounds: each unit's change against the previous round, as a
//! label and a sentence.

use serde::Serialize;

use crate::data::Stars;

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
