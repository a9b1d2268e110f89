//! Figure and date checks on aligned statements.

use std::collections::BTreeMap;

use super::{Context, Location, Minority, Raw, Votes, within};
use crate::align::{Pair, PairKind, Side};
use crate::extract::dates::DateKind;
use crate::extract::{DateMention, Figure};
use crate::rules::options::{DateMismatch, FigureMismatch};
use crate::text::Span;

/// The aligned pairs whose statements are compared: sentence pairs at or
/// above `min_score`, and quote pairs.
fn statement_pairs<'c>(
    ctx: &'c Context<'_>,
    min_score: f64,
    same_outlet: bool,
    window: u32,
    min_words: usize,
) -> impl Iterator<Item = &'c Pair> + 'c {
    ctx.pairs(PairKind::Sentence, same_outlet, window)
        .filter(move |p| p.score >= min_score)
        .chain(ctx.pairs(PairKind::Quote, same_outlet, window))
        .filter(move |p| long_enough(ctx, p, min_words))
}

/// Whether both statements of a pair have at least `min` words.
fn long_enough(ctx: &Context<'_>, p: &Pair, min: usize) -> bool {
    [&p.a, &p.b].iter().all(|s| {
        ctx.docs[s.doc]
            .text(s.src)
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
            >= min
    })
}

fn figures_in<'c>(ctx: &'c Context<'_>, side: &Side) -> Vec<&'c Figure> {
    ctx.claims[side.doc]
        .figures
        .iter()
        .filter(|f| within(f.src, side.src))
        .collect()
}

fn equal(a: &Figure, b: &Figure, o: &FigureMismatch) -> bool {
    let big = a.value.abs().max(b.value.abs());
    let mut tol = o.absolute_tolerance.max(o.relative_tolerance * big);
    if a.hedge.is_some() || b.hedge.is_some() {
        tol += o.hedge_tolerance * big;
    }
    (a.value - b.value).abs() <= tol + 1e-9 * big
}

/// Content words of what a figure counts, stemmed crudely for comparing.
fn counted_words(f: &Figure) -> Vec<String> {
    f.counted
        .as_deref()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(|w| {
            let w = w.to_lowercase();
            let w = w.strip_suffix('s').unwrap_or(&w).to_string();
            w.chars().take(6).collect()
        })
        .collect()
}

/// Whether two figures may count the same thing: unknown on either side
/// counts as the same; otherwise they share a word.
fn same_thing(a: &Figure, b: &Figure) -> bool {
    let (wa, wb) = (counted_words(a), counted_words(b));
    wa.is_empty() || wb.is_empty() || wa.iter().any(|w| wb.contains(w))
}

/// A statement's figure of one unit, as the votes key it.
type FigureKey = (Location, String);

/// A value as a statement was compared by it: as written, the words a
/// figure counts (none for dates), and where it is.
#[derive(Clone)]
struct Shown {
    text: String,
    counted: Option<String>,
    at: Span,
}

/// Per (statement, partner) key pair, the partner's value as the statement was compared with it.
type Seen<K> = BTreeMap<(K, K), Shown>;

pub fn figures<'v>(ctx: &Context<'_>, o: &FigureMismatch) -> Vec<Raw<'v>> {
    let mut votes: Votes<FigureKey> = Votes::default();
    // The figure each (statement, unit) key was compared by, and its counted words.
    let mut shown: BTreeMap<FigureKey, Shown> = BTreeMap::new();
    // The figure each key's partner was compared by, as the key saw it.
    let mut seen: Seen<FigureKey> = BTreeMap::new();
    for p in statement_pairs(ctx, o.min_score, o.same_outlet, o.window_days, o.min_words) {
        let (fa, fb) = (figures_in(ctx, &p.a), figures_in(ctx, &p.b));
        if fa.is_empty() || fb.is_empty() {
            continue;
        }
        let (la, lb) = (Location::of(&p.a), Location::of(&p.b));
        let mut units: Vec<String> = fa.iter().map(|f| f.unit.name()).collect();
        units.sort();
        units.dedup();
        for unit in units {
            let ua: Vec<&Figure> = fa.iter().copied().filter(|f| f.unit.name() == unit).collect();
            let ub: Vec<&Figure> = fb.iter().copied().filter(|f| f.unit.name() == unit).collect();
            if ub.is_empty() {
                continue;
            }
            // Figures with an equal on the other side are matched.
            let ra: Vec<&Figure> = ua
                .iter()
                .copied()
                .filter(|a| !ub.iter().any(|b| equal(a, b, o)))
                .collect();
            let rb: Vec<&Figure> = ub
                .iter()
                .copied()
                .filter(|b| !ua.iter().any(|a| equal(a, b, o)))
                .collect();
            let (ka, kb) = ((la, unit.clone()), (lb, unit.clone()));
            match (ra.as_slice(), rb.as_slice()) {
                ([], []) => votes.agree(ka, kb),
                ([a], [b]) if same_thing(a, b) => {
                    let va = Shown {
                        text: ctx.docs[la.doc].text(a.src).to_string(),
                        counted: a.counted.clone(),
                        at: a.src,
                    };
                    let vb = Shown {
                        text: ctx.docs[lb.doc].text(b.src).to_string(),
                        counted: b.counted.clone(),
                        at: b.src,
                    };
                    shown.entry(ka.clone()).or_insert_with(|| va.clone());
                    shown.entry(kb.clone()).or_insert_with(|| vb.clone());
                    seen.insert((ka.clone(), kb.clone()), vb);
                    seen.insert((kb.clone(), ka.clone()), va);
                    votes.conflict(ka, kb);
                }
                _ => {}
            }
        }
    }
    report(ctx, &votes, &shown, &seen, ("value", "other_value"), |key, others| {
        let counted = shown[key]
            .counted
            .clone()
            .or_else(|| {
                others
                    .iter()
                    .find_map(|k| seen.get(&(key.clone(), k.clone())).and_then(|s| s.counted.clone()))
            })
            .unwrap_or_else(|| key.1.clone());
        ("counted", counted)
    })
}

/// The findings of a vote on values keyed by (statement, class): one per
/// statement in the minority, its value and the others' under `names`,
/// plus one variable `extra` gives. `shown`: each statement's value (from
/// its first conflict); `seen`: each partner's value as a statement was
/// compared with it, so that a finding depends only on the pairs of its
/// own statement.
fn report<'v, C: Ord + Clone>(
    ctx: &Context<'_>,
    votes: &Votes<(Location, C)>,
    shown: &BTreeMap<(Location, C), Shown>,
    seen: &Seen<(Location, C)>,
    names: (&'v str, &'v str),
    extra: impl Fn(&(Location, C), &[(Location, C)]) -> (&'v str, String),
) -> Vec<Raw<'v>> {
    let mut out = Vec::new();
    for Minority { key, others, .. } in votes.minorities(ctx, |k| k.0.doc, |_| 0) {
        if others.is_empty() {
            continue;
        }
        let Some(value) = shown.get(&key) else { continue };
        let mut other_values: Vec<String> = Vec::new();
        let partner = |k: &(Location, C)| seen.get(&(key.clone(), k.clone()));
        for k in &others {
            if let Some(v) = partner(k)
                && !other_values.contains(&v.text)
            {
                other_values.push(v.text.clone());
            }
        }
        let loc = key.0;
        let mut vars = BTreeMap::new();
        vars.insert("outlet", ctx.outlet(loc.doc));
        vars.insert("other_outlets", ctx.outlets(others.iter().map(|k| k.0.doc)));
        vars.insert(names.0, value.text.clone());
        vars.insert(names.1, other_values.join(" / "));
        vars.insert("text", ctx.text(loc).to_string());
        vars.insert("other_text", ctx.text(others[0].0).to_string());
        let (name, v) = extra(&key, &others);
        vars.insert(name, v);
        let mut locations = vec![loc];
        locations.extend(others.iter().map(|k| k.0));
        let marks = std::iter::once(Some(value.at))
            .chain(others.iter().map(|k| partner(k).map(|s| s.at)))
            .collect();
        out.push(Raw { locations, vars, marks });
    }
    out
}

/// A date as compared: a day, a weekday by name (no publication date to
/// resolve it), a month or a year.
#[cfg(test)]
mod tests {
    #[test]
    fn embedded_post_dates() {
        let s = "Think about that! — Jane Roe (@jane_roe) March 9, 2020";
        assert!(super::is_post_date(s, s.find("March").unwrap()));
        let s = "The vote (a close one) March 9, 2020";
        assert!(!super::is_post_date(s, s.find("March").unwrap()));
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum When {
    Day(jiff::civil::Date),
    /// A weekday by name, and the day it resolves to when the article has a date.
    Weekday(String, Option<jiff::civil::Date>),
    Month(String),
    Year(String),
}

impl When {
    fn class(&self) -> u8 {
        match self {
            When::Day(_) | When::Weekday(..) => 0,
            When::Month(_) => 1,
            When::Year(_) => 2,
        }
    }

    fn same(&self, other: &When) -> bool {
        match (self, other) {
            // Two weekdays compare by name: the publication dates they are
            // resolved against may be a day off (an update after midnight).
            (When::Weekday(a, _), When::Weekday(b, _)) => a == b,
            (When::Day(d), When::Weekday(w, r)) | (When::Weekday(w, r), When::Day(d)) => match r {
                Some(r) => r == d,
                None => weekday_name(*d) == w.as_str(),
            },
            _ => self == other,
        }
    }
}

fn weekday_name(d: jiff::civil::Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match d.weekday() {
        Monday => "monday",
        Tuesday => "tuesday",
        Wednesday => "wednesday",
        Thursday => "thursday",
        Friday => "friday",
        Saturday => "saturday",
        Sunday => "sunday",
    }
}

fn when(ctx: &Context<'_>, doc: usize, m: &DateMention) -> Option<When> {
    let text = ctx.docs[doc].text(m.src);
    // Relative days ("earlier in the day", "yesterday") are left out: they
    // hang on a publication time that is often the last update's.
    match (m.kind, m.resolved.as_deref()) {
        (DateKind::Day, Some(r)) if r.len() == 10 => r.parse().ok().map(When::Day),
        (DateKind::Weekday, r) => Some(When::Weekday(text.to_lowercase(), r.and_then(|r| r.parse().ok()))),
        (DateKind::Month, Some(r)) => Some(When::Month(r.to_string())),
        (DateKind::Year, Some(r)) => Some(When::Year(r.to_string())),
        _ => None,
    }
}

fn dates_in<'c>(ctx: &'c Context<'_>, side: &Side) -> Vec<(&'c DateMention, When)> {
    ctx.claims[side.doc]
        .dates
        .iter()
        .filter(|d| within(d.src, side.src) && !is_post_date(&ctx.docs[side.doc].source, d.src.start))
        .filter_map(|d| when(ctx, side.doc, d).map(|w| (d, w)))
        .collect()
}

/// Whether the date at `at` closes an embedded post ("— Name (@handle)
/// March 9, 2020"): when it was posted, not when the story's events were.
fn is_post_date(source: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(48);
    while !source.is_char_boundary(from) {
        from += 1;
    }
    let before = source[from..at].trim_end();
    let Some(open) = before
        .strip_suffix(')')
        .and_then(|b| b.rfind("(@").map(|i| &b[i + 2..]))
    else {
        return false;
    };
    !open.is_empty() && open.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// "Tuesday (2024-04-30)", or the text alone when it is the date.
fn shown_date(ctx: &Context<'_>, doc: usize, m: &DateMention) -> String {
    let text = ctx.docs[doc].text(m.src);
    match &m.resolved {
        Some(r) if r != text => format!("{text} ({r})"),
        _ => text.to_string(),
    }
}

pub fn dates<'v>(ctx: &Context<'_>, o: &DateMismatch) -> Vec<Raw<'v>> {
    // Keyed by (statement, class of date): day, month, year.
    let mut votes: Votes<(Location, u8)> = Votes::default();
    let mut shown: BTreeMap<(Location, u8), Shown> = BTreeMap::new();
    let mut seen: Seen<(Location, u8)> = BTreeMap::new();
    for p in ctx
        .pairs(PairKind::Sentence, o.same_outlet, o.window_days)
        .filter(|p| p.score >= o.min_score && long_enough(ctx, p, o.min_words))
    {
        let (da, db) = (dates_in(ctx, &p.a), dates_in(ctx, &p.b));
        let (la, lb) = (Location::of(&p.a), Location::of(&p.b));
        for class in 0..3u8 {
            let ca: Vec<&(&DateMention, When)> = da.iter().filter(|(_, w)| w.class() == class).collect();
            let cb: Vec<&(&DateMention, When)> = db.iter().filter(|(_, w)| w.class() == class).collect();
            if ca.is_empty() || cb.is_empty() {
                continue;
            }
            let (ka, kb) = ((la, class), (lb, class));
            // Sentences that share any date of this class agree on it.
            if ca.iter().any(|(_, x)| cb.iter().any(|(_, y)| x.same(y))) {
                votes.agree(ka, kb);
                continue;
            }
            let ([(ma, _)], [(mb, _)]) = (ca.as_slice(), cb.as_slice()) else {
                continue;
            };
            let date = |doc: usize, m: &DateMention| Shown {
                text: shown_date(ctx, doc, m),
                counted: None,
                at: m.src,
            };
            let (va, vb) = (date(p.a.doc, ma), date(p.b.doc, mb));
            shown.entry(ka).or_insert_with(|| va.clone());
            shown.entry(kb).or_insert_with(|| vb.clone());
            seen.insert((ka, kb), vb);
            seen.insert((kb, ka), va);
            votes.conflict(ka, kb);
        }
    }
    report(ctx, &votes, &shown, &seen, ("date", "other_date"), |key, _| {
        ("text", ctx.text(key.0).to_string())
    })
}
