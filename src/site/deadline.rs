//! Deadlines and where a call stands against one fixed "now".

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};

use crate::time::{DateSpec, DayBoundary};

/// Where a call stands: not open yet, open, closing soon, closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineStatus {
    /// Applications are not open yet (a call whose `opens` is still to come).
    Upcoming,
    /// More than seven days left.
    Open,
    /// Seven days or less left.
    Closing,
    /// Past.
    Closed,
}

impl DeadlineStatus {
    /// The days before a deadline from which it counts as closing soon.
    pub const CLOSING_DAYS: i64 = 7;

    /// The status of `deadline` at `now`.
    pub fn at(deadline: &Zoned, now: &Zoned) -> Self {
        if now > deadline {
            DeadlineStatus::Closed
        } else if deadline.duration_since(now)
            <= SignedDuration::from_hours(24 * Self::CLOSING_DAYS)
        {
            DeadlineStatus::Closing
        } else {
            DeadlineStatus::Open
        }
    }
}

/// A deadline: when it falls, and whether the editor gave a time of day (a date alone means
/// the end of that day, 23:59:59, and is shown without a time); for a call, also when
/// applications open, when that is later than the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The instant.
    pub at: Zoned,
    /// Whether a time of day was given (`2026-12-05 17:00`).
    pub timed: bool,
    /// When applications open, if not at once.
    pub opens: Option<Zoned>,
}

impl Deadline {
    /// The deadline `spec` names in `tz`.
    pub fn resolve(spec: &DateSpec, tz: &TimeZone) -> Self {
        Deadline {
            at: spec.resolve(tz, DayBoundary::End),
            timed: spec.has_time(),
            opens: None,
        }
    }

    /// The deadline of a call that opens at `opens` (the start of that day for a date).
    pub fn opening(self, opens: Option<&DateSpec>, tz: &TimeZone) -> Self {
        Deadline {
            opens: opens.map(|o| o.resolve(tz, DayBoundary::Start)),
            ..self
        }
    }

    /// The deadline as pages show it in the language of `ui`: its date, and its time of
    /// day when one was given (2025年8月31日, 2026年12月5日 17:00).
    pub fn shown(&self, ui: &crate::lang::Strings) -> String {
        if self.timed {
            ui.date_time(&self.at)
        } else {
            ui.date(&self.at)
        }
    }

    /// Its status at `now`.
    pub fn status(&self, now: &Zoned) -> DeadlineStatus {
        match &self.opens {
            Some(opens) if now < opens => DeadlineStatus::Upcoming,
            _ => DeadlineStatus::at(&self.at, now),
        }
    }
}
