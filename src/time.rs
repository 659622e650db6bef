//! Dates and times as editors write them, resolved in the site's time zone, and printed the
//! way Chinese readers expect (2025年8月31日).

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::Deserialize;

/// A date or date-time as written in front matter, data or `--now`.
///
/// Accepted forms: `2025-08-31`, `2025-01-22 10:51` (or with `T`, with seconds), and
/// RFC 3339 with an offset (`2025-01-22T10:51:00+08:00`). Impossible dates such as
/// `2025-02-30` are rejected when the value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum DateSpec {
    /// A calendar day in the site time zone.
    Day(Date),
    /// A wall-clock time in the site time zone.
    Local(DateTime),
    /// An exact instant (an offset was given).
    Instant(Timestamp),
}

/// Where a day without a time falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayBoundary {
    /// 00:00:00 (publication dates, scheduling).
    Start,
    /// 23:59:59 (deadlines: "截止时间 2025年8月31日" includes that day).
    End,
}

impl DateSpec {
    /// The instant this spec names, in `tz`.
    pub fn resolve(&self, tz: &TimeZone, boundary: DayBoundary) -> Zoned {
        let local = match *self {
            DateSpec::Instant(ts) => return ts.to_zoned(tz.clone()),
            DateSpec::Local(dt) => dt,
            DateSpec::Day(day) => day.to_datetime(match boundary {
                DayBoundary::Start => Time::midnight(),
                DayBoundary::End => Time::constant(23, 59, 59, 0),
            }),
        };
        // Ambiguous or skipped wall times resolve "compatibly", as RFC 5545 does; out of
        // range is impossible for years 1..=9999 that the parser accepts.
        local
            .to_zoned(tz.clone())
            .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned(tz.clone()))
    }

    /// Whether the spec carries a time of day.
    pub fn has_time(&self) -> bool {
        !matches!(self, DateSpec::Day(_))
    }
}

impl FromStr for DateSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let result = if text.contains('年') {
            chinese(text)
        } else {
            // `get`: byte 10 may fall inside a character.
            let has_offset = text.len() > 10
                && (text.ends_with('Z')
                    || text.ends_with('z')
                    || text.get(10..).is_some_and(|t| t.contains(['+', '-'])));
            if has_offset {
                text.parse::<Timestamp>().map(DateSpec::Instant)
            } else if text.len() <= 10 {
                text.parse::<Date>().map(DateSpec::Day)
            } else {
                text.parse::<DateTime>().map(DateSpec::Local)
            }
            .map_err(|e| e.to_string())
        };
        result.map_err(|reason| {
            // The parser's reasons may quote raw bytes (`got \xE5`): only plain ones are shown.
            let plain = reason.is_ascii() && !reason.contains("\\x");
            let reason = if plain { format!(" ({reason})") } else { String::new() };
            format!(
                "`{text}` is not a valid date{reason}; write `2025-08-31`, `2025-01-22 10:51`, `2025年8月31日`, `2025年8月31日 17:00` or RFC 3339 such as `2025-01-22T10:51:00+08:00`"
            )
        })
    }
}

/// Parses `2025年8月31日`, optionally followed by a time `17:00` or `17:00:30` (after a
/// space or not; a full-width colon `：` is accepted in the time).
fn chinese(text: &str) -> Result<DateSpec, String> {
    fn number(part: &str, what: &str) -> Result<i16, String> {
        let part = part.trim();
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("the {what} must be written in digits 0-9"));
        }
        part.parse()
            .map_err(|_| format!("the {what} is out of range"))
    }
    let (year, rest) = text.split_once('年').ok_or("no 年")?;
    let (month, rest) = rest.split_once('月').ok_or("the month must end in 月")?;
    let (day, time) = rest.split_once('日').ok_or("the day must end in 日")?;
    let date = Date::new(
        number(year, "year")?,
        i8::try_from(number(month, "month")?).map_err(|_| "the month is out of range")?,
        i8::try_from(number(day, "day")?).map_err(|_| "the day is out of range")?,
    )
    .map_err(|e| e.to_string())?;
    let time = time.trim().replace('：', ":");
    if time.is_empty() {
        return Ok(DateSpec::Day(date));
    }
    let time: Time = time
        .parse()
        .map_err(|_| format!("`{time}` is not a time of day such as 17:00"))?;
    Ok(DateSpec::Local(date.to_datetime(time)))
}

impl TryFrom<String> for DateSpec {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateSpec::Day(d) => write!(f, "{d}"),
            DateSpec::Local(dt) => write!(f, "{}", dt.strftime("%Y-%m-%d %H:%M")),
            DateSpec::Instant(ts) => write!(f, "{ts}"),
        }
    }
}

/// A calendar day alone, as written in front matter (`2025-01-22`, `2025年1月22日`): the
/// dates of a formal document (成文日期, 印发日期) name a day, so a time of day is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Day(Date);

impl Day {
    /// The start of the day in `tz` (for printing it in a language's date format).
    pub fn resolve(&self, tz: &TimeZone) -> Zoned {
        DateSpec::Day(self.0).resolve(tz, DayBoundary::Start)
    }
}

impl FromStr for Day {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.parse::<DateSpec>()? {
            DateSpec::Day(day) => Ok(Day(day)),
            _ => Err(format!(
                "`{}` is a date with a time of day; this date is a day alone: write `2025-01-22` or `2025年1月22日`",
                text.trim()
            )),
        }
    }
}

impl TryFrom<String> for Day {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// Looks up an IANA time zone (bundled database, so builds do not depend on the host).
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| format!("unknown time zone `{name}`"))
}

/// `2025年8月31日`.
pub fn chinese_date(z: &Zoned) -> String {
    format!("{}年{}月{}日", z.year(), z.month(), z.day())
}

/// `2025-01-22 10:51`, the date-time shown in notice metadata.
pub fn short_datetime(z: &Zoned) -> String {
    z.strftime("%Y-%m-%d %H:%M").to_string()
}

/// RFC 3339 with the zone's offset: `2025-01-22T10:51:00+08:00`.
pub fn rfc3339(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates_parse() {
        let day: DateSpec = "2027年1月15日".parse().unwrap();
        assert_eq!(day, "2027-01-15".parse().unwrap());
        let timed: DateSpec = "2027年1月15日 17:00".parse().unwrap();
        assert_eq!(timed, "2027-01-15 17:00".parse().unwrap());
        assert_eq!("2027年01月15日17：00".parse::<DateSpec>().unwrap(), timed);
        for bad in [
            "2025年2月30日",
            "2025年13月1日",
            "2025年8月31",
            "二〇二五年八月",
            "2025年8月31日 下午",
        ] {
            let message = bad.parse::<DateSpec>().unwrap_err();
            assert!(message.contains("2025年8月31日"), "{bad}: {message}");
        }
    }

    #[test]
    fn bad_dates_are_errors_without_raw_bytes() {
        for text in ["2025-08-3１日", "2025-01-22 １0:51", "2025/08/31"] {
            let message = text.parse::<DateSpec>().unwrap_err();
            assert!(!message.contains("\\x"), "{message}");
        }
    }

    fn shanghai() -> TimeZone {
        time_zone("Asia/Shanghai").unwrap()
    }

    #[test]
    fn parses_the_three_forms() {
        let tz = shanghai();
        let day: DateSpec = "2025-08-31".parse().unwrap();
        assert_eq!(
            rfc3339(&day.resolve(&tz, DayBoundary::End)),
            "2025-08-31T23:59:59+08:00"
        );
        assert_eq!(
            rfc3339(&day.resolve(&tz, DayBoundary::Start)),
            "2025-08-31T00:00:00+08:00"
        );
        let local: DateSpec = "2025-01-22 10:51".parse().unwrap();
        assert_eq!(
            short_datetime(&local.resolve(&tz, DayBoundary::Start)),
            "2025-01-22 10:51"
        );
        let local_t: DateSpec = "2025-01-22T10:51".parse().unwrap();
        assert_eq!(local, local_t);
        let instant: DateSpec = "2025-01-22T02:51:00Z".parse().unwrap();
        assert_eq!(
            short_datetime(&instant.resolve(&tz, DayBoundary::Start)),
            "2025-01-22 10:51"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!("2025-02-30".parse::<DateSpec>().is_err());
        assert!("2025-13-01 10:00".parse::<DateSpec>().is_err());
        assert!("yesterday".parse::<DateSpec>().is_err());
    }

    #[test]
    fn days_refuse_a_time_of_day() {
        let day: Day = "2025-01-02".parse().unwrap();
        assert_eq!(chinese_date(&day.resolve(&shanghai())), "2025年1月2日");
        assert_eq!("2025年1月2日".parse::<Day>().unwrap(), day);
        let message = "2025-01-02 10:00".parse::<Day>().unwrap_err();
        assert!(message.contains("time of day"), "{message}");
        assert!("2025-02-30".parse::<Day>().is_err());
    }

    #[test]
    fn formats_chinese_dates() {
        let z = "2025-08-31"
            .parse::<DateSpec>()
            .unwrap()
            .resolve(&shanghai(), DayBoundary::Start);
        assert_eq!(chinese_date(&z), "2025年8月31日");
    }
}
