//! Similarity features of two normalised statements. The model in
//! `rules/lexicon/align-model.toml` weighs them; the names here are the
//! names it lists.
//!
//! A [`Profile`] holds what the features need of one statement (sorted
//! sets and sequences of word hashes), so that a statement compared with
//! many others is prepared once.

use super::norm::{Norm, Token};

/// Feature names, in the order [`features`] returns them.
pub const NAMES: [&str; 26] = [
    "dice",
    "sdice",
    "cdice",
    "bidice",
    "tridice",
    "lenratio",
    "lendiff",
    "minlen",
    "lcsmin",
    "lcsmax",
    "contain",
    "idfdice",
    "idfcontain",
    "unmax",
    "unmin",
    "wunmax",
    "wunmin",
    "pmin1",
    "pmax1",
    "pmin2",
    "pmax2",
    "ted",
    "capun",
    "neg",
    "numdiff",
    "cbi",
];

pub type Features = [f64; NAMES.len()];

/// Index of content-word Dice in [`Features`].
pub const CDICE: usize = 2;

/// Index of content-bigram Dice in [`Features`]: above 0 when the two share
/// two content words in a row, what the aligner's index keys on.
pub const CBI: usize = 25;

/// Index of the lower unigram precision in [`Features`]: the share of the
/// longer statement's words (repeats counted) the other has ([`word_share`]).
pub const PMIN1: usize = 17;

fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Hashes of the n-grams of `seq`, sorted (duplicates kept), into `out`.
fn ngrams_into(seq: &[u64], n: usize, out: &mut Vec<u64>) {
    out.clear();
    if seq.len() >= n {
        out.extend(seq.windows(n).map(|w| w.iter().fold(n as u64, |h, &x| mix(h, x))));
        out.sort_unstable();
    }
}

/// The distinct values of `it`, sorted.
pub fn sorted_set(it: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v = Vec::new();
    sorted_set_into(it, &mut v);
    v
}

/// [`sorted_set`] into `out`.
fn sorted_set_into(it: impl Iterator<Item = u64>, out: &mut Vec<u64>) {
    out.clear();
    out.extend(it);
    out.sort_unstable();
    out.dedup();
}

/// What a number both statements give as written ("$39.5 million") says,
/// in IDF: as much as a word found in one news article in twenty.
pub const SHARED_NUMBER_IDF: f64 = 3.0;

/// One distinct stem of a statement.
#[derive(Clone, Copy, Debug, Default)]
struct StemRow {
    stem: u64,
    /// The stem's IDF.
    idf: f64,
    /// Where it occurs in the statement, as bits (when the profile has `bits`).
    mask: u64,
    /// How many times it occurs.
    count: u32,
    /// Whether one of its words is a content word; capitalised.
    content: bool,
    cap: bool,
}

/// What the features need of one statement.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    len: usize,
    words: Vec<u64>,
    stem_seq: Vec<u64>,
    /// Each distinct stem, in stem order, with what the features need of it.
    rows: Vec<StemRow>,
    /// Whether `rows` hold pattern bits: at most [`BITS`] words, and some.
    bits: bool,
    content: Vec<u64>,
    anchors: Anchors,
    /// Sorted stem unigrams and bigrams, duplicates kept.
    uni: Vec<u64>,
    bi: Vec<u64>,
    bi_set: Vec<u64>,
    tri_set: Vec<u64>,
    content_bi: Vec<u64>,
    /// The content stems in order (for `content_bi`).
    content_seq: Vec<u64>,
    /// The stems with their places in `stem_seq`, sorted: each row's
    /// places, `count` of them, one after another.
    by_stem: Vec<(u64, u32)>,
    negated: bool,
    numbers: usize,
    idf_total: f64,
}

impl Profile {
    /// The Dice share of content words two statements have in common (the
    /// feature [`Aligner::judge`](super::Aligner::judge) bounds): a cheap
    /// necessary condition for a brute-force search.
    pub fn content_dice(&self, other: &Profile) -> f64 {
        dice(&self.content, &other.content)
    }

    /// Anchor words both statements have: content stems that are not a
    /// masked number or date and are longer than one letter ("p.m."); and
    /// how much they say together: the sum of their inverse document
    /// frequencies ("think" and "time" little, a name or "ceasefire" much),
    /// plus [`SHARED_NUMBER_IDF`] for each number both give as written.
    pub fn shared_anchors(&self, other: &Profile) -> SharedAnchors {
        self.anchors.shared(&other.anchors)
    }

    /// The anchor words and numbers, apart from the rest of the profile.
    pub fn anchor_words(&self) -> &Anchors {
        &self.anchors
    }

    /// The summed IDF of this statement's anchor words.
    pub fn anchor_idf(&self) -> f64 {
        self.anchors.idf
    }

    /// The stems, sorted with repeats (for [`word_share`]).
    pub fn stems_sorted(&self) -> &[u64] {
        &self.uni
    }

    pub fn new(n: &Norm) -> Profile {
        let mut p = Profile::default();
        p.refill(n);
        p
    }

    /// Makes this the profile of `n`, reusing its buffers: the aligner
    /// profiles millions of candidates, one after another.
    pub fn refill(&mut self, n: &Norm) {
        let toks = &n.toks;
        self.stem_seq.clear();
        self.stem_seq.extend(toks.iter().map(|t| t.stem));
        // One sort of the stems with their places gives every set of stems:
        // each is a filter of this order, its repeats next to each other.
        self.by_stem.clear();
        self.by_stem
            .extend(self.stem_seq.iter().enumerate().map(|(i, &s)| (s, i as u32)));
        self.by_stem.sort_unstable();
        self.uni.clear();
        self.uni.extend(self.by_stem.iter().map(|p| p.0));
        self.rows.clear();
        self.content.clear();
        self.anchors.stems.clear();
        let with_masks = toks.len() <= BITS;
        self.bits = with_masks && !toks.is_empty();
        for group in self.by_stem.chunk_by(|x, y| x.0 == y.0) {
            let stem = group[0].0;
            // The IDF is the stem's: the same for each of its words.
            let idf = toks[group[0].1 as usize].idf;
            let (mut content, mut cap, mut anchor, mut mask) = (false, false, false, 0u64);
            for &(_, i) in group {
                let t = &toks[i as usize];
                content |= t.content;
                cap |= t.cap;
                anchor |= t.anchor;
                if with_masks {
                    mask |= 1u64 << i;
                }
            }
            self.rows.push(StemRow {
                stem,
                idf,
                mask,
                count: group.len() as u32,
                content,
                cap,
            });
            if content {
                self.content.push(stem);
            }
            if anchor {
                self.anchors.stems.push((stem, idf));
            }
        }
        self.anchors.refill_values(n);
        ngrams_into(&self.stem_seq, 2, &mut self.bi);
        self.bi_set.clear();
        self.bi_set.extend_from_slice(&self.bi);
        self.bi_set.dedup();
        ngrams_into(&self.stem_seq, 3, &mut self.tri_set);
        self.tri_set.dedup();
        self.content_seq.clear();
        self.content_seq
            .extend(toks.iter().filter(|t| t.content).map(|t| t.stem));
        ngrams_into(&self.content_seq, 2, &mut self.content_bi);
        self.content_bi.dedup();
        self.len = n.len();
        sorted_set_into(toks.iter().map(|t| t.word), &mut self.words);
        self.idf_total = self.rows.iter().map(|r| r.idf).sum();
        self.negated = toks.iter().any(|t| t.negation);
        self.numbers = toks.iter().filter(|t| t.number).count();
    }
}

/// What a statement's anchor words say (see [`Profile::shared_anchors`]):
/// all of a profile that quotes need once their word runs match, kept for
/// every quote of an archive.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    /// Sorted anchor stems, with each one's IDF.
    stems: Vec<(u64, f64)>,
    /// The numbers as written (see [`crate::align::norm::Token::value`]).
    values: Vec<u64>,
    /// The summed IDF of the anchor words.
    idf: f64,
}

impl Anchors {
    pub fn of(n: &Norm) -> Anchors {
        let mut a = Anchors::default();
        a.refill(n);
        a
    }

    /// The same, holding no spare capacity: for anchor words kept for
    /// every quote of an archive.
    pub fn kept(mut self) -> Anchors {
        self.stems.shrink_to_fit();
        self.values.shrink_to_fit();
        self
    }

    fn refill(&mut self, n: &Norm) {
        stem_idfs_into(n.toks.iter().filter(|t| t.anchor), &mut self.stems);
        self.refill_values(n);
    }

    /// The summed IDF of `stems` as they are, and the numbers of `n`.
    fn refill_values(&mut self, n: &Norm) {
        self.idf = self.stems.iter().map(|s| s.1).sum();
        sorted_set_into(
            n.toks.iter().filter(|t| t.value != 0).map(|t| t.value),
            &mut self.values,
        );
    }

    /// See [`Profile::shared_anchors`].
    pub fn shared(&self, other: &Anchors) -> SharedAnchors {
        let (words, idf, strongest) = shared_idf(&self.stems, &other.stems);
        SharedAnchors {
            words,
            idf: idf + SHARED_NUMBER_IDF * common(&self.values, &other.values) as f64,
            strongest,
        }
    }

    /// The summed IDF of the anchor words.
    pub fn idf(&self) -> f64 {
        self.idf
    }

    /// The anchor stems, sorted, with each one's IDF.
    pub fn stems(&self) -> &[(u64, f64)] {
        &self.stems
    }

    /// How many distinct numbers the statement gives as written.
    pub fn values(&self) -> usize {
        self.values.len()
    }
}

/// The anchor words two statements share ([`Profile::shared_anchors`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SharedAnchors {
    /// How many anchor words both have.
    pub words: usize,
    /// Their summed IDF, plus [`SHARED_NUMBER_IDF`] for each number both give as written.
    pub idf: f64,
    /// The IDF of the most distinctive of them (0 when they share none).
    pub strongest: f64,
}

/// The distinct stems of `toks`, sorted, each with its IDF, into `out`.
fn stem_idfs_into<'a>(toks: impl Iterator<Item = &'a Token>, out: &mut Vec<(u64, f64)>) {
    out.clear();
    out.extend(toks.map(|t| (t.stem, t.idf)));
    out.sort_unstable_by_key(|s| s.0);
    out.dedup_by_key(|s| s.0);
}

/// Size of the intersection of two sorted sequences (a multiset
/// intersection: duplicates match once each).
pub fn common<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    // Branch-free merge: the comparisons are unpredictable.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    dice_of(common(a, b), a.len(), b.len())
}

/// Statements up to this many words have their sequence measures
/// computed a machine word at a time (Hyyrö's bit-vector algorithms);
/// longer ones by dynamic programming.
const BITS: usize = 64;

/// The positions of each symbol of a pattern `seq` of at most `W` machine
/// words' worth of words, as bits (`W` words of them), sorted by symbol.
fn masks<const W: usize>(seq: &[u64]) -> Vec<(u64, [u64; W])> {
    let mut at: Vec<(u64, u32)> = seq.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect();
    at.sort_unstable();
    at.chunk_by(|x, y| x.0 == y.0)
        .map(|group| {
            let mut m = [0u64; W];
            for &(_, i) in group {
                m[i as usize / BITS] |= 1u64 << (i as usize % BITS);
            }
            (group[0].0, m)
        })
        .collect()
}

/// The bits of symbol `s` in `masks` (none when the pattern lacks it).
fn mask_of<const W: usize>(masks: &[(u64, [u64; W])], s: u64) -> [u64; W] {
    masks.binary_search_by_key(&s, |m| m.0).map_or([0; W], |i| masks[i].1)
}

/// Texts up to this many words have their pattern bits gathered while the
/// stems are walked (see [`walk_stems`]); longer ones look each word up.
const EQ_WORDS: usize = 256;

/// Which side's words [`walk_stems`] gives the other side's pattern bits.
#[derive(Clone, Copy, PartialEq)]
enum Text {
    None,
    A,
    B,
}

/// The pattern (the side the bit-parallel measures run on, at most
/// [`BITS`] words) and the text of a pair, and whether the text's pattern
/// bits can be gathered in the walk of the stems; `None` when neither side
/// is a pattern (dynamic programming then).
fn roles<'p>(a: &'p Profile, b: &'p Profile) -> Option<(&'p Profile, &'p Profile, Text)> {
    let (p, t, text) = if a.bits { (a, b, Text::B) } else { (b, a, Text::A) };
    if !p.bits {
        return None;
    }
    let n = t.stem_seq.len();
    let gathered = n <= EQ_WORDS && t.by_stem.len() == n;
    Some((p, t, if gathered { text } else { Text::None }))
}

/// The longest common subsequence and the word-level edit distance of
/// `a` and `b`. With a pattern of at most [`BITS`] words, both are computed
/// a machine word at a time (Hyyrö's and Myers' bit-vector algorithms),
/// from the pattern bits of each word of the text (`eq`, gathered by
/// [`walk_stems`], or looked up here).
fn sequence_measures(a: &Profile, b: &Profile, eq: &[u64]) -> (usize, usize) {
    let Some((p, t, text)) = roles(a, b) else {
        return (
            lcs_len(&a.stem_seq, &b.stem_seq),
            levenshtein_dp(&a.stem_seq, &b.stem_seq),
        );
    };
    let m = p.stem_seq.len();
    if text == Text::None {
        let eq = || {
            t.stem_seq.iter().map(|&y| {
                p.rows
                    .binary_search_by_key(&y, |r| r.stem)
                    .map_or(0, |i| p.rows[i].mask)
            })
        };
        return (lcs_bits(eq(), m), levenshtein_bits(eq(), m));
    }
    let eq = &eq[..t.stem_seq.len()];
    (lcs_bits(eq.iter().copied(), m), levenshtein_bits(eq.iter().copied(), m))
}

/// What one walk of two statements' stems in stem order finds.
#[derive(Default)]
struct StemWalk {
    /// Distinct stems both have; content stems both have; words both have
    /// (repeats matched once each).
    shared: usize,
    content: usize,
    words: usize,
    /// The summed IDF of the shared stems, and of each side's content
    /// stems the other lacks, each added in stem order.
    inter: f64,
    unmatched_a: f64,
    unmatched_b: f64,
    /// Capitalised stems of either side that the other lacks.
    caps: usize,
}

/// Walks the stems of `a` and `b` together, once, for every feature on
/// sets of stems; and, for `text`, writes into `eq` at each place of that
/// side's words the other side's pattern bits for the word.
fn walk_stems(a: &Profile, b: &Profile, text: Text, eq: &mut [u64]) -> StemWalk {
    let (ra, rb) = (&a.rows, &b.rows);
    // The sums start where `Iterator::sum` starts, at -0.0 (and the
    // shared IDF at 0.0, as it always has): the same values, sign and all.
    let mut w = StemWalk {
        unmatched_a: -0.0,
        unmatched_b: -0.0,
        ..StemWalk::default()
    };
    let (mut i, mut j, mut at_a, mut at_b) = (0, 0, 0, 0);
    while i < ra.len() && j < rb.len() {
        let (x, y) = (&ra[i], &rb[j]);
        if x.stem < y.stem {
            if x.content {
                w.unmatched_a += x.idf;
            }
            w.caps += usize::from(x.cap);
            at_a += x.count as usize;
            i += 1;
        } else if y.stem < x.stem {
            if y.content {
                w.unmatched_b += y.idf;
            }
            w.caps += usize::from(y.cap);
            at_b += y.count as usize;
            j += 1;
        } else {
            w.shared += 1;
            w.inter += x.idf;
            w.words += x.count.min(y.count) as usize;
            match (x.content, y.content) {
                (true, true) => w.content += 1,
                (true, false) => w.unmatched_a += x.idf,
                (false, true) => w.unmatched_b += y.idf,
                (false, false) => {}
            }
            let (na, nb) = (x.count as usize, y.count as usize);
            match text {
                Text::B => b.by_stem[at_b..at_b + nb]
                    .iter()
                    .for_each(|&(_, p)| eq[p as usize] = x.mask),
                Text::A => a.by_stem[at_a..at_a + na]
                    .iter()
                    .for_each(|&(_, p)| eq[p as usize] = y.mask),
                Text::None => {}
            }
            at_a += na;
            at_b += nb;
            i += 1;
            j += 1;
        }
    }
    for x in &ra[i..] {
        if x.content {
            w.unmatched_a += x.idf;
        }
        w.caps += usize::from(x.cap);
    }
    for y in &rb[j..] {
        if y.content {
            w.unmatched_b += y.idf;
        }
        w.caps += usize::from(y.cap);
    }
    w
}

/// Length of the longest common subsequence of two word sequences.
pub fn lcs_len(a: &[u64], b: &[u64]) -> usize {
    let (p, t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if p.is_empty() {
        return 0;
    }
    if p.len() > BITS {
        return if p.len() <= WIDE_BITS {
            lcs_wide(p, t)
        } else {
            lcs_dp(a, b)
        };
    }
    let masks = masks::<1>(p);
    lcs_bits(t.iter().map(|&y| mask_of(&masks, y)[0]), p.len())
}

/// Patterns up to this many words have their LCS computed [`WIDE`]
/// machine words at a time.
const WIDE: usize = 4;
const WIDE_BITS: usize = WIDE * BITS;

/// Hyyrö's bit-vector LCS with a pattern `p` of 65 to [`WIDE_BITS`] words:
/// the bit vector spans several machine words, the addition carrying from
/// each into the next. (The subtraction needs no borrow: `u` holds only
/// bits of `v`, so `v - u` is `v & !u`.)
fn lcs_wide(p: &[u64], t: &[u64]) -> usize {
    let masks = masks::<WIDE>(p);
    let mut v = [u64::MAX; WIDE];
    for &y in t {
        // A word the pattern lacks leaves `v` as it is.
        let Ok(k) = masks.binary_search_by_key(&y, |m| m.0) else {
            continue;
        };
        let eq = &masks[k].1;
        let mut carry = false;
        for w in 0..WIDE {
            let u = v[w] & eq[w];
            let (s1, c1) = v[w].overflowing_add(u);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            v[w] = s2 | (v[w] & !u);
        }
    }
    let m = p.len();
    // Set bits within the pattern mark the rows where the LCS did not grow.
    let ones: usize = (0..WIDE)
        .map(|w| {
            let bits = m.saturating_sub(w * BITS).min(BITS);
            if bits == 0 {
                0
            } else {
                (v[w] & low_bits(bits)).count_ones() as usize
            }
        })
        .sum();
    m - ones
}

/// Hyyrö's bit-vector LCS of a pattern of `m` words against a text given
/// by the pattern bits of each of its words (`eq`).
fn lcs_bits(eq: impl Iterator<Item = u64>, m: usize) -> usize {
    // Zero bits of `v` mark the rows where the LCS grew.
    let mut v = u64::MAX;
    for e in eq {
        let u = v & e;
        v = v.wrapping_add(u) | (v - u);
    }
    m - (v & low_bits(m)).count_ones() as usize
}

fn low_bits(m: usize) -> u64 {
    if m == 64 { u64::MAX } else { (1u64 << m) - 1 }
}

/// Myers' edit distance of a pattern of `m` words (1 to 64) against a text
/// given by the pattern bits of each of its words: vertical deltas of the
/// last column as bit vectors.
fn levenshtein_bits(eq: impl Iterator<Item = u64>, m: usize) -> usize {
    let top = 1u64 << (m - 1);
    let (mut pv, mut mv, mut score) = (low_bits(m), 0u64, m);
    for eq in eq {
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        if ph & top != 0 {
            score += 1;
        } else if mh & top != 0 {
            score -= 1;
        }
        ph = ph << 1 | 1;
        mh <<= 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
    }
    score
}

fn lcs_dp(a: &[u64], b: &[u64]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn levenshtein_dp(a: &[u64], b: &[u64]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for (i, &x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + usize::from(x != y));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The feature [`PMIN1`] of two statements whose stems, sorted with
/// repeats, are `a` and `b`: the share of the longer one's words the other
/// has; for a bound before either statement is profiled.
pub fn word_share(a: &[u64], b: &[u64]) -> f64 {
    word_share_of(common(a, b), a.len(), b.len())
}

/// [`word_share`] of statements of `la` and `lb` words with `common` of
/// them in common (repeats matched once each).
pub fn word_share_of(common: usize, la: usize, lb: usize) -> f64 {
    let (p1, p2) = precisions(common, la, lb);
    p1.min(p2)
}

/// The stems two sorted (stem, IDF) lists share: how many, their summed IDF
/// and the highest IDF among them.
fn shared_idf(a: &[(u64, f64)], b: &[(u64, f64)]) -> (usize, f64, f64) {
    let (mut i, mut j, mut n, mut shared, mut strongest) = (0, 0, 0, 0.0, 0.0f64);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                shared += a[i].1;
                strongest = strongest.max(a[i].1);
                i += 1;
                j += 1;
            }
        }
    }
    (n, shared, strongest)
}

/// Dice's coefficient of sets of `la` and `lb` elements with `shared` in common.
fn dice_of(shared: usize, la: usize, lb: usize) -> f64 {
    if la + lb == 0 {
        return 1.0;
    }
    2.0 * shared as f64 / (la + lb) as f64
}

/// The two clipped precisions of sorted sequences of `la` and `lb` items
/// with `shared` in common: (`a` against `b`, `b` against `a`).
fn precisions(shared: usize, la: usize, lb: usize) -> (f64, f64) {
    let p = |l: usize| if l == 0 { 0.0 } else { shared as f64 / l as f64 };
    (p(la), p(lb))
}

/// The features of a pair, symmetric in `a` and `b`. Each intersection
/// is counted once, and serves every feature that reads it.
pub fn features(a: &Profile, b: &Profile) -> Features {
    let (la, lb) = (a.len, b.len);
    let (lmin, lmax) = (la.min(lb), la.max(lb));
    let mut f = [0.0; NAMES.len()];
    let mut eq = [0u64; EQ_WORDS];
    let text = roles(a, b).map_or(Text::None, |r| r.2);
    let w = walk_stems(a, b, text, &mut eq);
    let (na, nb) = (a.rows.len(), b.rows.len());
    f[0] = dice(&a.words, &b.words);
    f[1] = dice_of(w.shared, na, nb);
    f[CDICE] = dice_of(w.content, a.content.len(), b.content.len());
    f[3] = dice(&a.bi_set, &b.bi_set);
    f[4] = dice(&a.tri_set, &b.tri_set);
    f[5] = lmin as f64 / lmax.max(1) as f64;
    f[6] = (la as f64 - lb as f64).abs();
    f[7] = lmin as f64;
    let (l, edits) = sequence_measures(a, b, &eq);
    let l = l as f64;
    f[8] = l / lmin.max(1) as f64;
    f[9] = l / lmax.max(1) as f64;
    f[10] = w.shared as f64 / na.min(nb).max(1) as f64;
    f[11] = 2.0 * w.inter / (a.idf_total + b.idf_total).max(1e-9);
    f[12] = w.inter / a.idf_total.min(b.idf_total).max(1e-9);
    let (ua, ub) = (a.content.len() - w.content, b.content.len() - w.content);
    f[13] = ua.max(ub) as f64;
    f[14] = ua.min(ub) as f64;
    f[15] = w.unmatched_a.max(w.unmatched_b);
    f[16] = w.unmatched_a.min(w.unmatched_b);
    let (p1, p2) = precisions(w.words, a.uni.len(), b.uni.len());
    f[PMIN1] = p1.min(p2);
    f[18] = p1.max(p2);
    let (p1, p2) = precisions(common(&a.bi, &b.bi), a.bi.len(), b.bi.len());
    f[19] = p1.min(p2);
    f[20] = p1.max(p2);
    f[21] = edits as f64 / lmax.max(1) as f64;
    // Capitalised words (names) of either side that the other lacks.
    f[22] = w.caps as f64;
    f[23] = f64::from(u8::from(a.negated != b.negated));
    f[24] = (a.numbers as f64 - b.numbers as f64).abs();
    f[CBI] = dice(&a.content_bi, &b.content_bi);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Aligner;

    fn pair(a: &str, b: &str) -> Features {
        let n = &Aligner::builtin().norm;
        features(&Profile::new(&n.normalize(a)), &Profile::new(&n.normalize(b)))
    }

    #[test]
    fn identical_statements_score_one() {
        let f = pair("The port closed on Monday.", "The port closed on Monday.");
        for (i, name) in NAMES.iter().enumerate() {
            match *name {
                "lendiff" | "unmax" | "unmin" | "wunmax" | "wunmin" | "ted" | "capun" | "neg" | "numdiff" => {
                    assert_eq!(f[i], 0.0, "{name}")
                }
                "minlen" => assert_eq!(f[i], 5.0),
                _ => assert!((f[i] - 1.0).abs() < 1e-9, "{name} = {}", f[i]),
            }
        }
    }

    #[test]
    fn symmetric() {
        let (a, b) = (
            "Dockworkers walked out on Tuesday, officials said.",
            "Officials said 2,400 dockworkers struck.",
        );
        let (x, y) = (pair(a, b), pair(b, a));
        for i in 0..NAMES.len() {
            assert!((x[i] - y[i]).abs() < 1e-9, "{}", NAMES[i]);
        }
    }

    /// The sequence side of a profile of stems `seq`: with its stems in
    /// stem order when `sorted` (as [`Profile::refill`] leaves them), without
    /// when not (the measures then look each word up).
    fn profile_of(seq: &[u64], sorted: bool) -> Profile {
        let mut by_stem: Vec<(u64, u32)> = seq.iter().enumerate().map(|(i, &s)| (s, i as u32)).collect();
        by_stem.sort_unstable();
        let bits = !seq.is_empty() && seq.len() <= BITS;
        let rows = by_stem
            .chunk_by(|x, y| x.0 == y.0)
            .map(|g| StemRow {
                stem: g[0].0,
                mask: if bits {
                    g.iter().fold(0, |m, &(_, i)| m | 1u64 << i)
                } else {
                    0
                },
                count: g.len() as u32,
                ..StemRow::default()
            })
            .collect();
        Profile {
            rows,
            bits,
            stem_seq: seq.to_vec(),
            by_stem: if sorted { by_stem } else { Vec::new() },
            ..Profile::default()
        }
    }

    /// The sequence measures of two profiles, as [`features`] computes them.
    fn measures(a: &Profile, b: &Profile) -> (usize, usize) {
        let mut eq = [0u64; EQ_WORDS];
        let text = roles(a, b).map_or(Text::None, |r| r.2);
        walk_stems(a, b, text, &mut eq);
        sequence_measures(a, b, &eq)
    }

    proptest::proptest! {
        /// The bit-parallel measures agree with dynamic programming, on
        /// small alphabets (many repeats), on both sides of 64 words, and
        /// with texts past [`EQ_WORDS`].
        #[test]
        fn bit_parallel_measures_agree(
            a in proptest::collection::vec(0u64..6, 0..80),
            b in proptest::collection::vec(0u64..6, 0..300),
            sorted in proptest::bool::ANY,
        ) {
            let (pa, pb) = (profile_of(&a, sorted), profile_of(&b, sorted));
            let expected = (lcs_dp(&a, &b), levenshtein_dp(&a, &b));
            proptest::prop_assert_eq!(measures(&pa, &pb), expected);
            proptest::prop_assert_eq!(measures(&pb, &pa), expected);
            proptest::prop_assert_eq!(lcs_len(&a, &b), expected.0);
        }

        /// The LCS of patterns past one machine word, up to [`WIDE_BITS`]
        /// words and beyond, agrees with dynamic programming (carries
        /// crossing each word boundary).
        #[test]
        fn wide_lcs_agrees(
            a in proptest::collection::vec(0u64..5, 60..270),
            b in proptest::collection::vec(0u64..5, 60..300),
        ) {
            proptest::prop_assert_eq!(lcs_len(&a, &b), lcs_dp(&a, &b));
            proptest::prop_assert_eq!(lcs_len(&b, &a), lcs_dp(&a, &b));
        }
    }

    proptest::proptest! {
        /// The one walk of the stems gives the stem-set features exactly
        /// as set operations do, the IDF sums added in stem order.
        #[test]
        fn stem_walk_matches_set_operations(
            a in proptest::collection::vec((0u64..12, proptest::bool::ANY, proptest::bool::ANY), 0..40),
            b in proptest::collection::vec((0u64..12, proptest::bool::ANY, proptest::bool::ANY), 0..40),
        ) {
            use std::collections::{BTreeMap, BTreeSet};
            // A stem's IDF and content class are its own; each word may be capitalised.
            let idf = |s: u64| 0.5 + s as f64 * 0.37;
            let content = |s: u64, c: bool| c || s.is_multiple_of(3);
            let norm = |v: &[(u64, bool, bool)]| Norm {
                toks: v
                    .iter()
                    .map(|&(s, c, cap)| Token {
                        word: s * 7,
                        stem: s,
                        content: content(s, c && s.is_multiple_of(2)),
                        cap,
                        number: false,
                        negation: false,
                        anchor: false,
                        idf: idf(s),
                        value: 0,
                        span: crate::text::Span::default(),
                    })
                    .collect(),
            };
            let (na, nb) = (norm(&a), norm(&b));
            let f = features(&Profile::new(&na), &Profile::new(&nb));
            let counts = |n: &Norm| {
                let mut m: BTreeMap<u64, usize> = BTreeMap::new();
                for t in &n.toks {
                    *m.entry(t.stem).or_default() += 1;
                }
                m
            };
            let set = |n: &Norm, pick: fn(&Token) -> bool| -> BTreeSet<u64> {
                n.toks.iter().filter(|t| pick(t)).map(|t| t.stem).collect()
            };
            let (ca, cb) = (counts(&na), counts(&nb));
            let (sa, sb) = (set(&na, |_| true), set(&nb, |_| true));
            let (ka, kb) = (set(&na, |t| t.content), set(&nb, |t| t.content));
            let shared = sa.intersection(&sb).count();
            let words: usize = ca.iter().map(|(s, n)| (*n).min(cb.get(s).copied().unwrap_or(0))).sum();
            let inter = sa.intersection(&sb).fold(0.0, |x, &s| x + idf(s));
            let lacks = |k: &BTreeSet<u64>, other: &BTreeSet<u64>| -> f64 { k.difference(other).map(|&s| idf(s)).sum() };
            let (ua, ub) = (lacks(&ka, &kb), lacks(&kb, &ka));
            let caps = set(&na, |t| t.cap).difference(&sb).count() + set(&nb, |t| t.cap).difference(&sa).count();
            let total = |s: &BTreeSet<u64>| -> f64 { s.iter().map(|&x| idf(x)).sum() };
            let (ta, tb) = (total(&sa), total(&sb));
            proptest::prop_assert_eq!(f[1].to_bits(), dice_of(shared, sa.len(), sb.len()).to_bits());
            proptest::prop_assert_eq!(f[CDICE].to_bits(), dice_of(ka.intersection(&kb).count(), ka.len(), kb.len()).to_bits());
            proptest::prop_assert_eq!(f[10], shared as f64 / sa.len().min(sb.len()).max(1) as f64);
            proptest::prop_assert_eq!(f[11].to_bits(), (2.0 * inter / (ta + tb).max(1e-9)).to_bits());
            proptest::prop_assert_eq!(f[12].to_bits(), (inter / ta.min(tb).max(1e-9)).to_bits());
            proptest::prop_assert_eq!(f[15].to_bits(), ua.max(ub).to_bits());
            proptest::prop_assert_eq!(f[16].to_bits(), ua.min(ub).to_bits());
            let (p1, p2) = precisions(words, na.len(), nb.len());
            proptest::prop_assert_eq!(f[PMIN1], p1.min(p2));
            proptest::prop_assert_eq!(f[22], caps as f64);
        }
    }

    #[test]
    fn bit_parallel_measures_at_64_words() {
        let a: Vec<u64> = (0..64).map(|i| i % 7).collect();
        let b: Vec<u64> = (0..64).map(|i| (i * 3) % 5).collect();
        let (pa, pb) = (profile_of(&a, true), profile_of(&b, true));
        assert_eq!(measures(&pa, &pb), (lcs_dp(&a, &b), levenshtein_dp(&a, &b)));
        assert_eq!(measures(&pa, &profile_of(&[], true)), (0, 64));
    }

    #[test]
    fn masked_numbers_and_days_match() {
        let f = pair(
            "About 700,000 people left on Wednesday.",
            "About 70,000 people left on Thursday.",
        );
        assert_eq!(f[0], 1.0);
    }
}
