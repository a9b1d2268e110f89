//! Figures: value, unit, hedge, and what is counted.
//!
//! "About 2,400 dockworkers", "$310 million", "from 2% to 5%", "nearly
//! three years", "an hour and a half", "a 30-day ceasefire", "its fourth
//! year", "north of 700,000". Years inside dates, times of day, day
//! numbers after a month, and numbers that are part of a name ("Local
//! 19", "COVID-19") are not figures.

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use super::tokens::Tok;
use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::text::Span;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureSpec {
    #[serde(default)]
    pub hedges: Vec<String>,
    /// Hedges that put a floor under the figure ("more than").
    #[serde(default)]
    pub floor_hedges: Vec<String>,
    /// Stems of running tallies' nouns and verbs ("dead", "kill", "case").
    #[serde(default)]
    pub tallies: Vec<String>,
    /// Hedges that put a ceiling on the figure ("up to", "nearly").
    #[serde(default)]
    pub ceiling_hedges: Vec<String>,
    #[serde(default)]
    pub numbers: FxHashMap<String, f64>,
    #[serde(default)]
    pub scales: FxHashMap<String, f64>,
    #[serde(default)]
    pub ordinals: FxHashMap<String, f64>,
    #[serde(default)]
    pub ordinal_nouns: Vec<String>,
    #[serde(default)]
    pub durations: FxHashMap<String, String>,
    #[serde(default)]
    pub currencies: FxHashMap<String, String>,
    /// Every word that can start a figure (built by [`FigureSpec::index`]).
    #[serde(skip)]
    pub starts: rustc_hash::FxHashSet<String>,
    /// Last words of the hedges ("north of" → "of").
    #[serde(skip)]
    pub hedge_ends: rustc_hash::FxHashSet<String>,
    /// Bit `c - 'a'` is set when a word in `starts` begins with letter `c`.
    #[serde(skip)]
    pub first_letters: u32,
    /// Per two-letter prefix, bit `n` is set when a word in `starts` of
    /// `n` bytes has it (before any hyphen): "the" is rejected unhashed.
    #[serde(skip)]
    pub prefix_lengths: Vec<u32>,
    /// The longest word in `starts`, in bytes.
    #[serde(skip)]
    pub longest: usize,
}

impl FigureSpec {
    /// Builds the look-up of words that can start a figure.
    pub fn index(&mut self) {
        self.starts = self
            .numbers
            .keys()
            .chain(self.ordinals.keys())
            .chain(self.scales.keys())
            .cloned()
            .chain(std::iter::once("one".to_string()))
            .collect();
        self.first_letters = self
            .starts
            .iter()
            .filter_map(|w| w.bytes().next().filter(u8::is_ascii_lowercase))
            .fold(0, |m, b| m | (1 << (b - b'a')));
        self.longest = self.starts.iter().map(String::len).max().unwrap_or(0);
        self.prefix_lengths = vec![0; 26 * 26];
        for w in &self.starts {
            let b = w.as_bytes();
            if b.len() >= 2 && b.len() < 32 && b[0].is_ascii_lowercase() && b[1].is_ascii_lowercase() {
                self.prefix_lengths[(b[0] - b'a') as usize * 26 + (b[1] - b'a') as usize] |= 1 << b.len();
            }
        }
        self.hedge_ends = self
            .hedges
            .iter()
            .filter_map(|h| h.rsplit(' ').next())
            .map(str::to_lowercase)
            .collect();
    }

    /// Adds `o`'s words to these.
    pub fn extend(&mut self, o: FigureSpec) {
        self.hedges.extend(o.hedges);
        self.floor_hedges.extend(o.floor_hedges);
        self.tallies.extend(o.tallies);
        self.ceiling_hedges.extend(o.ceiling_hedges);
        self.numbers.extend(o.numbers);
        self.scales.extend(o.scales);
        self.ordinals.extend(o.ordinals);
        self.ordinal_nouns.extend(o.ordinal_nouns);
        self.durations.extend(o.durations);
        self.currencies.extend(o.currencies);
    }
}

/// What a figure measures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Count,
    Percent,
    PercentagePoints,
    /// Money in a currency (ISO 4217 code).
    Money(String),
    /// A duration in a time unit ("day", "year").
    Duration(String),
    Ordinal,
    /// A fraction of a whole ("a third").
    Fraction,
}

impl Unit {
    pub fn name(&self) -> String {
        match self {
            Unit::Count => "count".into(),
            Unit::Percent => "percent".into(),
            Unit::PercentagePoints => "percentage-points".into(),
            Unit::Money(c) => format!("money:{c}"),
            Unit::Duration(u) => format!("duration:{u}"),
            Unit::Ordinal => "ordinal".into(),
            Unit::Fraction => "fraction".into(),
        }
    }
}

/// What a hedge says of the true value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// As written: no hedge.
    #[default]
    Exact,
    /// "about", "roughly": near it either way.
    About,
    /// "more than", "at least": it or more.
    AtLeast,
    /// "up to", "nearly": it or less.
    AtMost,
}

impl FigureSpec {
    /// The bound a hedge sets.
    pub fn bound(&self, hedge: Option<&str>) -> Bound {
        match hedge {
            None => Bound::Exact,
            Some(h) if self.floor_hedges.iter().any(|x| x == h) => Bound::AtLeast,
            Some(h) if self.ceiling_hedges.iter().any(|x| x == h) => Bound::AtMost,
            Some(_) => Bound::About,
        }
    }
}

/// A figure in the article text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub plain: Span,
    pub src: Span,
    pub value: f64,
    pub unit: Unit,
    pub hedge: Option<String>,
    /// What the hedge says of the true value.
    pub bound: Bound,
    /// A part of a whole ("fifteen of the 19 hijackers"): compared only
    /// with parts.
    pub part: bool,
    /// The measure of a hyphenated figure that is not a time unit ("page"
    /// in "a 12-page ruling"): messages say "12 pages".
    pub measure: Option<String>,
    /// A running tally (the dead, cases, delegates): compared across
    /// paraphrase only between articles of the same day.
    pub tally: bool,
    /// Written with a hyphen ("12-page", "five-year", "6-year-old").
    pub hyphenated: bool,
    /// An age ("a five-month-old investigation"), not a length of time
    /// ("a 22-month investigation").
    pub age: bool,
    /// A count that leaves someone out: "46 other senators" (and the one
    /// who wrote the letter) is consistent with "47 senators".
    pub others: bool,
    /// The precision it is written to: one unit of its last significant
    /// digit ("2.1 million": 100,000; "520,000": 10,000; "three": 1).
    pub step: f64,
    /// The words that say what is counted ("dockworkers", "container ships").
    pub counted: Option<String>,
    /// What the figure is a fact about (filled in by [`super::extract`]).
    pub frame: super::frames::Frame,
}

const ADVERBS: &[&str] = &[
    "still",
    "also",
    "now",
    "already",
    "just",
    "then",
    "only",
    "even",
    "reportedly",
];

const STOP: &[&str] = &[
    "of", "in", "at", "to", "who", "that", "and", "or", "for", "on", "from", "by", "with", "as", "than", "a", "an",
    "the", "is", "are", "was", "were", "will", "would", "have", "has", "had", "be", "been", "since", "after", "before",
    "over", "under", "into", "per", "each", "which", "this", "those", "these", "more", "less",
    // Pronouns start a clause ("the $5.7 billion he demanded").
    "he", "she", "they", "we", "i", "it", "you",
    // Common irregular verb forms: the noun phrase ends before them.
    "came", "come", "comes", "went", "go", "goes", "took", "take", "takes", "gave", "give", "gives", "made", "make",
    "makes", "got", "get", "gets", "said", "say", "says", "told", "tell", "met", "meet", "won", "win", "lost", "lose",
    "ran", "run", "saw", "see", "left", "leave", "fled", "flee", "fell", "fall", "rose", "rise", "became", "become",
    "began", "begin", "died", "die", "can", "could", "should", "may", "might", "must", "do", "does", "did", "stood",
    "sat", "held", "hold", "kept", "keep", "paid", "pay", "sent", "send", "spent", "spend",
    // Prepositions: the noun phrase ends before them too.
    "along", "across", "around", "through", "near", "toward", "towards", "against", "between", "among", "within",
    "without", "during", "about", "beyond", "behind", "below", "above", "upon", "onto", "via", "amid",
];

/// One unit of the last significant digit of a figure as written, in
/// the figure's units: "2.1 million" is 100,000, "$84,000" 1,000,
/// "31.55 percent" 0.01, a figure in words 1 (times its scale).
fn step_of(text: &str, value: f64) -> f64 {
    let Some(start) = text.find(|c: char| c.is_ascii_digit()) else {
        return 1.0;
    };
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let digits = digits.trim_end_matches('.');
    let Ok(mantissa) = digits.parse::<f64>() else {
        return 1.0;
    };
    let scale = if mantissa > 0.0 { value / mantissa } else { 1.0 };
    let unit = match digits.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        // "520,000" is rounded to ten thousands; "100 votes" and "2,000
        // troops" are counts to the unit as far as anyone can tell.
        None if scale == 1.0 && mantissa < 10_000.0 => 1.0,
        None => 10f64.powi((digits.len() - digits.trim_end_matches('0').len()).min(15) as i32),
    };
    (unit * scale).abs().max(f64::MIN_POSITIVE)
}

/// Words between "of" and the noun of a part ("two of the officials").
const DETERMINERS: &[&str] = &["the", "its", "their", "his", "her", "our", "those", "these", "them"];

fn parse_digits(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|&c| c != ',').collect();
    if clean.is_empty() || !clean.chars().all(|c| c.is_ascii_digit() || c == '.') || clean.starts_with('.') {
        return None;
    }
    clean.parse().ok()
}

struct Reader<'a, 't> {
    toks: &'t [Tok<'a>],
    spec: &'t FigureSpec,
}

impl Reader<'_, '_> {
    /// A quick test before reading: digits, a currency sign, or a number,
    /// ordinal or article word.
    fn may_start_figure(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let Some(&b0) = t.text.as_bytes().first() else {
            return false;
        };
        if b0.is_ascii_digit() || t.text.as_bytes() == b"US" {
            return true;
        }
        if !t.is_word() {
            // Currency signs: "$" or a non-ASCII sign such as "€".
            return (b0 == b'$' || b0 >= 0x80) && self.spec.currencies.contains_key(t.text);
        }
        if !b0.is_ascii_alphabetic() {
            return false;
        }
        // No hashing for words that cannot be number words.
        let lead = b0.to_ascii_lowercase();
        let number_letter = self.spec.first_letters & (1 << (lead - b'a')) != 0;
        if !(number_letter || lead == b'a') {
            return false;
        }
        let bytes = t.text.as_bytes();
        // "a" and "an" start a figure only before a scale or duration word.
        if matches!(bytes, b"a" | b"an" | b"A" | b"An") {
            return self.toks.get(i + 1).is_some_and(|n| {
                n.text == "dozen" || self.spec.scales.contains_key(n.text) || self.spec.durations.contains_key(n.text)
            });
        }
        // Two-letter prefix, before reading further ("the", "that").
        let Some(&b1) = bytes.get(1) else { return false };
        let b = b1.to_ascii_lowercase();
        if !b.is_ascii_lowercase() {
            return false;
        }
        let mask = self.spec.prefix_lengths[(lead - b'a') as usize * 26 + (b - b'a') as usize];
        if mask == 0 {
            return false;
        }
        // One pass: the head before a hyphen ("three-year"), and ASCII only.
        let mut head_len = bytes.len();
        for (k, &c) in bytes.iter().enumerate() {
            if c >= 0x80 {
                return false;
            }
            if c == b'-' && head_len == bytes.len() {
                head_len = k;
            }
        }
        if head_len > self.spec.longest || !(2..32).contains(&head_len) || mask & (1 << head_len) == 0 {
            return false;
        }
        if !b0.is_ascii_uppercase() {
            return self.spec.starts.contains(&t.text[..head_len]);
        }
        // Capitalized ("Three"): lower-case the head on the stack.
        let mut buf = [0u8; 32];
        buf[..head_len].copy_from_slice(&bytes[..head_len]);
        buf[..head_len].make_ascii_lowercase();
        std::str::from_utf8(&buf[..head_len]).is_ok_and(|w| self.spec.starts.contains(w))
    }

    /// Word `i` in lower case, borrowed when it is lower case already.
    fn word(&self, i: usize) -> Option<std::borrow::Cow<'_, str>> {
        self.toks.get(i).filter(|t| t.is_word()).map(|t| {
            if t.text.bytes().any(|b| b.is_ascii_uppercase()) || !t.text.is_ascii() {
                std::borrow::Cow::Owned(t.text.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(t.text)
            }
        })
    }

    /// A number starting at token `i`: value, tokens used, whether it was
    /// written in words.
    fn number(&self, i: usize) -> Option<(f64, usize, bool)> {
        let t = self.toks.get(i)?;
        if !t.is_word() {
            return None;
        }
        let lower = t.text.to_lowercase();
        let (mut value, mut used, words) = if let Some(v) = parse_digits(t.text) {
            (v, 1, false)
        } else if let Some(v) = self.number_word(&lower) {
            let unit_next = self.word(i + 1).is_some_and(|w| {
                self.spec.scales.contains_key(w.as_ref())
                    || self.spec.durations.contains_key(w.as_ref())
                    || w == "percent"
            });
            if lower == "one" && !unit_next {
                return None;
            }
            (v, 1, true)
        } else if (lower == "a" || lower == "an")
            && let Some(next) = self.word(i + 1)
            && (next == "dozen" || self.spec.scales.contains_key(next.as_ref()))
        {
            (1.0, 1, true)
        } else {
            return None;
        };
        // Scale words: "1.5 million", "seven hundred thousand", "a dozen".
        let mut composite = false;
        while let Some(w) = self.word(i + used) {
            if let Some(&s) = self.spec.scales.get(w.as_ref()) {
                value *= s;
                used += 1;
                composite = true;
            } else if w == "dozen" {
                value *= 12.0;
                used += 1;
                composite = true;
            } else if composite
                && words
                && let Some(v) = self.number_word(&w)
            {
                // "two hundred fifty"
                value += v;
                used += 1;
            } else {
                break;
            }
        }
        Some((value, used, words))
    }

    fn number_word(&self, w: &str) -> Option<f64> {
        if let Some(&v) = self.spec.numbers.get(w) {
            return Some(v);
        }
        // "twenty-five"; "two-dozen", "three-hundred" multiply
        let (a, b) = w.split_once('-')?;
        let a = *self.spec.numbers.get(a)?;
        if b == "dozen" {
            return Some(a * 12.0);
        }
        if let Some(&scale) = self.spec.scales.get(b) {
            return Some(a * scale);
        }
        Some(a + self.spec.numbers.get(b)?)
    }
}

/// Finds the figures in `doc`'s article text.
/// `block_toks` holds the tokens of each of `doc`'s blocks.
pub fn block_figures(doc: &Document, block: &crate::document::Block, lex: &Lexicon, toks: &[Tok<'_>]) -> Vec<Figure> {
    let text = block.plain.slice(&doc.plain);
    let base = block.plain.start;
    let r = Reader {
        toks,
        spec: &lex.figures,
    };
    let mut out = Vec::new();
    let mut next_free = 0;
    for i in 0..toks.len() {
        if i < next_free || !r.may_start_figure(i) {
            continue;
        }
        match read_figure(&r, i, text) {
            Some((f, next)) => {
                let plain = Span::new(base + f.0.start, base + f.0.end);
                let written = plain.slice(&doc.plain);
                let lower = written.to_lowercase();
                // "fifteen of the 19", "two of the officials": a part of a whole.
                let part = f.2 == Unit::Count && toks.get(next).is_some_and(|t| t.text.eq_ignore_ascii_case("of"));
                // "two dozen" is a round number, not a count to the unit.
                let bound = match lex.figures.bound(f.3.as_deref()) {
                    Bound::Exact if lower.contains("dozen") => Bound::About,
                    b => b,
                };
                let step = step_of(written, f.1);
                let measure = (f.2 == Unit::Count)
                    .then(|| {
                        let (_, rest) = lower.split_once('-')?;
                        let m = rest.split('-').next()?.trim_end_matches('s').to_string();
                        f.4.as_deref().is_some_and(|c| c.starts_with(m.as_str())).then_some(m)
                    })
                    .flatten();
                let tally = matches!(f.2, Unit::Count | Unit::Ordinal)
                    && f.4.as_deref().is_some_and(|c| {
                        c.split(' ')
                            .any(|w| lex.figures.tallies.iter().any(|t| w.starts_with(t.as_str())))
                    });
                // "46 other senators": all but someone.
                let after = doc.plain[plain.end..].trim_start();
                let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
                out.push(Figure {
                    measure,
                    tally,
                    hyphenated: written.contains('-'),
                    age: lower.ends_with("-old") || lower.contains("-old-"),
                    others: word.eq_ignore_ascii_case("other") || word.eq_ignore_ascii_case("others"),
                    plain,
                    src: doc.map.to_source(plain),
                    step,
                    value: f.1,
                    unit: f.2,
                    bound,
                    hedge: f.3,
                    part,
                    counted: f.4,
                    frame: Default::default(),
                });
                next_free = next;
            }
            None => next_free = i + 1,
        }
    }
    propagate_range_units(&mut out, &doc.plain);
    out
}

type Read = (Span, f64, Unit, Option<String>, Option<String>);

fn is_month(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    [
        "Jan",
        "January",
        "Feb",
        "February",
        "Mar",
        "March",
        "Apr",
        "April",
        "May",
        "Jun",
        "June",
        "Jul",
        "July",
        "Aug",
        "August",
        "Sep",
        "Sept",
        "September",
        "Oct",
        "October",
        "Nov",
        "November",
        "Dec",
        "December",
    ]
    .contains(&w)
}

fn read_figure(r: &Reader<'_, '_>, i: usize, text: &str) -> Option<(Read, usize)> {
    let toks = r.toks;
    let spec = r.spec;
    let t = &toks[i];
    // Hyphenated measures: "a 30-day truce", "a three-year term", "a
    // 12-page ruling", "her 6-year-old son". The thing measured is the
    // noun after it, with the measure word when it is not a time unit.
    if t.is_word()
        && memchr::memchr(b'-', t.text.as_bytes()).is_some()
        && let lower = t.text.to_lowercase()
        && r.number_word(&lower).is_none()
        && let Some((num, rest)) = lower.split_once('-')
        && let Some(v) = parse_digits(num).or_else(|| r.number_word(num))
    {
        let mut words = rest.split('-');
        let measure = words.next().unwrap_or("");
        if measure.len() < 3 || !measure.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let (unit, mut thing) = match spec.durations.get(measure) {
            Some(u) => (Unit::Duration(u.clone()), Vec::new()),
            None => (Unit::Count, vec![measure.trim_end_matches('s').to_string()]),
        };
        thing.extend(words.filter(|w| !w.is_empty()).map(str::to_string));
        if let Some(head) = counted_after(r, i + 1) {
            thing.push(head);
        }
        let (hedge, start) = hedge_before(r, i, text);
        return Some((
            (
                Span::new(start, t.span().end),
                v,
                unit,
                hedge,
                (!thing.is_empty()).then(|| thing.join(" ")),
            ),
            i + 1,
        ));
    }
    // Currency symbol before: "$2 billion".
    let mut currency = None;
    let mut at = i;
    if !t.is_word()
        && let Some(c) = spec.currencies.get(t.text)
    {
        currency = Some(c.clone());
        at = i + 1;
    } else if t.text == "US" && toks.get(i + 1).is_some_and(|n| n.text == "$") {
        currency = Some("USD".to_string());
        at = i + 2;
    }
    // Ordinals: "1st", "its fourth year".
    if currency.is_none() && t.is_word() {
        let lower = r.word(i).unwrap_or_default();
        let lower = lower.as_ref();
        let numeric_ordinal = lower.len() > 2
            && ["st", "nd", "rd", "th"].iter().any(|s| lower.ends_with(s))
            && parse_digits(&lower[..lower.len() - 2]).is_some();
        if numeric_ordinal || spec.ordinals.contains_key(lower) {
            let next = r.word(i + 1);
            let noun_ok = next.as_deref().is_some_and(|n| {
                spec.ordinal_nouns
                    .iter()
                    .any(|o| o == n || n.strip_suffix('s') == Some(o.as_str()))
            });
            let prev_month = i > 0 && is_month(toks[i - 1].text);
            if (numeric_ordinal && !prev_month) || (!numeric_ordinal && noun_ok) {
                let v = if numeric_ordinal {
                    parse_digits(&lower[..lower.len() - 2])?
                } else {
                    spec.ordinals[lower]
                };
                return Some(((t.span(), v, Unit::Ordinal, None, next.map(|n| n.into_owned())), i + 1));
            }
            return None;
        }
    }
    // "an hour and a half", "a year and a half".
    if currency.is_none()
        && matches!(r.word(i).as_deref(), Some("a" | "an" | "one"))
        && let Some(unit) = r.word(i + 1).and_then(|w| spec.durations.get(&*w).cloned())
    {
        if r.word(i + 2).as_deref() == Some("and")
            && r.word(i + 3).as_deref() == Some("a")
            && r.word(i + 4).as_deref() == Some("half")
        {
            let (hedge, start) = hedge_before(r, i, text);
            return Some((
                (
                    Span::new(start, toks[i + 4].span().end),
                    1.5,
                    Unit::Duration(unit),
                    hedge,
                    None,
                ),
                i + 5,
            ));
        }
        if r.word(i).as_deref() != Some("one") {
            return None;
        }
    }
    let (value, used, in_words) = r.number(at)?;
    let first = &toks[at];
    let last = &toks[at + used - 1];
    // Not figures: years, day numbers after a month, times, names, tallies.
    let lone_digits = !in_words && used == 1 && currency.is_none();
    if lone_digits {
        let raw = first.text;
        let next = toks.get(at + 1);
        let prev = at.checked_sub(1).map(|p| &toks[p]);
        let is_year = raw.len() == 4 && !raw.contains([',', '.']) && (1800.0..=2100.0).contains(&value);
        let unit_follows = next.is_some_and(|n| n.text == "%" || n.text.eq_ignore_ascii_case("percent"));
        if is_year && !unit_follows {
            return None;
        }
        if prev.is_some_and(|p| is_month(p.text))
            || (prev.is_some_and(|p| p.text == ".") && at >= 2 && is_month(toks[at - 2].text))
        {
            return None;
        }
        if next.is_some_and(|n| n.text == ":" && n.span().start == first.span().end) {
            return None; // 5:34
        }
        if prev.is_some_and(|p| p.text == ":" && p.span().end == first.span().start)
            && at >= 2
            && toks[at - 2].text.starts_with(|c: char| c.is_ascii_digit())
            && toks[at - 2].span().end == toks[at - 1].span().start
        {
            return None; // 6:33, a clock time or a duration
        }
        if next.is_some_and(|n| {
            let w = n.text.to_lowercase();
            w.starts_with("a.m") || w.starts_with("p.m") || w == "am" || w == "pm"
        }) {
            return None;
        }
        if prev.is_some_and(|p| p.span().end == first.span().start && (p.text == "-" || p.is_word())) {
            return None; // COVID-19, part of a word
        }
        let glued = |t: Option<&Tok<'_>>, at: usize| {
            t.is_some_and(|t| t.text == "/" && (t.span().start == at || t.span().end == at))
        };
        if glued(next, first.span().end) || glued(prev, first.span().start) {
            return None; // 9/11, 24/7, a date 3/14
        }
        let noun_follows = next.is_some_and(|n| n.is_lower() && !STOP.contains(&n.text.to_lowercase().as_str()));
        let named = prev.is_some_and(|p| p.is_capitalized() && at > 1 && !is_month(p.text))
            && !noun_follows
            && next.is_none_or(|n| n.text != "%");
        if named {
            return None; // "Local 19", "Title 42"
        }
        if next.is_some_and(|n| matches!(n.text, "-" | "–") && n.span().start == first.span().end)
            && toks.get(at + 2).is_some_and(|m| parse_digits(m.text).is_some())
        {
            return None; // a tally: "7-2"
        }
    }
    let mut end = last.span().end;
    let mut next = at + used;
    let mut unit = Unit::Count;
    if let Some(c) = currency {
        unit = Unit::Money(c);
    }
    // Units after the number.
    if let Some(n) = toks.get(next) {
        let w = n.text.to_lowercase();
        if n.text == "%" || w == "percent" {
            unit = Unit::Percent;
            end = n.span().end;
            next += 1;
        } else if w == "per" && r.word(next + 1).as_deref() == Some("cent") {
            unit = Unit::Percent;
            end = toks[next + 1].span().end;
            next += 2;
        } else if w == "percentage" && r.word(next + 1).is_some_and(|p| p.starts_with("point")) {
            unit = Unit::PercentagePoints;
            end = toks[next + 1].span().end;
            next += 2;
        } else if let Some(c) = spec.currencies.get(w.as_str()).filter(|_| n.is_word()) {
            unit = Unit::Money(c.clone());
            end = n.span().end;
            next += 1;
        } else if let Some(d) = spec.durations.get(w.as_str()).filter(|_| unit == Unit::Count) {
            unit = Unit::Duration(d.clone());
            end = n.span().end;
            next += 1;
            // "an hour and a half", "a year and a half"
            if r.word(next).as_deref() == Some("and")
                && r.word(next + 1).as_deref() == Some("a")
                && r.word(next + 2).as_deref() == Some("half")
            {
                let v = value + 0.5;
                end = toks[next + 2].span().end;
                let (hedge, start) = hedge_before(r, i, text);
                return Some(((Span::new(start, end), v, unit, hedge, None), next + 3));
            }
        }
    }
    // "an hour" alone is no figure worth reporting; "one hour" is.
    if in_words && value == 1.0 && matches!(unit, Unit::Count) {
        return None;
    }
    let counted = if matches!(unit, Unit::Count | Unit::Money(_)) {
        counted_after(r, next)
    } else {
        None
    };
    let (mut hedge, start) = hedge_before(r, i, text);
    // "a raise over three years": with a duration, "over" and "under" say
    // when, not how many.
    if matches!(unit, Unit::Duration(_)) && matches!(hedge.as_deref(), Some("over" | "under" | "some")) {
        hedge = None;
    }
    Some((
        (
            Span::new(start.min(toks[i].span().start), end),
            value,
            unit,
            hedge,
            counted,
        ),
        next,
    ))
}

/// A hedge right before token `i`: the hedge words and where they start.
fn hedge_before(r: &Reader<'_, '_>, i: usize, text: &str) -> (Option<String>, usize) {
    let start = r.toks[i].span().start;
    // Most figures have no hedge: look only when the word before can end one.
    let ends_hedge = i > 0
        && r.word(i - 1).is_some_and(|w| {
            // "denied-about one percent": the part after a hyphen counts.
            let last = w.rsplit(['-', '—', '–']).next().unwrap_or(&w);
            r.spec.hedge_ends.contains(last)
        });
    if !ends_hedge {
        return (None, start);
    }
    // Hedges are short: look at the last few words only.
    let mut from = start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let head = text[from..start].to_lowercase();
    let head = head.trim_end();
    let mut best: Option<&String> = None;
    for h in &r.spec.hedges {
        if head.ends_with(h.as_str()) {
            let at = head.len() - h.len();
            let boundary = at == 0 || !head[..at].ends_with(char::is_alphanumeric);
            if boundary && best.is_none_or(|b| h.len() > b.len()) {
                best = Some(h);
            }
        }
    }
    match best {
        // The hedge stays outside the figure's span: "nearly [three years]".
        Some(h) => (Some(h.clone()), start),
        None => (None, start),
    }
}

/// What is counted: the noun phrase after a number ("container ships").
fn counted_after(r: &Reader<'_, '_>, i: usize) -> Option<String> {
    let mut words = Vec::new();
    let mut k = i;
    // "the 19 Sept. 11 hijackers": a date naming the thing is part of it.
    if r.toks.get(k).is_some_and(|t| is_month(t.text)) {
        k += 1;
        if r.toks.get(k).is_some_and(|t| t.text == ".") {
            k += 1;
        }
        if r.toks.get(k).is_some_and(|t| parse_digits(t.text).is_some()) {
            k += 1;
        }
    }
    // "two of the officials": the officials (the figure is a part of them).
    if r.word(k).as_deref() == Some("of") {
        k += 1;
        if r.word(k).is_some_and(|w| DETERMINERS.contains(&w.as_ref())) {
            k += 1;
        }
        if r.toks.get(k).is_some_and(|t| parse_digits(t.text).is_some()) {
            return None; // "3 of its 4 boats": the whole is a figure of its own
        }
    }
    // "3 of its 4 boats": skip to the noun after "of".
    while let Some(t) = r.toks.get(k) {
        if !t.is_word() || words.len() == 3 {
            break;
        }
        let w = t.text.to_lowercase();
        if STOP.contains(&w.as_str()) || parse_digits(&w).is_some() || ADVERBS.contains(&w.as_str()) {
            break;
        }
        // After the first word, a verb form ends the noun phrase.
        if !words.is_empty() && (w.ends_with("ed") || w.ends_with("ing")) {
            break;
        }
        words.push(t.stem().to_lowercase());
        k += 1;
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// "from 2 to 5 percent": the first number takes the second's unit.
fn propagate_range_units(figs: &mut [Figure], plain: &str) {
    for k in 1..figs.len() {
        let (a, b) = figs.split_at_mut(k);
        let prev = &mut a[k - 1];
        let cur = &b[0];
        let between = plain
            .get(prev.plain.end..cur.plain.start)
            .unwrap_or("")
            .trim()
            .to_lowercase();
        if prev.unit == Unit::Count
            && cur.unit != Unit::Count
            && matches!(between.as_str(), "to" | "and" | "-" | "–" | "or")
        {
            prev.unit = cur.unit.clone();
            prev.counted = cur.counted.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::Ingest;
    use std::sync::Arc;

    /// Text, value, unit, hedge and counted words of each figure.
    type Seen = (String, f64, String, Option<String>, Option<String>);

    fn figs(text: &str) -> Vec<Seen> {
        let lex = Lexicon::builtin();
        let config = Config::default();
        let doc = Ingest::new(lex, &config).read_text(
            "t.txt",
            std::path::Path::new("t.txt"),
            Arc::from(text),
            &mut Vec::new(),
        );
        doc.blocks
            .iter()
            .flat_map(|b| block_figures(&doc, b, lex, &super::super::tokens::tokenize(b.plain.slice(&doc.plain))))
            .map(|f| {
                (
                    f.src.slice(&doc.source).to_string(),
                    f.value,
                    f.unit.name(),
                    f.hedge,
                    f.counted,
                )
            })
            .collect()
    }

    #[test]
    fn counts_money_percent() {
        let f = figs(
            "Headline here for the test\n\nAbout 2,400 dockworkers walked out, costing $310 million and 1.5 million gallons.",
        );
        assert_eq!(
            f[0],
            (
                "2,400 dockworkers".replace(" dockworkers", ""),
                2400.0,
                "count".into(),
                Some("about".into()),
                Some("dockworkers".into())
            )
        );
        assert_eq!(f[1].1, 310e6);
        assert_eq!(f[1].2, "money:USD");
        assert_eq!(f[2].1, 1.5e6);
        assert_eq!(f[2].4.as_deref(), Some("gallons"));
    }

    #[test]
    fn ranges_words_durations() {
        let f = figs("Headline here for the test\n\nIt rose from 2% to 5% of output in nearly three years.");
        assert_eq!(
            f.iter().map(|x| x.2.as_str()).collect::<Vec<_>>(),
            vec!["percent", "percent", "duration:year"]
        );
        assert_eq!(f[2].3.as_deref(), Some("nearly"));
        assert_eq!(f[2].1, 3.0);
        let f = figs(
            "Headline here for the test\n\nThey talked for an hour and a half about a 30-day truce from 2 to 5 percent.",
        );
        assert_eq!(f[0].1, 1.5);
        assert_eq!(f[0].2, "duration:hour");
        assert_eq!(f[1].2, "duration:day");
        assert_eq!(f[2].2, "percent");
        let f = figs(
            "Headline here for the test\n\nThe toll is approaching one million, north of 700,000 in its fourth year.",
        );
        assert_eq!(f[0].1, 1e6);
        assert_eq!(f[0].3.as_deref(), Some("approaching"));
        assert_eq!(f[1].3.as_deref(), Some("north of"));
        assert_eq!(f[2].2, "ordinal");
    }

    #[test]
    fn number_words() {
        let f = figs(
            "Headline here for the test\n\nSome seven hundred thousand people and a dozen buses came, one million in all, twenty-five of them late.",
        );
        let values: Vec<f64> = f.iter().map(|x| x.1).collect();
        assert_eq!(values, vec![700_000.0, 12.0, 1_000_000.0, 25.0], "{f:?}");
        assert_eq!(f[0].4.as_deref(), Some("people"));
        assert_eq!(f[1].4.as_deref(), Some("buses"));
    }

    #[test]
    fn hyphenated_measures_parts_and_precision() {
        let f = figs(
            "Headline here for the test\n\nThe judge issued a 12-page ruling about her 6-year-old son and a three-year term, twenty-five in all.",
        );
        let shown: Vec<(&str, f64, &str, Option<&str>)> = f
            .iter()
            .map(|x| (x.0.as_str(), x.1, x.2.as_str(), x.4.as_deref()))
            .collect();
        assert_eq!(shown[0], ("12-page", 12.0, "count", Some("page ruling")));
        assert_eq!(shown[1], ("6-year-old", 6.0, "duration:year", Some("old son")));
        assert_eq!(shown[2].1, 3.0);
        assert_eq!(shown[2].2, "duration:year");
        assert_eq!(shown[3].1, 25.0);
        assert_eq!(step_of("2.1 million", 2.1e6), 100_000.0);
        assert_eq!(step_of("520,000", 520_000.0), 10_000.0);
        assert_eq!(step_of("100", 100.0), 1.0);
        assert_eq!(step_of("three", 3.0), 1.0);
        assert!((step_of("31.55 percent", 31.55) - 0.01).abs() < 1e-12);
        let f = figs("Headline here for the test\n\nFifteen of the 19 Sept. 11 hijackers and two-dozen others.");
        assert_eq!(f[1].1, 19.0);
        assert_eq!(f[1].4.as_deref(), Some("hijackers"));
        assert_eq!(f[2].1, 24.0);
    }

    #[test]
    fn not_figures() {
        let f = figs(
            "Headline here for the test\n\nIn 2022 and on Feb. 12 at 5:34 p.m., Local 19 and COVID-19 won 7-2 before pre-2014 borders and 9/11 (a 6:33 clip).",
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
