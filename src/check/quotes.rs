//! Quote checks: wording, truncation and attribution of aligned quotes.

use std::collections::BTreeMap;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::wording::{self, Weight};
use super::{Context, Location, Minority, Raw, Votes, words_list};
use crate::align::{Pair, PairKind};
use crate::extract::{Quote, SpeakerSource};
use crate::rules::Severity;
use crate::rules::options::{QuoteAttribution, QuoteTruncation, QuoteWording};

/// A word of a quote, as compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Lower-cased, apostrophes folded, inner periods dropped ("U.S." → "us").
    pub norm: String,
    /// Byte range in the quote's text.
    pub start: usize,
    pub end: usize,
    /// Entirely inside [brackets] or (parentheses): an editor's insertion.
    pub editorial: bool,
    /// An ellipsis stands just before this word: words may be left out here.
    pub gap_before: bool,
    /// A point follows the word at once ("Sen."): it may be an abbreviation.
    pub dot_after: bool,
}

/// Numbers written as words, compared as numerals ("twenty" / "20").
const NUMBER_WORDS: [(&str, u32); 28] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The words of a quote, for comparing two quotes of the same words.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut depth = 0usize;
    let mut cur: Option<Word> = None;
    let mut cur_all_editorial = true;
    let mut gap = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let finish = |cur: &mut Option<Word>, all_ed: &mut bool, out: &mut Vec<Word>| {
        if let Some(mut w) = cur.take() {
            w.editorial = *all_ed;
            if let Some(&(_, n)) = NUMBER_WORDS.iter().find(|&&(s, _)| s == w.norm) {
                w.norm = n.to_string();
            }
            if !w.norm.is_empty() {
                out.push(w);
            }
        }
        *all_ed = true;
    };
    let alnum_at = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_alphanumeric());
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_alphanumeric() {
            let w = cur.get_or_insert_with(|| Word {
                norm: String::new(),
                start: at,
                end: at,
                editorial: false,
                gap_before: std::mem::take(&mut gap),
                dot_after: false,
            });
            w.norm.extend(c.to_lowercase());
            w.end = at + c.len_utf8();
            if depth == 0 {
                cur_all_editorial = false;
            }
        } else if matches!(c, '\'' | '’' | '‘') && cur.is_some() && alnum_at(i + 1) {
            if let Some(w) = cur.as_mut() {
                w.norm.push('\'');
            }
        } else if c == '.' && continues_after_point(&cur, &chars, i) {
            // "3.5" keeps its point; "U.S." reads as "us".
            if let Some(w) = cur.as_mut().filter(|w| w.norm.chars().all(|c| c.is_ascii_digit())) {
                w.norm.push('.');
            }
        } else if matches!(c, '[' | ']' | '(' | ')') && cur.is_some() && alnum_at(i + 1) && i > 0 && alnum_at(i - 1) {
            // "[I]t's": a bracket inside a word does not split it.
            depth = if matches!(c, '[' | '(') {
                depth + 1
            } else {
                depth.saturating_sub(1)
            };
        } else {
            if c == '.'
                && let Some(w) = cur.as_mut()
            {
                w.dot_after = true;
            }
            finish(&mut cur, &mut cur_all_editorial, &mut out);
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => depth = depth.saturating_sub(1),
                '…' => gap = true,
                '.' if chars.get(i + 1).is_some_and(|&(_, n)| n == '.')
                    && chars.get(i + 2).is_some_and(|&(_, n)| n == '.') =>
                {
                    gap = true;
                    i += 2;
                }
                // "conservation & healthy herds": the word "and".
                '%' | '&' => out.push(Word {
                    norm: if c == '%' { "percent" } else { "and" }.into(),
                    start: at,
                    end: at + 1,
                    editorial: depth > 0,
                    gap_before: std::mem::take(&mut gap),
                    dot_after: false,
                }),
                _ => {}
            }
        }
        i += 1;
    }
    finish(&mut cur, &mut cur_all_editorial, &mut out);
    // A trailing ellipsis: words may be left out at the end.
    if gap {
        out.push(Word {
            norm: String::new(),
            start: text.len(),
            end: text.len(),
            editorial: true,
            gap_before: true,
            dot_after: false,
        });
    }
    out
}

/// Whether a word goes on after the point at `chars[i]`: a decimal
/// ("3.5") or an abbreviation of single letters ("U.S.").
fn continues_after_point(cur: &Option<Word>, chars: &[(usize, char)], i: usize) -> bool {
    let Some(w) = cur else { return false };
    let Some(&(_, next)) = chars.get(i + 1) else {
        return false;
    };
    if !w.norm.is_empty() && w.norm.chars().all(|c| c.is_ascii_digit()) {
        return next.is_ascii_digit();
    }
    let single = i >= 1 && chars[i - 1].1.is_alphabetic() && (i < 2 || !chars[i - 2].1.is_alphanumeric());
    single && next.is_alphabetic() && chars.get(i + 2).is_none_or(|&(_, c)| !c.is_alphanumeric())
}

/// How two quotes of the same statement differ.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Words both have, inside the shared part.
    pub shared: usize,
    /// Words of `a` before and after the part `b` also has (and the reverse).
    pub a_head: (usize, usize),
    pub a_tail: (usize, usize),
    pub b_head: (usize, usize),
    pub b_tail: (usize, usize),
    /// Changes inside the shared part: (a word range, b word range).
    pub changes: Vec<((usize, usize), (usize, usize))>,
}

/// Words that are all an editor's insertion (an empty run is not).
fn is_ignorable(ws: &[Word]) -> bool {
    !ws.is_empty() && ws.iter().all(|w| w.editorial)
}

/// Compares the words of two quotes.
///
/// The shared part runs from the first to the last run of equal words.
/// Read that way, a lone "we" the diff matched at the start of a longer
/// quote would hide a trim; read from runs of at least [`ANCHOR`] words,
/// "… the summer, he said" / "… the year, he said" would be two quotes
/// going separate ways. Both readings are made and the one with fewer
/// changed words (counting words both sides have past the shared part)
/// is kept.
pub fn compare(a: &[Word], b: &[Word]) -> Comparison {
    let an: Vec<&str> = a.iter().map(|w| w.norm.as_str()).collect();
    let bn: Vec<&str> = b.iter().map(|w| w.norm.as_str()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &an, &bn);
    let loose = compare_from(a, b, &an, &bn, &ops, 1);
    let strict = compare_from(a, b, &an, &bn, &ops, ANCHOR);
    if strict.cost() < loose.cost() { strict } else { loose }
}

impl Comparison {
    /// Changed words, plus words both quotes have past the shared part at
    /// the same end (a divergence, not a trim).
    fn cost(&self) -> usize {
        let len = |r: (usize, usize)| r.1 - r.0;
        let changed: usize = self.changes.iter().map(|&(x, y)| len(x).max(len(y))).sum();
        changed + len(self.a_head).min(len(self.b_head)) + len(self.a_tail).min(len(self.b_tail))
    }
}

fn compare_from(a: &[Word], b: &[Word], an: &[&str], bn: &[&str], ops: &[DiffOp], min_anchor: usize) -> Comparison {
    let anchor = |o: &&DiffOp| matches!(o, DiffOp::Equal { len, .. } if *len >= min_anchor);
    let any_equal = |o: &&DiffOp| matches!(o, DiffOp::Equal { .. });
    let first = ops
        .iter()
        .position(|o| anchor(&o))
        .or_else(|| ops.iter().position(|o| any_equal(&o)));
    let last = ops
        .iter()
        .rposition(|o| anchor(&o))
        .or_else(|| ops.iter().rposition(|o| any_equal(&o)));
    let mut c = Comparison::default();
    let (Some(first), Some(last)) = (first, last) else {
        return c;
    };
    let (
        DiffOp::Equal {
            old_index: a0,
            new_index: b0,
            ..
        },
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        },
    ) = (ops[first], ops[last])
    else {
        return c;
    };
    let (mut a0, mut b0, mut a1, mut b1) = (a0, b0, old_index + len, new_index + len);
    // Grow the shared part over equal words next to it (the anchors skip
    // lone matches, which the diff may have placed elsewhere).
    let mut grown = 0;
    while a0 > 0 && b0 > 0 && an[a0 - 1] == bn[b0 - 1] {
        a0 -= 1;
        b0 -= 1;
        grown += 1;
    }
    while a1 < a.len() && b1 < b.len() && an[a1] == bn[b1] {
        a1 += 1;
        b1 += 1;
        grown += 1;
    }
    c.shared = grown;
    c.a_head = (0, a0);
    c.b_head = (0, b0);
    c.a_tail = (a1, a.len());
    c.b_tail = (b1, b.len());
    // Both quotes go on past the shared part with a few different words:
    // a changed word at the edge ("the end of the summer" / "… the year"),
    // not a trim. Longer different runs are the quotes going separate ways.
    let edge = |n: usize, m: usize| n > 0 && m > 0 && n <= EDGE_WORDS && m <= EDGE_WORDS;
    if edge(a0, b0) && !is_ignorable(&a[..a0]) && !is_ignorable(&b[..b0]) && !same_spelled_apart(&a[..a0], &b[..b0]) {
        c.changes.push(((0, a0), (0, b0)));
        c.a_head = (0, 0);
        c.b_head = (0, 0);
    }
    let tail_change = edge(a.len() - a1, b.len() - b1)
        && !is_ignorable(&a[a1..])
        && !is_ignorable(&b[b1..])
        && !same_spelled_apart(&a[a1..], &b[b1..]);
    for op in &ops[first..=last] {
        let (ar, br) = match *op {
            DiffOp::Equal { len, .. } => {
                c.shared += len;
                continue;
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => ((old_index, old_index + old_len), (new_index, new_index)),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => ((old_index, old_index), (new_index, new_index + new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => ((old_index, old_index + old_len), (new_index, new_index + new_len)),
        };
        let (aw, bw) = (&a[ar.0..ar.1], &b[br.0..br.1]);
        // Editorial insertions on either side, and words one side leaves
        // out at an ellipsis, are not changes.
        if is_ignorable(aw) || is_ignorable(bw) {
            continue;
        }
        let gap_in_a = a.get(ar.0).is_some_and(|w| w.gap_before) || a.get(ar.1).is_some_and(|w| w.gap_before);
        let gap_in_b = b.get(br.0).is_some_and(|w| w.gap_before) || b.get(br.1).is_some_and(|w| w.gap_before);
        if (aw.is_empty() && gap_in_a) || (bw.is_empty() && gap_in_b) || same_spelled_apart(aw, bw) {
            continue;
        }
        c.changes.push((ar, br));
    }
    if tail_change {
        c.changes.push(((a1, a.len()), (b1, b.len())));
        c.a_tail = (a.len(), a.len());
        c.b_tail = (b.len(), b.len());
    }
    c
}

/// Whether two runs of words are one spelling written apart or together
/// ("work force" / "workforce", "in to" / "into"), or an abbreviation of
/// the same word ("Sen." / "Senator").
fn same_spelled_apart(a: &[Word], b: &[Word]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let join = |ws: &[Word]| ws.iter().map(|w| w.norm.as_str()).collect::<String>();
    if join(a) == join(b) {
        return true;
    }
    match (a, b) {
        ([x], [y]) => {
            let abbrev = |s: &Word, l: &Word| s.dot_after && s.norm.len() >= 2 && l.norm.starts_with(&s.norm);
            abbrev(x, y) || abbrev(y, x)
        }
        _ => false,
    }
}

/// Words in a row that anchor the shared part of two quotes.
const ANCHOR: usize = 3;

/// Different words past the shared part, up to this many on each side,
/// are a changed word rather than two quotes going separate ways.
const EDGE_WORDS: usize = 2;

fn quote_text<'c>(ctx: &'c Context<'_>, doc: usize, q: &Quote) -> &'c str {
    q.plain.slice(&ctx.docs[doc].plain)
}

fn quote<'c>(ctx: &'c Context<'_>, doc: usize, index: usize) -> Option<&'c Quote> {
    ctx.claims.get(doc)?.quotes.get(index)
}

/// The words `ws[range]` as they are written in `text`.
fn written(text: &str, ws: &[Word], range: (usize, usize)) -> String {
    let ws = &ws[range.0..range.1];
    // Skip the end marker of a trailing ellipsis.
    let ws: Vec<&Word> = ws.iter().filter(|w| !w.norm.is_empty()).collect();
    match (ws.first(), ws.last()) {
        (Some(f), Some(l)) => text[f.start..l.end].to_string(),
        _ => String::new(),
    }
}

/// The text of `ws[range]` with what stands between it and its
/// neighbours ("&" between two words is no word, but is written).
fn around(text: &str, ws: &[Word], range: (usize, usize)) -> String {
    let start = range.0.checked_sub(1).and_then(|i| ws.get(i)).map_or(0, |w| w.end);
    let end = ws.get(range.1).map_or(text.len(), |w| w.start);
    if range.0 == range.1 {
        text.get(start..end.max(start)).unwrap_or("").to_string()
    } else {
        written(text, ws, range)
    }
}

fn speaker_name(q: &Quote) -> String {
    q.speaker.clone().unwrap_or_else(|| "the speaker".to_string())
}

/// Both quotes of a quote pair, their words, and how they differ.
struct Compared<'c> {
    qa: &'c Quote,
    qb: &'c Quote,
    wa: Vec<Word>,
    wb: Vec<Word>,
    c: Comparison,
}

fn compared<'c>(ctx: &'c Context<'_>, p: &Pair) -> Option<Compared<'c>> {
    let qa = quote(ctx, p.a.doc, p.a.index)?;
    let qb = quote(ctx, p.b.doc, p.b.index)?;
    let wa = words(quote_text(ctx, p.a.doc, qa));
    let wb = words(quote_text(ctx, p.b.doc, qb));
    let c = compare(&wa, &wb);
    Some(Compared { qa, qb, wa, wb, c })
}

/// How one quote's words differ from another's: each change that is not
/// a convention, written for the message, and the heaviest. `None` when
/// the two are not one statement (too little shared).
fn differences(
    ctx: &Context<'_>,
    o: &QuoteWording,
    (da, qa): (usize, &Quote),
    (db, qb): (usize, &Quote),
) -> Option<(Vec<Change>, [bool; 2])> {
    let lex = crate::lexicon::Lexicon::builtin();
    let (ta, tb) = (quote_text(ctx, da, qa), quote_text(ctx, db, qb));
    let (wa, wb) = (words(ta), words(tb));
    let c = compare(&wa, &wb);
    if c.shared < o.min_shared_words {
        return None;
    }
    let inner_a = c.a_tail.0 - c.a_head.1;
    let inner_b = c.b_tail.0 - c.b_head.1;
    if (c.shared as f64) < o.min_shared_share * inner_a.min(inner_b).max(1) as f64 {
        return None;
    }
    // Changes that outweigh what is shared are two statements, not one
    // statement reworded.
    let changed: usize = c.changes.iter().map(|&(x, y)| (x.1 - x.0).max(y.1 - y.0)).sum();
    if changed * 3 > c.shared {
        return None;
    }
    // Each change weighed: conventions dropped.
    // A quote that starts in lower case runs on from the reporter's
    // sentence: a partial quote, adapted to it.
    let runs_on = |t: &str| t.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase);
    let partial = qa.fragment || qb.fragment || runs_on(ta) || runs_on(tb);
    let lemma = |w: &str| lex.events.form(w).map(|f| lex.events.lemma(f.lemma));
    let side = |text: &str, ws: &[Word], r: (usize, usize)| -> (Vec<String>, String) {
        (
            ws[r.0..r.1]
                .iter()
                .map(|w| w.norm.clone())
                .filter(|w| !w.is_empty())
                .collect(),
            around(text, ws, r),
        )
    };
    let mut changes = Vec::new();
    for &(ar, br) in &c.changes {
        let ((na, xa), (nb, xb)) = (side(ta, &wa, ar), side(tb, &wb, br));
        let w = wording::weigh(
            &wording::Side {
                words: na.iter().map(String::as_str).collect(),
                text: &xa,
            },
            &wording::Side {
                words: nb.iter().map(String::as_str).collect(),
                text: &xb,
            },
            partial,
            o,
            lemma,
        );
        if w == Weight::Convention {
            continue;
        }
        let (x, y) = (written(ta, &wa, ar), written(tb, &wb, br));
        if !(x.is_empty() && y.is_empty()) {
            changes.push(Change { a: x, b: y, weight: w });
        }
    }
    // Whether each quote's words are all in the other's (none trimmed).
    let len = |r: (usize, usize)| r.1 - r.0;
    let covered = [len(c.a_head) + len(c.a_tail) == 0, len(c.b_head) + len(c.b_tail) == 0];
    Some((changes, covered))
}

/// A change between two quotes: the words of each (empty when one has
/// none there) and its weight.
struct Change {
    a: String,
    b: String,
    weight: Weight,
}

/// Changes written for the message, from the side of `mine` (the
/// first quote of the comparison when `first`).
fn described(changes: &[Change], first: bool, mine: &str, theirs: &str) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let (x, y) = if first { (&c.a, &c.b) } else { (&c.b, &c.a) };
            match (x.is_empty(), y.is_empty()) {
                (false, true) => format!("\"{x}\" only in {mine}"),
                (true, false) => format!("\"{y}\" only in {theirs}"),
                _ => format!("\"{x}\" / \"{y}\""),
            }
        })
        .collect()
}

/// A quote: its document and its index there.
type QuoteKey = (usize, usize);

/// A quote another outlet words otherwise: its key, the quote, the
/// changes from the reported one, and the heaviest.
type Against<'c> = ((usize, usize), &'c Quote, Vec<String>, Weight);

pub fn wording<'v>(ctx: &Context<'_>, o: &QuoteWording) -> Vec<Raw<'v>> {
    // Quotes worded alike agree; worded differently, they conflict. The
    // quote in the minority is reported once, with every outlet that
    // words it otherwise.
    let mut votes: Votes<(usize, usize)> = Votes::default();
    // Each conflict's changes, as compared in the pair's order.
    let mut compared: BTreeMap<(QuoteKey, QuoteKey), Vec<Change>> = BTreeMap::new();
    for p in ctx.pairs(PairKind::Quote, o.same_outlet, o.window_days) {
        let (Some(qa), Some(qb)) = (quote(ctx, p.a.doc, p.a.index), quote(ctx, p.b.doc, p.b.index)) else {
            continue;
        };
        let Some((changes, covered)) = differences(ctx, o, (p.a.doc, qa), (p.b.doc, qb)) else {
            continue;
        };
        let (ka, kb) = ((p.a.doc, p.a.index), (p.b.doc, p.b.index));
        if changes.is_empty() {
            // A quote supports another's wording only where it has all
            // of its words: a shorter one says nothing of the rest.
            if covered[0] {
                votes.support(ka, kb);
            }
            if covered[1] {
                votes.support(kb, ka);
            }
        } else {
            votes.conflict(ka, kb);
            compared.insert((ka, kb), changes);
        }
    }
    let mut out = Vec::new();
    for Minority { key, others, .. } in votes.minorities(ctx, |k| k.0, |_| 0) {
        let Some(q) = quote(ctx, key.0, key.1) else { continue };
        let mut found: Vec<Against<'_>> = Vec::new();
        for &k in &others {
            let (changes, first) = match (compared.get(&(key, k)), compared.get(&(k, key))) {
                (Some(c), _) => (c, true),
                (None, Some(c)) => (c, false),
                (None, None) => continue,
            };
            let (Some(oq), Some(w)) = (quote(ctx, k.0, k.1), changes.iter().map(|c| c.weight).max()) else {
                continue;
            };
            found.push((
                k,
                oq,
                described(changes, first, &ctx.outlet(key.0), &ctx.outlet(k.0)),
                w,
            ));
        }
        let Some((first, fq, changes, _)) = found.first() else {
            continue;
        };
        let heaviest = found.iter().map(|f| f.3).max().unwrap_or(Weight::Meaning);
        let mut vars = BTreeMap::new();
        vars.insert("outlet", ctx.outlet(key.0));
        vars.insert("other_outlets", ctx.outlets(found.iter().map(|f| f.0.0)));
        // The speaker as the surest of the outlets names a person; else
        // one an attribution with a speech verb names ("the Kremlin
        // said"), not a label ("Fact: “…”").
        let quotes = || std::iter::once((key.0, q)).chain(found.iter().map(|f| (f.0.0, f.1)));
        let named = quotes()
            .filter(|&(d, x)| is_person(ctx, d, x))
            .max_by_key(|&(d, x)| (sureness(x.speaker_source), std::cmp::Reverse(d)))
            .or_else(|| quotes().find(|(_, x)| x.cue.is_some() && x.speaker.is_some()))
            .map(|(_, x)| x);
        vars.insert("speaker", named.map_or_else(|| "the speaker".to_string(), speaker_name));
        vars.insert("text", quote_text(ctx, key.0, q).to_string());
        vars.insert("other_text", quote_text(ctx, first.0, fq).to_string());
        vars.insert("changes", changes.join("; "));
        let mut locations = vec![Location { doc: key.0, src: q.src }];
        locations.extend(found.iter().map(|f| Location {
            doc: f.0.0,
            src: f.1.src,
        }));
        out.push(Raw {
            locations,
            vars,
            marks: Vec::new(),
            severity: (heaviest == Weight::Minor).then_some(o.minor_severity),
        });
    }
    out
}

pub fn truncation<'v>(ctx: &Context<'_>, o: &QuoteTruncation) -> Vec<Raw<'v>> {
    // One finding per shorter quote: the first longer version gives the
    // missing words, every outlet with a longer version is listed.
    let mut by_short: BTreeMap<Location, Raw<'v>> = BTreeMap::new();
    for p in ctx.pairs(PairKind::Quote, o.same_outlet, o.window_days) {
        let Some(Compared { qa, qb, wa, wb, c }) = compared(ctx, p) else {
            continue;
        };
        if c.shared == 0 {
            continue;
        }
        // (short side, its quote, long side's words and missing ranges)
        let sides = [
            (p.a.doc, qa, p.b.doc, qb, &wb, c.a_head, c.b_head, c.a_tail, c.b_tail),
            (p.b.doc, qb, p.a.doc, qa, &wa, c.b_head, c.a_head, c.b_tail, c.a_tail),
        ];
        for (doc, q, other_doc, oq, ow, head, other_head, tail, other_tail) in sides {
            // The short side has nothing before (after) the shared part where the other has words.
            let mut missing = Vec::new();
            let other_text = quote_text(ctx, other_doc, oq);
            // Whole sentences left out are a shorter quote, not a cut one.
            let boundary = |x: usize, y: usize| -> bool {
                match (ow.get(x), ow.get(y)) {
                    (Some(p), Some(n)) => other_text[p.end..n.start].contains(['.', '?', '!']),
                    _ => false,
                }
            };
            let head_cut = other_head.1 > 0 && !boundary(other_head.1 - 1, other_head.1);
            let tail_cut = other_tail.0 > 0 && !boundary(other_tail.0 - 1, other_tail.0);
            if head.1 == head.0 && head_cut && other_head.1 - other_head.0 >= o.min_missing_words {
                missing.push(written(other_text, ow, other_head));
            }
            if tail.1 == tail.0 && tail_cut && other_tail.1 - other_tail.0 >= o.min_missing_words {
                let w = written(other_text, ow, other_tail);
                if !w.is_empty() {
                    missing.push(w);
                }
            }
            if missing.is_empty() {
                continue;
            }
            let mut vars = BTreeMap::new();
            vars.insert("outlet", ctx.outlet(doc));
            vars.insert("other_outlets", ctx.outlet(other_doc));
            vars.insert("speaker", speaker_name(q));
            vars.insert("text", quote_text(ctx, doc, q).to_string());
            vars.insert("other_text", other_text.to_string());
            vars.insert("missing", missing.join("\" and \""));
            let short = Location { doc, src: q.src };
            let long = Location {
                doc: other_doc,
                src: oq.src,
            };
            let entry = by_short.entry(short).or_insert_with(|| Raw {
                locations: vec![short],
                vars,
                marks: Vec::new(),
                severity: None,
            });
            let outlet = ctx.outlet(other_doc);
            if !entry.locations.iter().any(|l| ctx.outlet(l.doc) == outlet) {
                entry.locations.push(long);
                let others: Vec<usize> = entry.locations[1..].iter().map(|l| l.doc).collect();
                entry.vars.insert("other_outlets", ctx.outlets(others));
            }
        }
    }
    by_short.into_values().collect()
}

fn source_name(s: SpeakerSource) -> &'static str {
    match s {
        SpeakerSource::Explicit => "explicit",
        SpeakerSource::Pronoun => "pronoun",
        SpeakerSource::Role => "role",
        SpeakerSource::Subject => "subject",
        SpeakerSource::PreviousQuote => "previous-quote",
        SpeakerSource::None => "none",
    }
}

/// How sure an attribution is: a name beats a pronoun beats a role noun
/// beats the previous quote's speaker.
fn sureness(s: SpeakerSource) -> u8 {
    match s {
        SpeakerSource::Explicit => 5,
        SpeakerSource::Pronoun => 4,
        SpeakerSource::Role => 3,
        SpeakerSource::Subject => 2,
        SpeakerSource::PreviousQuote => 1,
        SpeakerSource::None => 0,
    }
}

/// Words before a surname that are not given names.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"];

/// A lower-cased word with its first letter upper case again, as the
/// given-name lists write it.
fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Whether two speaker names are the same person as far as the names
/// say: the same surname, and the same given name unless one leaves it
/// out ("Jacob J. Lew", "Jacob Lew", "Lew"). Titles before a name
/// ("Sheriff Joe Arpaio") do not count.
pub fn same_person(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || c == '.')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty() && !matches!(w.as_str(), "jr" | "sr" | "ii" | "iii"))
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let (Some(la), Some(lb)) = (wa.last(), wb.last()) else {
        return false;
    };
    // "Olga Sanchez" in "Olga Sanchez Cordero": every word of the shorter
    // name is in the longer one, the first first.
    let (short, long) = if wa.len() <= wb.len() { (&wa, &wb) } else { (&wb, &wa) };
    if short.len() >= 2 && short[0] == long[0] && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    // "Wang" for "Wang Yi": a family name written first, no given name.
    let speech = &crate::lexicon::Lexicon::builtin().speech;
    if short.len() == 1
        && long.len() == 2
        && short[0] == long[0]
        && !speech.first_names.contains(&capitalised(&short[0]))
    {
        return true;
    }
    // A near spelling of a long surname is the same person misspelt
    // (name.variant reports the spelling).
    if la != lb && !crate::extract::people::similar_surname(la, lb) {
        return false;
    }
    // Given names: not initials, not honorifics ("Mr Ratcliffe"), not
    // titles ("Archbishop Vigano", "President-elect Trump"): words the
    // given-name list has.
    let names = &speech.first_names;
    let given = |w: &[String]| -> Vec<String> {
        w[..w.len() - 1]
            .iter()
            .filter(|x| x.len() > 1 && !HONORIFICS.contains(&x.as_str()))
            .filter(|x| {
                let cap = capitalised(x);
                names.contains(&cap) || speech.sexes.contains_key(&cap) || speech.nicknames.contains_key(x.as_str())
            })
            .cloned()
            .collect()
    };
    let (ga, gb) = (given(&wa), given(&wb));
    // "Joe" and "Joseph", "Philonese" and "Philonise" name one person.
    // "Bobby" and "Robert" by the nickname groups.
    let compatible = |x: &String, y: &String| {
        x.starts_with(y.as_str()) || y.starts_with(x.as_str()) || x.get(..2) == y.get(..2) || speech.nickname_of(x, y)
    };
    ga.is_empty() || gb.is_empty() || ga.iter().any(|g| gb.iter().any(|h| compatible(g, h)))
}

pub fn attribution<'v>(ctx: &Context<'_>, o: &QuoteAttribution) -> Vec<Raw<'v>> {
    // Each aligned quote pair whose speakers differ is a conflict; the
    // conflicts of one quote are reported together, at the quote in the
    // minority.
    let speaker_of = |doc: usize, q: &Quote| -> Option<String> {
        let s = q.speaker.as_deref()?;
        let counts = o.speaker_sources.iter().any(|x| x == source_name(q.speaker_source));
        (counts && is_person(ctx, doc, q)).then(|| s.to_string())
    };
    let mut votes: Votes<(usize, usize)> = Votes::default();
    for p in ctx.pairs(PairKind::Quote, o.same_outlet, o.window_days) {
        let Some(Compared { qa, qb, wa, wb, c }) = compared(ctx, p) else {
            continue;
        };
        let shorter = wa.len().min(wb.len());
        let longer = wa.len().max(wb.len());
        if c.shared < o.min_words || (c.shared as f64) < o.min_shared_share * shorter as f64 {
            continue;
        }
        // A few words inside a much longer quote are a phrase two people
        // may both say ("no one is above the law").
        let contained = longer > c.shared + 2;
        if c.shared < o.min_words_contained && contained {
            continue;
        }
        // Words changed inside the shared part: two statements that share
        // a phrase ("no one, not even the head of …, is above the law").
        // A part of a longer quote must be its words as they are: "Washington
        // has largely taken its eye off the ball" in a statement about what
        // the president thinks is not his speech's "Washington has taken
        // its eye off the ball".
        let changed: usize = c
            .changes
            .iter()
            .map(|&((a0, a1), (b0, b1))| (a1 - a0).max(b1 - b0))
            .sum();
        if changed > o.max_changed_words || (contained && changed > 0) {
            continue;
        }
        let (Some(sa), Some(sb)) = (speaker_of(p.a.doc, qa), speaker_of(p.b.doc, qb)) else {
            continue;
        };
        // The shorter quote sits in a quotation inside the longer one
        // ("Michelle Obama put it well when she said, ‘When they go low
        // …’"): the longer quote's speaker is quoting someone.
        let (long_text, short_words) = if wa.len() >= wb.len() {
            (quote_text(ctx, p.a.doc, qa), &wb)
        } else {
            (quote_text(ctx, p.b.doc, qb), &wa)
        };
        if quoted_inside(long_text, short_words) {
            continue;
        }
        let (ka, kb) = ((p.a.doc, p.a.index), (p.b.doc, p.b.index));
        // "Cheney said" in one article and "Liz Cheney said" in the other
        // agree as written: which Cheney the surname means is this
        // reading's guess, not the article's claim.
        let as_written = |q: &Quote, other: &str| {
            bare_surname(q).is_some_and(|s| other.rsplit(' ').next().is_some_and(|l| l.eq_ignore_ascii_case(&s)))
        };
        if same_person(&sa, &sb) || as_written(qa, &sb) || as_written(qb, &sa) {
            votes.agree(ka, kb);
        } else {
            votes.conflict(ka, kb);
        }
    }
    // On a tie, the less sure attribution (then the later article) is the
    // minority.
    let sure = |&(d, i): &(usize, usize)| quote(ctx, d, i).map_or(0, |q| sureness(q.speaker_source));
    let listed = |q: &Quote, list: &[String]| list.iter().any(|x| x == source_name(q.speaker_source));
    let mut out = Vec::new();
    for m in votes.minorities(ctx, |k| k.0, sure) {
        let Some(q) = quote(ctx, m.key.0, m.key.1) else {
            continue;
        };
        // The quote reported is one whose speaker the article names; a
        // pronoun resolved to someone else is more often a misreading.
        if !listed(q, &o.minority_sources) {
            continue;
        }
        let Minority {
            key, against, others, ..
        } = m;
        // An error needs both sides found surely (a name or a role with
        // a speech verb); a pronoun on the other side gives a warning.
        let confident = listed(q, &o.confident_sources)
            && against
                .iter()
                .any(|&(d, i)| quote(ctx, d, i).is_some_and(|oq| listed(oq, &o.confident_sources)));
        let mut other_speakers: Vec<String> = Vec::new();
        for &(d, i) in &against {
            if let Some(s) = quote(ctx, d, i).and_then(|oq| oq.speaker.as_ref())
                && !other_speakers.iter().any(|x| same_person(x, s))
            {
                other_speakers.push(s.clone());
            }
        }
        // The others do not agree on a speaker either: words many people
        // say, not one person's quote given to another.
        if other_speakers.len() > 1 {
            continue;
        }
        let mut locations = vec![Location { doc: key.0, src: q.src }];
        locations.extend(
            others
                .iter()
                .filter_map(|&(d, i)| quote(ctx, d, i).map(|oq| Location { doc: d, src: oq.src })),
        );
        let mut vars = BTreeMap::new();
        vars.insert("outlet", ctx.outlet(key.0));
        vars.insert("other_outlets", other_articles(ctx, key.0, others.iter().map(|k| k.0)));
        vars.insert("speaker", q.speaker.clone().unwrap_or_default());
        vars.insert("other_speakers", words_list(&other_speakers));
        vars.insert("text", quote_text(ctx, key.0, q).to_string());
        out.push(Raw {
            locations,
            vars,
            marks: Vec::new(),
            severity: (!confident).then_some(Severity::Warning),
        });
    }
    out
}

/// How a finding names the articles against `doc`: their outlets, or,
/// when they are all of `doc`'s own outlet, the other article itself
/// ("another Fox News article, “Title”").
fn other_articles(ctx: &Context<'_>, doc: usize, others: impl Iterator<Item = usize> + Clone) -> String {
    let mine = ctx.outlet(doc);
    if others.clone().all(|d| ctx.outlet(d) == mine) {
        let names: Vec<String> = others
            .map(|d| {
                let other = &ctx.docs[d];
                match other.title.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) => format!("another {mine} article, “{}”", t.trim()),
                    None => format!("another {mine} article, {}", other.name()),
                }
            })
            .collect();
        return words_list(&names);
    }
    ctx.outlets(others)
}

/// The surname a quote's attribution gives alone ("Cheney said", "Mr.
/// Cheney said"), when it names nobody more fully.
fn bare_surname(q: &Quote) -> Option<String> {
    if q.speaker_source != SpeakerSource::Explicit {
        return None;
    }
    let text = q.speaker_text.as_deref()?;
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !HONORIFICS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .collect();
    match words[..] {
        [w] if w.starts_with(char::is_uppercase) => Some(w.trim_end_matches(['.', ',']).to_string()),
        _ => None,
    }
}

/// Whether `short` (a quote's words) is mostly inside a quotation within
/// the text of a longer quote.
fn quoted_inside(long_text: &str, short: &[Word]) -> bool {
    let inside = |inner: &str| compare(&words(inner), short).shared * 5 >= short.len() * 4;
    crate::extract::quotes::find_marks(long_text)
        .iter()
        .any(|m| m.closed && inside(&long_text[m.start..m.end]))
        || single_quoted(long_text)
            .into_iter()
            .any(|(a, b)| inside(&long_text[a..b]))
}

/// Spans of text between straight single marks that open after a space
/// and close before one ("Many people said, 'Good riddance.'"), not
/// apostrophes inside words.
fn single_quoted(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if c != b'\'' {
            continue;
        }
        let before = i.checked_sub(1).map(|k| b[k]);
        let after = b.get(i + 1).copied();
        let word = |x: Option<u8>| x.is_some_and(|x| x.is_ascii_alphanumeric());
        match open {
            None if !word(before) && word(after) => open = Some(i + 1),
            Some(o) if (word(before) || before.is_some_and(|x| x.is_ascii_punctuation())) && !word(after) => {
                out.push((o, i));
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether a quote's speaker is a person (named in the article, or a role
/// resolved from the registry) rather than a group ("officials").
fn is_person(ctx: &Context<'_>, doc: usize, q: &Quote) -> bool {
    let Some(s) = q.speaker.as_deref() else { return false };
    q.speaker_source == SpeakerSource::Role || ctx.claims[doc].names.iter().any(|n| n.person == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Comparison {
        compare(&words(a), &words(b))
    }

    #[test]
    fn typography_and_case_are_not_changes() {
        let c = cmp("“We’re not going,” he said", "\"we're NOT going\" he said");
        assert!(c.changes.is_empty(), "{c:?}");
        assert_eq!(c.shared, 5);
        assert!(cmp("the U.S. will act", "the US will act").changes.is_empty());
        assert!(cmp("up 5% this year", "up 5 percent this year").changes.is_empty());
        assert!(cmp("for two years", "for 2 years").changes.is_empty());
    }

    #[test]
    fn a_trim_is_not_hidden_by_a_lone_word() {
        let c = cmp(
            "We must start by recognizing that returning is unrealistic",
            "We want a sovereign Ukraine. But we must start by recognizing that returning is unrealistic",
        );
        assert!(c.changes.is_empty(), "{c:?}");
        assert_eq!(c.b_head, (0, 6));
    }

    #[test]
    fn trims_are_not_changes() {
        let c = cmp(
            "But we must start by recognizing it",
            "we must start by recognizing it today",
        );
        assert!(c.changes.is_empty(), "{c:?}");
        assert_eq!(c.a_head, (0, 1));
        assert_eq!(c.b_tail, (6, 7));
    }

    #[test]
    fn brackets_and_ellipses_are_not_changes() {
        assert!(
            cmp(
                "[I]t's out of constitution [unconstitutional] to recognize",
                "It's out of constitution to recognize"
            )
            .changes
            .is_empty()
        );
        assert!(
            cmp("as President (Donald) Trump said", "as President Trump said")
                .changes
                .is_empty()
        );
        assert!(
            cmp(
                "we will build … and we will pay",
                "we will build it fast and we will pay"
            )
            .changes
            .is_empty()
        );
        assert!(
            cmp(
                "we will build ... and we will pay",
                "we will build it fast and we will pay"
            )
            .changes
            .is_empty()
        );
        assert!(cmp("[He] will pay for it", "Trump will pay for it").changes.is_empty());
    }

    #[test]
    fn compounds_and_abbreviations_are_not_changes() {
        assert!(
            cmp("as well as our workforce today", "as well as our work force today")
                .changes
                .is_empty()
        );
        assert!(
            cmp("might affect our workforce", "might affect our work force")
                .changes
                .is_empty()
        );
        assert!(
            cmp("Sen. Reid respects that", "Senator Reid respects that")
                .changes
                .is_empty()
        );
        assert!(
            cmp("you paid in to Medicare for years", "you paid into Medicare for years")
                .changes
                .is_empty()
        );
        assert!(
            cmp(
                "Sen. Reid respects that but thinks",
                "Senator Reid respects that but thinks"
            )
            .changes
            .is_empty()
        );
        assert_eq!(
            cmp("be in the pew every Sunday", "be in the pews every Sunday")
                .changes
                .len(),
            1
        );
    }

    #[test]
    fn a_changed_word_is_a_change() {
        let c = cmp(
            "before the end of the summer, he said",
            "before the end of the year, he said",
        );
        assert_eq!(c.changes, vec![((5, 6), (5, 6))]);
        let c = cmp("we will not pay for it", "we will pay for it");
        assert_eq!(c.changes.len(), 1);
    }

    #[test]
    fn people_named_two_ways_are_the_same() {
        assert!(same_person("Jacob J. Lew", "Jacob Lew"));
        assert!(same_person("Lew", "Jacob Lew"));
        assert!(same_person("Controversial Arizona Sheriff Joe Arpaio", "Arpaio"));
        assert!(!same_person("Dick Cheney", "Mary Cheney"));
        assert!(same_person("Gareth Vollmer", "Gareth Volmer"));
        assert!(same_person("Mr Ratcliffe", "John Ratcliffe"));
        assert!(same_person("Joseph R. Biden", "Joe Biden"));
        assert!(!same_person("Pete Hegseth", "Donald Trump"));
    }

    #[test]
    fn decimals_keep_their_point() {
        let w = words("3.5 million");
        assert_eq!(w[0].norm, "3.5");
        assert_ne!(words("3.5")[0].norm, words("35")[0].norm);
    }
}
