//! Similarity features of two normalised statements. The model in
//! `rules/lexicon/align-model.toml` weighs them; the names here are the
//! names it lists.
//!
//! A [`Profile`] holds what the features need of one statement (sorted
//! sets and sequences of word hashes), so that a statement compared with
//! many others is prepared once.

use super::norm::{Norm, Normalizer};

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

fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Hashes of the n-grams of `seq`, sorted (duplicates kept).
fn ngrams(seq: &[u64], n: usize) -> Vec<u64> {
    if seq.len() < n {
        return Vec::new();
    }
    let mut v: Vec<u64> = seq
        .windows(n)
        .map(|w| w.iter().fold(n as u64, |h, &x| mix(h, x)))
        .collect();
    v.sort_unstable();
    v
}

fn dedup(v: &[u64]) -> Vec<u64> {
    let mut v = v.to_vec();
    v.dedup();
    v
}

fn sorted_set(it: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v: Vec<u64> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
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
    /// Sorted anchor stems, with each one's IDF.
    anchors: Vec<(u64, f64)>,
    /// The numbers as written (see [`crate::align::norm::Token::value`]).
    values: Vec<u64>,
    /// The summed IDF of the anchor words.
    anchor_idf: f64,
    /// Sorted stem unigrams and bigrams, duplicates kept.
    uni: Vec<u64>,
    bi: Vec<u64>,
    bi_set: Vec<u64>,
    tri_set: Vec<u64>,
    content_bi: Vec<u64>,
    caps: Vec<u64>,
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
    pub fn shared_anchors(&self, other: &Profile) -> (usize, f64) {
        let (n, idf) = shared_idf(&self.anchors, &other.anchors);
        (n, idf + SHARED_NUMBER_IDF * common(&self.values, &other.values) as f64)
    }

    /// The summed IDF of this statement's anchor words.
    pub fn anchor_idf(&self) -> f64 {
        self.anchor_idf
    }

    pub fn new(n: &Norm, norm: &Normalizer) -> Profile {
        let stem_seq: Vec<u64> = n.toks.iter().map(|t| t.stem).collect();
        let stem_set = sorted_set(stem_seq.iter().copied());
        let stems: Vec<(u64, f64)> = stem_set.iter().map(|&s| (s, norm.idf(s))).collect();
        let bi = ngrams(&stem_seq, 2);
        let cseq: Vec<u64> = n.toks.iter().filter(|t| t.content).map(|t| t.stem).collect();
        let mut uni = stem_seq.clone();
        uni.sort_unstable();
        let anchors: Vec<(u64, f64)> = sorted_set(n.toks.iter().filter(|t| t.anchor).map(|t| t.stem))
            .into_iter()
            .map(|s| (s, norm.idf(s)))
            .collect();
        Profile {
            len: n.len(),
            words: sorted_set(n.toks.iter().map(|t| t.word)),
            idf_total: stems.iter().map(|s| s.1).sum(),
            stems,
            content: sorted_set(cseq.iter().copied()),
            anchor_idf: anchors.iter().map(|s| s.1).sum(),
            anchors,
            values: sorted_set(n.toks.iter().filter(|t| t.value != 0).map(|t| t.value)),
            uni,
            bi_set: dedup(&bi),
            bi,
            tri_set: dedup(&ngrams(&stem_seq, 3)),
            content_bi: dedup(&ngrams(&cseq, 2)),
            caps: sorted_set(n.toks.iter().filter(|t| t.cap).map(|t| t.stem)),
            negated: n.toks.iter().any(|t| t.negation),
            numbers: n.toks.iter().filter(|t| t.number).count(),
            stem_seq,
            stem_set,
        }
    }
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

fn lcs(a: &[u64], b: &[u64]) -> usize {
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

fn levenshtein(a: &[u64], b: &[u64]) -> usize {
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

/// Clipped n-gram precision of `a` against `b` (both sorted).
fn precision(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        0.0
    } else {
        common(a, b) as f64 / a.len() as f64
    }
}

/// Walks two sorted sets: IDF of the shared stems, and of each side's
/// unmatched content stems.
/// The stems two sorted (stem, IDF) lists share: how many, and their summed IDF.
fn shared_idf(a: &[(u64, f64)], b: &[(u64, f64)]) -> (usize, f64) {
    let (mut i, mut j, mut n, mut shared) = (0, 0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                shared += a[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    (n, shared)
}

fn idf_overlap(a: &Profile, b: &Profile) -> (f64, f64, f64) {
    let (_, shared) = shared_idf(&a.stems, &b.stems);
    let unmatched = |x: &Profile, y: &Profile| -> f64 {
        x.stems
            .iter()
            .filter(|(s, _)| x.content.binary_search(s).is_ok() && y.content.binary_search(s).is_err())
            .map(|(_, w)| w)
            .sum()
    };
    (shared, unmatched(a, b), unmatched(b, a))
}

/// The features of a pair, symmetric in `a` and `b`.
pub fn features(a: &Profile, b: &Profile) -> Features {
    let (la, lb) = (a.len, b.len);
    let (lmin, lmax) = (la.min(lb), la.max(lb));
    let mut f = [0.0; NAMES.len()];
    f[0] = dice(&a.words, &b.words);
    f[1] = dice(&a.stem_set, &b.stem_set);
    f[2] = dice(&a.content, &b.content);
    f[3] = dice(&a.bi_set, &b.bi_set);
    f[4] = dice(&a.tri_set, &b.tri_set);
    f[5] = lmin as f64 / lmax.max(1) as f64;
    f[6] = (la as f64 - lb as f64).abs();
    f[7] = lmin as f64;
    let l = lcs(&a.stem_seq, &b.stem_seq) as f64;
    f[8] = l / lmin.max(1) as f64;
    f[9] = l / lmax.max(1) as f64;
    let shared = common(&a.stem_set, &b.stem_set);
    f[10] = shared as f64 / a.stem_set.len().min(b.stem_set.len()).max(1) as f64;
    let (inter, wua, wub) = idf_overlap(a, b);
    f[11] = 2.0 * inter / (a.idf_total + b.idf_total).max(1e-9);
    f[12] = inter / a.idf_total.min(b.idf_total).max(1e-9);
    let cshared = common(&a.content, &b.content);
    let (ua, ub) = (a.content.len() - cshared, b.content.len() - cshared);
    f[13] = ua.max(ub) as f64;
    f[14] = ua.min(ub) as f64;
    f[15] = wua.max(wub);
    f[16] = wua.min(wub);
    let (p1, p2) = (precision(&a.uni, &b.uni), precision(&b.uni, &a.uni));
    f[17] = p1.min(p2);
    f[18] = p1.max(p2);
    let (p1, p2) = (precision(&a.bi, &b.bi), precision(&b.bi, &a.bi));
    f[19] = p1.min(p2);
    f[20] = p1.max(p2);
    f[21] = levenshtein(&a.stem_seq, &b.stem_seq) as f64 / lmax.max(1) as f64;
    // Capitalised words (names) of either side that the other lacks.
    let mut unmatched: Vec<u64> = a
        .caps
        .iter()
        .filter(|s| b.stem_set.binary_search(s).is_err())
        .chain(b.caps.iter().filter(|s| a.stem_set.binary_search(s).is_err()))
        .copied()
        .collect();
    unmatched.sort_unstable();
    unmatched.dedup();
    f[22] = unmatched.len() as f64;
    f[23] = f64::from(u8::from(a.negated != b.negated));
    f[24] = (a.numbers as f64 - b.numbers as f64).abs();
    f[25] = dice(&a.content_bi, &b.content_bi);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Aligner;

    fn pair(a: &str, b: &str) -> Features {
        let n = &Aligner::builtin().norm;
        features(&Profile::new(&n.normalize(a), n), &Profile::new(&n.normalize(b), n))
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

    #[test]
    fn masked_numbers_and_days_match() {
        let f = pair(
            "About 700,000 people left on Wednesday.",
            "About 70,000 people left on Thursday.",
        );
        assert_eq!(f[0], 1.0);
    }
}
