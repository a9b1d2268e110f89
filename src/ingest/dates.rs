//! Publication dates as sources write them: ISO 8601 / RFC 3339, "2025-02-13
//! 06:16:10", "February 12, 2025 5:34 PM ET", "Feb. 12, 2025", "12 February
//! 2025".

use std::sync::OnceLock;

use jiff::civil::{Date, DateTime, Time};
use regex::Regex;

use crate::document::Published;
use crate::lexicon::Lexicon;

fn iso_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$",
        )
        .expect("valid regex")
    })
}

/// Month names and their abbreviations, as a regex alternation (the
/// claims' date reader uses it too).
pub(crate) const MONTHS: &str = r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?";

fn month_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?ix)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
            (?:(?P<m1>(?:{MONTHS}))\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
              |(?P<d2>\d{{1,2}})\s+(?P<m2>(?:{MONTHS}))\s+(?P<y2>\d{{4}}))
            (?:\s*(?:[·•|,@-]|at)?\s*(?P<h>\d{{1,2}})[:.](?P<min>\d{{2}})\s*(?P<ap>[ap]\.?m\.?)?
               (?:\s*(?P<tz>[A-Za-z]{{2,4}}))?)?$"
        ))
        .expect("valid regex")
    })
}

/// A dateline on a page: "UPDATED FEBRUARY 12, 2025 · 5:34 PM ET", with
/// any trailing icon characters.
fn dateline_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^(?:(?:updated|published|posted|last updated|first published)(?:\s+on)?:?\s+)?(?P<rest>.+?)[\s\p{So}\p{Sm}\p{Pd}]*$")
            .expect("valid regex")
    })
}

/// The month (1–12) a name or abbreviation stands for: "Feb", "Sept.",
/// "February".
pub fn month_number(m: &str) -> Option<i8> {
    let key: String = m.chars().take(3).flat_map(char::to_lowercase).collect();
    Some(match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    })
}

fn parse_offset(s: &str) -> Option<jiff::tz::Offset> {
    match s {
        "Z" | "z" | "UTC" | "GMT" => return Some(jiff::tz::Offset::UTC),
        _ => {}
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(char::is_ascii_digit).collect();
    let h: i32 = digits.get(..2)?.parse().ok()?;
    let m: i32 = digits.get(2..4).map_or(Some(0), |d| d.parse().ok())?;
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// Parses a date or date-time as front matter, records and HTML metadata
/// write it.
pub fn parse_date(s: &str, lex: &Lexicon) -> Option<Published> {
    let s = s.trim().trim_matches('"');
    if let Some(c) = iso_re().captures(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let date = Date::new(n(1)? as i16, n(2)? as i8, n(3)? as i8).ok()?;
        let time = match n(4) {
            Some(h) => Some(Time::new(h as i8, n(5)? as i8, n(6).unwrap_or(0) as i8, 0).ok()?),
            None => None,
        };
        let offset = c.get(7).and_then(|m| parse_offset(m.as_str()));
        return Some(Published { date, time, offset });
    }
    parse_month_form(s, lex)
}

fn parse_month_form(s: &str, lex: &Lexicon) -> Option<Published> {
    let c = month_re().captures(s)?;
    let (m, d, y) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m, c.name("d1")?, c.name("y1")?),
        (None, Some(m)) => (m, c.name("d2")?, c.name("y2")?),
        _ => return None,
    };
    let date = Date::new(
        y.as_str().parse().ok()?,
        month_number(m.as_str())?,
        d.as_str().parse().ok()?,
    )
    .ok()?;
    let mut time = None;
    let mut offset = None;
    if let (Some(h), Some(min)) = (c.name("h"), c.name("min")) {
        let mut hour: i8 = h.as_str().parse().ok()?;
        if let Some(ap) = c.name("ap") {
            let pm = ap.as_str().to_ascii_lowercase().starts_with('p');
            if hour == 12 {
                hour = 0;
            }
            if pm {
                hour += 12;
            }
        }
        let t = Time::new(hour, min.as_str().parse().ok()?, 0, 0).ok()?;
        time = Some(t);
        if let Some(tz) = c
            .name("tz")
            .and_then(|z| lex.zones.get(&z.as_str().to_ascii_uppercase()))
        {
            let dt = DateTime::from_parts(date, t);
            offset = dt.to_zoned(tz.clone()).ok().map(|z| z.offset());
        }
    }
    Some(Published { date, time, offset })
}

/// A whole line that is only a dateline ("UPDATED FEBRUARY 12, 2025 · 5:34
/// PM ET"), parsed.
pub fn parse_dateline(line: &str, lex: &Lexicon) -> Option<Published> {
    if line.len() > 80 {
        return None;
    }
    let c = dateline_re().captures(line.trim())?;
    parse_month_form(c.name("rest")?.as_str().trim(), lex).or_else(|| {
        let rest = c.name("rest")?.as_str().trim();
        iso_re().is_match(rest).then(|| parse_date(rest, lex)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_date(s, Lexicon::builtin()).map(|d| d.to_string())
    }

    #[test]
    fn formats() {
        assert_eq!(p("2025-02-13 06:16:10").as_deref(), Some("2025-02-13T06:16:10"));
        assert_eq!(p("2025-02-13").as_deref(), Some("2025-02-13"));
        assert_eq!(
            p("2025-02-13T06:16:10+02:00").as_deref(),
            Some("2025-02-13T06:16:10+02:00")
        );
        assert_eq!(
            p("2025-02-13T06:16:10.123Z").as_deref(),
            Some("2025-02-13T06:16:10+00:00")
        );
        assert_eq!(p("Feb. 12, 2025").as_deref(), Some("2025-02-12"));
        assert_eq!(p("12 February 2025").as_deref(), Some("2025-02-12"));
        assert_eq!(
            p("Wednesday, February 12, 2025 5:34 PM ET").as_deref(),
            Some("2025-02-12T17:34:00-05:00")
        );
        assert_eq!(p("2025-02-30"), None);
        assert_eq!(p("soon"), None);
    }

    #[test]
    fn datelines() {
        let lex = Lexicon::builtin();
        let d = parse_dateline("UPDATED FEBRUARY 12, 2025 · 5:34 PM ET ⓘ", lex).unwrap();
        assert_eq!(d.to_string(), "2025-02-12T17:34:00-05:00");
        let d = parse_dateline("Published July 4, 2025 at 9:05 a.m. EDT", lex).unwrap();
        assert_eq!(d.to_string(), "2025-07-04T09:05:00-04:00");
        assert!(parse_dateline("The talks began on February 12, 2025, in Riyadh.", lex).is_none());
    }
}
