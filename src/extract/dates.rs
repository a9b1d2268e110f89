//! Dates in the article text, resolved against the publication date.
//!
//! Absolute dates in AP style and others ("Feb. 12, 2025", "Sept. 3",
//! "2025-02-12", "February 2022", "in 2022", "pre-2014"); weekdays, which
//! resolve to the latest such day on or before the publication date, or
//! the next one when the sentence speaks of the future; "today",
//! "yesterday", "tomorrow", "earlier in the day", "last week", "last
//! month", "last year". Without a publication date, relative dates stay
//! unresolved.

use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use regex::Regex;
use serde::Serialize;

use crate::document::Document;
use crate::ingest::dates::{MONTHS, month_number};
use crate::lexicon::Lexicon;
use crate::text::Span;

/// What kind of date this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateKind {
    /// A calendar day.
    Day,
    /// A month of a year.
    Month,
    Year,
    Weekday,
    /// Today, yesterday, earlier in the day.
    Relative,
    /// Last week, this week.
    Week,
}

/// A date in the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub plain: Span,
    pub src: Span,
    pub kind: DateKind,
    /// ISO 8601: "2025-02-13", "2025-02", "2025", "2025-W07"; `None` when
    /// it cannot be resolved (no publication date).
    pub resolved: Option<String>,
    /// What the date is a fact about (filled in by [`super::extract`]).
    pub frame: super::frames::Frame,
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?x)
            (?-u:\b)(?P<iso>(?:19|20)\d{{2}}-[01]\d-[0-3]\d)(?-u:\b)
          | (?-u:\b)(?P<m1>{MONTHS})\s(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?-u:\b)(?:,?\s(?P<y1>(?:1[89]|20)\d{{2}})(?-u:\b))?
          | (?-u:\b)(?P<d2>[0-3]?\d)\s(?P<m2>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s(?P<y2>(?:1[89]|20)\d{{2}}))?(?-u:\b)
          | (?-u:\b)(?P<m3>January|February|March|April|June|July|August|September|October|November|December)(?:\sof)?\s(?P<y3>(?:1[89]|20)\d{{2}})(?-u:\b)
          | (?-u:\b)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)
          | (?-u:\b)(?P<rel>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|earlier\sin\sthe\sday|later\sin\sthe\sday|earlier\stoday|this\smorning|this\safternoon|this\sevening|last\snight)(?-u:\b)
          | (?-u:\b)(?P<per>(?:last|this|next)\s(?:week|month|year))(?-u:\b)
          | (?-u:\b)(?P<year>(?:1[89]|20)\d{{2}})(?-u:\b)
        "
        ))
        .expect("valid regex")
    })
}

/// Whether the text before a four-digit number makes it a year.
fn year_context(before: &str) -> bool {
    if before.ends_with('(') || before.ends_with("pre-") || before.ends_with("post-") || before.ends_with("mid-") {
        return true;
    }
    let Some(head) = before.strip_suffix(' ') else {
        return false;
    };
    let word = head.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    matches!(
        word.to_ascii_lowercase().as_str(),
        "in" | "since"
            | "by"
            | "until"
            | "from"
            | "before"
            | "after"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "pre"
            | "post"
    )
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        "Sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// Words that put a sentence in the future.
const FUTURE: &[&str] = &[
    " will ",
    " won't ",
    " will not ",
    " is expected to ",
    " are expected to ",
    " plans to ",
    " plan to ",
    " is scheduled ",
    " are scheduled ",
    " is set to ",
    " are set to ",
    " is due ",
    " are due ",
    " upcoming ",
    " is slated ",
    " are slated ",
    " would meet ",
    " to be held ",
    " is to ",
    " are to ",
    " 'll ",
    "’ll ",
    " is going to ",
    " are going to ",
];

/// Whether the clause holding byte `at` of `sentence` speaks of the
/// future. A short introductory clause ("On Monday,") takes the clause
/// after it.
fn is_future(sentence: &str, at: usize, events: &crate::extract::frames::EventLexicon) -> bool {
    let at = at.min(sentence.len());
    // The words right before the weekday ("next Monday").
    let mut from = at.saturating_sub(16);
    while !sentence.is_char_boundary(from) {
        from -= 1;
    }
    let before = sentence[from..at].to_lowercase();
    if before.trim_end().ends_with("next") || before.trim_end().ends_with("this coming") {
        return true;
    }
    let is_boundary = |c: char| matches!(c, ',' | ';' | '—' | '–' | ':' | '(' | ')');
    // A clause is short: look at most this far either way.
    const REACH: usize = 400;
    let mut floor = at.saturating_sub(REACH);
    while !sentence.is_char_boundary(floor) {
        floor -= 1;
    }
    let start = sentence[floor..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let mut ceiling = (at + REACH).min(sentence.len());
    while !sentence.is_char_boundary(ceiling) {
        ceiling += 1;
    }
    let boundary_after = |from: usize| {
        sentence[from.min(ceiling)..ceiling]
            .char_indices()
            .find(|&(_, c)| is_boundary(c))
            .map(|(i, c)| (from + i, from + i + c.len_utf8()))
    };
    let mut end = boundary_after(at).map_or(ceiling, |(b, _)| b);
    if sentence[start..end].split_whitespace().count() <= 3
        && let Some((_, after)) = boundary_after(end)
    {
        end = boundary_after(after).map_or(ceiling, |(b, _)| b);
    }
    let mut clause = format!(" {} ", sentence[start..end].to_lowercase());
    // After speech told in the past ("announced on Tuesday he will
    // endorse"), what follows the day is what was said.
    let past_speech = |w: &str| {
        events.form(w).is_some_and(|f| {
            events.is_speech(f.lemma)
                && events.lemma(f.lemma) != w
                && (w.ends_with("ed") || matches!(w, "said" | "told" | "wrote"))
        })
    };
    let spoke = clause[..(1 + at - start).min(clause.len())]
        .split(|c: char| !c.is_alphabetic())
        .any(past_speech);
    // A subordinate clause after the day tells of something else: "said
    // in a notice issued Thursday that the rule will …".
    let day_end = 1 + at - start;
    if spoke {
        let rest = &clause[day_end.min(clause.len())..];
        // The day's own word, then the cut.
        let word = rest.find(' ').unwrap_or(rest.len());
        clause.truncate(day_end + word + 1);
    }
    if let Some(cut) = [" that ", " which ", " who ", " when ", " where "]
        .iter()
        .filter_map(|w| clause[day_end.min(clause.len())..].find(w))
        .min()
    {
        clause.truncate(day_end + cut + 1);
    }
    future_markers().is_match(&clause)
}

/// [`FUTURE`] in one automaton: one pass over a clause, not one per marker.
fn future_markers() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| aho_corasick::AhoCorasick::new(FUTURE).expect("plain literals"))
}

/// The day `d` falls on, on or before `pub_date` (past) or after it (future).
pub fn resolve_weekday(d: Weekday, pub_date: Date, future: bool, strictly_before: bool) -> Date {
    if future {
        let mut x = pub_date.tomorrow().unwrap_or(pub_date);
        while x.weekday() != d {
            x = x.tomorrow().unwrap_or(x);
        }
        x
    } else {
        let mut x = if strictly_before {
            pub_date.yesterday().unwrap_or(pub_date)
        } else {
            pub_date
        };
        while x.weekday() != d {
            x = x.yesterday().unwrap_or(x);
        }
        x
    }
}

/// A month and day without a year: the year that puts it nearest the
/// publication date.
fn nearest_year(month: i8, day: i8, pub_date: Date) -> Option<Date> {
    let y = pub_date.year();
    [y - 1, y, y + 1]
        .iter()
        .filter_map(|&yy| Date::new(yy, month, day).ok())
        .min_by_key(|d| {
            (
                d.since(pub_date).map(|s| s.get_days().abs()).unwrap_or(i32::MAX),
                d.year(),
            )
        })
}

/// Finds the dates in `doc`'s article text.
pub fn find_dates(doc: &Document, lex: &Lexicon) -> Vec<DateMention> {
    let pub_date = doc.published.map(|p| p.date);
    let mut out = Vec::new();
    for s in &doc.sentences {
        let text = s.plain.slice(&doc.plain);
        // Find with the fast engine; capture groups only inside a match.
        for found in date_re().find_iter(text) {
            // Most matches tell their kind by their shape; only day-and-
            // month forms need the capture groups.
            let ft = found.as_str();
            let digit_first = ft.starts_with(|c: char| c.is_ascii_digit());
            let shaped = if digit_first && ft.len() == 10 && ft.as_bytes()[4] == b'-' {
                Some("iso")
            } else if digit_first && ft.len() == 4 {
                Some("year")
            } else if weekday(ft).is_some() {
                Some("wd")
            } else if ft.starts_with(|c: char| c.is_ascii_lowercase() || c == 'T' || c == 'Y') {
                // "today", "Yesterday", "last week" (month names start otherwise)
                if ft.ends_with("week") || ft.ends_with("month") || ft.ends_with("year") {
                    Some("per")
                } else {
                    Some("rel")
                }
            } else {
                None
            };
            let c = match shaped {
                Some(_) => None,
                None => match date_re().captures_at(&text[..found.end()], found.start()) {
                    Some(c) => Some(c),
                    None => continue,
                },
            };
            let group = |name: &str| match (&c, shaped) {
                (Some(c), _) => c.name(name),
                (None, Some(kind)) if kind == name => Some(found),
                _ => None,
            };
            let (m, kind, resolved) = if let Some(m) = group("iso") {
                let d = m.as_str().parse::<Date>().ok();
                (m, DateKind::Day, d.map(|d| d.to_string()))
            } else if let (Some(c), Some(mm), Some(dd)) = (&c, group("m1").or(group("m2")), group("d1").or(group("d2")))
            {
                let whole = c.get(0).expect("match");
                let year = c
                    .name("y1")
                    .or(c.name("y2"))
                    .and_then(|y| y.as_str().parse::<i16>().ok());
                let (Some(month), Ok(day)) = (month_number(mm.as_str()), dd.as_str().parse::<i8>()) else {
                    continue;
                };
                let date = match (year, pub_date) {
                    (Some(y), _) => Date::new(y, month, day).ok(),
                    (None, Some(p)) => nearest_year(month, day, p),
                    (None, None) => None,
                };
                if Date::new(2000, month, day).is_err() {
                    continue; // "Feb. 31": not a date
                }
                (whole, DateKind::Day, date.map(|d| d.to_string()))
            } else if let (Some(c), Some(mm), Some(y)) = (&c, group("m3"), group("y3")) {
                let whole = c.get(0).expect("match");
                let month = month_number(mm.as_str()).unwrap_or(1);
                (whole, DateKind::Month, Some(format!("{}-{month:02}", y.as_str())))
            } else if let Some(w) = group("wd") {
                let day = weekday(w.as_str()).expect("regex weekday");
                let mut from = w.start().saturating_sub(24);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let before = text[from..w.start()].trim_end().to_lowercase();
                // "Super Tuesday", "Bloody Sunday": a day's name.
                let lower_day = w.as_str().to_lowercase();
                let named = |n: usize| {
                    let words: Vec<&str> = before
                        .rsplit(|c: char| c.is_whitespace() || c == '“' || c == '"')
                        .filter(|x| !x.is_empty())
                        .take(n)
                        .collect();
                    (words.len() == n).then(|| words.into_iter().rev().collect::<Vec<_>>().join(" "))
                };
                if (1..=3).any(|n| named(n).is_some_and(|b| lex.events.is_named_day(&b, &lower_day))) {
                    continue;
                }
                let strictly = before.ends_with("last");
                // Tense matters only when there is a date to count from.
                let resolved = pub_date
                    .map(|p| resolve_weekday(day, p, is_future(text, w.start(), &lex.events), strictly).to_string());
                (w, DateKind::Weekday, resolved)
            } else if let Some(r) = group("rel") {
                let lower = r.as_str().to_lowercase();
                let resolved = pub_date.and_then(|p| match lower.as_str() {
                    "yesterday" | "last night" => p.yesterday().ok(),
                    "tomorrow" => p.tomorrow().ok(),
                    _ => Some(p),
                });
                (r, DateKind::Relative, resolved.map(|d| d.to_string()))
            } else if let Some(p) = group("per") {
                let lower = p.as_str().to_lowercase();
                let shift = if lower.starts_with("last") {
                    -1
                } else if lower.starts_with("next") {
                    1
                } else {
                    0
                };
                let resolved = pub_date.and_then(|d| {
                    if lower.ends_with("week") {
                        let x = d.checked_add((7 * shift).days()).ok()?;
                        let w = x.iso_week_date();
                        Some(format!("{}-W{:02}", w.year(), w.week()))
                    } else if lower.ends_with("month") {
                        let x = d.first_of_month().checked_add(shift.months()).ok()?;
                        Some(format!("{}-{:02}", x.year(), x.month()))
                    } else {
                        Some(format!("{}", d.year() as i32 + shift))
                    }
                });
                let kind = if lower.ends_with("week") {
                    DateKind::Week
                } else if lower.ends_with("month") {
                    DateKind::Month
                } else {
                    DateKind::Year
                };
                (p, kind, resolved)
            } else if let Some(y) = group("year") {
                // A year stands alone after a preposition or a bracket
                // ("in 2022", "since 2014", "pre-2014", "(2019)"); other
                // four-digit numbers are counts.
                if !year_context(&text[..y.start()]) {
                    continue;
                }
                (y, DateKind::Year, Some(y.as_str().to_string()))
            } else {
                continue;
            };
            let plain = Span::new(s.plain.start + m.start(), s.plain.start + m.end());
            out.push(DateMention {
                plain,
                src: doc.map.to_source(plain),
                kind,
                resolved,
                frame: Default::default(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_resolve_by_tense() {
        let ev = &crate::lexicon::Lexicon::builtin().events;
        let fri: Date = "2025-02-14".parse().unwrap();
        assert_eq!(
            resolve_weekday(Weekday::Thursday, fri, false, false).to_string(),
            "2025-02-13"
        );
        assert_eq!(
            resolve_weekday(Weekday::Friday, fri, false, false).to_string(),
            "2025-02-14"
        );
        assert_eq!(
            resolve_weekday(Weekday::Friday, fri, false, true).to_string(),
            "2025-02-07"
        );
        assert_eq!(
            resolve_weekday(Weekday::Monday, fri, true, false).to_string(),
            "2025-02-17"
        );
        assert!(is_future("Talks will resume on Monday.", 20, ev));
        assert!(!is_future("Talks resumed on Monday.", 18, ev));
        assert!(is_future("They meet next Monday.", 14, ev));
        assert!(is_future("On Monday, the board will vote.", 3, ev));
        let s = "Trump says he will meet Putin, after calls with Zelenskyy Wednesday to start talks.";
        assert!(!is_future(s, s.find("Wednesday").unwrap(), ev));
        let s = "On Tuesday, Russia released a teacher, and the U.S. is set to release a prisoner.";
        assert!(!is_future(s, 3, ev));
        let s = "coverage of Thursday’s meeting—it started Wednesday with a clock";
        assert!(!is_future(s, s.find("Wednesday").unwrap(), ev));
        let s = "The agency said in a notice issued Thursday that the rule will change.";
        assert!(!is_future(s, s.find("Thursday").unwrap(), ev));
        let s = "The board will meet Thursday that is, next week.";
        assert!(is_future(s, s.find("Thursday").unwrap(), ev));
        // After speech in the past, what follows the day is what was said.
        let s = "Sheriff Joe Arpaio announced on Tuesday he will endorse Governor Rick Perry.";
        assert!(!is_future(s, s.find("Tuesday").unwrap(), ev));
        let s = "The mayor said the plant will close on Tuesday.";
        assert!(is_future(s, s.find("Tuesday").unwrap(), ev));
    }

    #[test]
    fn nearest_year_wraps() {
        let jan: Date = "2025-01-03".parse().unwrap();
        assert_eq!(nearest_year(12, 30, jan).unwrap().to_string(), "2024-12-30");
        assert_eq!(nearest_year(1, 10, jan).unwrap().to_string(), "2025-01-10");
    }

    #[test]
    fn patterns() {
        let re = date_re();
        let found: Vec<&str> = re
            .captures_iter("On Feb. 12, 2025 and Sept. 3, in February 2022, before 2014, pre-2014, on Wednesday, yesterday, last week, 2025-02-12.")
            .map(|c| {
                ["iso", "m1", "m3", "wd", "rel", "per", "year"]
                    .iter()
                    .find_map(|n| c.name(n))
                    .map_or("?", |m| m.as_str())
            })
            .collect();
        assert_eq!(
            found,
            vec![
                "Feb.",
                "Sept.",
                "February",
                "2014",
                "2014",
                "Wednesday",
                "yesterday",
                "last week",
                "2025-02-12"
            ]
        );
    }
}
