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

/// What the features need of one statement.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    len: usize,
    words: Vec<u64>,
    stem_seq: Vec<u64>,
    /// Sorted stem set, with each stem's IDF.
    stems: Vec<(u64, f64)>,
    stem_set: Vec<u64>,
    content: Vec<u64>,
    anchors: Anchors,
    /// Sorted stem unigrams and bigrams, duplicates kept.
    uni: Vec<u64>,
    bi: Vec<u64>,
    bi_set: Vec<u64>,
    tri_set: Vec<u64>,
    content_bi: Vec<u64>,
    caps: Vec<u64>,
    /// The content stems in order (for `content_bi`).
    content_seq: Vec<u64>,
    /// Where each stem occurs in `stem_seq`, as bits (sorted by stem), for
    /// the bit-parallel sequence measures; empty past [`BITS`] words.
    masks: Vec<(u64, u64)>,
    /// The stems with their places in `stem_seq`, sorted (a buffer).
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
        self.stem_set.clear();
        self.stems.clear();
        self.content.clear();
        self.caps.clear();
        self.masks.clear();
        self.anchors.stems.clear();
        let with_masks = toks.len() <= BITS;
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
            self.stem_set.push(stem);
            self.stems.push((stem, idf));
            if content {
                self.content.push(stem);
            }
            if cap {
                self.caps.push(stem);
            }
            if anchor {
                self.anchors.stems.push((stem, idf));
            }
            if with_masks {
                self.masks.push((stem, mask));
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
        self.idf_total = self.stems.iter().map(|s| s.1).sum();
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
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// Statements up to this many words have their sequence measures
/// computed a machine word at a time (Hyyrö's bit-vector algorithms);
/// longer ones by dynamic programming.
const BITS: usize = 64;

/// The positions of each symbol of `seq` as bits, sorted by symbol;
/// empty when `seq` is longer than [`BITS`].
fn masks(seq: &[u64]) -> Vec<(u64, u64)> {
    let mut v = Vec::new();
    masks_into(seq, &mut v);
    v
}

/// [`masks`] into `out`.
fn masks_into(seq: &[u64], out: &mut Vec<(u64, u64)>) {
    out.clear();
    if seq.len() > BITS {
        return;
    }
    out.extend(seq.iter().enumerate().map(|(i, &s)| (s, 1u64 << i)));
    out.sort_unstable();
    out.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 |= later.1;
        }
        same
    });
}

fn mask_of(masks: &[(u64, u64)], s: u64) -> u64 {
    masks.binary_search_by_key(&s, |m| m.0).map_or(0, |i| masks[i].1)
}

/// Texts up to this many words have their pattern bits gathered in one
/// merge (see [`sequence_measures`]); longer ones look each word up.
const EQ_WORDS: usize = 256;

/// The longest common subsequence and the word-level edit distance of
/// `a` and `b`. With a pattern of at most [`BITS`] words, both are computed
/// a machine word at a time (Hyyrö's and Myers' bit-vector algorithms),
/// from the pattern bits of each word of the other statement, the text:
/// found for all its words in one walk of the two stem orders.
fn sequence_measures(a: &Profile, b: &Profile) -> (usize, usize) {
    let (p, t) = if a.masks.is_empty() { (b, a) } else { (a, b) };
    let m = p.stem_seq.len();
    if p.masks.is_empty() || m == 0 {
        return (
            lcs_dp(&a.stem_seq, &b.stem_seq),
            levenshtein_dp(&a.stem_seq, &b.stem_seq),
        );
    }
    let n = t.stem_seq.len();
    if n > EQ_WORDS || t.by_stem.len() != n {
        let eq = || t.stem_seq.iter().map(|&y| mask_of(&p.masks, y));
        return (lcs_bits(eq(), m), levenshtein_bits(eq(), m));
    }
    let mut eq = [0u64; EQ_WORDS];
    let mut i = 0;
    for &(s, at) in &t.by_stem {
        while i < p.masks.len() && p.masks[i].0 < s {
            i += 1;
        }
        if i == p.masks.len() {
            break;
        }
        if p.masks[i].0 == s {
            eq[at as usize] = p.masks[i].1;
        }
    }
    let eq = &eq[..n];
    (lcs_bits(eq.iter().copied(), m), levenshtein_bits(eq.iter().copied(), m))
}

/// Length of the longest common subsequence of two word sequences.
pub fn lcs_len(a: &[u64], b: &[u64]) -> usize {
    let (p, t) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if p.is_empty() || p.len() > BITS {
        return lcs_dp(a, b);
    }
    let masks = masks(p);
    lcs_bits(t.iter().map(|&y| mask_of(&masks, y)), p.len())
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
    precision(a, b).min(precision(b, a))
}

/// Clipped n-gram precision of `a` against `b` (both sorted).
fn precision(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        0.0
    } else {
        common(a, b) as f64 / a.len() as f64
    }
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

/// Walks two sorted sets: IDF of the shared stems, and of each side's
/// unmatched content stems.
fn idf_overlap(a: &Profile, b: &Profile) -> (f64, f64, f64) {
    let (_, shared, _) = shared_idf(&a.stems, &b.stems);
    (shared, unmatched_idf(a, b), unmatched_idf(b, a))
}

/// The summed IDF of the content stems of `x` that `y` lacks, added in the
/// order of `x`'s stems; both content lists are walked alongside.
fn unmatched_idf(x: &Profile, y: &Profile) -> f64 {
    // From -0.0, as `Iterator::sum` starts: the same value, sign and all.
    let (mut i, mut j, mut sum) = (0, 0, -0.0);
    for &(s, w) in &x.stems {
        while i < x.content.len() && x.content[i] < s {
            i += 1;
        }
        if i == x.content.len() {
            break;
        }
        if x.content[i] != s {
            continue;
        }
        while j < y.content.len() && y.content[j] < s {
            j += 1;
        }
        if j == y.content.len() || y.content[j] != s {
            sum += w;
        }
    }
    sum
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
    f[0] = dice(&a.words, &b.words);
    let shared = common(&a.stem_set, &b.stem_set);
    f[1] = dice_of(shared, a.stem_set.len(), b.stem_set.len());
    let cshared = common(&a.content, &b.content);
    f[CDICE] = dice_of(cshared, a.content.len(), b.content.len());
    f[3] = dice(&a.bi_set, &b.bi_set);
    f[4] = dice(&a.tri_set, &b.tri_set);
    f[5] = lmin as f64 / lmax.max(1) as f64;
    f[6] = (la as f64 - lb as f64).abs();
    f[7] = lmin as f64;
    let (l, edits) = sequence_measures(a, b);
    let l = l as f64;
    f[8] = l / lmin.max(1) as f64;
    f[9] = l / lmax.max(1) as f64;
    f[10] = shared as f64 / a.stem_set.len().min(b.stem_set.len()).max(1) as f64;
    let (inter, wua, wub) = idf_overlap(a, b);
    f[11] = 2.0 * inter / (a.idf_total + b.idf_total).max(1e-9);
    f[12] = inter / a.idf_total.min(b.idf_total).max(1e-9);
    let (ua, ub) = (a.content.len() - cshared, b.content.len() - cshared);
    f[13] = ua.max(ub) as f64;
    f[14] = ua.min(ub) as f64;
    f[15] = wua.max(wub);
    f[16] = wua.min(wub);
    let (p1, p2) = precisions(common(&a.uni, &b.uni), a.uni.len(), b.uni.len());
    f[PMIN1] = p1.min(p2);
    f[18] = p1.max(p2);
    let (p1, p2) = precisions(common(&a.bi, &b.bi), a.bi.len(), b.bi.len());
    f[19] = p1.min(p2);
    f[20] = p1.max(p2);
    f[21] = edits as f64 / lmax.max(1) as f64;
    // Capitalised words (names) of either side that the other lacks: the
    // two lists cannot meet (a side's capitalised stems are among its
    // stems), and each is a set.
    let unmatched = a.caps.len() - common(&a.caps, &b.stem_set) + b.caps.len() - common(&b.caps, &a.stem_set);
    f[22] = unmatched as f64;
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
        Profile {
            masks: masks(seq),
            stem_seq: seq.to_vec(),
            by_stem: if sorted { by_stem } else { Vec::new() },
            ..Profile::default()
        }
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
            proptest::prop_assert_eq!(sequence_measures(&pa, &pb), expected);
            proptest::prop_assert_eq!(sequence_measures(&pb, &pa), expected);
            proptest::prop_assert_eq!(lcs_len(&a, &b), expected.0);
        }
    }

    #[test]
    fn bit_parallel_measures_at_64_words() {
        let a: Vec<u64> = (0..64).map(|i| i % 7).collect();
        let b: Vec<u64> = (0..64).map(|i| (i * 3) % 5).collect();
        let (pa, pb) = (profile_of(&a, true), profile_of(&b, true));
        assert_eq!(sequence_measures(&pa, &pb), (lcs_dp(&a, &b), levenshtein_dp(&a, &b)));
        assert_eq!(sequence_measures(&pa, &profile_of(&[], true)), (0, 64));
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
