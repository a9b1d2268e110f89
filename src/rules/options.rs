//! Each checker's options: the `[options]` table of a rule file, with
//! defaults, checked for unknown keys and sensible ranges.

use regex::Regex;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Kind, Severity};

/// Quote wording: the same quote, different words.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuoteWording {
    /// Words the two quotes must share, in runs (as the aligner's quote pairs).
    pub min_shared_words: usize,
    /// Share of the shorter quote (after trimming) the shared words cover;
    /// below it the quotes are different statements that share a phrase.
    pub min_shared_share: f64,
    /// Also compare quotes of two articles from the same outlet.
    pub same_outlet: bool,
    /// Compare articles published at most this many days apart (when both
    /// dates are known; 0: any distance). Coverage of one event is close in
    /// time; a stock sentence years apart is another event.
    pub window_days: u32,
    /// The severity, at most, of a finding whose changes are all minor: a
    /// function word ("to" / "of"), another form of one word ("pew" /
    /// "pews"), an interjection.
    pub minor_severity: Severity,
    /// Words whose change alone is minor (articles, prepositions,
    /// pronouns, auxiliaries, interjections).
    pub function_words: Vec<String>,
    /// Words whose presence on one side only always matters.
    pub negations: Vec<String>,
    /// Groups of spellings that are one wording ("gonna", "going to";
    /// "&", "and"; "Qaddafi", "Gadhafi"): a change from one to another is
    /// not reported.
    pub equivalents: Vec<Vec<String>>,
    /// Contraction endings and what they stand for (`["'s", "is", "has"]`):
    /// "he's" and "he is" are one wording.
    pub contractions: Vec<Vec<String>>,
    /// House spellings: endings written two ways (`["our", "or"]`): honour
    /// and honor are one word.
    pub spellings: Vec<[String; 2]>,
    /// Words a partial quote adapts to the reporter's sentence ("I" / "he",
    /// "will" / "would"): not reported when either quote is partial, nor is
    /// another form of one verb ("look" / "looks").
    pub reported_speech: Vec<Vec<String>>,
}

impl Default for QuoteWording {
    fn default() -> Self {
        QuoteWording {
            min_shared_words: 5,
            min_shared_share: 0.6,
            same_outlet: false,
            window_days: 7,
            minor_severity: Severity::Info,
            function_words: Vec::new(),
            negations: Vec::new(),
            equivalents: Vec::new(),
            contractions: Vec::new(),
            spellings: Vec::new(),
            reported_speech: Vec::new(),
        }
    }
}

/// Quote attribution: the same quote, given to different speakers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuoteAttribution {
    /// Words a quote needs to be compared (shorter ones are phrases anyone may use).
    pub min_words: usize,
    /// How a speaker may have been found for it to count: `explicit`,
    /// `pronoun`, `role`, `subject`, `previous-quote`.
    pub speaker_sources: Vec<String>,
    /// How the speaker of the quote reported as misattributed must have
    /// been found: the article's own words name someone else. A pronoun
    /// resolved to another person counts as support, not as a finding.
    pub minority_sources: Vec<String>,
    /// Shared words a quote needs when it is part of a longer quote (more
    /// than two words longer): fewer are a phrase two people may both say.
    pub min_words_contained: usize,
    /// Words changed inside the part two quotes share above which they are
    /// two statements that share a phrase, not one quote.
    pub max_changed_words: usize,
    /// Ways of finding a speaker that are sure enough for an error: a
    /// finding is at the rule's severity when the quote reported and one
    /// it disagrees with both had their speaker found so, else a warning.
    pub confident_sources: Vec<String>,
    /// Share of the shorter quote the two must have in common: below it
    /// they are different statements that share a phrase.
    pub min_shared_share: f64,
    /// Also compare quotes of two articles from the same outlet.
    pub same_outlet: bool,
    /// Compare articles published at most this many days apart (when both
    /// dates are known; 0: any distance). Coverage of one event is close in
    /// time; a stock sentence years apart is another event.
    pub window_days: u32,
}

impl Default for QuoteAttribution {
    fn default() -> Self {
        QuoteAttribution {
            min_words: 6,
            speaker_sources: vec!["explicit".into(), "pronoun".into(), "role".into()],
            minority_sources: vec!["explicit".into(), "role".into()],
            confident_sources: vec!["explicit".into(), "role".into()],
            min_words_contained: 8,
            max_changed_words: 2,
            min_shared_share: 0.8,
            same_outlet: true,
            window_days: 7,
        }
    }
}

/// Quote truncation: one outlet quotes less of the same statement.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuoteTruncation {
    /// Words that must be missing at the start or end.
    pub min_missing_words: usize,
    pub same_outlet: bool,
    /// Compare articles published at most this many days apart (when both
    /// dates are known; 0: any distance). Coverage of one event is close in
    /// time; a stock sentence years apart is another event.
    pub window_days: u32,
}

impl Default for QuoteTruncation {
    fn default() -> Self {
        QuoteTruncation {
            min_missing_words: 4,
            same_outlet: false,
            window_days: 7,
        }
    }
}

/// Figure mismatch: aligned statements give different figures.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FigureMismatch {
    /// Alignment score the two sentences need (quotes always count).
    pub min_score: f64,
    /// Figures within this share of the larger are equal (0.05 = 5%).
    pub relative_tolerance: f64,
    /// Figures within this absolute difference are equal.
    pub absolute_tolerance: f64,
    /// Extra relative tolerance when either figure is hedged ("about", "nearly").
    pub hedge_tolerance: f64,
    pub same_outlet: bool,
    /// Compare articles published at most this many days apart (when both
    /// dates are known; 0: any distance). Coverage of one event is close in
    /// time; a stock sentence years apart is another event.
    pub window_days: u32,
    /// Words each sentence needs: a short sentence ("Trump tweeted Monday
    /// morning.") says too little to be the same statement as another.
    pub min_words: usize,
    /// Also compare figures whose sentences are not aligned but whose
    /// frames match: the same thing counted, by the same people, in
    /// similar words (another outlet's paraphrase of the fact).
    pub frames: bool,
    /// How alike (0 to 1) two figures' frames must be to be one fact.
    pub min_similarity: f64,
    /// Figures matched by their frames alone that differ by more than this
    /// factor count different quantities ("3 years", "700,000 people"):
    /// a misreported figure is near the other. Aligned statements are
    /// compared whatever the factor (a slipped digit: 70,000 / 700,000).
    pub max_ratio: f64,
    /// Aligned statements (of any score) two articles need between them
    /// for their facts to be matched by frames: the aligner's sign that
    /// they tell of one event.
    pub min_pairs: usize,
    /// Figures matched by frames must also be of one kind of event (the
    /// verbs of their clauses: "killed" and "wounded" count two groups).
    pub same_event: bool,
    /// The severity, at most, of a finding whose values were matched by
    /// their frames alone (no aligned statements) in an archive: a lead
    /// to check.
    pub frames_severity: Severity,
    /// A folder given to crosscheck that holds at most this many articles
    /// (files, not the records of one JSONL file) is one event's
    /// coverage: its articles' facts are matched by frames whether or not
    /// the aligner paired their statements, and such findings keep the
    /// rule's severity. 0: no folder is taken as one event.
    pub event_folder: usize,
}

impl Default for FigureMismatch {
    fn default() -> Self {
        FigureMismatch {
            min_score: 0.6,
            relative_tolerance: 0.0,
            absolute_tolerance: 0.0,
            hedge_tolerance: 0.1,
            same_outlet: true,
            window_days: 3,
            min_words: 8,
            frames: true,
            min_similarity: 0.3,
            max_ratio: 2.0,
            min_pairs: 1,
            same_event: false,
            frames_severity: Severity::Info,
            event_folder: 12,
        }
    }
}

/// Date mismatch: aligned statements give different days.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DateMismatch {
    /// Alignment score the two sentences need: below it they may tell of
    /// two events on two days.
    pub min_score: f64,
    pub same_outlet: bool,
    /// Compare articles published at most this many days apart (when both
    /// dates are known; 0: any distance). Coverage of one event is close in
    /// time; a stock sentence years apart is another event.
    pub window_days: u32,
    /// Words each sentence needs: a short sentence ("Trump tweeted Monday
    /// morning.") says too little to be the same statement as another.
    pub min_words: usize,
    /// Also compare dates whose sentences are not aligned but whose frames
    /// match: the same event, by the same people, in similar words.
    pub frames: bool,
    /// How alike (0 to 1) two dates' frames must be to date one event.
    pub min_similarity: f64,
    /// The same when either clause tells of speech or of an event that
    /// recurs ("said Tuesday", "at a Monday meeting"): what was said or
    /// done must match more closely, as people speak and meet about one
    /// topic on many days.
    pub min_speech_similarity: f64,
    /// Aligned statements (of any score) two articles need between them
    /// for their facts to be matched by frames: the aligner's sign that
    /// they tell of one event.
    pub min_pairs: usize,
    /// The severity, at most, of a finding whose values were matched by
    /// their frames alone (no aligned statements) in an archive: a lead
    /// to check.
    pub frames_severity: Severity,
    /// A folder given to crosscheck that holds at most this many articles
    /// (files, not the records of one JSONL file) is one event's
    /// coverage: its articles' facts are matched by frames whether or not
    /// the aligner paired their statements, and such findings keep the
    /// rule's severity. 0: no folder is taken as one event.
    pub event_folder: usize,
}

impl Default for DateMismatch {
    fn default() -> Self {
        DateMismatch {
            min_score: 0.8,
            same_outlet: true,
            window_days: 3,
            min_words: 8,
            frames: true,
            min_similarity: 0.3,
            min_speech_similarity: 0.5,
            min_pairs: 1,
            frames_severity: Severity::Info,
            event_folder: 12,
        }
    }
}

/// Name variant: one person's name spelled two ways.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NameVariant {
    /// Spellings further apart than this many character edits are
    /// different names (Joe / Joseph), not variants.
    pub max_edits: usize,
    /// Report spellings that differ between outlets.
    pub across_outlets: bool,
    /// Report spellings that differ inside one article.
    pub within_article: bool,
    /// Names in bylines count too.
    pub bylines: bool,
    /// Letters with and without diacritics are the same ("Gascón" /
    /// "Gascon"): many systems strip accents.
    pub ignore_diacritics: bool,
    /// Articles the aligner did not put in one story are compared when
    /// they name the same people and were published at most this many
    /// days apart.
    pub window: u32,
    /// At most this many articles are joined by the people they name (the
    /// articles with most uncommon surnames in common first); a story the
    /// aligner found is kept whole.
    pub max_articles: usize,
    /// Spellings a desk accepts as one (house styles, transliterations):
    /// each list holds spellings of a given name or surname ("Zelensky",
    /// "Zelenskyy"), compared in lower case; two spellings of one list are
    /// never reported.
    pub accepted: Vec<Vec<String>>,
}

impl Default for NameVariant {
    fn default() -> Self {
        NameVariant {
            max_edits: 2,
            across_outlets: true,
            within_article: true,
            bylines: true,
            ignore_diacritics: true,
            window: 3,
            max_articles: 8,
            accepted: Vec::new(),
        }
    }
}

/// Where a house-style rule looks.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    /// All article text.
    #[default]
    All,
    /// Only inside quotes.
    Quotes,
    /// Only outside quotes (an outlet does not rewrite what people said).
    OutsideQuotes,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// The pattern must not appear.
    #[default]
    Forbid,
    /// Every article must contain the pattern.
    Require,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    pattern: String,
    #[serde(default)]
    mode: Mode,
    replacement: Option<String>,
    #[serde(default)]
    ignore_case: bool,
    #[serde(default)]
    within: Within,
}

/// A regular expression that must or must not appear.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub regex: Regex,
    pub mode: Mode,
    pub replacement: Option<String>,
    pub within: Within,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsistency {
    variants: Vec<String>,
    preferred: Option<String>,
    #[serde(default = "yes")]
    ignore_case: bool,
    #[serde(default)]
    within: Within,
}

fn yes() -> bool {
    true
}

/// Variants of one term: the corpus should use one.
#[derive(Clone, Debug)]
pub struct Consistency {
    pub variants: Vec<String>,
    /// One regex with a group per variant.
    pub regex: Regex,
    pub preferred: Option<usize>,
    pub within: Within,
}

/// A checker's options.
#[derive(Clone, Debug)]
pub enum Options {
    QuoteWording(QuoteWording),
    QuoteAttribution(QuoteAttribution),
    QuoteTruncation(QuoteTruncation),
    FigureMismatch(FigureMismatch),
    DateMismatch(DateMismatch),
    NameVariant(NameVariant),
    Pattern(Pattern),
    Consistency(Consistency),
}

/// An options error: the key it is about (when known) and the message.
pub type OptionError = (Option<String>, String);

fn de<T: DeserializeOwned>(table: toml::Table) -> Result<T, OptionError> {
    T::deserialize(table).map_err(|e| {
        let msg = e.message().trim().to_string();
        let key = msg
            .split('`')
            .nth(1)
            .filter(|_| msg.starts_with("unknown field") || msg.starts_with("missing field"))
            .map(str::to_string);
        (key, format!("[options]: {msg}"))
    })
}

fn check(ok: bool, key: &str, what: &str) -> Result<(), OptionError> {
    if ok {
        Ok(())
    } else {
        Err((Some(key.to_string()), format!("[options] {key} {what}")))
    }
}

fn share(x: f64, key: &str) -> Result<(), OptionError> {
    check((0.0..=1.0).contains(&x), key, "must be between 0 and 1")
}

fn size_limited(pattern: &str, ignore_case: bool, key: &str) -> Result<Regex, OptionError> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(ignore_case)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 22)
        .build()
        .map_err(|e| {
            (
                Some(key.to_string()),
                format!("[options] {key} is not a valid regex: {e}"),
            )
        })
}

impl Options {
    /// Reads and checks the options of a rule of `kind`.
    pub fn parse(kind: Kind, table: toml::Table) -> Result<Options, OptionError> {
        Ok(match kind {
            Kind::QuoteWording => {
                let o: QuoteWording = de(table)?;
                check(o.min_shared_words >= 2, "min_shared_words", "must be at least 2")?;
                share(o.min_shared_share, "min_shared_share")?;
                Options::QuoteWording(o)
            }
            Kind::QuoteAttribution => {
                let o: QuoteAttribution = de(table)?;
                check(o.min_words >= 1, "min_words", "must be at least 1")?;
                share(o.min_shared_share, "min_shared_share")?;
                for (key, list) in [
                    ("speaker_sources", &o.speaker_sources),
                    ("minority_sources", &o.minority_sources),
                    ("confident_sources", &o.confident_sources),
                ] {
                    for s in list {
                        check(
                            ["explicit", "pronoun", "role", "subject", "previous-quote"].contains(&s.as_str()),
                            key,
                            "takes explicit, pronoun, role, subject and previous-quote",
                        )?;
                    }
                }
                Options::QuoteAttribution(o)
            }
            Kind::QuoteTruncation => {
                let o: QuoteTruncation = de(table)?;
                check(o.min_missing_words >= 1, "min_missing_words", "must be at least 1")?;
                Options::QuoteTruncation(o)
            }
            Kind::FigureMismatch => {
                let o: FigureMismatch = de(table)?;
                share(o.min_score, "min_score")?;
                share(o.relative_tolerance, "relative_tolerance")?;
                share(o.hedge_tolerance, "hedge_tolerance")?;
                share(o.min_similarity, "min_similarity")?;
                check(
                    o.max_ratio >= 1.0 && o.max_ratio.is_finite(),
                    "max_ratio",
                    "must be a number of at least 1",
                )?;
                check(
                    o.absolute_tolerance >= 0.0 && o.absolute_tolerance.is_finite(),
                    "absolute_tolerance",
                    "must be a number of at least 0",
                )?;
                Options::FigureMismatch(o)
            }
            Kind::DateMismatch => {
                let o: DateMismatch = de(table)?;
                share(o.min_score, "min_score")?;
                share(o.min_similarity, "min_similarity")?;
                share(o.min_speech_similarity, "min_speech_similarity")?;
                Options::DateMismatch(o)
            }
            Kind::NameVariant => {
                let o: NameVariant = de(table)?;
                check((1..=5).contains(&o.max_edits), "max_edits", "must be from 1 to 5")?;
                check(o.max_articles >= 2, "max_articles", "must be at least 2")?;
                Options::NameVariant(o)
            }
            Kind::Pattern => {
                if !table.contains_key("pattern") {
                    return Err((
                        None,
                        "[options] pattern is missing: a pattern rule needs a regex".into(),
                    ));
                }
                let o: RawPattern = de(table)?;
                check(!o.pattern.is_empty(), "pattern", "is empty")?;
                let regex = size_limited(&o.pattern, o.ignore_case, "pattern")?;
                check(!regex.is_match(""), "pattern", "matches the empty string")?;
                Options::Pattern(Pattern {
                    regex,
                    mode: o.mode,
                    replacement: o.replacement,
                    within: o.within,
                })
            }
            Kind::Consistency => {
                if !table.contains_key("variants") {
                    return Err((None, "[options] variants is missing: list the term's spellings".into()));
                }
                let o: RawConsistency = de(table)?;
                check(o.variants.len() >= 2, "variants", "needs at least two spellings")?;
                check(
                    o.variants.iter().all(|v| !v.trim().is_empty()),
                    "variants",
                    "has an empty spelling",
                )?;
                let preferred = match &o.preferred {
                    Some(p) => Some(o.variants.iter().position(|v| v == p).ok_or_else(|| {
                        (
                            Some("preferred".to_string()),
                            format!("[options] preferred {p:?} is not one of the variants"),
                        )
                    })?),
                    None => None,
                };
                let alts: Vec<String> = o
                    .variants
                    .iter()
                    .map(|v| format!(r"(?-u:\b)({})(?-u:\b)", regex::escape(v)))
                    .collect();
                let regex = size_limited(&alts.join("|"), o.ignore_case, "variants")?;
                Options::Consistency(Consistency {
                    variants: o.variants,
                    regex,
                    preferred,
                    within: o.within,
                })
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(s: &str) -> toml::Table {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn defaults_and_ranges() {
        assert!(matches!(
            Options::parse(Kind::FigureMismatch, table("")),
            Ok(Options::FigureMismatch(_))
        ));
        let e = Options::parse(Kind::FigureMismatch, table("min_score = 3.0")).unwrap_err();
        assert_eq!(e.0.as_deref(), Some("min_score"));
        let e = Options::parse(Kind::DateMismatch, table("min_scor = 0.5")).unwrap_err();
        assert_eq!(e.0.as_deref(), Some("min_scor"));
        let e = Options::parse(Kind::Consistency, table("variants = ['a', 'b']\npreferred = 'c'")).unwrap_err();
        assert_eq!(e.0.as_deref(), Some("preferred"));
    }

    #[test]
    fn huge_regexes_are_refused() {
        let e = Options::parse(Kind::Pattern, table(r#"pattern = '\w{1000}\w{1000}\w{1000}'"#)).unwrap_err();
        assert_eq!(e.0.as_deref(), Some("pattern"), "{e:?}");
        let e = Options::parse(Kind::Pattern, table("pattern = 'a*'")).unwrap_err();
        assert!(e.1.contains("empty string"), "{e:?}");
    }
}
