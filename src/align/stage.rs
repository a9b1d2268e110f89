//! Alignment as stages over records, for an engine that moves records
//! between machines (the Spark driver in `spark/`):
//!
//! 1. [`units`]: a document's statements as [`Unit`] records, each with
//!    its blocking keys: the shingles the index uses (content-word pairs
//!    for sentences, word triples for quotes), and for a sentence the hash
//!    of its words, which stands for its text.
//! 2. The engine's shuffle ([`buckets`] on one machine): each key's
//!    documents are counted; keys in 2..=`max_df` documents are kept (the
//!    cap on a bucket, so that stock phrases cannot go quadratic); each unit
//!    learns its kept keys, and units are grouped by kept key, but for
//!    sentences whose text is an outlet's stock text (in more than
//!    `outlet_max_df` of its documents).
//! 3. [`verify`]: one bucket → the aligned pairs whose smallest shared
//!    kept key is the bucket's, so that each pair is decided in one bucket.
//!
//! The decisions are the aligner's own: the same eligibility, text classes
//! (one statement per article and text; a text in more than `max_df`
//! articles is stock), [`Aligner::judge`], the quote matcher and the
//! shared-shingle list. The single-machine [`align`](super::align) finds its
//! candidates with an inverted index and exact bounds in front of the same
//! decisions; a test checks that both give the same pairs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::{Anchors, word_share};
use super::index::{
    QuoteSide, aligns_quote, aligns_sentence, content32, could_align, could_match, may_pair, quote_match,
    quote_shingles, sentence_shingles, shared_kept, text_key, words32,
};
use super::{Aligner, PairKind, Relation};
use crate::document::Document;
use crate::extract::Claims;

/// A 64-bit key, written as 16 hex digits (JSON numbers lose precision
/// past 2^53 in many readers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key(pub u64);

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:016x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let s = String::deserialize(d)?;
        if s.len() != 16 {
            return Err(serde::de::Error::custom(format!("key {s:?} is not 16 hex digits")));
        }
        u64::from_str_radix(&s, 16)
            .map(Key)
            .map_err(|_| serde::de::Error::custom(format!("key {s:?} is not 16 hex digits")))
    }
}

/// What a bucket groups: statements of one kind, or sentences of one text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyKind {
    /// A content-word shingle of sentences.
    Sentence,
    /// A word run of quotes.
    Quote,
    /// The words of a sentence: the same text in several articles.
    Text,
}

/// One statement, as `crosscheck stage extract` writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub kind: PairKind,
    /// The document's number: its place in the input order.
    pub doc: u64,
    /// The sentence's or quote's index in its document.
    pub index: usize,
    /// Its bytes in the document's source: `[start, end)`.
    pub src: [usize; 2],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication day (days since 1970-01-01), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Sentences: the hash of the normalised words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_key: Option<Key>,
    /// Shingles, sorted, distinct (left out of a bucket's units, which
    /// carry `kept`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<Key>,
    /// Of `keys`, those the shuffle kept (sorted); empty until then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Key>,
    pub text: String,
}

impl Unit {
    /// The unit's place in the input order.
    fn order(&self) -> (u64, usize) {
        (self.doc, self.index)
    }
}

/// Units sharing one kept key: the input of [`verify`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub kind: KeyKind,
    pub key: Key,
    pub units: Vec<Unit>,
}

/// One side of an aligned pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct At {
    pub doc: u64,
    pub index: usize,
    /// The statement's bytes in the document's source: `[start, end)`.
    pub src: [usize; 2],
}

/// An aligned pair, as `crosscheck stage verify` writes it; `a` is in the
/// earlier document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aligned {
    pub kind: PairKind,
    pub relation: Relation,
    pub a: At,
    pub b: At,
    pub score: f64,
    pub shared: Vec<String>,
}

/// The statements of document number `doc` that the aligner considers,
/// sentences first, then quotes (when `claims` are given).
pub fn units(doc: u64, d: &Document, claims: Option<&Claims>, al: &Aligner) -> Vec<Unit> {
    let set = &al.settings;
    let day = super::index::day(d);
    let unit = |kind, index, src: crate::text::Span, text: &str, text_key, keys: Vec<u64>| Unit {
        kind,
        doc,
        index,
        src: [src.start, src.end],
        outlet: d.outlet.clone(),
        day,
        text_key,
        keys: keys.into_iter().map(Key).collect(),
        kept: Vec::new(),
        text: text.to_string(),
    };
    let mut out = Vec::new();
    for (i, s) in d.sentences.iter().enumerate() {
        let text = s.plain.slice(&d.plain);
        let n = al.norm.normalize(text);
        if aligns_sentence(&n, set) {
            let key = Some(Key(text_key(&n)));
            out.push(unit(PairKind::Sentence, i, s.src, text, key, sentence_shingles(&n)));
        }
    }
    for (i, q) in claims.map(|c| c.quotes.as_slice()).unwrap_or(&[]).iter().enumerate() {
        if q.fragment {
            continue;
        }
        let text = q.plain.slice(&d.plain);
        let n = al.norm.normalize(text);
        if aligns_quote(&n, set) {
            out.push(unit(PairKind::Quote, i, q.src, text, None, quote_shingles(&n)));
        }
    }
    out
}

/// A unit's blocking keys: its shingles, then its text (sentences).
fn blocking(u: &Unit) -> impl Iterator<Item = (KeyKind, Key)> + '_ {
    let kind = shingle_kind(u.kind);
    u.keys
        .iter()
        .map(move |&k| (kind, k))
        .chain(u.text_key.map(|t| (KeyKind::Text, t)))
}

/// The shuffle on one machine: what the Spark driver does with its
/// engine's operations. Keys (of each kind) found in 2..=`max_df`
/// documents are kept; each unit learns its kept keys; a bucket holds the
/// units of one kept key, in input order. A sentence whose text is in more
/// than `outlet_max_df` documents of its outlet is that outlet's stock
/// text and joins no bucket (its keys still count). Buckets come sorted by
/// kind and key.
pub fn buckets(mut units: Vec<Unit>, set: &super::Settings) -> Vec<Bucket> {
    units.sort_by_key(|u| (u.kind, u.order()));
    // Each key's documents, and each outlet's documents of each text,
    // counted once each: a key's units come in document order.
    let count = |n: &mut (u64, usize), doc: u64| {
        if n.1 == 0 || n.0 != doc {
            *n = (doc, n.1 + 1);
        }
    };
    // Outlets' documents are counted only when there is a limit to check.
    let limited = set.outlet_max_df < usize::MAX;
    let outlet_of = |u| text_outlet(u).filter(|_| limited);
    let mut docs: BTreeMap<(KeyKind, Key), (u64, usize)> = BTreeMap::new();
    let mut outlet_docs: BTreeMap<(Key, &str), (u64, usize)> = BTreeMap::new();
    for u in &units {
        for k in blocking(u) {
            count(docs.entry(k).or_insert((u.doc, 0)), u.doc);
        }
        if let Some(k) = outlet_of(u) {
            count(outlet_docs.entry(k).or_insert((u.doc, 0)), u.doc);
        }
    }
    let kept = |k: &(KeyKind, Key)| (2..=set.max_df).contains(&docs[k].1);
    let outlet_stock: Vec<bool> = units
        .iter()
        .map(|u| outlet_of(u).is_some_and(|k| outlet_docs[&k].1 > set.outlet_max_df))
        .collect();
    drop(outlet_docs);
    let mut out: BTreeMap<(KeyKind, Key), Vec<Unit>> = BTreeMap::new();
    for (mut u, stock) in units.into_iter().zip(outlet_stock) {
        if stock {
            continue;
        }
        let into: Vec<(KeyKind, Key)> = blocking(&u).filter(kept).collect();
        u.kept = into.iter().filter(|k| k.0 != KeyKind::Text).map(|k| k.1).collect();
        // Verification reads the kept keys only.
        u.keys = Vec::new();
        for k in into {
            out.entry(k).or_default().push(u.clone());
        }
    }
    out.into_iter()
        .map(|((kind, key), units)| Bucket { kind, key, units })
        .collect()
}

/// A sentence's text and outlet, when it has both.
fn text_outlet(u: &Unit) -> Option<(Key, &str)> {
    Some((u.text_key?, u.outlet.as_deref()?))
}

fn shingle_kind(kind: PairKind) -> KeyKind {
    match kind {
        PairKind::Sentence => KeyKind::Sentence,
        PairKind::Quote => KeyKind::Quote,
    }
}

/// The relation of two documents' outlets (an unknown outlet is never the
/// same as another).
fn relation(a: &Unit, b: &Unit) -> Relation {
    match (&a.outlet, &b.outlet) {
        (Some(x), Some(y)) if x == y => Relation::SameOutlet,
        _ => Relation::CrossOutlet,
    }
}

/// Whether two statements' documents may be paired ([`may_pair`]).
fn admissible(a: &Unit, b: &Unit, al: &Aligner) -> bool {
    may_pair(&al.settings, a.doc == b.doc, relation(a, b), a.day, b.day)
}

/// The smallest key two sorted lists share.
fn first_shared(a: &[Key], b: &[Key]) -> Option<Key> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(a[i]),
        }
    }
    None
}

/// The pairs one bucket decides, sorted.
pub fn verify(bucket: &Bucket, al: &Aligner) -> Vec<Aligned> {
    let mut out = match bucket.kind {
        KeyKind::Quote => verify_quotes(bucket, al),
        KeyKind::Sentence | KeyKind::Text => verify_sentences(bucket, al),
    };
    out.sort_by_key(|x| (x.a, x.b, x.kind));
    out
}

/// Sentences with one text: the first in each document (a statement
/// repeated in an article counts once), in input order. A class is
/// normalised only when a pair decided in this bucket needs it.
struct Class<'a> {
    members: Vec<&'a Unit>,
    words: std::cell::OnceCell<Words>,
    profile: std::cell::OnceCell<super::features::Profile>,
}

/// A class's text as the checks before the model read it.
struct Words {
    norm: super::norm::Norm,
    /// Content stems, for the exact bound checked before the model.
    content: Vec<u32>,
    /// Stems of all words, sorted, for the word-share rule.
    stems: Vec<u64>,
}

impl Class<'_> {
    fn words(&self, al: &Aligner) -> &Words {
        self.words.get_or_init(|| {
            let norm = al.norm.normalize(&self.members[0].text);
            let mut stems: Vec<u64> = norm.toks.iter().map(|t| t.stem).collect();
            stems.sort_unstable();
            Words {
                content: content32(&norm),
                stems,
                norm,
            }
        })
    }

    fn profile(&self, al: &Aligner) -> &super::features::Profile {
        self.profile.get_or_init(|| al.profile(&self.words(al).norm))
    }
}

fn verify_sentences(bucket: &Bucket, al: &Aligner) -> Vec<Aligned> {
    let mut units: Vec<&Unit> = bucket.units.iter().filter(|u| u.kind == PairKind::Sentence).collect();
    units.sort_by_key(|u| u.order());
    let mut by_text: BTreeMap<Key, Vec<&Unit>> = BTreeMap::new();
    for u in units {
        let m = by_text.entry(u.text_key.unwrap_or(Key(0))).or_default();
        if m.last().is_none_or(|last| last.doc != u.doc) {
            m.push(u);
        }
    }
    let mut classes: Vec<Class<'_>> = by_text
        .into_values()
        .map(|members| Class {
            members,
            words: std::cell::OnceCell::new(),
            profile: std::cell::OnceCell::new(),
        })
        .collect();
    classes.sort_by_key(|c| c.members[0].order());
    let mut out = Vec::new();
    if bucket.kind == KeyKind::Text {
        // The same words in several documents: the class's own bucket.
        for c in classes.iter().filter(|c| c.members.len() > 1) {
            let p = c.profile(al);
            let (score, aligned, _) = al.judge(p, p);
            if aligned {
                let rep = c.members[0];
                let norm = &c.words(al).norm;
                let shared = shared_kept(norm, &rep.text, norm, |h| rep.kept.binary_search(&Key(h)).is_ok());
                for (k, x) in c.members.iter().enumerate() {
                    for y in &c.members[k + 1..] {
                        push(x, y, score, &shared, al, &mut out);
                    }
                }
            }
        }
        return out;
    }
    for (i, a) in classes.iter().enumerate() {
        let ra = a.members[0];
        for b in &classes[i + 1..] {
            let rb = b.members[0];
            // Decided here only in the bucket of the smallest shared key.
            if first_shared(&ra.kept, &rb.kept) != Some(bucket.key)
                || !a.members.iter().any(|x| b.members.iter().any(|y| admissible(x, y, al)))
            {
                continue;
            }
            let (wa, wb) = (a.words(al), b.words(al));
            if !could_align(&wa.content, &wb.content, al.settings.min_content_dice)
                || word_share(&wa.stems, &wb.stems) < al.settings.min_word_share
            {
                continue;
            }
            let (score, aligned, _) = al.judge(a.profile(al), b.profile(al));
            if aligned {
                let shared = shared_kept(&wa.norm, &ra.text, &wb.norm, |h| ra.kept.binary_search(&Key(h)).is_ok());
                for x in &a.members {
                    for y in &b.members {
                        push(x, y, score, &shared, al, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// Adds the pair of `x` and `y` (earlier document first) when their
/// documents may be paired.
fn push(x: &Unit, y: &Unit, score: f64, shared: &[String], al: &Aligner, out: &mut Vec<Aligned>) {
    let (a, b) = if y.order() < x.order() { (y, x) } else { (x, y) };
    if admissible(a, b, al) {
        out.push(aligned(PairKind::Sentence, a, b, score, shared.to_vec()));
    }
}

/// The pair record of `a` and `b`.
fn aligned(kind: PairKind, a: &Unit, b: &Unit, score: f64, shared: Vec<String>) -> Aligned {
    let at = |u: &Unit| At {
        doc: u.doc,
        index: u.index,
        src: u.src,
    };
    Aligned {
        kind,
        relation: relation(a, b),
        a: at(a),
        b: at(b),
        score,
        shared,
    }
}

fn verify_quotes(bucket: &Bucket, al: &Aligner) -> Vec<Aligned> {
    let mut units: Vec<&Unit> = bucket.units.iter().filter(|u| u.kind == PairKind::Quote).collect();
    units.sort_by_key(|u| u.order());
    // A quote is normalised only when a pair decided here needs it.
    type Quoted = (std::cell::OnceCell<super::norm::Norm>, Vec<u64>, Vec<u32>, Anchors);
    let quoted: Vec<std::cell::OnceCell<Quoted>> = units.iter().map(|_| std::cell::OnceCell::new()).collect();
    let get = |i: usize| -> &Quoted {
        quoted[i].get_or_init(|| {
            let norm = al.norm.normalize(&units[i].text);
            let words = norm.toks.iter().map(|t| t.word).collect();
            let sorted = words32(&norm);
            let anchors = Anchors::of(&norm);
            (norm.into(), words, sorted, anchors)
        })
    };
    let mut out = Vec::new();
    for (i, a) in units.iter().enumerate() {
        let mut side = None;
        for (j, b) in units.iter().enumerate().skip(i + 1) {
            if first_shared(&a.kept, &b.kept) != Some(bucket.key) || !admissible(a, b, al) {
                continue;
            }
            let (qa, qb) = (get(i), get(j));
            if !could_match(&qa.2, &qb.2, &al.settings) {
                continue;
            }
            let side = side.get_or_insert_with(|| QuoteSide {
                norm: &qa.0,
                text: &a.text,
                words: &qa.1,
                anchors: &qa.3,
            });
            if let Some((score, shared)) = quote_match(side, &qb.1, &qb.3, al) {
                out.push(aligned(PairKind::Quote, a, b, score, shared));
            }
        }
    }
    out
}

/// The pairs of [`align`](super::align) as stage records, with documents
/// numbered by their index: for comparing the two.
pub fn aligned_of(alignment: &super::Alignment) -> Vec<Aligned> {
    let mut out: Vec<Aligned> = alignment
        .pairs
        .iter()
        .map(|p| Aligned {
            kind: p.kind,
            relation: p.relation,
            a: At {
                doc: p.a.doc as u64,
                index: p.a.index,
                src: [p.a.src.start, p.a.src.end],
            },
            b: At {
                doc: p.b.doc as u64,
                index: p.b.index,
                src: [p.b.src.start, p.b.src.end],
            },
            score: p.score,
            shared: p.shared.to_vec(),
        })
        .collect();
    out.sort_by_key(|x| (x.a, x.b, x.kind));
    out
}

/// The stories of the aligned pairs, by the aligner's own rule: `[doc,
/// story]` for every document in a story, in document order. Stories are
/// numbered in order of their first document, as `align` numbers them.
pub fn stories_of(pairs: &[Aligned], min_pairs: usize) -> Vec<[usize; 2]> {
    let side = |at: &At| super::Side {
        doc: at.doc as usize,
        src: crate::text::Span::new(at.src[0], at.src[1]),
        plain: crate::text::Span::new(at.src[0], at.src[1]),
        index: at.index,
    };
    let mut all: Vec<super::Pair> = pairs
        .iter()
        .map(|p| super::Pair {
            kind: p.kind,
            relation: p.relation,
            a: side(&p.a),
            b: side(&p.b),
            score: p.score,
            shared: std::sync::Arc::from(Vec::new()),
            story: None,
        })
        .collect();
    let n = pairs
        .iter()
        .map(|p| p.a.doc.max(p.b.doc) as usize + 1)
        .max()
        .unwrap_or(0);
    let mut out: Vec<[usize; 2]> = super::index::stories(n, &mut all, min_pairs)
        .iter()
        .flat_map(|s| s.docs.iter().map(move |&d| [d, s.id]))
        .collect();
    out.sort_unstable();
    out
}

/// Every stage in order on one machine: units of every document, the
/// shuffle, every bucket verified; the pairs sorted.
pub fn staged(docs: &[Document], claims: Option<&[Claims]>, al: &Aligner) -> Vec<Aligned> {
    use rayon::prelude::*;
    let all: Vec<Unit> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| units(d as u64, doc, claims.map(|c| &c[d]), al))
        .collect();
    let mut out: Vec<Aligned> = buckets(all, &al.settings)
        .par_iter()
        .flat_map_iter(|b| verify(b, al))
        .collect();
    out.sort_by_key(|x| (x.a, x.b, x.kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{AlignSpec, align};
    use crate::config::Config;
    use crate::extract::extract;
    use crate::ingest::Ingest;
    use crate::lexicon::Lexicon;

    fn corpus(path: &std::path::Path) -> (Vec<Document>, Vec<Claims>) {
        let lex = Lexicon::builtin();
        let config = Config::default();
        let docs = Ingest::new(lex, &config).run(&[path.to_path_buf()]).documents;
        let claims = docs.iter().map(|d| extract(d, lex)).collect();
        (docs, claims)
    }

    fn same_pairs(path: &std::path::Path, al: &Aligner) {
        let (docs, claims) = corpus(path);
        let single = aligned_of(&align(&docs, Some(&claims), al));
        let stages = staged(&docs, Some(&claims), al);
        assert!(!single.is_empty(), "{}: no pairs to compare", path.display());
        assert_eq!(single, stages, "{}", path.display());
    }

    #[test]
    fn stages_give_the_pairs_of_the_index() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        same_pairs(&root.join("fixtures"), Aligner::builtin());
        let seeds = root.join("../shared/seeds");
        if seeds.is_dir() {
            same_pairs(&seeds, Aligner::builtin());
        }
    }

    #[test]
    fn stages_follow_the_settings() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = AlignSpec {
            same_outlet: Some(false),
            window_days: Some(1),
            max_df: Some(3),
            ..AlignSpec::default()
        };
        same_pairs(&root.join("fixtures"), &Aligner::build(&spec, None).unwrap());
        // Every text found twice in one outlet is its stock text.
        let spec = AlignSpec {
            outlet_max_df: Some(1),
            ..AlignSpec::default()
        };
        same_pairs(&root.join("fixtures"), &Aligner::build(&spec, None).unwrap());
    }

    #[test]
    fn keys_are_sixteen_hex_digits() {
        let k = Key(0x00ab_cdef_0123_4567);
        let s = serde_json::to_string(&k).unwrap();
        assert_eq!(s, "\"00abcdef01234567\"");
        assert_eq!(serde_json::from_str::<Key>(&s).unwrap(), k);
        for bad in ["\"abc\"", "\"00abcdef0123456g\"", "12"] {
            assert!(serde_json::from_str::<Key>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_pair_is_decided_in_one_bucket() {
        let (docs, claims) = corpus(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/harbor-strike"));
        let al = Aligner::builtin();
        let all: Vec<Unit> = docs
            .iter()
            .enumerate()
            .flat_map(|(d, doc)| units(d as u64, doc, Some(&claims[d]), al))
            .collect();
        let mut pairs: Vec<Aligned> = buckets(all, &al.settings).iter().flat_map(|b| verify(b, al)).collect();
        let n = pairs.len();
        assert!(n > 0);
        pairs.sort_by_key(|x| (x.a, x.b, x.kind));
        pairs.dedup_by(|x, y| (x.a, x.b, x.kind) == (y.a, y.b, y.kind));
        assert_eq!(pairs.len(), n);
    }
}
