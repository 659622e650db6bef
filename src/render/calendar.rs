//! Calendar files for deadlines (iCalendar, RFC 5545), written with the content-line
//! rules of [`super::lines`].
//!
//! Nothing here reads the clock: a notice's DTSTAMP is its publication (or update) time,
//! and UIDs are made from the host and the notice's URL, so two builds are byte-identical
//! and a calendar that imported an event recognises it again.

use jiff::Zoned;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::lines::Lines;
use super::views::permalink;
use crate::site::{Entry, Site};

/// The iCalendar file of `entry`'s deadline: one all-day event on the deadline date when the
/// deadline is a date, or an event at the deadline's time (with the site's VTIMEZONE when
/// that zone keeps one offset all year, in UTC otherwise). Empty without a deadline.
pub fn ics(site: &Site, entry: &Entry) -> String {
    let (Some(deadline), Some(date)) = (&entry.deadline, &entry.date) else {
        return String::new();
    };
    let front = &entry.doc.front;
    let url = permalink(site, entry.route.url_path());
    let host = site.config.base_url.host_str().unwrap_or("localhost");
    let uid_path = url
        .strip_prefix(site.config.base_url.as_str())
        .unwrap_or(&url);
    let stamp = entry.updated.as_ref().unwrap_or(date);
    let ui = &entry.language.ui;
    let summary = ui.fill("calendar.summary", &[("title", &front.title)]);
    let mut description = String::new();
    if let Some(d) = &front.description {
        description.push_str(d);
        description.push('\n');
    }
    description.push_str(&ui.fill("calendar.details", &[("url", &url)]));

    let mut out = Lines::default();
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw("PRODID:-//bulletin//bulletin//ZH");
    out.raw("CALSCALE:GREGORIAN");
    out.raw("METHOD:PUBLISH");
    let timed = deadline.timed;
    let deadline = &deadline.at;
    let tz = &site.config.timezone;
    let zone = if timed {
        fixed_offset(tz, deadline).map(|(offset, abbreviation)| {
            out.raw("BEGIN:VTIMEZONE");
            out.text("TZID", &site.config.timezone_name);
            out.raw("BEGIN:STANDARD");
            out.raw("DTSTART:19700101T000000");
            out.raw(&format!("TZOFFSETFROM:{offset}"));
            out.raw(&format!("TZOFFSETTO:{offset}"));
            out.text("TZNAME", &abbreviation);
            out.raw("END:STANDARD");
            out.raw("END:VTIMEZONE");
        })
    } else {
        None
    };
    out.raw("BEGIN:VEVENT");
    out.text(
        "UID",
        &format!(
            "deadline-{}@{host}",
            uid_path.trim_end_matches('/').replace('/', "-")
        ),
    );
    out.raw(&format!("DTSTAMP:{}", utc(stamp)));
    if timed {
        match zone {
            Some(()) => out.raw(&format!(
                "DTSTART;TZID={}:{}",
                param(&site.config.timezone_name),
                deadline.strftime("%Y%m%dT%H%M%S")
            )),
            None => out.raw(&format!("DTSTART:{}", utc(deadline))),
        }
    } else {
        let day = deadline.date();
        out.raw(&format!("DTSTART;VALUE=DATE:{}", basic_date(day)));
        let next = day.tomorrow().unwrap_or(day);
        out.raw(&format!("DTEND;VALUE=DATE:{}", basic_date(next)));
    }
    out.text("SUMMARY", &summary);
    out.text("DESCRIPTION", &description);
    out.raw(&format!("URL:{url}"));
    out.raw("TRANSP:TRANSPARENT");
    out.raw("BEGIN:VALARM");
    out.raw("ACTION:DISPLAY");
    out.text("DESCRIPTION", &summary);
    out.raw("TRIGGER:-P1D");
    out.raw("END:VALARM");
    out.raw("END:VEVENT");
    out.raw("END:VCALENDAR");
    out.finish()
}

/// A parameter value, quoted when it holds `:`, `;` or `,`.
fn param(value: &str) -> String {
    if value.contains([':', ';', ',']) {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_string()
    }
}

fn utc(z: &Zoned) -> String {
    z.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn basic_date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

/// `(+0800, CST)` when `tz` has one offset throughout the year of `at`.
fn fixed_offset(tz: &TimeZone, at: &Zoned) -> Option<(String, String)> {
    let offset = tz.to_offset(at.timestamp());
    let same = [1, 7].iter().all(|month| {
        Date::new(at.year(), *month, 1)
            .ok()
            .and_then(|d| d.to_zoned(tz.clone()).ok())
            .is_some_and(|z| tz.to_offset(z.timestamp()) == offset)
    });
    if !same {
        return None;
    }
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    let abbreviation = tz.to_offset_info(at.timestamp()).abbreviation().to_string();
    Some((
        format!("{sign}{:02}{:02}", minutes / 60, minutes % 60),
        abbreviation,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_keeps_one_offset() {
        let tz = crate::time::time_zone("Asia/Shanghai").unwrap();
        let at = Date::new(2025, 8, 31)
            .unwrap()
            .to_zoned(tz.clone())
            .unwrap();
        assert_eq!(fixed_offset(&tz, &at), Some(("+0800".into(), "CST".into())));
        let berlin = crate::time::time_zone("Europe/Berlin").unwrap();
        let at = Date::new(2025, 8, 31)
            .unwrap()
            .to_zoned(berlin.clone())
            .unwrap();
        assert_eq!(fixed_offset(&berlin, &at), None);
    }
}
