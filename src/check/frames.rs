//! Fact matching across paraphrase. Each figure or date mention becomes a
//! [`FactKeys`]: the weighted words of its sentence (nearer the fact, and
//! rarer in the background corpus and in its own article, weigh more; the
//! forms of one verb, and its act noun, count as one word) with its
//! frame. Two mentions in different outlets' articles are about the same
//! fact when their words are alike enough and their frames do not say
//! otherwise: no shared person where both name people, events of
//! different kinds, different things counted.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::align::norm::hash_str;
use crate::document::Document;
use crate::extract::frames::{Event, EventLexicon, Frame};
use crate::text::Span;

/// How fast a word's weight falls with its distance (in words) from the
/// fact: e^(-d / NEAR_WORDS).
const NEAR_WORDS: f32 = 6.0;
/// Weight of a word of the sentence outside the fact's clause.
const OUTSIDE_CLAUSE: f32 = 0.5;
/// The weight of another figure both sentences give, as if a rare word.
const NUMBER_IDF: f64 = 4.0;
/// Words at least this rare in the background corpus (IDF) key the index.
const INDEX_MIN_IDF: f64 = 2.0;
/// Index keys per fact.
const INDEX_KEYS: usize = 6;
/// Words two facts' sentences must share to be one fact: one word in
/// common is a coincidence of short sentences.
pub const MIN_SHARED_WORDS: usize = 2;
/// Index keys two facts must share to be compared.
const INDEX_MIN_SHARED: usize = 2;

/// One fact's words and frame, ready to compare.
#[derive(Clone, Debug)]
pub struct FactKeys {
    /// (key, weight), sorted by key; a word weighs less the further it is
    /// from the fact.
    pub keys: Vec<(u64, f32)>,
    /// The same without the distance: for speech, where what was said may
    /// be anywhere in the sentence.
    pub flat: Vec<(u64, f32)>,
    /// The key of the frame's event, when it has one (left out of
    /// similarity when both facts only report speech).
    pub event_key: Option<u64>,
}

impl FactKeys {
    pub fn empty() -> FactKeys {
        FactKeys {
            keys: Vec::new(),
            flat: Vec::new(),
            event_key: None,
        }
    }
}

/// The key a word counts under: its verb's lemma when it is a verb form
/// or an act noun, else its stem.
fn word_key(events: &EventLexicon, lower: &str, stem: u64) -> u64 {
    match events.form(lower) {
        Some(f) => hash_str(events.lemma(f.lemma)) ^ 0x9e37_79b9_7f4a_7c15,
        None => stem,
    }
}

/// The keys of every fact of one document, by the plain span of the fact
/// and its frame. `facts`: (plain span, frame) per fact.
pub fn document_keys(
    doc: &Document,
    facts: &[(Span, &Frame)],
    norm: &crate::align::norm::Normalizer,
    events: &EventLexicon,
) -> Vec<FactKeys> {
    // The sentences that hold facts, normalised once each.
    let mut sentences: Vec<usize> = facts.iter().map(|(_, f)| f.sentence).collect();
    sentences.sort_unstable();
    sentences.dedup();
    // Other weekdays and months say nothing of which fact this is.
    let masks = [
        hash_str(crate::align::norm::MASK_WEEKDAY),
        hash_str(crate::align::norm::MASK_MONTH),
    ];
    // Per sentence: its kept words (key, IDF, span, place among all its
    // words) and the spans of all its words.
    type Kept = (u64, f64, Span, usize);
    let normed: FxHashMap<usize, (Vec<Kept>, Vec<Span>)> = sentences
        .iter()
        .filter_map(|&si| {
            let s = doc.sentences.get(si)?;
            let text = s.plain.slice(&doc.plain);
            let n = norm.normalize(text);
            let abs =
                |t: &crate::align::norm::Token| Span::new(s.plain.start + t.span.start, s.plain.start + t.span.end);
            let all: Vec<Span> = n.toks.iter().map(abs).collect();
            let kept = n
                .toks
                .iter()
                .enumerate()
                .filter(|(_, t)| ((t.content && t.anchor) || (t.number && t.value != 0)) && !masks.contains(&t.stem))
                .filter(|(_, t)| !events.is_date_word(&t.span.slice(text).to_lowercase()))
                .map(|(i, t)| {
                    if t.number {
                        // The same other figure in both says much.
                        return (t.value ^ 0x5851_f42d_4c95_7f2d, NUMBER_IDF, abs(t), i);
                    }
                    let w = t.span.slice(text).to_lowercase();
                    (word_key(events, &w, t.stem), t.idf, abs(t), i)
                })
                .collect();
            Some((si, (kept, all)))
        })
        .collect();
    // How many of these sentences hold each key: words all through the
    // article (its topic) say little about which fact this is.
    let mut spread: FxHashMap<u64, u32> = FxHashMap::default();
    for (toks, _) in normed.values() {
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        for &(k, ..) in toks {
            if seen.insert(k) {
                *spread.entry(k).or_default() += 1;
            }
        }
    }
    facts
        .iter()
        .map(|(at, frame)| {
            let mut keys: Vec<(u64, f32)> = Vec::new();
            let mut flat: Vec<(u64, f32)> = Vec::new();
            let Some((kept, all)) = normed.get(&frame.sentence) else {
                return FactKeys {
                    keys,
                    flat,
                    event_key: None,
                };
            };
            // The fact's own words, by place among the sentence's words.
            let first = all.partition_point(|w| w.end <= at.start);
            let last = all.partition_point(|w| w.start < at.end).max(first + 1) - 1;
            for &(k, idf, span, pos) in kept {
                if span.start < at.end && span.end > at.start {
                    continue; // the fact's own words ("three-year")
                }
                // Words near the fact say what it is about; far ones less.
                let distance = if pos < first {
                    first - pos
                } else {
                    pos.saturating_sub(last)
                };
                let near = (-(distance as f32) / NEAR_WORDS).exp();
                let local = if span.start >= frame.clause.start && span.end <= frame.clause.end {
                    1.0
                } else {
                    OUTSIDE_CLAUSE
                };
                let n = f64::from(spread.get(&k).copied().unwrap_or(1));
                let w = (idf / (1.0 + n.ln())) as f32 * local;
                keys.push((k, w * near));
                flat.push((k, w));
            }
            for v in [&mut keys, &mut flat] {
                v.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
                v.dedup_by_key(|k| k.0);
            }
            let event_key = frame.events.first().map(|e| hash_str(&e.lemma) ^ 0x9e37_79b9_7f4a_7c15);
            FactKeys { keys, flat, event_key }
        })
        .collect()
}

/// Cosine similarity of two facts' words. When both only report speech
/// (`speech`), what was said counts wherever it is in the sentence, and
/// the speech verbs themselves do not.
pub fn similarity(a: &FactKeys, b: &FactKeys, speech: bool) -> f32 {
    similarity_and_shared(a, b, speech).0
}

/// [`similarity`], and how many words the two share.
pub fn similarity_and_shared(a: &FactKeys, b: &FactKeys, speech: bool) -> (f32, usize) {
    let skip = |k: u64| speech && (Some(k) == a.event_key || Some(k) == b.event_key);
    let (ka, kb) = if speech { (&a.flat, &b.flat) } else { (&a.keys, &b.keys) };
    let norm = |v: &[(u64, f32)]| v.iter().filter(|x| !skip(x.0)).map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let (na, nb) = (norm(ka), norm(kb));
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0f32, 0);
    while i < ka.len() && j < kb.len() {
        let ((x, wa), (y, wb)) = (ka[i], kb[j]);
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if !skip(x) {
                    dot += wa * wb;
                    shared += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    let sim = if na == 0.0 || nb == 0.0 { 0.0 } else { dot / (na * nb) };
    (sim, shared)
}

/// Whether two frames allow the facts to be one: people in common where
/// both name people, and events of one kind where both name one.
pub fn frames_agree(a: &Frame, b: &Frame, events: bool) -> bool {
    if !people_agree(a, b) {
        return false;
    }
    if !events {
        return true;
    }
    // The events the facts are about: the same verb, or verbs of one
    // class. Speech about an event may carry it ("announced Tuesday he
    // will endorse" ~ "endorsed on Tuesday"): then the other's event is
    // among its words.
    let same = |x: &Event, y: &Event| x.lemma == y.lemma || x.classes.iter().any(|c| y.classes.contains(c));
    match (a.events.first(), b.events.first()) {
        // "X said Monday": the same person spoke, or (an organisation, a
        // newspaper) no person is named on either side.
        (Some(x), Some(y)) if x.speech && y.speech => {
            fn speakers(f: &Frame) -> &[String] {
                if f.participants.is_empty() {
                    &f.people
                } else {
                    &f.participants
                }
            }
            let (sa, sb) = (speakers(a), speakers(b));
            same(x, y) && (sa.is_empty() && sb.is_empty() || surnames_meet(sa, sb))
        }
        (Some(x), Some(y)) => same(x, y),
        _ => true,
    }
}

/// Whether two frames' clauses are of the same people, when both name
/// any. People by surname: each article keys a person by its own first
/// full form ("Donald J. Trump", "Donald Trump").
pub fn people_agree(a: &Frame, b: &Frame) -> bool {
    a.participants.is_empty() || b.participants.is_empty() || share_people(a, b)
}

/// Whether two frames name a person in common (by surname).
pub fn share_people(a: &Frame, b: &Frame) -> bool {
    surnames_meet(&a.participants, &b.participants)
}

/// Whether two lists of people share a surname.
fn surnames_meet(a: &[String], b: &[String]) -> bool {
    a.iter().any(|p| b.iter().any(|q| surname_of(p) == surname_of(q)))
}

/// A person's key's last word, lower-cased.
fn surname_of(p: &str) -> String {
    p.rsplit(' ').next().unwrap_or(p).to_lowercase()
}

/// Whether two frames' first events are one: the same verb, or verbs of
/// one class.
pub fn same_event(a: &Frame, b: &Frame) -> bool {
    match (a.events.first(), b.events.first()) {
        (Some(x), Some(y)) => x.lemma == y.lemma || x.classes.iter().any(|c| y.classes.contains(c)),
        _ => false,
    }
}

/// Whether two frames tell two events: each has a verb of meaning of
/// its own, not of speech, next to the fact, and they are of no class in
/// common ("11 were killed" and "six were wounded" count two groups).
pub fn events_differ(a: &Frame, b: &Frame) -> bool {
    match (a.events.first(), b.events.first()) {
        (Some(x), Some(y)) if x.near && y.near && !x.light && !y.light && !x.speech && !y.speech => !same_event(a, b),
        _ => false,
    }
}

/// Whether one frame tells what happened and the other what would or
/// could, each by the verb next to its fact ("Obama has cut $716
/// billion", "his plan would cut $800 billion"): two facts.
pub fn realized_differ(a: &Frame, b: &Frame) -> bool {
    match (a.events.first(), b.events.first()) {
        (Some(x), Some(y)) => x.near && y.near && x.unrealized != y.unrealized,
        _ => false,
    }
}

/// Whether either frame's event is of a kind that recurs (speaking,
/// meeting): such dates need closer words to be one event.
pub fn recurring(a: &Frame, b: &Frame) -> bool {
    a.events.first().is_some_and(|e| e.recurring || e.speech)
        || b.events.first().is_some_and(|e| e.recurring || e.speech)
}

/// Whether both frames' nearest events only report speech.
pub fn both_speech(a: &Frame, b: &Frame) -> bool {
    a.events.first().is_some_and(|e| e.speech) && b.events.first().is_some_and(|e| e.speech)
}

/// Pairs of facts (indices into `keys`, `i < j`) of one class, in two
/// documents that `docs` links, that share at least [`INDEX_MIN_SHARED`]
/// of their rarest words. `doc` and `class` give a fact's document and
/// its class of fact (a unit, a kind of date); `comparable` has the last
/// word. Whether two facts are candidates depends on those two facts
/// alone, so a run over part of an archive finds the same ones. Sorted.
pub fn candidates(
    keys: &[FactKeys],
    doc: impl Fn(usize) -> usize,
    class: impl Fn(usize) -> u32 + Sync,
    docs: &[(usize, usize)],
    idf_of: impl Fn(u64) -> f64 + Sync,
    comparable: impl Fn(usize, usize) -> bool + Sync,
) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    // Each fact's index keys: its heaviest words that are rare enough,
    // sorted for merging.
    let index_keys: Vec<Vec<u64>> = keys
        .par_iter()
        .map(|f| {
            let mut ks: Vec<(u64, f32)> = f
                .keys
                .iter()
                .copied()
                .filter(|&(k, _)| idf_of(k) >= INDEX_MIN_IDF)
                .collect();
            ks.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ks.truncate(INDEX_KEYS);
            let mut ks: Vec<u64> = ks.into_iter().map(|(k, _)| k).collect();
            ks.sort_unstable();
            ks
        })
        .collect();
    let mut facts_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..keys.len() {
        facts_of.entry(doc(i)).or_default().push(i);
    }
    let none = Vec::new();
    let mut out: Vec<(usize, usize)> = docs
        .par_iter()
        .flat_map_iter(|&(da, db)| {
            let (fa, fb) = (facts_of.get(&da).unwrap_or(&none), facts_of.get(&db).unwrap_or(&none));
            let mut found = Vec::new();
            for &i in fa {
                for &j in fb {
                    if class(i) == class(j)
                        && shared_sorted(&index_keys[i], &index_keys[j]) >= INDEX_MIN_SHARED
                        && comparable(i.min(j), i.max(j))
                    {
                        found.push((i.min(j), i.max(j)));
                    }
                }
            }
            found
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many values two sorted lists share.
pub fn shared_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
