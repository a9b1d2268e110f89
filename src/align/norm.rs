//! Normalised text for alignment: lower-cased words with quote marks,
//! possessives and contractions folded, and numbers, weekdays and months
//! masked so that a changed figure or day still aligns (the checks, not
//! the aligner, report it).

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHasher};
use serde::Deserialize;

use crate::text::Span;

/// A word of a normalised sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    /// Hash of the masked, lower-cased word.
    pub word: u64,
    /// Hash of its stem.
    pub stem: u64,
    /// Not a stop word.
    pub content: bool,
    /// Capitalised inside the sentence (a name, most often).
    pub cap: bool,
    /// A masked number.
    pub number: bool,
    /// A negation ("not", "never").
    pub negation: bool,
    /// A content word that is not masked and has more than one letter.
    pub anchor: bool,
    /// The IDF of the stem in the background corpus ([`Normalizer::idf`]).
    pub idf: f64,
    /// For a masked number, a hash of the number as written, lower-cased
    /// and without digit-group commas ("39.5", "2400", "three"): two statements that give the same figure share more than
    /// the mask says. 0 for other words.
    pub value: u64,
    /// Bytes of the word in the text that was normalised.
    pub span: Span,
}

/// A normalised sentence or quote.
#[derive(Clone, Debug, Default)]
pub struct Norm {
    pub toks: Vec<Token>,
}

impl Norm {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn content_count(&self) -> usize {
        self.toks.iter().filter(|t| t.content).count()
    }
}

/// What a token says apart from where it stands and whether it is
/// capitalised there, for looking it up: its hashes, IDF (as bits), value
/// and flags.
type KindKey = (u64, u64, u64, u64, u8);

fn kind_key(t: &Token) -> KindKey {
    let flags = u8::from(t.content) | u8::from(t.number) << 1 | u8::from(t.negation) << 2 | u8::from(t.anchor) << 3;
    (t.word, t.stem, t.idf.to_bits(), t.value, flags)
}

/// The kinds a [`Vocab`] has numbered: `kinds[n]` is number `n`, a token
/// without span or capital.
#[derive(Default)]
struct Table {
    ids: HashMap<KindKey, u32>,
    kinds: Vec<Token>,
}

/// Numbers for the kinds of token one run has seen, so that a statement's
/// tokens can be kept as four bytes each ([`Normalizer::normalize_coded`])
/// and read back without normalising its text again ([`Words::norm`]).
/// Threads share it; a number depends on which thread saw the word first,
/// but always reads back as the same token.
pub struct Vocab {
    /// Tells this vocabulary's numbers from another's in the word memo.
    id: u64,
    table: std::sync::Mutex<Table>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            table: Default::default(),
        }
    }
}

/// The top bit of a code: the token is capitalised.
const CAP: u32 = 1 << 31;

impl Vocab {
    fn number(&self, t: &Token) -> u32 {
        let mut table = self.table.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let next = table.kinds.len() as u32;
        let n = *table.ids.entry(kind_key(t)).or_insert(next);
        // 2^31 kinds, 100 GB of them, would not fit in memory first.
        if n == next {
            table.kinds.push(Token {
                cap: false,
                span: Span::default(),
                ..*t
            });
        }
        n
    }

    /// The kinds, for reading codes back.
    pub fn words(self) -> Words {
        let table = self
            .table
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut numbers: HashMap<u64, u32> = HashMap::default();
        let stems = table
            .kinds
            .iter()
            .map(|t| {
                let n = numbers.len() as u32;
                *numbers.entry(t.stem).or_insert(n)
            })
            .collect();
        Words {
            kinds: table.kinds,
            stems,
            stem_count: numbers.len(),
        }
    }
}

/// A finished [`Vocab`].
pub struct Words {
    kinds: Vec<Token>,
    /// Each kind's stem as a number (the stems numbered from 0 in order of
    /// first use), apart: the word-share rule reads only the stems of
    /// millions of candidates, in random order, and four bytes a kind stay
    /// in the cache where a whole token does not.
    stems: Vec<u32>,
    stem_count: usize,
}

/// The word-share rule ([`crate::align::features::word_share`]) of one
/// statement, the query, against many: the query's stems are counted once
/// in a table indexed by stem number, and each candidate's words are
/// matched against the counts as they come, with no sorting. The tables
/// are all zeros between queries.
#[derive(Default)]
pub struct WordShare {
    query: Vec<u16>,
    seen: Vec<u16>,
    len: usize,
}

impl WordShare {
    /// Counts the stems of the query, the statement of `codes` (at most
    /// 65,535 words).
    pub fn start(&mut self, words: &Words, codes: &[u32]) {
        if self.query.len() < words.stem_count {
            self.query.resize(words.stem_count, 0);
            self.seen.resize(words.stem_count, 0);
        }
        for &c in codes {
            self.query[words.stem(c)] += 1;
        }
        self.len = codes.len();
    }

    /// The word share of the query and the statement of `codes`.
    pub fn share(&mut self, words: &Words, codes: &[u32]) -> f64 {
        let mut common = 0;
        for &c in codes {
            let s = words.stem(c);
            common += usize::from(self.seen[s] < self.query[s]);
            self.seen[s] += 1;
        }
        for &c in codes {
            self.seen[words.stem(c)] = 0;
        }
        crate::align::features::word_share_of(common, self.len, codes.len())
    }

    /// Clears the query's counts (`codes` as given to [`WordShare::start`]).
    pub fn finish(&mut self, words: &Words, codes: &[u32]) {
        for &c in codes {
            self.query[words.stem(c)] = 0;
        }
        self.len = 0;
    }
}

impl Words {
    /// The tokens that `codes` stand for, as [`Normalizer::normalize_coded`]
    /// gave them, except that their spans are empty.
    pub fn norm(&self, codes: &[u32]) -> Norm {
        let mut n = Norm::default();
        self.norm_into(codes, &mut n);
        n
    }

    /// The stem number of the token `code` stands for.
    fn stem(&self, code: u32) -> usize {
        self.stems[(code & !CAP) as usize] as usize
    }

    /// [`Words::norm`] into `n`, reusing its buffer.
    pub fn norm_into(&self, codes: &[u32], n: &mut Norm) {
        n.toks.clear();
        n.toks.extend(codes.iter().map(|&c| Token {
            cap: c & CAP != 0,
            ..self.kinds[(c & !CAP) as usize]
        }));
    }
}

/// Word lists as `rules/lexicon/align.toml` writes them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NormSpec {
    pub stopwords: Vec<String>,
    pub number_words: Vec<String>,
    pub weekdays: Vec<String>,
    pub months: Vec<String>,
    pub negations: Vec<String>,
    pub suffixes: Vec<String>,
    #[serde(default = "default_min_stem")]
    pub min_stem: usize,
}

fn default_min_stem() -> usize {
    3
}

/// The compiled word lists, plus background document frequencies.
#[derive(Clone, Debug)]
pub struct Normalizer {
    /// The word lists as one map: word → `STOP | NUMBER | …` bits.
    classes: HashMap<String, u8>,
    suffixes: Vec<String>,
    /// The last bytes of the suffixes, as a 256-bit set.
    suffix_last: [u64; 4],
    min_stem: usize,
    /// Document frequency of a stem (by hash) in the background corpus.
    /// Inverse document frequency of a stem (by hash) in the background corpus.
    idf: HashMap<u64, f64>,
    /// The IDF of a stem the background corpus does not list.
    unseen_idf: f64,
    /// Identifies these word lists in the per-thread word memo.
    id: u64,
}

/// A word's part of a [`Token`], kept per thread so that each distinct
/// word is classified, stemmed and hashed once, not at every occurrence.
#[derive(Clone, Copy, Debug, PartialEq)]
struct WordInfo {
    word: u64,
    stem: u64,
    idf: f64,
    content: bool,
    mask: bool,
    number: bool,
    negation: bool,
    anchor: bool,
}

/// The words a thread has classified, for the normaliser `owner` (another
/// normaliser, with other word lists, starts it afresh), each with its
/// number in the [`Vocab`] that last numbered it (by [`Vocab::id`]).
#[derive(Default)]
struct Memo {
    owner: u64,
    words: HashMap<Box<str>, (WordInfo, u64, u32)>,
}

/// Past this many words the memo starts again (about 100 MB at most).
const MEMO_WORDS: usize = 1 << 20;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Distinct normalisers get distinct ids (clones share one: same lists).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

const STOP: u8 = 1;
const NUMBER: u8 = 2;
const WEEKDAY: u8 = 4;
const MONTH: u8 = 8;
const NEGATION: u8 = 16;

pub const MASK_NUMBER: &str = "#";
pub const MASK_WEEKDAY: &str = "@d";
pub const MASK_MONTH: &str = "@m";

fn idf_of(docs: u32, df: u32) -> f64 {
    ((f64::from(docs) + 1.0) / (f64::from(df) + 1.0)).ln()
}

pub fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

impl Normalizer {
    /// `freq` holds `N` on its first line (the documents counted) and then
    /// `stem<TAB>df` lines.
    pub fn new(spec: &NormSpec, freq: &str) -> Result<Self, String> {
        let mut classes: HashMap<String, u8> = HashMap::default();
        for (list, bit) in [
            (&spec.stopwords, STOP),
            (&spec.number_words, NUMBER),
            (&spec.weekdays, WEEKDAY),
            (&spec.months, MONTH),
            (&spec.negations, NEGATION),
        ] {
            for w in list {
                *classes.entry(w.to_lowercase()).or_default() |= bit;
            }
        }
        let mut lines = freq.lines();
        let docs = lines
            .next()
            .and_then(|l| l.trim().parse::<u32>().ok())
            .ok_or("word frequencies: the first line must be the number of documents counted")?
            .max(1);
        let mut df = HashMap::default();
        for (i, line) in lines.enumerate() {
            let (w, n) = line
                .split_once('\t')
                .and_then(|(w, n)| Some((w, n.trim().parse::<u32>().ok()?)))
                .ok_or_else(|| format!("word frequencies line {}: expected WORD<TAB>COUNT", i + 2))?;
            df.insert(hash_str(w), idf_of(docs, n));
        }
        let suffixes: Vec<String> = spec.suffixes.iter().map(|s| s.to_lowercase()).collect();
        let mut suffix_last = [0u64; 4];
        for b in suffixes.iter().filter_map(|s| s.as_bytes().last()) {
            suffix_last[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        Ok(Normalizer {
            classes,
            suffixes,
            suffix_last,
            min_stem: spec.min_stem,
            idf: df,
            unseen_idf: idf_of(docs, 0),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Inverse document frequency of a stem, from the background counts.
    pub fn idf(&self, stem: u64) -> f64 {
        self.idf.get(&stem).copied().unwrap_or(self.unseen_idf)
    }

    pub fn stem<'a>(&self, w: &'a str) -> &'a str {
        // Most words end in a letter no suffix ends in.
        let Some(&last) = w.as_bytes().last() else { return w };
        if self.suffix_last[usize::from(last >> 6)] & (1 << (last & 63)) == 0 {
            return w;
        }
        for suf in &self.suffixes {
            // Compared byte by byte: suffixes are a few bytes long.
            let (wb, sb) = (w.as_bytes(), suf.as_bytes());
            if wb.len() >= sb.len()
                && wb[wb.len() - sb.len()..].iter().zip(sb).all(|(a, b)| a == b)
                && w.is_char_boundary(w.len() - sb.len())
            {
                let base = &w[..w.len() - sb.len()];
                if base.chars().count() >= self.min_stem {
                    return base;
                }
            }
        }
        w
    }

    /// The masked form of a lower-cased word.
    fn mask(lower: &str, class: u8) -> &str {
        if lower.starts_with(|c: char| c.is_ascii_digit()) || class & NUMBER != 0 {
            MASK_NUMBER
        } else if class & WEEKDAY != 0 {
            MASK_WEEKDAY
        } else if class & MONTH != 0 {
            MASK_MONTH
        } else {
            lower
        }
    }

    pub fn normalize(&self, text: &str) -> Norm {
        self.normalize_with(text, None)
    }

    /// [`Normalizer::normalize`], and each token's number in `vocab` (see
    /// [`Vocab::code`]) pushed onto `codes`.
    pub fn normalize_coded(&self, text: &str, vocab: &Vocab, codes: &mut Vec<u32>) -> Norm {
        self.normalize_with(text, Some((vocab, codes)))
    }

    fn normalize_with(&self, text: &str, mut coded: Option<(&Vocab, &mut Vec<u32>)>) -> Norm {
        let mut norm = Norm {
            toks: Vec::with_capacity(text.len() / 5),
        };
        MEMO.with_borrow_mut(|memo| {
            if memo.owner != self.id || memo.words.len() > MEMO_WORDS {
                memo.owner = self.id;
                memo.words.clear();
            }
            self.each_lower_word(text, |w, span, cap| {
                let entry = match memo.words.get_mut(w) {
                    Some(entry) => entry,
                    None => memo.words.entry(w.into()).or_insert((self.word_info(w), 0, 0)),
                };
                let info = entry.0;
                let token = Token {
                    word: info.word,
                    stem: info.stem,
                    idf: info.idf,
                    content: info.content,
                    cap: cap && !info.mask,
                    number: info.number,
                    negation: info.negation,
                    anchor: info.anchor,
                    value: if info.number {
                        hash_str(&span.slice(text).to_lowercase().replace(',', "")) | 1
                    } else {
                        0
                    },
                    span,
                };
                if let Some((vocab, codes)) = coded.as_mut() {
                    // A number's value is its own: numbers are looked up each time.
                    let n = if info.number {
                        vocab.number(&token)
                    } else {
                        if entry.1 != vocab.id {
                            *entry = (info, vocab.id, vocab.number(&token));
                        }
                        entry.2
                    };
                    codes.push(n | u32::from(token.cap) << 31);
                }
                norm.toks.push(token);
            });
        });
        norm
    }

    /// What a lower-cased word contributes to a [`Token`], whatever its place.
    fn word_info(&self, lower: &str) -> WordInfo {
        let (masked, stem, class) = self.classify(lower);
        let mask = masked.starts_with(['#', '@']);
        let stem = hash_str(stem);
        WordInfo {
            word: hash_str(masked),
            stem,
            idf: self.idf(stem),
            content: class & STOP == 0 || mask,
            mask,
            number: masked == MASK_NUMBER,
            negation: class & NEGATION != 0,
            anchor: class & STOP == 0 && !mask && masked.chars().nth(1).is_some(),
        }
    }

    /// A lower-cased word's masked form, stem and class bits.
    fn classify<'w>(&self, lower: &'w str) -> (&'w str, &'w str, u8) {
        let class = self.classes.get(lower).copied().unwrap_or(0);
        let masked = Self::mask(lower, class);
        let stem = if masked.len() != lower.len() || masked == MASK_NUMBER {
            masked
        } else {
            self.stem(masked)
        };
        (masked, stem, class)
    }

    /// The masked words of `text`, joined by spaces.
    #[cfg(test)]
    fn masked_words(&self, text: &str) -> String {
        let mut v = Vec::new();
        self.each_word(text, |masked, _, _, _, _| v.push(masked.to_string()));
        v.join(" ")
    }

    /// The stems of `text`, as the background frequencies count them.
    pub fn stems(&self, text: &str) -> Vec<String> {
        let mut v = Vec::new();
        self.each_word(text, |_, stem, _, _, _| v.push(stem.to_string()));
        v
    }

    /// Calls `f(masked word, stem, span, capitalised inside the text, class bits)` for each word.
    fn each_word(&self, text: &str, mut f: impl FnMut(&str, &str, Span, bool, u8)) {
        self.each_lower_word(text, |lower, span, cap| {
            let (masked, stem, class) = self.classify(lower);
            f(masked, stem, span, cap, class);
        });
    }

    /// Calls `f(lower-cased word, span, capitalised inside the text)` for
    /// each word, with possessives folded and "n't" read as "not".
    fn each_lower_word(&self, text: &str, mut f: impl FnMut(&str, Span, bool)) {
        let mut count = 0;
        let mut emit = |lower: &str, span: Span, cap: bool| {
            f(lower, span, cap && count > 0);
            count += 1;
        };
        let mut lower = String::new();
        for (span, raw) in words(text) {
            lower.clear();
            if raw.is_ascii() {
                // The common case: ASCII lower-casing, '\'' is kept as it is.
                lower.push_str(raw);
                lower.make_ascii_lowercase();
            } else {
                for c in raw.chars() {
                    match c {
                        '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' => lower.push('\''),
                        c => lower.extend(c.to_lowercase()),
                    }
                }
            }
            // Possessive 's and the contraction n't.
            let mut negated = false;
            let mut w: &str = &lower;
            if let Some(base) = w.strip_suffix("'s") {
                w = base;
            } else if let Some(base) = w.strip_suffix("n't") {
                w = base;
                negated = true;
            }
            let cleaned: String;
            let w = if w.contains('\'') {
                cleaned = w.replace('\'', "");
                cleaned.as_str()
            } else {
                w
            };
            if !w.is_empty() {
                emit(w, span, raw.starts_with(char::is_uppercase));
            }
            if negated {
                emit("not", span, false);
            }
        }
    }
}

/// Whether mark `c`, followed by `next`, joins the word it ends: an
/// apostrophe inside a word ("don't"), or a separator inside a number
/// that starts with a digit ("700,000", "2.5").
fn joins(c: char, next: Option<char>, digit_start: bool) -> bool {
    match c {
        '\'' | '\u{2019}' | '\u{02bc}' => next.is_some_and(char::is_alphanumeric),
        '.' | ',' => digit_start && next.is_some_and(|n| n.is_ascii_digit()),
        _ => false,
    }
}

/// Words: runs of letters and digits with apostrophes inside them, and
/// numbers with their separators ("700,000", "2.5").
fn words(text: &str) -> impl Iterator<Item = (Span, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            // ASCII bytes without decoding.
            let &byte = b.get(i)?;
            if byte < 0x80 {
                if byte.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next()?;
            if c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        let digit_start = b[i].is_ascii_digit();
        while i < b.len() {
            if b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            if c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
            if !joins(c, text[i + c.len_utf8()..].chars().next(), digit_start) {
                break;
            }
            i += c.len_utf8();
        }
        Some((Span::new(start, i), &text[start..i]))
    })
}

#[cfg(test)]
mod tests {
    use super::super::Aligner;

    fn words(s: &str) -> String {
        Aligner::builtin().norm.masked_words(s)
    }

    #[test]
    fn masks_and_folds() {
        assert_eq!(
            words("Ukraine’s pre-2014 borders, 700,000 people on Wednesday in February"),
            "ukraine pre # borders # people on @d in @m"
        );
        assert_eq!(words("“Don't,” he said. It's 2.5 times"), "do not he said it # times");
        assert_eq!(words("O'Neill won't"), "oneill wo not");
    }

    #[test]
    fn spans_cover_words() {
        let s = "He said: “We’re done.”";
        let n = Aligner::builtin().norm.normalize(s);
        let got: Vec<&str> = n.toks.iter().map(|t| t.span.slice(s)).collect();
        assert_eq!(got, ["He", "said", "We’re", "done"]);
        assert!(n.toks[2].cap);
        assert!(!n.toks[0].cap);
    }
}

#[cfg(test)]
mod props {
    use super::*;

    /// The words of `text` decoded char by char: what [`words`] must give.
    fn words_by_char(text: &str) -> Vec<(Span, &str)> {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            while let Some(c) = text[i..].chars().next() {
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
            if i >= text.len() {
                return out;
            }
            let start = i;
            let digit_start = text.as_bytes()[i].is_ascii_digit();
            while let Some(c) = text[i..].chars().next() {
                if c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
                if !joins(c, text[i + c.len_utf8()..].chars().next(), digit_start) {
                    break;
                }
                i += c.len_utf8();
            }
            out.push((Span::new(start, i), &text[start..i]));
        }
    }

    /// The per-thread word memo belongs to one normaliser: another, with
    /// other word lists, does not read its entries.
    #[test]
    fn the_word_memo_follows_the_word_lists() {
        let spec = |stop: &[&str]| NormSpec {
            stopwords: stop.iter().map(|w| w.to_string()).collect(),
            number_words: vec![],
            weekdays: vec![],
            months: vec![],
            negations: vec![],
            suffixes: vec!["s".into()],
            min_stem: 3,
        };
        let with = Normalizer::new(&spec(&["the"]), "1\n").unwrap();
        let without = Normalizer::new(&spec(&[]), "1\n").unwrap();
        for _ in 0..2 {
            assert!(!with.normalize("The harbors").toks[0].content);
            assert!(without.normalize("The harbors").toks[0].content);
        }
        assert_eq!(with.normalize("harbors").toks[0].stem, hash_str("harbor"));
    }

    /// Codes read back as the tokens they were made from, spans aside:
    /// capitals, numbers as written, negations; and with a second
    /// vocabulary, whose numbers differ, the memo's codes are not reused.
    #[test]
    fn codes_read_back_as_the_tokens() {
        let n = &super::super::Aligner::builtin().norm;
        let text = "Harbor pilots didn't strike on Tuesday, Mayor Oyelaran said; 2,400 and three ships waited.";
        let strip = |norm: Norm| -> Vec<Token> {
            norm.toks
                .into_iter()
                .map(|t| Token {
                    span: Span::default(),
                    ..t
                })
                .collect()
        };
        let plain = strip(n.normalize(text));
        assert!(plain.iter().any(|t| t.cap) && plain.iter().any(|t| t.negation));
        assert!(plain.iter().filter(|t| t.value != 0).count() == 2);
        // Another vocabulary first, so that the memo holds its numbers.
        let other = Vocab::default();
        n.normalize_coded("ships waited for three hours, 2,400 of them", &other, &mut Vec::new());
        let vocab = Vocab::default();
        let mut codes = Vec::new();
        let coded = n.normalize_coded(text, &vocab, &mut codes);
        assert_eq!(strip(coded), plain);
        assert_eq!(codes.len(), plain.len());
        let words = vocab.words();
        assert_eq!(strip(words.norm(&codes)), plain);
        let profile = crate::align::features::Profile::new(&n.normalize(text));
        // A profile refilled from another statement is that statement's.
        let mut refilled = crate::align::features::Profile::new(&n.normalize("ships waited for three hours"));
        refilled.refill(&n.normalize(text));
        assert_eq!(format!("{refilled:?}"), format!("{profile:?}"));
    }

    proptest::proptest! {
        /// The byte-level scan finds the same words as decoding each char.
        #[test]
        fn words_match_a_char_by_char_scan(text in "[a-zA-Z0-9 ,.'’ʼ‘éÉß٣İ—-]{0,40}") {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), words_by_char(&text));
        }

        /// The word share counted on stem numbers is the word share of the
        /// sorted stems, query after query with the same tables (words
        /// with repeats, and with several words to one stem).
        #[test]
        fn word_share_by_counts_is_word_share(
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec!["talk", "talks", "talked", "the", "a", "Senate", "vote", "votes", "3", "May", "not"]),
                    0..12,
                ),
                2..6,
            ),
        ) {
            let n = &super::super::Aligner::builtin().norm;
            let vocab = Vocab::default();
            let coded: Vec<(Vec<u32>, Vec<u64>)> = texts
                .iter()
                .map(|t| {
                    let text = t.join(" ");
                    let mut codes = Vec::new();
                    n.normalize_coded(&text, &vocab, &mut codes);
                    let p = crate::align::features::Profile::new(&n.normalize(&text));
                    (codes, p.stems_sorted().to_vec())
                })
                .collect();
            let words = vocab.words();
            let mut share = WordShare::default();
            for (qc, qs) in &coded {
                share.start(&words, qc);
                for (c, st) in &coded {
                    let expected = crate::align::features::word_share(qs, st);
                    proptest::prop_assert_eq!(share.share(&words, c).to_bits(), expected.to_bits());
                }
                share.finish(&words, qc);
            }
            proptest::prop_assert!(share.query.iter().chain(&share.seen).all(|&c| c == 0));
        }

        /// Stems come from the suffix list whatever the last byte is.
        #[test]
        fn stems_strip_listed_suffixes(w in "[a-zé]{0,8}(ings|ing|edly|ed|es|s|ly|y|g)?") {
            let n = &super::super::Aligner::builtin().norm;
            let by_list = n
                .suffixes
                .iter()
                .find_map(|s| w.strip_suffix(s.as_str()).filter(|b| b.chars().count() >= n.min_stem))
                .unwrap_or(&w);
            proptest::prop_assert_eq!(n.stem(&w), by_list);
        }
    }
}
