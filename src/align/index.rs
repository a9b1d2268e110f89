//! Candidate generation and verification.
//!
//! Every sentence gets the shingles of its content words (consecutive
//! pairs of content stems); every quote the word triples of its text.
//! Shingles shared by at least two documents and by no more than the
//! document-frequency limit are kept; pairs of units that share a kept
//! shingle are the candidates, and only they are scored. Work runs per
//! unit on rayon and is collected in unit order, so the output does not
//! depend on the thread count.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::Aligner;
use super::features::{Anchors, Profile, SHARED_NUMBER_IDF};
use super::norm::{Norm, Vocab, WordShare};
use super::prefetch::prefetch;
use crate::document::Document;
use crate::extract::Claims;
use crate::text::Span;

thread_local! {
    /// The query's stem counts (the word-share rule), and a candidate
    /// sentence's tokens and profile: buffers each thread reuses for the
    /// millions of candidates it verifies.
    static CANDIDATE: std::cell::RefCell<(WordShare, Norm, Profile)> = std::cell::RefCell::default();
    /// The query's fingerprints, counted (see [`Counted`]).
    static COUNTED: std::cell::RefCell<Counted> = std::cell::RefCell::default();
}

/// A quote's words counted by their 16-bit fingerprints in a table
/// indexed by fingerprint, so that the words it shares with each
/// candidate quote are counted with one look-up per candidate word, where
/// a merge of the two sorted lists stepped through both (3.9 million
/// candidates on the 37,554-record archive). The table is all zeros
/// between queries.
#[derive(Default)]
struct Counted {
    counts: Vec<u8>,
}

impl Counted {
    /// Counts the fingerprints of a query (at most [`MAX_WORDS`]).
    fn start(&mut self, query: &[u16]) {
        if self.counts.is_empty() {
            self.counts = vec![0; 1 << 16];
        }
        for &x in query {
            self.counts[usize::from(x)] += 1;
        }
    }

    /// At least as many as the words the query and `b` (sorted 32-bit
    /// hashes, repeats kept) have in common, [`common`] of the two lists:
    /// exactly that unless two words share a fingerprint. A word counts
    /// when its place among its repeats is within the query's count of
    /// its fingerprint.
    ///
    /// [`common`]: super::features::common
    fn common_words(&self, b: &[u32]) -> usize {
        let (mut n, mut run) = (0, 0u32);
        for (i, &x) in b.iter().enumerate() {
            run = if i > 0 && b[i - 1] == x { run + 1 } else { 1 };
            n += usize::from(run <= u32::from(self.counts[usize::from(fingerprint(x))]));
        }
        n
    }

    /// Clears the counts of `query`, as given to [`Counted::start`].
    fn finish(&mut self, query: &[u16]) {
        for &x in query {
            self.counts[usize::from(x)] = 0;
        }
    }
}

/// Statements longer than this many words are not aligned (no article
/// sentence is this long; the pairwise measures are quadratic).
pub const MAX_WORDS: usize = 200;

/// Statements of one document normalised per task (more than this many
/// are split between threads).
const PER_TASK: usize = 512;

/// Quote shingles are word runs of this length.
const QUOTE_SHINGLE: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairKind {
    Sentence,
    Quote,
}

impl PairKind {
    pub fn name(self) -> &'static str {
        match self {
            PairKind::Sentence => "sentence",
            PairKind::Quote => "quote",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Different outlets (or an outlet is unknown).
    CrossOutlet,
    /// The same outlet in two articles: wire copy, a stock paragraph.
    SameOutlet,
}

impl Relation {
    pub fn name(self) -> &'static str {
        match self {
            Relation::CrossOutlet => "cross-outlet",
            Relation::SameOutlet => "same-outlet",
        }
    }
}

/// One side of a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Side {
    /// Index into the documents.
    pub doc: usize,
    /// The statement's bytes in the document's source.
    pub src: Span,
    /// The same in the document's plain text.
    pub plain: Span,
    /// Index of the sentence (sentence pairs) or quote (quote pairs).
    pub index: usize,
}

/// Two statements that say the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub kind: PairKind,
    pub relation: Relation,
    /// `a` is in the earlier document.
    pub a: Side,
    pub b: Side,
    /// Model score (sentences) or shared share of the shorter quote.
    pub score: f64,
    /// Why: the shared shingles (sentences) or word runs (quotes), as written in `a`.
    /// Shared by every pair expanded from one comparison.
    pub shared: Arc<[String]>,
    /// The story both documents belong to, when they are linked.
    pub story: Option<usize>,
}

impl Pair {
    /// The aligner's order of pairs: by the first side's place, then the
    /// second's, so that a statement's first pairs come first.
    pub fn order(&self) -> (usize, usize, usize, usize, PairKind, usize, usize) {
        (
            self.a.doc,
            self.a.src.start,
            self.b.doc,
            self.b.src.start,
            self.kind,
            self.a.src.end,
            self.b.src.end,
        )
    }
}

/// Documents linked by aligned statements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// 1-based, in order of each story's first document.
    pub id: usize,
    pub docs: Vec<usize>,
    pub pairs: usize,
}

/// Counts for benchmarks and `--stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub sentences: usize,
    pub quotes: usize,
    pub max_df: usize,
    /// Shingles kept, and dropped for being in too many documents.
    pub shingles_kept: usize,
    pub shingles_dropped: usize,
    /// Sentences left out as stock text (the same words in more than
    /// `max_df` documents, or in more than `outlet_max_df` of one outlet's).
    pub stock: usize,
    /// Candidate pairs of distinct sentence texts: they share a kept
    /// shingle and pass the word-signature bound ([`Sig`]).
    pub candidates: usize,
    /// Candidates the model scored (the others failed a cheap bound).
    pub verified: usize,
    pub quote_candidates: usize,
    pub aligned: usize,
}

/// The aligner's result.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    pub pairs: Vec<Pair>,
    pub stories: Vec<Story>,
    pub stats: Stats,
}

/// A statement being aligned.
struct Unit {
    doc: u32,
    index: u32,
    src: Span,
    /// The statement's text (sentence or quote, markup stripped).
    plain: Span,
    /// Hash of its normalised words.
    key: u64,
}

struct Units {
    units: Vec<Unit>,
    /// Each unit's shingles (sorted, distinct): `shingles[shingles_at[u]..shingles_at[u + 1]]`;
    /// emptied when the index is built from them.
    shingles: Vec<u64>,
    shingles_at: Vec<u32>,
    /// Each unit's word signature, from `content`.
    sigs: Vec<Sig>,
    /// Each unit's content stems (sorted, 32-bit hashes), for the cheap
    /// bound checked before the model: `content[content_at[u]..content_at[u + 1]]`.
    content: Vec<u32>,
    content_at: Vec<u32>,
    /// Each unit's anchor summary (sentences; default for quotes).
    meta: Vec<Meta>,
    /// Each unit's tokens as [`Vocab`] codes (sentences; none for quotes):
    /// `codes[codes_at[u]..codes_at[u + 1]]`.
    codes: Vec<u32>,
    codes_at: Vec<u32>,
}

impl Units {
    fn content(&self, u: usize) -> &[u32] {
        &self.content[self.content_at[u] as usize..self.content_at[u + 1] as usize]
    }

    fn codes(&self, u: usize) -> &[u32] {
        &self.codes[self.codes_at[u] as usize..self.codes_at[u + 1] as usize]
    }
}

/// A statement's content words as 16-bit fingerprints in one cache line,
/// when they fit, with what the anchor bound needs: the bounds checked for
/// every candidate then cost one memory access, not three (an offset, the
/// words, the document), and most pairs the model would not see are left
/// out before either statement is normalised. A fingerprint collision
/// only adds shared words, so the bounds stay upper bounds.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line {
    /// [`Meta`], flattened so that the line fills one cache line.
    anchor_idf: f32,
    /// Bit `j`: `words[j]` is (the fingerprint of) an anchor word.
    anchors: u32,
    /// The document of the statement when its class has one member (most
    /// do), else [`SEVERAL`]: whether the pair may be made is then known
    /// without reading the class's members.
    doc: u32,
    values: u8,
    len: u8,
    /// Sorted, repeats kept (two words may share a fingerprint).
    words: [u16; LINE_WORDS],
}

/// With 32-bit hashes a line held 13 words, and half the candidates of the
/// 37,554-record archive did not fit; 25 fit nearly all sentences.
const LINE_WORDS: usize = 25;

/// The 16-bit fingerprint of a 32-bit word hash.
fn fingerprint(w: u32) -> u16 {
    (w.wrapping_mul(0x9E37_79B1) >> 16) as u16
}

/// The fingerprints of `words`, sorted, repeats kept.
fn fingerprints(words: &[u32]) -> Vec<u16> {
    let mut v: Vec<u16> = words.iter().map(|&w| fingerprint(w)).collect();
    v.sort_unstable();
    v
}

/// [`Line::doc`] of a class with members in several places.
const SEVERAL: u32 = u32::MAX;

const _: () = assert!(std::mem::size_of::<Line>() == 64);

/// What a sentence says in anchor words, for the bound of [`could_anchor`].
#[derive(Clone, Copy, Debug, Default)]
struct Meta {
    /// Numbers given as written (capped).
    values: u8,
    /// Bit `j`: content word `j` is an anchor word (for the first [`LINE_WORDS`]).
    anchors: u32,
    /// The summed IDF of the anchor words, rounded down.
    anchor_idf: f32,
}

impl Line {
    fn new(words: &[u32], meta: Meta, doc: u32) -> Line {
        let mut l = Line {
            anchor_idf: meta.anchor_idf,
            anchors: 0,
            doc,
            values: meta.values,
            len: words.len().min(255) as u8,
            words: [0; LINE_WORDS],
        };
        if words.len() <= LINE_WORDS {
            let mut fp: Vec<(u16, bool)> = words
                .iter()
                .enumerate()
                .map(|(j, &w)| (fingerprint(w), meta.anchors >> j & 1 == 1))
                .collect();
            fp.sort_unstable();
            for (j, &(f, anchor)) in fp.iter().enumerate() {
                l.words[j] = f;
                l.anchors |= u32::from(anchor) << j;
            }
        }
        l
    }

    /// The fingerprints, or `None` when they did not fit.
    fn words(&self) -> Option<&[u16]> {
        let n = self.len as usize;
        (n <= LINE_WORDS).then(|| &self.words[..n])
    }
}

/// The query side of the anchor bound: its anchor stems as the lines'
/// 16-bit fingerprints (sorted; with how many stems each stands for and
/// their IDF).
#[derive(Debug, PartialEq)]
struct QueryAnchors {
    stems: Vec<(u16, usize, f64)>,
    idf: f64,
    values: usize,
}

impl QueryAnchors {
    #[cfg(test)]
    fn new(p: &super::features::Profile) -> QueryAnchors {
        QueryAnchors::from(p.anchor_words())
    }

    /// The same as [`QueryAnchors::new`] of the statement's profile, from
    /// its tokens: a query is only profiled when a candidate gets that far.
    fn of(n: &Norm) -> QueryAnchors {
        QueryAnchors::from(&Anchors::of(n))
    }

    fn from(a: &Anchors) -> QueryAnchors {
        let (idf, values) = (a.idf(), a.values());
        let mut v: Vec<(u16, usize, f64)> = a
            .stems()
            .iter()
            .map(|&(s, idf)| (fingerprint(s as u32), 1, idf))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 += later.1;
                first.2 += later.2;
            }
            same
        });
        QueryAnchors { stems: v, idf, values }
    }
}

/// The anchor rule of [`Aligner::judge`] on an upper bound of what the
/// two share (a fingerprint collision only adds shared words; each number the
/// statements might both give counts as given by both) and a lower bound
/// of the candidate's anchor IDF: a pair that fails it fails the rule.
/// `true` when the candidate's words are not in its line.
fn could_anchor(q: &QueryAnchors, line: &Line, al: &Aligner) -> bool {
    let Some(words) = line.words() else {
        return true;
    };
    let (mut i, mut j, mut n, mut idf) = (0, 0, 0, 0.0);
    while i < q.stems.len() && j < words.len() {
        match q.stems[i].0.cmp(&words[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                // Words of the line that share the fingerprint count as
                // anchors when any of them is one.
                let mut anchor = false;
                while j < words.len() && words[j] == q.stems[i].0 {
                    anchor |= line.anchors >> j & 1 == 1;
                    j += 1;
                }
                if anchor {
                    n += q.stems[i].1;
                    idf += q.stems[i].2;
                }
                i += 1;
            }
        }
    }
    let idf = idf + SHARED_NUMBER_IDF * q.values.min(usize::from(line.values)) as f64;
    // The slack keeps a different order of summing on the side of the pair.
    n >= super::MIN_SHARED_CONTENT && al.says_enough(idf + 1e-9, q.idf, f64::from(line.anchor_idf))
}

/// Candidates are checked in order, each against data at a random place
/// in memory: the data of the candidate this far ahead is prefetched while
/// the current one is being checked.
const AHEAD: usize = 6;

/// A unit as the per-document pass finds it.
type Found = (Unit, Vec<u64>, Vec<u32>, Meta, Vec<u32>);

/// A statement's words in 32 bytes, stored next to its postings so that
/// most candidates are bounded without touching the words themselves
/// (a random memory access each): one bit for each word hash (see
/// [`sig_bit`]), and in the top seven bits the statement's excess, its
/// words that fall on a bit an earlier one set (repeats and collisions).
///
/// The words two statements have in common map to bits set in both
/// signatures, and at most the smaller of the two excesses of them fall
/// on a bit another common word already took ([`Sig::bound`]). So the
/// bound is never below the true count, and a pair that fails it fails
/// the exact bound too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sig([u64; SIG_WORDS]);

/// 256 bits: 249 for words, and seven for the words that share a bit with
/// an earlier one (repeats and collisions; [`EXCESS_UNKNOWN`] from 127 on).
/// At 128 bits, 43 million candidate pairs of the 37,554-record archive
/// passed the bound and 2.8 million the exact one; at 256 bits, 15
/// million; with the smaller excess of the two (the candidate's as well
/// as the query's), 6.5 million.
const SIG_WORDS: usize = 4;
const SIG_BITS: u32 = 64 * SIG_WORDS as u32 - 7;
const EXCESS_SHIFT: u32 = 64 - 7;
/// A stored excess this large stands for any excess.
const EXCESS_UNKNOWN: usize = 127;

impl Sig {
    /// `words`: sorted 32-bit hashes (repeats allowed).
    fn new(words: &[u32]) -> Sig {
        let mut b = [0u64; SIG_WORDS];
        for &w in words {
            let k = sig_bit(w);
            b[(k / 64) as usize] |= 1 << (k % 64);
        }
        let mut sig = Sig(b);
        let excess = (words.len() - sig.common(sig)).min(EXCESS_UNKNOWN);
        sig.0[SIG_WORDS - 1] |= (excess as u64) << EXCESS_SHIFT;
        sig
    }

    /// The word bits set in both (in one when `o` is `self`).
    fn common(self, o: Sig) -> usize {
        let mut n = 0;
        for k in 0..SIG_WORDS - 1 {
            n += (self.0[k] & o.0[k]).count_ones() as usize;
        }
        n + ((self.0[SIG_WORDS - 1] & o.0[SIG_WORDS - 1]) << 7).count_ones() as usize
    }

    /// How many words share a bit with an earlier one (their count beyond
    /// the bits set), or [`EXCESS_UNKNOWN`].
    fn excess(self) -> usize {
        (self.0[SIG_WORDS - 1] >> EXCESS_SHIFT) as usize
    }

    /// At least as many as the words two statements of `la` and `lb`
    /// words with signatures `self` and `other` have in common.
    ///
    /// A word both have is counted `min(ka, kb)` times (its repeats in
    /// each). Over the words of one bit set in both, that sum is at most
    /// either side's count of words on the bit, which is one plus that
    /// side's words beyond the first on it: so the common words are at
    /// most the shared bits plus the smaller of the two excesses.
    fn bound(self, other: Sig, la: usize, lb: usize) -> usize {
        let excess = |s: Sig| match s.excess() {
            EXCESS_UNKNOWN => usize::MAX,
            e => e,
        };
        self.common(other)
            .saturating_add(excess(self).min(excess(other)))
            .min(la)
            .min(lb)
    }
}

/// The bit of word hash `w`: the high bits of a multiplicative hash, so
/// that the words' hash bits all count.
fn sig_bit(w: u32) -> u32 {
    ((u64::from(w.wrapping_mul(0x9E37_79B1)) * u64::from(SIG_BITS)) >> 32) as u32
}

pub(super) fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(29) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Content-word shingles of a sentence: consecutive pairs of content stems.
pub(super) fn sentence_shingles(n: &Norm) -> Vec<u64> {
    let content: Vec<u64> = n.toks.iter().filter(|t| t.content).map(|t| t.stem).collect();
    let mut v: Vec<u64> = content.windows(2).map(|w| mix(mix(2, w[0]), w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Word-run shingles of a quote: runs of [`QUOTE_SHINGLE`] words.
pub(super) fn quote_shingles(n: &Norm) -> Vec<u64> {
    let mut v: Vec<u64> = n
        .toks
        .windows(QUOTE_SHINGLE)
        .map(|w| w.iter().fold(3, |h, t| mix(h, t.word)))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The inverted index: posting lists of the kept shingles (ids sorted,
/// with their units' signatures), one after another.
struct Index {
    ids: Vec<u32>,
    sigs: Vec<Sig>,
    /// Where each list starts in `ids`, and the end of the last.
    lists: Vec<u32>,
    /// The kept shingles, sorted.
    kept: Vec<u64>,
    /// Where the kept shingles of each value of their top `kept_bits`
    /// bits start in `kept` (and the end, last): a shingle is looked up
    /// in its bucket of one or two, where a binary search of the whole
    /// list (1.8 million on the 37,554-record archive) met a new place
    /// of memory at most of its 21 steps.
    kept_at: Vec<u32>,
    kept_bits: u32,
    dropped: usize,
}

/// The candidates of every id: `ids[at[i]..at[i + 1]]` are those of id `i`.
struct Candidates {
    at: Vec<u32>,
    ids: Vec<u32>,
}

impl Candidates {
    fn of(&self, id: usize) -> &[u32] {
        &self.ids[self.at[id] as usize..self.at[id + 1] as usize]
    }
}

/// Lists read per task when candidates are gathered.
const LISTS_PER_TASK: usize = 4096;

impl Index {
    /// Counts each shingle's documents over all `units`, keeps those in
    /// 2..=`max_df` documents, and indexes the class representatives
    /// `reps` (posting ids are class numbers) by their kept shingles.
    /// The units' shingles are used up.
    fn build(units: &mut Units, reps: &[u32], max_df: usize) -> Index {
        // One sort of every unit's postings gives both the document
        // frequencies and the representatives' posting lists: classes are
        // numbered in the order of their representatives, so each list,
        // sorted by unit, is sorted by class too.
        let all = postings(&units.shingles, &units.shingles_at);
        units.shingles = Vec::new();
        units.shingles_at = Vec::new();
        let unit_doc: Vec<u32> = units.units.iter().map(|u| u.doc).collect();
        let mut class_of = vec![u32::MAX; units.units.len()];
        for (c, &u) in reps.iter().enumerate() {
            class_of[u as usize] = c as u32;
        }
        // Runs of whole posting groups, read on all threads and joined in order.
        let runs: Vec<Run> = group_cuts(&all)
            .par_windows(2)
            .map(|w| Run::read(&all[w[0]..w[1]], &unit_doc, &class_of, max_df))
            .collect();
        // The runs hold what is kept: the postings go before the lists are joined.
        drop(all);
        let total: usize = runs.iter().map(|r| r.ids.len()).sum();
        let mut index = Index {
            ids: Vec::with_capacity(total),
            sigs: Vec::with_capacity(total),
            lists: Vec::with_capacity(runs.iter().map(|r| r.starts.len()).sum::<usize>() + 1),
            kept: Vec::with_capacity(runs.iter().map(|r| r.kept.len()).sum()),
            kept_at: Vec::new(),
            kept_bits: 1,
            dropped: 0,
        };
        for run in runs {
            let offset = index.ids.len() as u32;
            index.dropped += run.dropped;
            index.kept.extend(run.kept);
            index.lists.extend(run.starts.iter().map(|&s| offset + s));
            index.ids.extend(run.ids);
            index.sigs.extend(run.units.iter().map(|&u| units.sigs[u as usize]));
        }
        index.lists.push(index.ids.len() as u32);
        index.bucket_kept();
        index
    }

    /// Fills [`Index::kept_at`]: about one bucket per kept shingle.
    fn bucket_kept(&mut self) {
        self.kept_bits = (usize::BITS - self.kept.len().leading_zeros()).clamp(1, 24);
        let mut at = vec![0u32; (1 << self.kept_bits) + 1];
        for &h in &self.kept {
            at[self.bucket(h) + 1] += 1;
        }
        for b in 1..at.len() {
            at[b] += at[b - 1];
        }
        self.kept_at = at;
    }

    fn bucket(&self, shingle: u64) -> usize {
        (shingle >> (u64::BITS - self.kept_bits)) as usize
    }

    /// For each of `n` ids, the ids after it that share a kept shingle
    /// with it and whose signatures pass `keep` (given the two ids and
    /// their signatures), sorted, each once.
    ///
    /// The lists are read one at a time, every pair in a list checked
    /// while its signatures are in the cache: a query that went through
    /// its own lists instead met a list in a new place of memory at each
    /// step (120 million signatures read that way for the 37,554-record
    /// archive). The lists are used up; the kept shingles stay.
    fn candidates(&mut self, n: usize, keep: impl Fn(u32, Sig, u32, Sig) -> bool + Sync) -> Candidates {
        let mut pairs: Vec<u64> = self
            .lists
            .par_windows(2)
            .with_min_len(LISTS_PER_TASK)
            .map_init(Vec::new, |row: &mut Vec<u64>, w| {
                let list = w[0] as usize..w[1] as usize;
                let (ids, sigs) = (&self.ids[list.clone()], &self.sigs[list]);
                let mut out = Vec::new();
                // Each pair is written and kept or not without a branch:
                // which pairs pass is not predictable.
                row.resize(row.len().max(ids.len()), 0);
                for (p, (&a, &sa)) in ids.iter().zip(sigs).enumerate() {
                    let mut k = 0;
                    for (&b, &sb) in ids[p + 1..].iter().zip(&sigs[p + 1..]) {
                        row[k] = u64::from(a) << 32 | u64::from(b);
                        k += usize::from(keep(a, sa, b, sb));
                    }
                    out.extend_from_slice(&row[..k]);
                }
                out
            })
            .flatten_iter()
            .collect();
        self.ids = Vec::new();
        self.sigs = Vec::new();
        self.lists = Vec::new();
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut at = vec![0u32; n + 1];
        for &p in &pairs {
            at[(p >> 32) as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        Candidates {
            at,
            ids: pairs.iter().map(|&p| p as u32).collect(),
        }
    }

    fn is_kept(&self, shingle: u64) -> bool {
        let b = self.bucket(shingle);
        self.kept[self.kept_at[b] as usize..self.kept_at[b + 1] as usize].contains(&shingle)
    }
}

/// Places that cut `all` (sorted by key) into runs of whole groups of
/// one key, several for each thread: the first place, the cuts, the end.
fn group_cuts<T>(all: &[(u64, T)]) -> Vec<usize> {
    let parts = (rayon::current_num_threads() * 8).max(1);
    let mut cuts = vec![0];
    for k in 1..parts {
        let mut at = (all.len() * k / parts).max(*cuts.last().unwrap_or(&0));
        while at > 0 && at < all.len() && all[at].0 == all[at - 1].0 {
            at += 1;
        }
        cuts.push(at);
    }
    cuts.push(all.len());
    cuts
}

/// What [`Index::build`] finds in a run of whole posting groups.
struct Run {
    /// Kept shingles.
    kept: Vec<u64>,
    /// Posting lists of two or more ids, one after another, with each
    /// posting's unit, and where each list starts (in `ids`).
    ids: Vec<u32>,
    units: Vec<u32>,
    starts: Vec<u32>,
    dropped: usize,
}

impl Run {
    fn read(all: &[(u64, u32)], unit_doc: &[u32], class_of: &[u32], max_df: usize) -> Run {
        let mut run = Run {
            kept: Vec::new(),
            ids: Vec::new(),
            units: Vec::new(),
            starts: Vec::new(),
            dropped: 0,
        };
        let mut i = 0;
        while i < all.len() {
            let h = all[i].0;
            let j = i + all[i..].partition_point(|e| e.0 == h);
            let group = &all[i..j];
            i = j;
            let mut docs = 0;
            let mut last_doc = u32::MAX;
            for &(_, u) in group {
                let d = unit_doc[u as usize];
                if d != last_doc {
                    docs += 1;
                    last_doc = d;
                }
            }
            if docs > max_df {
                run.dropped += 1;
                continue;
            }
            if docs < 2 {
                continue;
            }
            run.kept.push(h);
            let start = run.ids.len();
            for &(_, u) in group {
                let c = class_of[u as usize];
                if c != u32::MAX {
                    run.ids.push(c);
                    run.units.push(u);
                }
            }
            if run.ids.len() - start >= 2 {
                run.starts.push(start as u32);
            } else {
                run.ids.truncate(start);
                run.units.truncate(start);
            }
        }
        run
    }
}

/// Units with the same normalised words, so that each text is scored
/// once. A text found in more than `max_df` documents is stock text
/// (newsletter sign-ups, photo furniture) and is not aligned at all; a
/// text found in more than `outlet_max_df` documents of one outlet is
/// that outlet's stock text (its byline lines, donation appeal, "about
/// us" paragraph), and that outlet's copies are not aligned.
struct Classes {
    /// The first unit of each class, in unit order.
    reps: Vec<u32>,
    /// Each class's units, sorted.
    members: Vec<Vec<u32>>,
    /// Units left out as stock text.
    stock: usize,
}

/// A class's first unit and its units.
type Class = (u32, Vec<u32>);

impl Classes {
    /// `outlet`: each document's outlet number.
    fn build(units: &Units, max_df: usize, outlet_max_df: usize, outlet: &[usize]) -> Classes {
        let mut order: Vec<(u64, u32)> = units.units.iter().enumerate().map(|(u, x)| (x.key, u as u32)).collect();
        order.par_sort_unstable();
        // Runs of whole groups of one text, read on all threads.
        let runs: Vec<(Vec<Class>, usize)> = group_cuts(&order)
            .par_windows(2)
            .map(|w| Self::read(&order[w[0]..w[1]], units, max_df, outlet_max_df, outlet))
            .collect();
        let stock = runs.iter().map(|r| r.1).sum();
        // Each class with its first unit, by which they are numbered.
        let mut classes: Vec<Class> = Vec::with_capacity(runs.iter().map(|r| r.0.len()).sum());
        for run in runs {
            classes.extend(run.0);
        }
        // Sorted by the first unit held next to the members, not read
        // through them: 1.4 million classes on the archive.
        classes.par_sort_unstable_by_key(|c| c.0);
        let (reps, members) = classes.into_iter().unzip();
        Classes { reps, members, stock }
    }

    /// The classes of a run of whole groups of one text (`order`: keys
    /// with their units), each with its first unit, and the units left out
    /// as stock text.
    fn read(
        order: &[(u64, u32)],
        units: &Units,
        max_df: usize,
        outlet_max_df: usize,
        outlet: &[usize],
    ) -> (Vec<Class>, usize) {
        let mut classes = Vec::new();
        let mut stock = 0;
        let mut i = 0;
        while i < order.len() {
            let key = order[i].0;
            let j = i + order[i..].partition_point(|e| e.0 == key);
            let mut members: Vec<u32> = order[i..j].iter().map(|e| e.1).collect();
            i = j;
            // The same words again in one article are one statement repeated
            // (a refrain, a template line): its first occurrence stands for
            // them, so that pairs grow with articles, not with repeats.
            members.dedup_by_key(|u| units.units[*u as usize].doc);
            if members.len() > max_df {
                stock += members.len();
                continue;
            }
            if members.len() > outlet_max_df {
                let before = members.len();
                let of = |u: &u32| outlet[units.units[*u as usize].doc as usize];
                let mut count: HashMap<usize, usize> = HashMap::default();
                for u in &members {
                    *count.entry(of(u)).or_default() += 1;
                }
                members.retain(|u| count[&of(u)] <= outlet_max_df);
                stock += before - members.len();
                if members.is_empty() {
                    continue;
                }
            }
            classes.push((members[0], members));
        }
        (classes, stock)
    }
}

/// Adds the pair of units `x` and `y` (earlier document first) when their
/// documents may be paired.
#[allow(clippy::too_many_arguments)]
fn expand(
    units: &Units,
    x: u32,
    y: u32,
    score: f64,
    shared: &Arc<[String]>,
    admissible: &impl Fn(usize, usize) -> bool,
    relation: &impl Fn(usize, usize) -> Relation,
    out: &mut Vec<Pair>,
) {
    let (mut a, mut b) = (&units.units[x as usize], &units.units[y as usize]);
    if (b.doc, b.src.start) < (a.doc, a.src.start) {
        std::mem::swap(&mut a, &mut b);
    }
    if !admissible(a.doc as usize, b.doc as usize) {
        return;
    }
    out.push(Pair {
        kind: PairKind::Sentence,
        relation: relation(a.doc as usize, b.doc as usize),
        a: side(a),
        b: side(b),
        score,
        shared: Arc::clone(shared),
        story: None,
    });
}

/// Every (shingle, unit) pair of the units' flattened shingle lists, sorted.
fn postings(shingles: &[u64], at: &[u32]) -> Vec<(u64, u32)> {
    let mut entries = Vec::with_capacity(shingles.len());
    for (u, w) in at.windows(2).enumerate() {
        entries.extend(shingles[w[0] as usize..w[1] as usize].iter().map(|&h| (h, u as u32)));
    }
    entries.par_sort_unstable();
    entries
}

/// Day numbers of the documents' publication dates.
pub fn days(docs: &[Document]) -> Vec<Option<i64>> {
    docs.iter().map(day).collect()
}

/// The day number (days since 1970-01-01) of a document's publication date.
pub fn day(d: &Document) -> Option<i64> {
    d.published.and_then(|p| day_number(p.date))
}

/// The day number (days since 1970-01-01) of a date.
pub fn day_number(d: jiff::civil::Date) -> Option<i64> {
    d.since(jiff::civil::date(1970, 1, 1))
        .ok()
        .map(|s| i64::from(s.get_days()))
}

/// Whether a sentence is aligned at all: not too long, with enough content words.
pub(super) fn aligns_sentence(n: &Norm, set: &super::Settings) -> bool {
    n.len() <= MAX_WORDS && n.content_count() >= set.min_content_words
}

/// Whether a quote (not a fragment) is aligned at all: long enough to match.
pub(super) fn aligns_quote(n: &Norm, set: &super::Settings) -> bool {
    n.len() >= set.quote_min_words && n.len() <= MAX_WORDS
}

/// The hash of a statement's normalised words: statements with the same
/// words (numbers and dates masked) are one text.
pub(super) fn text_key(n: &Norm) -> u64 {
    n.toks.iter().fold(7, |h, t| mix(h, t.word))
}

/// Whether two documents may be paired: different documents (`same_doc`
/// false), of different outlets unless same-outlet pairs are wanted,
/// published (on days `x` and `y`, when known) inside the date window.
pub(super) fn may_pair(
    set: &super::Settings,
    same_doc: bool,
    relation: Relation,
    x: Option<i64>,
    y: Option<i64>,
) -> bool {
    !same_doc
        && (set.same_outlet || relation == Relation::CrossOutlet)
        && match (set.window_days, x, y) {
            (Some(w), Some(x), Some(y)) => (x - y).abs() <= i64::from(w),
            _ => true,
        }
}

/// Aligns the statements of `docs`. `claims` (one per document) adds
/// quote alignment.
pub fn align(docs: &[Document], claims: Option<&[Claims]>, al: &Aligner) -> Alignment {
    let set = &al.settings;
    let max_df = set.max_df;
    let days = days(docs);
    // Outlets as numbers; an unknown outlet is never the same as another.
    let mut ids: HashMap<&str, usize> = HashMap::default();
    let outlet: Vec<usize> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| match doc.outlet.as_deref() {
            Some(o) => {
                let n = ids.len();
                *ids.entry(o).or_insert(n)
            }
            None => usize::MAX - d,
        })
        .collect();
    let relation = |a: usize, b: usize| {
        if outlet[a] == outlet[b] {
            Relation::SameOutlet
        } else {
            Relation::CrossOutlet
        }
    };
    let admissible = |a: usize, b: usize| may_pair(set, a == b, relation(a, b), days[a], days[b]);

    // Sentences, kept as codes of one vocabulary: verification reads
    // them back instead of normalising the text again.
    let vocab = Vocab::default();
    let per_doc: Vec<Vec<Found>> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            // A huge article's sentences are split between threads too.
            doc.sentences
                .par_iter()
                .with_min_len(PER_TASK)
                .enumerate()
                .filter_map(|(i, s)| {
                    let mut codes = Vec::new();
                    let n = al.norm.normalize_coded(s.plain.slice(&doc.plain), &vocab, &mut codes);
                    if !aligns_sentence(&n, set) {
                        return None;
                    }
                    let unit = Unit {
                        doc: d as u32,
                        index: i as u32,
                        src: s.src,
                        plain: s.plain,
                        key: text_key(&n),
                    };
                    let content = content32(&n);
                    let meta = meta(&n, &content);
                    Some((unit, sentence_shingles(&n), content, meta, codes))
                })
                .collect()
        })
        .collect();
    let mut sentences = flatten(per_doc);
    let words = vocab.words();
    let mut stats = Stats {
        documents: docs.len(),
        sentences: docs.iter().map(|d| d.sentences.len()).sum(),
        max_df,
        ..Stats::default()
    };
    let classes = Classes::build(&sentences, max_df, set.outlet_max_df, &outlet);
    stats.stock = classes.stock;
    let mut index = Index::build(&mut sentences, &classes.reps, max_df);
    // Each class's words, uncapped, for the signature bound.
    let lens: Vec<usize> = classes
        .reps
        .iter()
        .map(|&u| sentences.content(u as usize).len())
        .collect();
    let min_dice = al.settings.min_content_dice;
    let candidates = index.candidates(classes.reps.len(), |a, sa, b, sb| {
        let (la, lb) = (lens[a as usize], lens[b as usize]);
        bounds_align(sa.bound(sb, la, lb), la, lb, min_dice)
    });
    drop(lens);
    let lines: Vec<Line> = classes
        .reps
        .iter()
        .zip(&classes.members)
        .map(|(&u, m)| {
            let doc = if m.len() == 1 {
                sentences.units[u as usize].doc
            } else {
                SEVERAL
            };
            Line::new(sentences.content(u as usize), sentences.meta[u as usize], doc)
        })
        .collect();
    stats.shingles_kept = index.kept.len();
    stats.shingles_dropped = index.dropped;
    let results: Vec<(usize, usize, Vec<Pair>)> = (0..classes.reps.len())
        .into_par_iter()
        .map(|c| {
            let u = classes.reps[c] as usize;
            let me = &sentences.units[u];
            let a_doc = &docs[me.doc as usize];
            let a_text = me.plain.slice(&a_doc.plain);
            let mut pairs = Vec::new();
            let mine = &classes.members[c];
            let cands = candidates.of(c);
            let within = mine.len() > 1;
            // The exact content-word bound, and a pair of documents that
            // may be paired, before either statement is normalised.
            let ca = sentences.content(u);
            let ca16 = fingerprints(ca);
            let my_doc = lines[c].doc;
            let survivors: Vec<u32> = cands
                .iter()
                .enumerate()
                .filter(|&(i, &c2)| {
                    if let Some(&ahead) = cands.get(i + AHEAD) {
                        prefetch(&lines[ahead as usize]);
                    }
                    let line = &lines[c2 as usize];
                    (match line.words() {
                        Some(b) => could_align(&ca16, b, min_dice),
                        None => could_align(ca, sentences.content(classes.reps[c2 as usize] as usize), min_dice),
                    }) && match (my_doc, line.doc) {
                        (SEVERAL, _) | (_, SEVERAL) => mine.iter().any(|&x| {
                            classes.members[c2 as usize].iter().any(|&y| {
                                admissible(
                                    sentences.units[x as usize].doc as usize,
                                    sentences.units[y as usize].doc as usize,
                                )
                            })
                        }),
                        (a, b) => admissible(a as usize, b as usize),
                    }
                })
                .map(|(_, &c2)| c2)
                .collect();
            if survivors.is_empty() && !within {
                return (cands.len(), 0, pairs);
            }
            // The query is profiled when a candidate passes the cheap rules.
            let nq = words.norm(sentences.codes(u));
            let pa = std::cell::OnceCell::new();
            let pa = || pa.get_or_init(|| al.profile(&nq));
            // With spans into the text, for the shared shingles of an aligned pair.
            let na = std::cell::OnceCell::new();
            let na = || na.get_or_init(|| al.norm.normalize(a_text));
            if within {
                // The same words in several documents.
                let (score, aligned, _) = al.judge(pa(), pa());
                if aligned {
                    let shared: Arc<[String]> = shared_shingles(na(), a_text, na(), &index).into();
                    for (k, &x) in mine.iter().enumerate() {
                        for &y in &mine[k + 1..] {
                            expand(&sentences, x, y, score, &shared, &admissible, &relation, &mut pairs);
                        }
                    }
                }
            }
            let qa = QueryAnchors::of(&nq);
            let mut verified = 0;
            CANDIDATE.with_borrow_mut(|(share, nb, pb)| {
                share.start(&words, sentences.codes(u));
                for (i, &c2) in survivors.iter().enumerate() {
                    // A survivor's class, its codes' place, and its codes,
                    // fetched in three steps ahead.
                    if let Some(&ahead) = survivors.get(i + 3 * AHEAD) {
                        prefetch(&classes.reps[ahead as usize]);
                    }
                    if let Some(&ahead) = survivors.get(i + 2 * AHEAD) {
                        prefetch(&sentences.codes_at[classes.reps[ahead as usize] as usize]);
                    }
                    if let Some(&ahead) = survivors.get(i + AHEAD) {
                        prefetch(&lines[ahead as usize]);
                        if let Some(first) = sentences.codes(classes.reps[ahead as usize] as usize).first() {
                            prefetch(first);
                        }
                    }
                    if !could_anchor(&qa, &lines[c2 as usize], al) {
                        continue;
                    }
                    let v = classes.reps[c2 as usize] as usize;
                    // The word-share rule of [`Aligner::judge`], exactly,
                    // before the candidate is profiled.
                    if share.share(&words, sentences.codes(v)) < al.settings.min_word_share {
                        continue;
                    }
                    let theirs = &classes.members[c2 as usize];
                    verified += 1;
                    words.norm_into(sentences.codes(v), nb);
                    pb.refill(nb);
                    let (score, aligned, _) = al.judge(pa(), pb);
                    if aligned {
                        let shared: Arc<[String]> = shared_shingles(na(), a_text, nb, &index).into();
                        for &x in mine {
                            for &y in theirs {
                                expand(&sentences, x, y, score, &shared, &admissible, &relation, &mut pairs);
                            }
                        }
                    }
                }
                share.finish(&words, sentences.codes(u));
            });
            (cands.len(), verified, pairs)
        })
        .collect();
    drop(index);
    let mut pairs = Vec::new();
    for (c, v, p) in results {
        stats.candidates += c;
        stats.verified += v;
        pairs.extend(p);
    }

    // Quotes.
    if let Some(claims) = claims {
        let per_doc: Vec<Vec<(Found, Vec<u64>, Anchors)>> = claims
            .par_iter()
            .enumerate()
            .map(|(d, c)| {
                let doc = &docs[d];
                c.quotes
                    .par_iter()
                    .with_min_len(PER_TASK)
                    .enumerate()
                    .filter(|(_, q)| !q.fragment)
                    .filter_map(|(i, q)| {
                        let n = al.norm.normalize(q.plain.slice(&doc.plain));
                        if !aligns_quote(&n, set) {
                            return None;
                        }
                        let unit = Unit {
                            doc: d as u32,
                            index: i as u32,
                            src: q.src,
                            plain: q.plain,
                            key: 0,
                        };
                        let words: Vec<u64> = n.toks.iter().map(|t| t.word).collect();
                        Some((
                            (unit, quote_shingles(&n), words32(&n), Meta::default(), Vec::new()),
                            words,
                            Anchors::of(&n).kept(),
                        ))
                    })
                    .collect()
            })
            .collect();
        // Each quote's word hashes and anchor words, by unit: the diff runs
        // on the first, and a pair the diff keeps is judged on the second,
        // so that no candidate is normalised again.
        let mut quote_words: Vec<Vec<u64>> = Vec::new();
        let mut quote_anchors: Vec<Anchors> = Vec::new();
        let per_doc: Vec<Vec<Found>> = per_doc
            .into_iter()
            .map(|v| {
                v.into_iter()
                    .map(|(found, words, anchors)| {
                        quote_words.push(words);
                        quote_anchors.push(anchors);
                        found
                    })
                    .collect()
            })
            .collect();
        let mut quotes = flatten(per_doc);
        stats.quotes = quotes.units.len();
        let all: Vec<u32> = (0..quotes.units.len() as u32).collect();
        let mut index = Index::build(&mut quotes, &all, max_df);
        let candidates = index.candidates(quotes.units.len(), |a, sa, b, sb| {
            let (la, lb) = (quotes.content(a as usize).len(), quotes.content(b as usize).len());
            bounds_match(sa.bound(sb, la, lb), la, lb, set)
        });
        drop(index);
        // Each quote's document, packed: candidates are checked against it
        // in random order.
        let qdocs: Vec<u32> = quotes.units.iter().map(|u| u.doc).collect();
        let results: Vec<(usize, Vec<Pair>)> = (0..quotes.units.len())
            .into_par_iter()
            .map(|u| {
                let me = &quotes.units[u];
                let mut cands = candidates.of(u).to_vec();
                cands.retain(|&v| admissible(me.doc as usize, qdocs[v as usize] as usize));
                let mut pairs = Vec::new();
                let considered = cands.len();
                if cands.is_empty() {
                    return (considered, pairs);
                }
                // The shared-word bound before the query is normalised,
                // counted by fingerprint: it can only be higher than the
                // exact one, and the diff's own bound decides. Each
                // candidate's words are at a random place in memory, so a
                // later candidate's are fetched meanwhile.
                let mine: Vec<u16> = quotes.content(u).iter().map(|&w| fingerprint(w)).collect();
                let mut counted = COUNTED.take();
                counted.start(&mine);
                let mut kept = 0;
                for i in 0..cands.len() {
                    if let Some(&ahead) = cands.get(i + AHEAD)
                        && let Some(first) = quotes.content(ahead as usize).first()
                    {
                        prefetch(first);
                    }
                    let v = cands[i];
                    let theirs = quotes.content(v as usize);
                    if bounds_match(counted.common_words(theirs), mine.len(), theirs.len(), set) {
                        cands[kept] = v;
                        kept += 1;
                    }
                }
                counted.finish(&mine);
                COUNTED.set(counted);
                cands.truncate(kept);
                if cands.is_empty() {
                    return (considered, pairs);
                }
                let a_text = me.plain.slice(&docs[me.doc as usize].plain);
                // Normalised again (for the runs' places in the text) when
                // a candidate matches.
                let na = std::cell::OnceCell::new();
                let a = QuoteSide {
                    norm: &na,
                    text: a_text,
                    words: &quote_words[u],
                    anchors: &quote_anchors[u],
                };
                for &v in &cands {
                    let other = &quotes.units[v as usize];
                    if let Some((score, shared)) =
                        quote_match(&a, &quote_words[v as usize], &quote_anchors[v as usize], al)
                    {
                        pairs.push(Pair {
                            kind: PairKind::Quote,
                            relation: relation(me.doc as usize, other.doc as usize),
                            a: side(me),
                            b: side(other),
                            score,
                            shared: shared.into(),
                            story: None,
                        });
                    }
                }
                (considered, pairs)
            })
            .collect();
        for (c, p) in results {
            stats.quote_candidates += c;
            pairs.extend(p);
        }
    }

    pairs.par_sort_by_key(Pair::order);
    stats.aligned = pairs.len();
    let stories = stories(docs.len(), &mut pairs, set.story_min_pairs);
    Alignment { pairs, stories, stats }
}

fn flatten(per_doc: Vec<Vec<Found>>) -> Units {
    let n = per_doc.iter().map(Vec::len).sum();
    let shingles = per_doc.iter().flatten().map(|f| f.1.len()).sum();
    let codes = per_doc.iter().flatten().map(|f| f.4.len()).sum();
    let mut units = Units {
        units: Vec::with_capacity(n),
        shingles: Vec::with_capacity(shingles),
        shingles_at: Vec::with_capacity(n + 1),
        sigs: Vec::with_capacity(n),
        content: Vec::new(),
        content_at: Vec::with_capacity(n + 1),
        meta: Vec::with_capacity(n),
        codes: Vec::with_capacity(codes),
        codes_at: Vec::with_capacity(n + 1),
    };
    units.codes_at.push(0);
    units.content_at.push(0);
    units.shingles_at.push(0);
    for (u, s, c, m, k) in per_doc.into_iter().flatten() {
        units.codes.extend(k);
        units.codes_at.push(units.codes.len() as u32);
        units.units.push(u);
        units.meta.push(m);
        units.shingles.extend(s);
        units.shingles_at.push(units.shingles.len() as u32);
        units.sigs.push(Sig::new(&c));
        units.content.extend(c);
        units.content_at.push(units.content.len() as u32);
    }
    units
}

fn side(u: &Unit) -> Side {
    Side {
        doc: u.doc as usize,
        src: u.src,
        plain: u.plain,
        index: u.index as usize,
    }
}

pub(super) fn content32(n: &Norm) -> Vec<u32> {
    let mut v: Vec<u32> = n.toks.iter().filter(|t| t.content).map(|t| t.stem as u32).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The anchor summary of a sentence whose content stems are `content`.
fn meta(n: &Norm, content: &[u32]) -> Meta {
    let anchors = Anchors::of(n);
    let idf = anchors.idf();
    let mut short: Vec<u32> = anchors.stems().iter().map(|s| s.0 as u32).collect();
    short.sort_unstable();
    let mut mask = 0u32;
    for (j, w) in content.iter().take(LINE_WORDS).enumerate() {
        if short.binary_search(w).is_ok() {
            mask |= 1 << j;
        }
    }
    let mut low = idf as f32;
    if f64::from(low) > idf {
        low = low.next_down();
    }
    Meta {
        values: anchors.values().min(255) as u8,
        anchors: mask,
        anchor_idf: low,
    }
}

/// All words of a quote (sorted 32-bit hashes, repeats kept).
pub(super) fn words32(n: &Norm) -> Vec<u32> {
    let mut v: Vec<u32> = n.toks.iter().map(|t| t.word as u32).collect();
    v.sort_unstable();
    v
}

/// Shared runs cannot cover more words than the quotes have in common:
/// a bound checked before the diff.
pub(super) fn could_match(a: &[u32], b: &[u32], set: &super::Settings) -> bool {
    bounds_match(super::features::common(a, b), a.len(), b.len(), set)
}

/// Whether quotes of `la` and `lb` words with `n` words in common could match.
fn bounds_match(n: usize, la: usize, lb: usize, set: &super::Settings) -> bool {
    // The slack keeps a rounding difference from the exact test (a
    // quotient there, a product here) on the side of checking the pair.
    n >= set.quote_min_words && n as f64 >= set.quote_min_share * la.min(lb) as f64 - 1e-9
}

/// The content-word bound of [`Aligner::judge`], on 32-bit hashes or their
/// 16-bit fingerprints (a collision can only add shared words, so no pair
/// that aligns fails it), checked before the features are computed.
pub(super) fn could_align<T: Ord + Copy>(a: &[T], b: &[T], min_dice: f64) -> bool {
    bounds_align(super::features::common(a, b), a.len(), b.len(), min_dice)
}

/// Whether sentences of `la` and `lb` content words with `n` in common could align.
fn bounds_align(n: usize, la: usize, lb: usize, min_dice: f64) -> bool {
    n >= super::MIN_SHARED_CONTENT && 2.0 * n as f64 >= min_dice * (la + lb) as f64 - 1e-9
}

/// The kept shingles the two sentences share, as written in `a`.
fn shared_shingles(na: &Norm, a_text: &str, nb: &Norm, index: &Index) -> Vec<String> {
    shared_kept(na, a_text, nb, |h| index.is_kept(h))
}

/// The shingles the two sentences share that `kept` keeps, as written in
/// `a` (at most eight).
pub(super) fn shared_kept(na: &Norm, a_text: &str, nb: &Norm, kept: impl Fn(u64) -> bool) -> Vec<String> {
    let theirs = sentence_shingles(nb);
    let content: Vec<_> = na.toks.iter().filter(|t| t.content).collect();
    let mut out: Vec<String> = Vec::new();
    for w in content.windows(2) {
        let h = mix(mix(2, w[0].stem), w[1].stem);
        if theirs.binary_search(&h).is_ok() && kept(h) {
            let s = format!("{} {}", w[0].span.slice(a_text), w[1].span.slice(a_text)).to_lowercase();
            if !out.contains(&s) {
                out.push(s);
            }
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

/// The query side of [`quote_match`]: its normalised words, its text, its
/// word hashes and its anchor words.
pub(super) struct QuoteSide<'a> {
    /// Filled with the normalised text when a match needs the runs' places.
    pub norm: &'a std::cell::OnceCell<Norm>,
    pub text: &'a str,
    pub words: &'a [u64],
    pub anchors: &'a Anchors,
}

/// Shared word runs of quote `a` and a quote of word hashes `wb` and
/// anchor words `b`: the share of the shorter quote they cover, and the
/// runs as written in `a`. `None` when they do not align.
pub(super) fn quote_match(a: &QuoteSide<'_>, wb: &[u64], b: &Anchors, al: &Aligner) -> Option<(f64, Vec<String>)> {
    let (a_text, wa) = (a.text, a.words);
    // The quotes must share words that say something, as sentences must
    // (the anchor rule of [`Aligner::judge`]): runs such as "I think it
    // was a" or "there were a lot of" do not make two quotes the same.
    // Checked first: it is the cheapest test, and two thirds of the pairs
    // that get here fail it.
    let shared = a.anchors.shared(b);
    if shared.words == 0 || !al.says_enough(shared.idf, a.anchors.idf(), b.idf()) {
        return None;
    }
    // The runs cover a common subsequence: a cheap bound before the diff.
    let set = &al.settings;
    if !bounds_match(super::features::lcs_len(wa, wb), wa.len(), wb.len(), set) {
        return None;
    }
    let mut matched = 0;
    let mut runs = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, wa, wb) {
        if let DiffOp::Equal { old_index, len, .. } = op
            && len >= 2
        {
            matched += len;
            runs.push((old_index, len));
        }
    }
    let share = matched as f64 / wa.len().min(wb.len()).max(1) as f64;
    if matched < set.quote_min_words || share < set.quote_min_share {
        return None;
    }
    let na = a.norm.get_or_init(|| al.norm.normalize(a_text));
    let runs = runs
        .into_iter()
        .map(|(at, len)| {
            na.toks[at]
                .span
                .cover(na.toks[at + len - 1].span)
                .slice(a_text)
                .to_string()
        })
        .collect();
    Some((share, runs))
}

/// A sentence pair scoring this high links two articles into a story by itself.
pub const STRONG_PAIR: f64 = 0.9;

/// Rounds of label propagation at most (the archive's labels settle in
/// about ten).
const STORY_ROUNDS: usize = 50;

/// Groups documents linked by aligned statements into stories.
///
/// Two documents are linked when they share a quote, a sentence scoring
/// [`STRONG_PAIR`] or more, or `min_pairs` looser sentences. Each link
/// weighs what its statements say about the two articles alone: a pair
/// counts `1 / n`, where `n` is the number of documents the more widely
/// shared of its two statements aligns with (a stock phrase that pairs
/// with forty articles says little about any two of them).
///
/// Linked documents are grouped by label propagation, not by connected
/// components: in an archive, every story is a few links from every other
/// (a generic quote, a roundup that cites five events), and components
/// joined 28,087 of 37,704 articles into one story. Each document starts
/// with its own label and takes, in document order, the label its links
/// weigh most (ties: the smaller label), until no label changes (at most
/// [`STORY_ROUNDS`] rounds): a densely linked story keeps one label and a
/// lone bridge to another story does not carry it over. A story is a
/// label held by two or more documents. The order is fixed and the sums
/// are taken in link order, so the stories are the same at any thread
/// count.
pub(super) fn stories(n_docs: usize, pairs: &mut [Pair], min_pairs: usize) -> Vec<Story> {
    // How many documents each pair's more widely shared statement aligns
    // with: each side's statement (document, start, kind), with the
    // document it pairs with and the pair, sorted by statement.
    let mut sides: Vec<((usize, usize, PairKind), usize, usize)> = pairs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            [
                ((p.a.doc, p.a.src.start, p.kind), p.b.doc, i),
                ((p.b.doc, p.b.src.start, p.kind), p.a.doc, i),
            ]
        })
        .collect();
    sides.par_sort_unstable();
    let mut spread = vec![1usize; pairs.len()];
    for run in sides.chunk_by(|x, y| x.0 == y.0) {
        let docs = 1 + run.windows(2).filter(|w| w[0].1 != w[1].1).count();
        for &(_, _, i) in run {
            spread[i] = spread[i].max(docs);
        }
    }
    drop(sides);
    // Each document pair's count (the link rule) and weight, summed in
    // pair order.
    let mut each: Vec<(usize, usize, usize)> = pairs.iter().enumerate().map(|(i, p)| (p.a.doc, p.b.doc, i)).collect();
    each.par_sort_unstable();
    let mut kept: Vec<(usize, usize, f64)> = Vec::new();
    for run in each.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (mut count, mut weight) = (0, 0.0);
        for &(_, _, i) in run {
            let p = &pairs[i];
            let c = if p.kind == PairKind::Quote || p.score >= STRONG_PAIR {
                min_pairs
            } else {
                1
            };
            count += c;
            weight += c as f64 / spread[i] as f64;
        }
        if count >= min_pairs {
            kept.push((run[0].0, run[0].1, weight));
        }
    }
    drop(each);
    // Each document's links, in document order.
    let mut degree = vec![0usize; n_docs + 1];
    for &(a, b, _) in &kept {
        degree[a + 1] += 1;
        degree[b + 1] += 1;
    }
    for d in 1..degree.len() {
        degree[d] += degree[d - 1];
    }
    let mut fill = degree.clone();
    let mut adjacent = vec![(0usize, 0.0f64); kept.len() * 2];
    for &(a, b, w) in &kept {
        adjacent[fill[a]] = (b, w);
        fill[a] += 1;
        adjacent[fill[b]] = (a, w);
        fill[b] += 1;
    }
    let mut label: Vec<usize> = (0..n_docs).collect();
    let mut weigh: HashMap<usize, f64> = HashMap::default();
    for _ in 0..STORY_ROUNDS {
        let mut changed = false;
        for d in 0..n_docs {
            let mine = &adjacent[degree[d]..degree[d + 1]];
            if mine.is_empty() {
                continue;
            }
            weigh.clear();
            for &(other, w) in mine {
                *weigh.entry(label[other]).or_default() += w;
            }
            let mut best = (label[d], weigh.get(&label[d]).copied().unwrap_or(0.0));
            for (&l, &w) in &weigh {
                if w > best.1 || (w == best.1 && l < best.0) {
                    best = (l, w);
                }
            }
            if best.0 != label[d] {
                label[d] = best.0;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let roots = label;
    let mut id_of: HashMap<usize, usize> = HashMap::default();
    let mut stories: Vec<Story> = Vec::new();
    let mut size: HashMap<usize, usize> = HashMap::default();
    for &r in &roots {
        *size.entry(r).or_default() += 1;
    }
    for (d, &r) in roots.iter().enumerate() {
        if size[&r] < 2 {
            continue;
        }
        let id = *id_of.entry(r).or_insert_with(|| {
            stories.push(Story {
                id: stories.len() + 1,
                docs: Vec::new(),
                pairs: 0,
            });
            stories.len()
        });
        stories[id - 1].docs.push(d);
    }
    for p in pairs.iter_mut() {
        let (ra, rb) = (roots[p.a.doc], roots[p.b.doc]);
        if ra == rb
            && let Some(&id) = id_of.get(&ra)
        {
            p.story = Some(id);
            stories[id - 1].pairs += 1;
        }
    }
    stories
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::align::AlignSpec;
    use crate::config::Config;
    use crate::extract::extract;
    use crate::ingest::Ingest;
    use crate::lexicon::Lexicon;

    proptest::proptest! {
        /// The signature bound never falls below the exact count of common
        /// words, so it drops no pair the exact bound would keep: with
        /// words of a wide vocabulary, and with a few words repeated many
        /// times (so that an excess passes what a signature stores).
        #[test]
        fn signature_bound_is_an_upper_bound(
            (mut a, mut b) in proptest::strategy::Strategy::prop_flat_map(
                proptest::prop_oneof![proptest::strategy::Just(400u32), proptest::strategy::Just(12u32)],
                |k| {
                    let words = proptest::collection::vec(0u32..k, 0..300);
                    (words.clone(), words)
                },
            ),
        ) {
            a.sort_unstable();
            b.sort_unstable();
            let exact = crate::align::features::common(&a, &b);
            let n = Sig::new(&a).bound(Sig::new(&b), a.len(), b.len());
            proptest::prop_assert!(n >= exact, "{n} < {exact}");
        }

        /// Fingerprints never count fewer common words than the hashes, so
        /// a line's bound drops no pair the exact bound would keep; the
        /// words are drawn so that fingerprints collide.
        #[test]
        fn fingerprint_bound_is_an_upper_bound(
            a in proptest::collection::btree_set(0usize..64, 0..30),
            b in proptest::collection::btree_set(0usize..64, 0..30),
        ) {
            let pool = colliding_words(32);
            let words = |s: &std::collections::BTreeSet<usize>| {
                let mut v: Vec<u32> = s.iter().map(|&i| pool[i]).collect();
                v.sort_unstable();
                v
            };
            let (a, b) = (words(&a), words(&b));
            let exact = crate::align::features::common(&a, &b);
            let bound = crate::align::features::common(&fingerprints(&a), &fingerprints(&b));
            proptest::prop_assert!(bound >= exact, "{bound} < {exact}");
        }
    }

    /// `2 * n` distinct word hashes, in pairs that share a fingerprint.
    fn colliding_words(n: u32) -> Vec<u32> {
        // The inverse of the fingerprint's multiplier modulo 2^32 (Newton).
        let k: u32 = 0x9E37_79B1;
        let mut inv: u32 = k;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(k.wrapping_mul(inv)));
        }
        (0..n)
            .flat_map(|i| {
                let h = (i + 1).wrapping_mul(0x0101_0000);
                [h.wrapping_mul(inv), (h + 7).wrapping_mul(inv)]
            })
            .collect()
    }

    #[test]
    fn colliding_fingerprints_keep_shared_words_and_anchors() {
        let w = colliding_words(1);
        assert_ne!(w[0], w[1]);
        assert_eq!(fingerprint(w[0]), fingerprint(w[1]));
        let mut pair = w.clone();
        pair.sort_unstable();
        // Both words shared: counted twice.
        assert_eq!(
            crate::align::features::common(&fingerprints(&pair), &fingerprints(&pair)),
            2
        );
        // Only the second word of the line is an anchor: a query anchored
        // on the shared fingerprint still counts it.
        let second = pair.iter().position(|&x| x == w[1]).unwrap();
        let meta = Meta {
            values: 0,
            anchors: 1 << second,
            anchor_idf: 9.0,
        };
        let line = Line::new(&pair, meta, 0);
        let q = QueryAnchors {
            stems: vec![(fingerprint(w[1]), 2, 9.0)],
            idf: 9.0,
            values: 0,
        };
        assert!(could_anchor(&q, &line, Aligner::builtin()));
    }

    /// Words for generated sentences: names, rare and common words, stop
    /// words, numbers as digits and words, a day and a single letter.
    const VOCAB: [&str; 24] = [
        "Karlsson",
        "Oyelaran",
        "ceasefire",
        "tariff",
        "harbor",
        "talks",
        "said",
        "think",
        "time",
        "people",
        "the",
        "of",
        "and",
        "it",
        "was",
        "not",
        "2,400",
        "2,100",
        "three",
        "$39.5",
        "million",
        "Tuesday",
        "x",
        "new",
    ];

    proptest::proptest! {
        /// The anchor bound keeps every pair whose anchor words pass the
        /// aligner's rule.
        #[test]
        fn anchor_bound_keeps_what_the_rule_keeps(
            a in proptest::collection::vec(0usize..VOCAB.len(), 1..24),
            b in proptest::collection::vec(0usize..VOCAB.len(), 1..24),
            min_idf in 0.0f64..12.0,
        ) {
            let mut al = Aligner::builtin().clone();
            al.settings.min_anchor_idf = min_idf;
            let text = |w: &[usize]| w.iter().map(|&i| VOCAB[i]).collect::<Vec<_>>().join(" ");
            let (na, nb) = (al.norm.normalize(&text(&a)), al.norm.normalize(&text(&b)));
            let (pa, pb) = (al.profile(&na), al.profile(&nb));
            let shared = pa.shared_anchors(&pb);
            let rule = shared.words >= crate::align::MIN_SHARED_CONTENT
                && al.says_enough(shared.idf, pa.anchor_idf(), pb.anchor_idf());
            let content = content32(&nb);
            let line = Line::new(&content, meta(&nb, &content), 0);
            let qa = QueryAnchors::new(&pa);
            proptest::prop_assert_eq!(&qa, &QueryAnchors::of(&na));
            let bound = could_anchor(&qa, &line, &al);
            proptest::prop_assert!(bound || !rule, "the bound drops a pair the rule keeps");
        }
    }

    #[test]
    fn anchor_bound_drops_pairs_sharing_only_common_words() {
        let al = Aligner::builtin();
        let line_of = |s: &str| {
            let n = al.norm.normalize(s);
            let content = content32(&n);
            Line::new(&content, meta(&n, &content), 0)
        };
        let q = QueryAnchors::new(&al.profile(&al.norm.normalize("I think it'll be much more conventional.")));
        assert!(!could_anchor(
            &q,
            &line_of("I think it's going to be incredibly more difficult."),
            al
        ));
        let q = QueryAnchors::new(&al.profile(&al.norm.normalize("The union said 2,400 dockworkers voted.")));
        assert!(could_anchor(
            &q,
            &line_of("The union said 2,100 dockworkers voted on Tuesday."),
            al
        ));
    }

    #[test]
    fn quotes_sharing_only_stock_runs_do_not_align() {
        let al = Aligner::builtin();
        let m = |a: &str, b: &str| {
            let (na, nb) = (al.norm.normalize(a), al.norm.normalize(b));
            let words = |n: &Norm| n.toks.iter().map(|t| t.word).collect::<Vec<_>>();
            let side = QuoteSide {
                norm: &std::cell::OnceCell::new(),
                text: a,
                words: &words(&na),
                anchors: &Anchors::of(&na),
            };
            quote_match(&side, &words(&nb), &Anchors::of(&nb), al).map(|(share, _)| share)
        };
        assert_eq!(
            m(
                "I think it was a horrible day for the harbor,",
                "I think it was a great victory,"
            ),
            None
        );
        assert_eq!(
            m(
                "We know there's a lot of variation,",
                "We know there are a lot of people on the dock who disagree,"
            ),
            None
        );
        // A quote trimmed at its start, and one word changed, still align.
        assert!(
            m(
                "we are not asking for the moon, only for a fair contract",
                "Let me be clear: we are not asking for the moon, only for a fair contract."
            )
            .is_some()
        );
        assert!(
            m(
                "I was talking about the radical environmentalist,",
                "I was talking about the radical environmentalists,"
            )
            .is_some()
        );
    }

    /// Ids that share several lists are candidates once, each with the
    /// ids after it, sorted, and `keep` is asked about every pair in a list.
    /// A shingle is kept exactly when it is in the sorted list, whatever
    /// its bucket (the first, the last, one shared by several).
    #[test]
    fn kept_shingles_are_found_in_their_buckets() {
        for n in [0usize, 1, 2, 3, 1000] {
            let mut kept: Vec<u64> = (0..n as u64).map(|i| mix(i, 17)).collect();
            kept.extend([0, 1, u64::MAX, u64::MAX - 1, 1 << 63].iter().take(n.min(5)));
            kept.sort_unstable();
            kept.dedup();
            let mut index = Index {
                ids: Vec::new(),
                sigs: Vec::new(),
                lists: Vec::new(),
                kept: kept.clone(),
                kept_at: Vec::new(),
                kept_bits: 1,
                dropped: 0,
            };
            index.bucket_kept();
            for &h in &kept {
                assert!(index.is_kept(h), "{h} of {n}");
            }
            for i in 0..2000u64 {
                let h = mix(i, 99);
                assert_eq!(index.is_kept(h), kept.binary_search(&h).is_ok());
            }
        }
    }

    proptest::proptest! {
        /// Counted by fingerprint, a quote's words shared with another's
        /// are never fewer than the merge of the two lists counts, repeats
        /// and all, and as many when no two words share a fingerprint;
        /// the table is cleared after.
        #[test]
        fn counted_words_bound_the_merge(
            mut a in proptest::collection::vec(0u32..40, 0..30),
            mut b in proptest::collection::vec(0u32..40, 0..30),
            spread in proptest::bool::ANY,
        ) {
            // Spread out, the words mostly fall on distinct fingerprints;
            // otherwise on four: a word is built from the fingerprint it
            // is to have (the multiplier's inverse undoes the hashing).
            let inverse = (0..5).fold(0x9E37_79B1u32, |v, _| v.wrapping_mul(2u32.wrapping_sub(0x9E37_79B1u32.wrapping_mul(v))));
            let word = |x: u32| if spread { x.wrapping_mul(0x0101_0101) } else { ((x % 4) << 16 | x).wrapping_mul(inverse) };
            a.iter_mut().for_each(|x| *x = word(*x));
            b.iter_mut().for_each(|x| *x = word(*x));
            a.sort_unstable();
            b.sort_unstable();
            let mine: Vec<u16> = a.iter().map(|&w| fingerprint(w)).collect();
            let distinct = {
                let mut all: Vec<u32> = a.iter().chain(&b).copied().collect();
                all.sort_unstable();
                all.dedup();
                let mut fps: Vec<u16> = all.iter().map(|&w| fingerprint(w)).collect();
                fps.sort_unstable();
                fps.dedup();
                fps.len() == all.len()
            };
            let mut counted = Counted::default();
            counted.start(&mine);
            let exact = super::super::features::common(&a, &b);
            let n = counted.common_words(&b);
            proptest::prop_assert!(n >= exact, "{n} < {exact}");
            if !spread {
                proptest::prop_assert!(mine.iter().all(|&f| f < 4));
            }
            if distinct {
                proptest::prop_assert_eq!(n, exact);
            }
            counted.finish(&mine);
            proptest::prop_assert!(counted.counts.iter().all(|&c| c == 0));
        }
    }

    #[test]
    fn candidates_are_gathered_once_per_pair_and_grouped_by_id() {
        let sig = Sig::new(&[]);
        let mut index = Index {
            ids: vec![0, 2, 3, 1, 2, 3, 0, 3, 4],
            sigs: vec![sig; 9],
            lists: vec![0, 3, 6, 9],
            kept: Vec::new(),
            kept_at: Vec::new(),
            kept_bits: 1,
            dropped: 0,
        };
        let asked = std::sync::Mutex::new(Vec::new());
        let c = index.candidates(5, |a, _, b, _| {
            asked.lock().unwrap().push((a, b));
            (a, b) != (1, 3)
        });
        let mut asked = asked.into_inner().unwrap();
        asked.sort_unstable();
        assert_eq!(
            asked,
            [(0, 2), (0, 3), (0, 3), (0, 4), (1, 2), (1, 3), (2, 3), (2, 3), (3, 4)]
        );
        assert_eq!(c.of(0), [2, 3, 4]);
        assert_eq!(c.of(1), [2]);
        assert_eq!(c.of(2), [3]);
        assert_eq!(c.of(3), [4]);
        assert!(c.of(4).is_empty());
        assert!(index.ids.is_empty() && index.sigs.is_empty());
    }

    #[test]
    fn signature_bound_prunes_unrelated_words() {
        let a: Vec<u32> = (0..15).map(|i| i * 7919 + 1).collect();
        let b: Vec<u32> = (0..15).map(|i| i * 104_729 + 3).collect();
        let n = Sig::new(&a).bound(Sig::new(&b), 15, 15);
        assert!(!bounds_align(n, 15, 15, 0.35), "{n}");
        assert!(bounds_align(15, 15, 15, 0.35));
    }

    /// Markdown articles with front matter: (name, outlet, date, body).
    fn docs(articles: &[(&str, &str, &str, &str)]) -> Vec<Document> {
        let lex = Lexicon::builtin();
        let config = Config::default();
        let ingest = Ingest::new(lex, &config);
        articles
            .iter()
            .map(|(name, outlet, date, body)| {
                let text = format!("---\ntitle: \"A title\"\noutlet: \"{outlet}\"\ndate: \"{date}\"\n---\n\n{body}\n");
                ingest.read_text(
                    name,
                    std::path::Path::new(name),
                    Arc::from(text.as_str()),
                    &mut Vec::new(),
                )
            })
            .collect()
    }

    /// Articles `0.md`, `1.md`, … with these bodies and outlets, of one day.
    fn docs_of_outlets(bodies: &[String], outlets: &[&str]) -> Vec<Document> {
        let names: Vec<String> = (0..bodies.len()).map(|i| format!("{i}.md")).collect();
        let articles: Vec<(&str, &str, &str, &str)> = (0..bodies.len())
            .map(|i| (names[i].as_str(), outlets[i], "2026-01-01", bodies[i].as_str()))
            .collect();
        docs(&articles)
    }

    fn run(docs: &[Document], spec: AlignSpec) -> Alignment {
        let lex = Lexicon::builtin();
        let claims: Vec<Claims> = docs.iter().map(|d| extract(d, lex)).collect();
        align(docs, Some(&claims), &Aligner::build(&spec, None).unwrap())
    }

    const A: &str = "The county closed the old river bridge on Tuesday after inspectors found corroded bearings.\n\n\
        \"We cannot keep this bridge open while the inspection is under way,\" the county engineer said.";
    const B: &str = "Inspectors found corroded bearings, and the county closed the old river bridge on Wednesday.\n\n\
        The engineer said the county could not \"keep this bridge open while the inspection is under way.\"";
    const OTHER: &str = "The school board voted to extend the academic year by five days starting next fall.";

    #[test]
    fn aligns_sentences_and_trimmed_quotes_across_outlets() {
        let d = docs(&[
            ("a.md", "Valley Courier", "2026-03-03", A),
            ("b.md", "River Daily", "2026-03-04", B),
            ("c.md", "River Daily", "2026-03-04", OTHER),
        ]);
        let al = run(&d, AlignSpec::default());
        let kinds: Vec<(PairKind, usize, usize)> = al.pairs.iter().map(|p| (p.kind, p.a.doc, p.b.doc)).collect();
        assert!(kinds.contains(&(PairKind::Sentence, 0, 1)), "{kinds:?}");
        assert!(kinds.contains(&(PairKind::Quote, 0, 1)), "{kinds:?}");
        assert!(
            kinds.iter().all(|k| k.2 != 2),
            "the unrelated article aligns with nothing"
        );
        let q = al.pairs.iter().find(|p| p.kind == PairKind::Quote).unwrap();
        assert_eq!(q.score, 1.0, "the trimmed quote is all inside the full one");
        assert!(al.pairs.iter().all(|p| p.relation == Relation::CrossOutlet));
        assert_eq!(al.stories.len(), 1);
        assert_eq!(al.stories[0].docs, vec![0, 1]);
        assert!(al.pairs.iter().all(|p| p.story == Some(1)));
    }

    #[test]
    fn same_outlet_reuse_is_labelled_and_can_be_left_out() {
        let d = docs(&[
            ("a.md", "Valley Courier", "2026-03-03", A),
            ("b.md", "Valley Courier", "2026-03-05", A),
        ]);
        let al = run(&d, AlignSpec::default());
        assert!(!al.pairs.is_empty());
        assert!(al.pairs.iter().all(|p| p.relation == Relation::SameOutlet));
        let spec = AlignSpec {
            same_outlet: Some(false),
            ..Default::default()
        };
        assert!(run(&d, spec).pairs.is_empty());
    }

    #[test]
    fn window_days_keeps_distant_articles_apart() {
        let d = docs(&[
            ("a.md", "Valley Courier", "2026-03-03", A),
            ("b.md", "River Daily", "2026-04-20", B),
        ]);
        assert!(!run(&d, AlignSpec::default()).pairs.is_empty());
        let spec = AlignSpec {
            window_days: Some(7),
            ..Default::default()
        };
        assert!(run(&d, spec).pairs.is_empty());
    }

    #[test]
    fn text_in_too_many_documents_is_stock() {
        let line = "Sign up for our free morning newsletter to get the day's top stories delivered to you.";
        let bodies: Vec<String> = (0..4)
            .map(|i| format!("{line}\n\nStory number {i} reports something else entirely about topic {i}."))
            .collect();
        let d = docs_of_outlets(&bodies, &["One", "Two", "Three", "Four"]);
        let al = run(&d, AlignSpec::default());
        assert_eq!(
            al.pairs.len(),
            6,
            "the shared line pairs every article with every other"
        );
        let spec = AlignSpec {
            max_df: Some(3),
            ..Default::default()
        };
        let al = run(&d, spec);
        assert!(al.pairs.is_empty());
        assert_eq!(al.stats.stock, 4);
    }

    #[test]
    fn text_in_too_many_documents_of_one_outlet_is_its_stock() {
        let line = "Readers fund our newsroom, so become a member today and keep local reporting free for everyone.";
        let stories = [
            "The harbor ferry will carry bicycles free of charge on weekends this summer.",
            "Volunteers planted two hundred oak seedlings along the eroded creek bank.",
            "A bakery on Mill Street won the regional prize for its rye loaf.",
            "The county fair adds a night market with food trucks and live music.",
            "Road crews began repaving the causeway, closing one lane until August.",
        ];
        let bodies: Vec<String> = stories.iter().map(|s| format!("{s}\n\n{line}")).collect();
        let d = docs_of_outlets(&bodies, &["Ledger", "Ledger", "Ledger", "Courier", "Courier"]);
        let al = run(&d, AlignSpec::default());
        assert_eq!(
            al.pairs.len(),
            10,
            "the shared line pairs every article with every other"
        );
        assert_eq!(al.stats.stock, 0);
        // In three of the Ledger's articles, the line is the Ledger's stock
        // text; in two of the Courier's, it is not the Courier's.
        let spec = AlignSpec {
            outlet_max_df: Some(2),
            ..Default::default()
        };
        let al = run(&d, spec);
        assert_eq!(al.stats.stock, 3);
        let docs_of = |p: &Pair| [p.a.doc, p.b.doc];
        assert_eq!(al.pairs.iter().map(docs_of).collect::<Vec<_>>(), vec![[3, 4]]);
        assert_eq!(al.pairs[0].relation, Relation::SameOutlet);
    }

    #[test]
    fn stories_need_enough_shared_statements() {
        let mut pairs = vec![
            pair(0, 1, 0.6),
            pair(0, 1, 0.6),
            pair(2, 3, 0.6),  // one loose pair only: no story
            pair(4, 5, 0.95), // one near-verbatim pair
        ];
        let stories = stories(6, &mut pairs, 2);
        assert_eq!(stories.len(), 2);
        assert_eq!(stories[0].docs, vec![0, 1]);
        assert_eq!(stories[1].docs, vec![4, 5]);
        assert_eq!(pairs[2].story, None);
        assert_eq!(pairs[3].story, Some(2));
    }

    #[test]
    fn a_weak_link_does_not_join_two_stories() {
        // Two stories of three articles, each pair of them sharing three
        // statements, and one pair across them sharing two: linked, but
        // less than each article is linked within its own story.
        let mut pairs = Vec::new();
        let mut at = 0;
        let mut share = |a: usize, b: usize, n: usize, pairs: &mut Vec<Pair>| {
            for _ in 0..n {
                pairs.push(pair_at(a, b, at, 0.6));
                at += 10;
            }
        };
        for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] {
            share(a, b, 3, &mut pairs);
        }
        share(2, 3, 2, &mut pairs);
        let stories = stories(6, &mut pairs, 2);
        let docs: Vec<Vec<usize>> = stories.iter().map(|s| s.docs.clone()).collect();
        assert_eq!(docs, vec![vec![0, 1, 2], vec![3, 4, 5]]);
        assert_eq!(stories.iter().map(|s| s.pairs).collect::<Vec<_>>(), vec![9, 9]);
        // The link across is a pair of two stories, in neither.
        assert!(
            pairs
                .iter()
                .filter(|p| p.a.doc == 2 && p.b.doc == 3)
                .all(|p| p.story.is_none())
        );
    }

    #[test]
    fn a_statement_shared_widely_weighs_less() {
        // Article 0's one statement pairs with articles 1-4; articles 1 and
        // 2 also share two statements of their own. Each of article 0's
        // links is a quote (a link by itself) but weighs a quarter: 1 and 2
        // keep each other, and 0 joins the story its links lead to.
        let mut pairs: Vec<Pair> = (1..5)
            .map(|b| Pair {
                kind: PairKind::Quote,
                ..pair_at(0, b, 0, 1.0)
            })
            .collect();
        pairs.push(pair_at(1, 2, 10, 0.6));
        pairs.push(pair_at(1, 2, 20, 0.6));
        pairs.push(pair_at(3, 4, 10, 0.6));
        pairs.push(pair_at(3, 4, 20, 0.6));
        let stories = stories(5, &mut pairs, 2);
        let docs: Vec<Vec<usize>> = stories.iter().map(|s| s.docs.clone()).collect();
        assert_eq!(docs, vec![vec![0, 1, 2], vec![3, 4]]);
    }

    fn pair(a: usize, b: usize, score: f64) -> Pair {
        pair_at(a, b, 0, score)
    }

    /// A sentence pair of articles `a` and `b`, both sides at byte `at`.
    fn pair_at(a: usize, b: usize, at: usize, score: f64) -> Pair {
        let side = |doc| Side {
            doc,
            src: Span::new(at, at + 1),
            plain: Span::new(at, at + 1),
            index: 0,
        };
        Pair {
            kind: PairKind::Sentence,
            relation: Relation::CrossOutlet,
            a: side(a),
            b: side(b),
            score,
            shared: Arc::from(Vec::new()),
            story: None,
        }
    }
}
