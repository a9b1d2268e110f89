//! Figure and date checks: two outlets' mentions of one fact that give
//! different values. Mentions are compared when their statements are
//! aligned, or when their frames match (see [`super::frames`]): the same
//! fact worded two ways.

use std::collections::BTreeMap;

use super::{Context, Location, Minority, Raw, Votes, within};
use crate::align::{Pair, PairKind};
use crate::extract::dates::DateKind;
use crate::extract::figures::{Bound, Unit};
use crate::extract::frames::Frame;
use crate::extract::{DateMention, Figure};
use crate::rules::Severity;
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
        // Two articles of one outlet, one undated, may be years apart:
        // their shared sentences are stock text (a poll's method, a
        // standing line) whose figures and days change each time.
        .filter(move |p| {
            p.relation == crate::align::Relation::CrossOutlet
                || (ctx.day(p.a.doc).is_some() && ctx.day(p.b.doc).is_some())
        })
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

/// Whether two figures agree. Unhedged figures, and figures with the
/// same kind of bound ("up to 1.6 million", "as many as 1.5 million"),
/// compare as written; "about" allows `hedge_tolerance` of the larger;
/// otherwise each hedge widens its figure into the values it allows
/// ("more than 150": 150 to 195, three times the tolerance above;
/// "nearly 200": 140 to 200), and the figures agree when the ranges meet.
/// A rounder figure stands for the other rounded in every case.
fn equal(a: &Figure, b: &Figure, o: &FigureMismatch) -> bool {
    let big = a.value.abs().max(b.value.abs());
    // A rounder figure stands for the other rounded: "2.1 million" and
    // "2,123,000", "$2 trillion" and "$2.2 trillion"; one far rounder
    // ("$43 million" for "$43,885,310") may be cut rather than rounded.
    let (coarse, fine) = (a.step.max(b.step), a.step.min(b.step));
    let rounding = if fine * 1000.0 <= coarse { coarse } else { 0.5 * coarse };
    let tol = o.absolute_tolerance.max(o.relative_tolerance * big) + rounding + 1e-9 * big;
    if a.bound == b.bound && a.bound != Bound::About {
        return (a.value - b.value).abs() <= tol;
    }
    let h = o.hedge_tolerance;
    // "about" on one side or both allows the tolerance once, not twice:
    // "about 2,100" and "about 2,400" are two counts.
    if matches!(
        (a.bound, b.bound),
        (Bound::About, Bound::About | Bound::Exact) | (Bound::Exact, Bound::About)
    ) {
        return (a.value - b.value).abs() <= tol + h * big;
    }
    // A floor and a ceiling agree when the floor is under the ceiling:
    // "at least one million" and "up to two million".
    match (a.bound, b.bound) {
        (Bound::AtLeast, Bound::AtMost) => return a.value <= b.value + tol,
        (Bound::AtMost, Bound::AtLeast) => return b.value <= a.value + tol,
        _ => {}
    }
    let range = |f: &Figure| {
        let v = f.value;
        match f.bound {
            Bound::Exact => (v, v),
            Bound::About => (v * (1.0 - h), v * (1.0 + h)),
            Bound::AtLeast => (v, v * (1.0 + 3.0 * h)),
            Bound::AtMost => (v * (1.0 - 3.0 * h), v),
        }
    };
    let ((a0, a1), (b0, b1)) = (range(a), range(b));
    a0.min(a1) <= b0.max(b1) + tol && b0.min(b1) <= a0.max(a1) + tol
}

/// Content words of what a figure counts, stemmed crudely for comparing.
fn counted_words(f: &Figure) -> Vec<String> {
    f.counted
        .as_deref()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        // "old" of "6-year-old son" says the figure is an age, not whose.
        .filter(|w| w.len() > 2 && !w.eq_ignore_ascii_case("old"))
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

/// Whether two figures measure alike: a hyphenated measure ("a
/// four-star general", "a 12-page ruling") is compared with the same
/// measure, or with a count of it ("14 pages").
fn same_measure(a: &Figure, b: &Figure) -> bool {
    let counts = |f: &Figure, m: &str| counted_words(f).iter().any(|w| m.starts_with(w.as_str()));
    match (&a.measure, &b.measure) {
        (Some(x), Some(y)) => x == y,
        (Some(m), None) => counts(b, m),
        (None, Some(m)) => counts(a, m),
        (None, None) => true,
    }
}

/// Whether a figure describes a thing: a hyphenated measure ("a 12-page
/// ruling", "a five-year term", "her 6-year-old son").
fn attributive(f: &Figure) -> bool {
    f.measure.is_some() || (matches!(f.unit, Unit::Duration(_)) && f.hyphenated)
}

/// How alike the words around two figures of aligned statements must be
/// for figures far apart (more than `max_ratio`) to be one fact with a
/// slipped digit rather than two figures.
const ALIGNED_FAR_SIMILARITY: f32 = 0.5;

/// A figure or a date mention as the votes key it: its statement and
/// where the mention starts.
type FactKey = (Location, usize);

/// A value as a statement was compared by it: as written, the words a
/// figure counts (none for dates), and where it is.
#[derive(Clone)]
struct Shown {
    text: String,
    counted: Option<String>,
    hedge: Option<String>,
    at: Span,
}

/// Per (statement, partner) key pair, the partner's value as the statement was compared with it.
type Seen<K> = BTreeMap<(K, K), Shown>;

/// One mention, as the matcher sees it.
struct Mention<'c, T> {
    doc: usize,
    /// The sentence it is in (its statement).
    stmt: Location,
    /// The mention's own bytes (source) and plain offsets.
    at: Span,
    plain: Span,
    /// What may be compared with what: a unit, a class of date.
    class: String,
    value: T,
    frame: &'c Frame,
}

impl<T> Mention<'_, T> {
    fn key(&self) -> FactKey {
        (self.stmt, self.at.start)
    }
}

/// How two mentions came to be compared.
#[derive(Clone, Copy)]
struct Link {
    a: usize,
    b: usize,
    /// Their statements are aligned (above the rule's score).
    aligned: bool,
    /// How alike their frames' words are.
    sim: f32,
}

/// Settings the matcher shares between figures and dates.
struct Matching {
    min_score: f64,
    min_words: usize,
    same_outlet: bool,
    window_days: u32,
    frames: bool,
    min_similarity: f64,
    /// The events of two frames must be one (dates); a figure is of its
    /// thing and its people, whatever the verb.
    events: bool,
    /// The similarity two facts need when both only report speech.
    min_speech_similarity: f64,
    /// Aligned statements two articles need between them for their facts
    /// to be matched by frames.
    min_pairs: usize,
    /// The most articles a folder of one event's coverage holds.
    event_folder: usize,
}

/// Votes on mentions: aligned statements' mentions, and mentions whose
/// frames match, compared by `equal`; `comparable` says whether two may be
/// compared at all (same unit, same thing counted).
fn vote<T>(
    ctx: &Context<'_>,
    mentions: &[Mention<'_, T>],
    m: &Matching,
    equal: impl Fn(&T, &T) -> bool,
    comparable: impl Fn(&Mention<'_, T>, &Mention<'_, T>) -> bool + Sync,
    allowed: impl Fn(&Mention<'_, T>, &Mention<'_, T>, &Link) -> bool,
) -> (Votes<FactKey>, Aligned)
where
    T: Sync,
{
    let mut links: Vec<Link> = Vec::new();
    // Mentions by document, in order, for aligned pairs.
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, x) in mentions.iter().enumerate() {
        by_doc.entry(x.doc).or_default().push(i);
    }
    let inside = |side: &crate::align::Side| -> Vec<usize> {
        by_doc
            .get(&side.doc)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&i| within(mentions[i].at, side.src))
                    .collect()
            })
            .unwrap_or_default()
    };
    let keys = fact_keys(ctx, mentions);
    // Aligned statements: per class, mentions with an equal on the other
    // side agree; of the rest, one on each side disagree (with more, which
    // goes with which is unknown).
    for p in statement_pairs(ctx, m.min_score, m.same_outlet, m.window_days, m.min_words) {
        let (ia, ib) = (inside(&p.a), inside(&p.b));
        let mut classes: Vec<&str> = ia.iter().map(|&a| mentions[a].class.as_str()).collect();
        classes.sort_unstable();
        classes.dedup();
        for class in classes {
            let ca: Vec<usize> = ia.iter().copied().filter(|&a| mentions[a].class == class).collect();
            let cb: Vec<usize> = ib.iter().copied().filter(|&b| mentions[b].class == class).collect();
            let link = |a: usize, b: usize| Link {
                a,
                b,
                aligned: true,
                sim: super::frames::similarity(&keys[a], &keys[b], false),
            };
            let mut ra = Vec::new();
            for &a in &ca {
                let same: Vec<usize> = cb
                    .iter()
                    .copied()
                    .filter(|&b| equal(&mentions[a].value, &mentions[b].value))
                    .collect();
                if same.is_empty() {
                    ra.push(a);
                }
                links.extend(same.into_iter().map(|b| link(a, b)));
            }
            let rb: Vec<usize> = cb
                .iter()
                .copied()
                .filter(|&b| !ca.iter().any(|&a| equal(&mentions[a].value, &mentions[b].value)))
                .collect();
            // Even in one statement, a figure or a date of other people is
            // another fact ("Lee raised $14 million", "Chan raised $11
            // million").
            if let ([a], [b]) = (ra.as_slice(), rb.as_slice())
                && comparable(&mentions[*a], &mentions[*b])
                && super::frames::people_agree(mentions[*a].frame, mentions[*b].frame)
                && allowed(&mentions[*a], &mentions[*b], &link(*a, *b))
            {
                links.push(link(*a, *b));
            }
        }
    }
    // Articles the aligner linked, and those of one event's folder.
    let mut linked = linked_documents(ctx, m.min_pairs);
    linked.extend(ctx.event_folder_pairs(m.event_folder));
    linked.sort_unstable();
    linked.dedup();
    if m.frames {
        let norm = &crate::align::Aligner::builtin().norm;
        let mut classes: Vec<&str> = mentions.iter().map(|x| x.class.as_str()).collect();
        classes.sort_unstable();
        classes.dedup();
        let class: Vec<u32> = mentions
            .iter()
            .map(|x| classes.binary_search(&x.class.as_str()).unwrap_or(0) as u32)
            .collect();
        let found = super::frames::candidates(
            &keys,
            |i| mentions[i].doc,
            |i| class[i],
            &linked,
            |k| norm.idf(k),
            |i, j| {
                let (x, y) = (&mentions[i], &mentions[j]);
                // Undated, an article may be of any time: its facts are
                // compared only where its statements are aligned.
                x.doc != y.doc
                    && ctx.outlet_id(x.doc) != ctx.outlet_id(y.doc)
                    && ctx.day(x.doc).is_some()
                    && ctx.day(y.doc).is_some()
                    && (ctx.near(x.doc, y.doc, m.window_days)
                        || (ctx.same_event_folder(x.doc, y.doc, m.event_folder)
                            && ctx.close_in_time(x.doc, y.doc, m.window_days)))
                    && comparable(x, y)
            },
        );
        for (a, b) in found {
            let (x, y) = (&mentions[a], &mentions[b]);
            let (sim, shared) =
                super::frames::similarity_and_shared(&keys[a], &keys[b], super::frames::both_speech(x.frame, y.frame));
            if shared < super::frames::MIN_SHARED_WORDS {
                continue;
            }
            if !super::frames::frames_agree(x.frame, y.frame, m.events) {
                continue;
            }
            let need = if m.events && super::frames::recurring(x.frame, y.frame) {
                m.min_speech_similarity
            } else {
                m.min_similarity
            };
            let l = Link {
                a,
                b,
                aligned: false,
                sim,
            };
            if f64::from(sim) >= need && allowed(x, y, &l) {
                links.push(l);
            }
        }
    }
    // Each link both ways; a mention agrees with an article when one of
    // its links into it gives an equal value.
    let mut out: Vec<Link> = links.iter().flat_map(|l| [*l, Link { a: l.b, b: l.a, ..*l }]).collect();
    out.sort_by(|x, y| (x.a, x.b).cmp(&(y.a, y.b)).then(y.aligned.cmp(&x.aligned)));
    out.dedup_by_key(|l| (l.a, l.b));
    let mut agrees: std::collections::BTreeSet<(usize, usize)> = std::collections::BTreeSet::new();
    for l in &out {
        if equal(&mentions[l.a].value, &mentions[l.b].value) {
            agrees.insert((l.a, mentions[l.b].doc));
        }
    }
    let mut votes: Votes<FactKey> = Votes::default();
    let mut aligned = Aligned::new();
    // Per mention and other article: an equal value agrees; else the best
    // link disagrees, unless its partner agrees with another mention of
    // this article (two facts, not one disagreement).
    let mut i = 0;
    while i < out.len() {
        let a = out[i].a;
        let doc_b = mentions[out[i].b].doc;
        let mut j = i;
        let mut best: Option<Link> = None;
        let mut same: Option<usize> = None;
        while j < out.len() && out[j].a == a && mentions[out[j].b].doc == doc_b {
            let l = out[j];
            if same.is_none() && equal(&mentions[a].value, &mentions[l.b].value) {
                same = Some(l.b);
            }
            if best.is_none_or(|b| (l.aligned, l.sim) > (b.aligned, b.sim)) {
                best = Some(l);
            }
            j += 1;
        }
        i = j;
        let x = &mentions[a];
        if let Some(b) = same {
            votes.agree(x.key(), mentions[b].key());
            continue;
        }
        let Some(l) = best else { continue };
        let y = &mentions[l.b];
        if agrees.contains(&(l.b, x.doc)) {
            continue;
        }
        votes.conflict(x.key(), y.key());
        if l.aligned {
            aligned.insert((x.key(), y.key()));
            aligned.insert((y.key(), x.key()));
        }
    }
    // Support counts from articles aligned with the statement's (what a
    // run over one article and its partners sees).
    let near = |a: &FactKey, b: &FactKey| {
        linked
            .binary_search(&(a.0.doc.min(b.0.doc), a.0.doc.max(b.0.doc)))
            .is_ok()
    };
    votes.support_conflicts(near);
    (votes, aligned)
}

/// Conflicts (both ways) found in aligned statements, not by frames alone.
type Aligned = std::collections::BTreeSet<(FactKey, FactKey)>;

/// Pairs of documents (`a < b`) with at least `min` aligned statements
/// between them: articles the aligner found telling of one event, whose
/// facts may be matched by their frames. Decided from the two articles
/// and their pairs alone.
fn linked_documents(ctx: &Context<'_>, min: usize) -> Vec<(usize, usize)> {
    let mut count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for p in &ctx.alignment.pairs {
        let (a, b) = (p.a.doc.min(p.b.doc), p.a.doc.max(p.b.doc));
        if a != b {
            *count.entry((a, b)).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|&(_, n)| n >= min.max(1))
        .map(|(k, _)| k)
        .collect()
}

/// The frame keys of every mention, computed per document in parallel.
fn fact_keys<T: Sync>(ctx: &Context<'_>, mentions: &[Mention<'_, T>]) -> Vec<super::frames::FactKeys> {
    use rayon::prelude::*;
    let mut by_doc: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, x) in mentions.iter().enumerate() {
        by_doc.entry(x.doc).or_default().push(i);
    }
    let groups: Vec<(usize, Vec<usize>)> = by_doc.into_iter().collect();
    let norm = &crate::align::Aligner::builtin().norm;
    let events = &crate::lexicon::Lexicon::builtin().events;
    let computed: Vec<Vec<(usize, super::frames::FactKeys)>> = groups
        .par_iter()
        .map(|(doc, idx)| {
            let facts: Vec<(Span, &Frame)> = idx.iter().map(|&i| (mentions[i].plain, mentions[i].frame)).collect();
            let keys = super::frames::document_keys(&ctx.docs[*doc], &facts, norm, events);
            idx.iter().copied().zip(keys).collect()
        })
        .collect();
    let mut out: Vec<Option<super::frames::FactKeys>> = vec![None; mentions.len()];
    for (i, k) in computed.into_iter().flatten() {
        out[i] = Some(k);
    }
    out.into_iter()
        .map(|k| k.unwrap_or_else(super::frames::FactKeys::empty))
        .collect()
}

/// The figures of every article that sit in a sentence.
fn figure_mentions<'c>(ctx: &'c Context<'_>) -> Vec<Mention<'c, &'c Figure>> {
    let mut out = Vec::new();
    for (doc, c) in ctx.claims.iter().enumerate() {
        let d = &ctx.docs[doc];
        for f in &c.figures {
            let Some(s) = d.sentences.get(f.frame.sentence) else {
                continue;
            };
            if !within(f.plain, s.plain) {
                continue;
            }
            out.push(Mention {
                doc,
                stmt: Location { doc, src: s.src },
                at: f.src,
                plain: f.plain,
                class: f.unit.name(),
                value: f,
                frame: &f.frame,
            });
        }
    }
    out
}

/// Whether the clause of `m` names what `other` counts.
fn names_thing(ctx: &Context<'_>, m: &Mention<'_, &Figure>, other: &Figure) -> bool {
    let clause = m.frame.clause.slice(&ctx.docs[m.doc].plain).to_lowercase();
    counted_words(other).iter().any(|w| {
        clause
            .split(|c: char| !c.is_alphanumeric())
            .any(|c| c.starts_with(w.as_str()))
    })
}

/// A figure as messages show it: "14 pages" for "14-page" (the measure
/// of "a 14-page opinion"), else as written.
fn figure_text(written: &str, f: &Figure) -> String {
    match (&f.measure, written.split_once('-')) {
        (Some(m), Some((number, _))) => {
            let plural = if f.value == 1.0 { "" } else { "s" };
            format!("{number} {m}{plural}")
        }
        _ => written.to_string(),
    }
}

/// What a figure counts, as messages name it: without the measure a
/// hyphenated figure carries ("page opinion" is "opinion": the message
/// says "14 pages").
fn thing_phrase(counted: &str, measure: Option<&str>) -> String {
    match measure {
        Some(m) => {
            let rest: Vec<&str> = counted.split(' ').filter(|w| !w.starts_with(m)).collect();
            if rest.is_empty() {
                counted.to_string()
            } else {
                rest.join(" ")
            }
        }
        // An age ("6-year-old son"): the son's age.
        None => match counted.strip_prefix("old ") {
            Some(whose) if !whose.is_empty() => format!("the {whose}’s age"),
            _ => counted.to_string(),
        },
    }
}

/// How a figure's thing is named when the figure says nothing of it.
fn unit_phrase(f: &Figure) -> String {
    match &f.unit {
        Unit::Count => "the count".into(),
        Unit::Percent => "the percentage".into(),
        Unit::PercentagePoints => "the change in percentage points".into(),
        Unit::Money(_) => "the amount".into(),
        Unit::Duration(_) => "the length of time".into(),
        Unit::Ordinal => "the rank".into(),
        Unit::Fraction => "the share".into(),
    }
}

pub fn figures<'v>(ctx: &Context<'_>, o: &FigureMismatch) -> Vec<Raw<'v>> {
    let mentions = figure_mentions(ctx);
    let m = Matching {
        min_score: o.min_score,
        min_words: o.min_words,
        same_outlet: o.same_outlet,
        window_days: o.window_days,
        frames: o.frames,
        min_similarity: o.min_similarity,
        events: o.same_event,
        min_speech_similarity: o.min_similarity,
        min_pairs: o.min_pairs,
        event_folder: o.event_folder,
    };
    let (votes, aligned) = vote(
        ctx,
        &mentions,
        &m,
        |a, b| equal(a, b, o),
        |x, y| {
            // Without a thing counted on either side, the figures must at
            // least be of the same people.
            same_thing(x.value, y.value)
                && x.value.part == y.value.part
                && same_measure(x.value, y.value)
                && x.frame.forecast == y.frame.forecast
                && !super::frames::realized_differ(x.frame, y.frame)
                // What happened to a thing a figure describes ("a 12-page
                // ruling", "her 6-year-old son") is no part of the figure.
                && (attributive(x.value) || attributive(y.value) || !super::frames::events_differ(x.frame, y.frame))
                && x.value.others == y.value.others
                && x.value.age == y.value.age
                && match (&x.value.counted, &y.value.counted) {
                    (Some(_), Some(_)) => true,
                    // A count written without its thing ("fell to 400,000
                    // last year") is of the other's thing when its clause
                    // names it.
                    (Some(_), None) if x.value.unit == Unit::Count => names_thing(ctx, y, x.value),
                    (None, Some(_)) if x.value.unit == Unit::Count => names_thing(ctx, x, y.value),
                    (Some(_), None) | (None, Some(_)) => true,
                    // Amounts without a thing: of the same people, or
                    // what the same verb did ("the $5.7 billion he
                    // demanded").
                    // Shares ("35%") are of the same people; amounts also
                    // of what the same verb did ("the $5.7 billion he
                    // demanded").
                    // (polls ask many questions: the same people and the
                    // same verb),
                    (None, None) if matches!(x.value.unit, Unit::Percent | Unit::PercentagePoints | Unit::Fraction) => {
                        super::frames::share_people(x.frame, y.frame) && super::frames::same_event(x.frame, y.frame)
                    }
                    (None, None) => {
                        super::frames::share_people(x.frame, y.frame)
                            || (super::frames::same_event(x.frame, y.frame)
                                && !super::frames::both_speech(x.frame, y.frame))
                    }
                }
        },
        |x, y, l| {
            let (a, b) = (x.value.value.abs(), y.value.value.abs());
            // A tally grows: only one day's figures are one fact.
            let same_day = ctx.day(x.doc).is_some() && ctx.day(x.doc) == ctx.day(y.doc);
            // Far apart, two figures are of two things, unless the
            // statements are one and the words around them the same (a
            // slipped digit).
            let near = a.max(b) <= o.max_ratio * a.min(b) || (l.aligned && l.sim >= ALIGNED_FAR_SIMILARITY);
            // A count of nothing named ("Rubio has 151") may be a tally too.
            let unnamed_count = x.value.unit == Unit::Count && (x.value.counted.is_none() || y.value.counted.is_none());
            near && (same_day || !(x.value.tally || y.value.tally || (unnamed_count && !l.aligned)))
        },
    );
    let mut shown: BTreeMap<FactKey, Shown> = BTreeMap::new();
    for x in &mentions {
        shown.insert(
            x.key(),
            Shown {
                text: figure_text(ctx.docs[x.doc].text(x.at), x.value),
                counted: x
                    .value
                    .counted
                    .as_deref()
                    .map(|c| thing_phrase(c, x.value.measure.as_deref())),
                hedge: x.value.hedge.clone(),
                at: x.at,
            },
        );
    }
    let by_key: BTreeMap<FactKey, &Figure> = mentions.iter().map(|x| (x.key(), x.value)).collect();
    let seen = partners(&votes, &shown);
    let cap =
        |key: &FactKey, against: &[FactKey]| frames_cap(ctx, &aligned, key, against, o.frames_severity, o.event_folder);
    report(
        ctx,
        &votes,
        &shown,
        &seen,
        ("value", "other_value"),
        cap,
        |key, others| {
            let counted = shown[key]
                .counted
                .clone()
                .or_else(|| others.iter().find_map(|k| shown.get(k).and_then(|s| s.counted.clone())))
                .unwrap_or_else(|| unit_phrase(by_key[key]));
            // Say which figures are hedged: each outlet's when some are not,
            // the words alone when all are.
            let all: Vec<&FactKey> = std::iter::once(key).chain(others).collect();
            let hedges: Vec<(String, String)> = all
                .iter()
                .filter_map(|k| Some((ctx.outlet(k.0.doc), shown.get(k)?.hedge.clone()?)))
                .collect();
            let hedge = if hedges.is_empty() {
                String::new()
            } else if hedges.len() == all.len() {
                let mut words: Vec<String> = hedges.iter().map(|(_, h)| format!("“{h}”")).collect();
                words.dedup();
                words.sort();
                words.dedup();
                format!(" (all hedged: {})", words.join(", "))
            } else {
                let notes: Vec<String> = hedges.iter().map(|(o, h)| format!("{o} says “{h}”")).collect();
                format!(" ({})", super::words_list(&notes))
            };
            vec![("counted", counted), ("hedged", hedge)]
        },
    )
}

/// The severity a finding is held to when none of its conflicts is in
/// aligned statements or between articles of one event's folder: matched
/// by frames alone across an archive, it is a lead to check.
fn frames_cap(
    ctx: &Context<'_>,
    aligned: &Aligned,
    key: &FactKey,
    against: &[FactKey],
    frames: Severity,
    event_folder: usize,
) -> Option<Severity> {
    let sure = |k: &FactKey| aligned.contains(&(*key, *k)) || ctx.same_event_folder(key.0.doc, k.0.doc, event_folder);
    (!against.iter().any(sure)).then_some(frames)
}

/// Each conflict's partner value, both ways, from the votes.
fn partners(votes: &Votes<FactKey>, shown: &BTreeMap<FactKey, Shown>) -> Seen<FactKey> {
    let mut seen: Seen<FactKey> = BTreeMap::new();
    for (k, against) in votes.against() {
        for o in against {
            if let Some(v) = shown.get(o) {
                seen.insert((*k, *o), v.clone());
            }
        }
    }
    seen
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
    cap: impl Fn(&(Location, C), &[(Location, C)]) -> Option<Severity>,
    extra: impl Fn(&(Location, C), &[(Location, C)]) -> Vec<(&'v str, String)>,
) -> Vec<Raw<'v>> {
    let mut out = Vec::new();
    for Minority { key, others, against } in votes.minorities(ctx, |k| k.0.doc, |_| 0) {
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
        for (name, v) in extra(&key, &others) {
            vars.insert(name, v);
        }
        let mut locations = vec![loc];
        locations.extend(others.iter().map(|k| k.0));
        let marks = std::iter::once(Some(value.at))
            .chain(others.iter().map(|k| partner(k).map(|s| s.at)))
            .collect();
        out.push(Raw {
            locations,
            vars,
            marks,
            severity: cap(&key, &against),
        });
    }
    out
}

/// A date as compared: a day, a weekday by name (no publication date to
/// resolve it), a month or a year.
#[cfg(test)]
mod tests {
    use super::*;

    fn fig(value: f64, bound: Bound, step: f64) -> Figure {
        Figure {
            plain: Span::new(0, 0),
            src: Span::new(0, 0),
            value,
            unit: Unit::Count,
            hedge: None,
            bound,
            part: false,
            step,
            measure: None,
            tally: false,
            hyphenated: false,
            age: false,
            others: false,
            counted: None,
            frame: Frame::default(),
        }
    }

    #[test]
    fn hedges_and_rounding_decide_what_agrees() {
        let o = FigureMismatch::default();
        let eq = |a: Figure, b: Figure| equal(&a, &b, &o);
        // As written.
        assert!(eq(fig(12.0, Bound::Exact, 1.0), fig(12.0, Bound::Exact, 1.0)));
        assert!(!eq(fig(12.0, Bound::Exact, 1.0), fig(14.0, Bound::Exact, 1.0)));
        // "about" allows the tolerance once: 2,100 and 2,400 are two counts.
        assert!(eq(fig(200.0, Bound::About, 1.0), fig(215.0, Bound::Exact, 1.0)));
        assert!(!eq(fig(2100.0, Bound::About, 1.0), fig(2400.0, Bound::About, 1.0)));
        // Two ceilings compare as written; a ceiling and a value under it agree.
        assert!(!eq(fig(1.6e6, Bound::AtMost, 1e5), fig(1.5e6, Bound::AtMost, 1e5)));
        assert!(eq(fig(200.0, Bound::AtMost, 1.0), fig(190.0, Bound::Exact, 1.0)));
        // A floor: "more than 150" and 180 agree, 300 does not.
        assert!(eq(fig(150.0, Bound::AtLeast, 1.0), fig(180.0, Bound::Exact, 1.0)));
        assert!(!eq(fig(150.0, Bound::AtLeast, 1.0), fig(300.0, Bound::Exact, 1.0)));
        // Rounding: "2.1 million" stands for 2,123,000; "1.6 million" not for 1.5.
        assert!(eq(fig(2.1e6, Bound::Exact, 1e5), fig(2_123_000.0, Bound::Exact, 1.0)));
        assert!(!eq(fig(1.6e6, Bound::Exact, 1e5), fig(1.5e6, Bound::Exact, 1e5)));
        // A far rounder figure may be cut: "$43 million" for $43,885,310.
        assert!(eq(fig(43e6, Bound::Exact, 1e6), fig(43_885_310.0, Bound::Exact, 1.0)));
    }

    #[test]
    fn measures_read_as_words() {
        let mut f = fig(14.0, Bound::Exact, 1.0);
        f.measure = Some("page".into());
        assert_eq!(figure_text("14-page", &f), "14 pages");
        assert_eq!(thing_phrase("page opinion", Some("page")), "opinion");
        assert_eq!(thing_phrase("old son", None), "the son’s age");
        assert_eq!(
            figure_text("$310 million", &fig(310e6, Bound::Exact, 1e6)),
            "$310 million"
        );
    }

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

impl When {
    /// Whether two days are one apart.
    fn next_to(&self, other: &When) -> bool {
        let day = |w: &When| match w {
            When::Day(d) | When::Weekday(_, Some(d)) => Some(*d),
            _ => None,
        };
        match (day(self), day(other)) {
            (Some(a), Some(b)) => a.tomorrow().ok() == Some(b) || b.tomorrow().ok() == Some(a),
            _ => false,
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

/// Whether two dates may date one event: not an event that recurs, each
/// the same distance back from its own article's date ("Wednesday's
/// briefing" on Thursday, "Thursday's briefing" on Friday: each reported
/// the day after), even in aligned statements, nor one that recurs told
/// in other words by articles of different days; and, found by their
/// frames alone (not `aligned`), days only (a year or a month in similar
/// words is background, often of two events).
fn day_fact_of_one_event(
    ctx: &Context<'_>,
    x: &Mention<'_, DateValue>,
    y: &Mention<'_, DateValue>,
    aligned: bool,
) -> bool {
    let day = |m: &Mention<'_, DateValue>| match &m.value.when {
        When::Day(d) | When::Weekday(_, Some(d)) => Some(*d),
        _ => None,
    };
    if x.value.when.class() != 0 {
        return aligned;
    }
    let recurring = |m: &Mention<'_, DateValue>| m.frame.events.first().is_some_and(|e| e.recurring);
    if !recurring(x) && !recurring(y) {
        return true;
    }
    match (day(x), day(y), ctx.day(x.doc), ctx.day(y.doc)) {
        // Told in other words by articles of different days, an event
        // that recurs is as likely another occurrence.
        (Some(_), Some(_), Some(px), Some(py)) if px != py && !aligned => false,
        (Some(dx), Some(dy), Some(px), Some(py)) if px != py => {
            let back = |d: jiff::civil::Date, p: i64| crate::align::index::day_number(d).map(|n| p - n);
            back(dx, px) != back(dy, py)
        }
        _ => true,
    }
}

/// A date mention as compared: when, as shown in messages, and whether
/// it is at midnight or overnight (then the day before or after is the
/// same time told another way: "at midnight Monday", "early Tuesday").
struct DateValue {
    when: When,
    shown: String,
    night: bool,
}

/// Whether the words before plain offset `at` put the date at midnight.
fn at_midnight(plain: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(24);
    while !plain.is_char_boundary(from) {
        from += 1;
    }
    let before = plain[from..at.min(plain.len())].to_lowercase();
    before.contains("midnight") || before.contains("overnight")
}

/// The dates of every article that sit in a sentence and can be compared.
fn date_mentions<'c>(ctx: &'c Context<'_>) -> Vec<Mention<'c, DateValue>> {
    let mut out = Vec::new();
    for (doc, c) in ctx.claims.iter().enumerate() {
        let d = &ctx.docs[doc];
        for m in &c.dates {
            let Some(s) = d.sentences.get(m.frame.sentence) else {
                continue;
            };
            if !within(m.plain, s.plain) || is_post_date(&d.source, m.src.start) {
                continue;
            }
            let Some(w) = when(ctx, doc, m) else { continue };
            out.push(Mention {
                doc,
                stmt: Location { doc, src: s.src },
                at: m.src,
                plain: m.plain,
                class: w.class().to_string(),
                value: DateValue {
                    night: at_midnight(&d.plain, m.plain.start),
                    shown: shown_date(ctx, doc, m),
                    when: w,
                },
                frame: &m.frame,
            });
        }
    }
    out
}

pub fn dates<'v>(ctx: &Context<'_>, o: &DateMismatch) -> Vec<Raw<'v>> {
    let mentions = date_mentions(ctx);
    let m = Matching {
        min_score: o.min_score,
        min_words: o.min_words,
        same_outlet: o.same_outlet,
        window_days: o.window_days,
        frames: o.frames,
        min_similarity: o.min_similarity,
        events: true,
        min_speech_similarity: o.min_speech_similarity,
        min_pairs: o.min_pairs,
        event_folder: o.event_folder,
    };
    // A date is compared with another only when both clauses say what
    // happened then.
    let (votes, aligned) = vote(
        ctx,
        &mentions,
        &m,
        |a, b| a.when.same(&b.when) || ((a.night || b.night) && a.when.next_to(&b.when)),
        |x, y| !x.frame.events.is_empty() && !y.frame.events.is_empty(),
        |x, y, l| day_fact_of_one_event(ctx, x, y, l.aligned),
    );
    let shown: BTreeMap<FactKey, Shown> = mentions
        .iter()
        .map(|x| {
            let s = Shown {
                text: x.value.shown.clone(),
                counted: None,
                hedge: None,
                at: x.at,
            };
            (x.key(), s)
        })
        .collect();
    let seen = partners(&votes, &shown);
    let cap =
        |key: &FactKey, against: &[FactKey]| frames_cap(ctx, &aligned, key, against, o.frames_severity, o.event_folder);
    report(ctx, &votes, &shown, &seen, ("date", "other_date"), cap, |key, _| {
        vec![("text", ctx.text(key.0).to_string())]
    })
}
