//! Alignment: finds the statements that different articles share.
//!
//! Sentences are normalised ([`norm`]), indexed by content-word
//! shingles whose document frequency is inside the configured limits
//! (so boilerplate and stock phrases drop out), and each candidate pair
//! that shares a shingle is verified by a similarity model
//! ([`features`], [`model`]). Quotes are aligned separately on shared
//! word runs, so that a quote trimmed at either end meets its full
//! version. Documents linked by aligned statements form stories.

pub mod features;
pub mod index;
pub mod model;
pub mod norm;
mod prefetch;
pub mod stage;

use std::sync::OnceLock;

use serde::Deserialize;

use features::Profile;
pub use index::{Alignment, Pair, PairKind, Relation, Side, Stats, Story, align};
use model::Model;
use norm::{Norm, NormSpec, Normalizer};

const NORM: &str = include_str!("../../rules/lexicon/align.toml");
const WORDFREQ: &str = include_str!("../../rules/lexicon/wordfreq.tsv");
const MODEL: &str = include_str!("../../rules/lexicon/align-model.toml");

/// Aligned sentences share at least this many anchor words (content words
/// that are not masked numbers or dates, nor single letters).
pub const MIN_SHARED_CONTENT: usize = 2;

/// Share of their content words (Dice) two aligned sentences must have.
/// Raised from 0.25 to 0.35 after measuring: on 5,000 archive records it
/// leaves 0.13% of the aligned pairs out and spares the model 85% of its
/// candidates (2.5× faster end to end); labelled pairs lose 0.001 F1.
pub const MIN_CONTENT_DICE: f64 = 0.35;

/// Share of the longer statement's words (stop words included, repeats
/// counted) that the other must have: "pmin1", the lower of the two
/// unigram precisions. Measured before it was a rule, on 10,000 archive
/// records: 57% of the candidates the model scored were below 0.33, and it
/// aligned 13 of them (look-alikes) in 66,835 pairs; it aligned no labelled
/// pair below 0.35. Checked before a candidate is profiled, it spares the
/// model more than half its work.
pub const MIN_WORD_SHARE: f64 = 0.33;

/// How much the anchor words two aligned sentences share must say together
/// (their summed IDF; see [`features::Profile::shared_anchors`]). Measured
/// against brute force on 2,000 archive records: pairs the model aligns
/// on common words alone ("I think it'll be much more conventional." /
/// "I think it's going to be incredibly more difficult.") were two thirds
/// of the pairs the index did not propose; at 5.0, labelled news pairs
/// lose 0.002 F1 and accuracy.
pub const MIN_ANCHOR_IDF: f64 = 5.0;

/// ... unless they are most of what the shorter statement says: "The
/// union said 2,400 members voted." and "The union said 2,100 members
/// voted." share every anchor word, though few and common ones.
pub const ANCHOR_SHARE: f64 = 0.8;

/// The `[align]` table of crosscheck.toml.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignSpec {
    /// Score at or above which two sentences align (0..=1); default: the model's.
    pub threshold: Option<f64>,
    /// A model file replacing the shipped weights (relative to the config file).
    pub model: Option<String>,
    /// Shingles found in more documents than this are not used.
    pub max_df: Option<usize>,
    /// A text found in more documents of one outlet than this is that
    /// outlet's stock text (its byline lines, donation appeal, "about us"
    /// paragraph) and is not aligned; unset, no limit. On the 37,554-record
    /// archive, 10 leaves out 12,937 sentences, and the aligned pairs go
    /// from 539,161 to 316,279 (same-outlet from 319,613 to 113,670).
    pub outlet_max_df: Option<usize>,
    /// Sentences with fewer content words are not aligned.
    pub min_content_words: Option<usize>,
    /// Two sentences must share at least this Dice share of their content words (0..=1).
    pub min_content_dice: Option<f64>,
    /// The anchor words two sentences share must weigh at least this much (summed IDF).
    pub min_anchor_idf: Option<f64>,
    /// The shorter sentence must have at least this share of the longer one's words (0..=1).
    pub min_word_share: Option<f64>,
    /// Only pair documents published at most this many days apart (when both dates are known).
    pub window_days: Option<u32>,
    /// Also pair articles of the same outlet (reported as same-outlet reuse).
    pub same_outlet: Option<bool>,
    /// A quote pair needs at least this many shared words ...
    pub quote_min_words: Option<usize>,
    /// ... making up at least this share of the shorter quote (0..=1).
    pub quote_min_share: Option<f64>,
    /// Two documents join one story when they share this many aligned statements.
    pub story_min_pairs: Option<usize>,
}

/// Settings, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Settings {
    pub threshold: f64,
    pub max_df: usize,
    pub outlet_max_df: usize,
    pub min_content_words: usize,
    pub min_content_dice: f64,
    pub min_anchor_idf: f64,
    pub min_word_share: f64,
    pub window_days: Option<u32>,
    pub same_outlet: bool,
    pub quote_min_words: usize,
    pub quote_min_share: f64,
    pub story_min_pairs: usize,
}

/// Everything the aligner needs: word lists, background frequencies,
/// model and settings.
#[derive(Clone, Debug)]
pub struct Aligner {
    pub norm: Normalizer,
    pub model: Model,
    pub settings: Settings,
}

impl Aligner {
    /// The shipped aligner with default settings.
    pub fn builtin() -> &'static Aligner {
        static A: OnceLock<Aligner> = OnceLock::new();
        A.get_or_init(|| {
            Aligner::build(&AlignSpec::default(), None).expect("the shipped aligner data are valid (tested)")
        })
    }

    /// The shipped data with `spec` applied; `model` is the text of a
    /// replacement model file.
    pub fn build(spec: &AlignSpec, model: Option<&str>) -> Result<Aligner, String> {
        let ns: NormSpec = toml::from_str(NORM).map_err(|e| format!("rules/lexicon/align.toml: {e}"))?;
        let norm = Normalizer::new(&ns, WORDFREQ).map_err(|e| format!("rules/lexicon/wordfreq.tsv: {e}"))?;
        let model = match model {
            Some(text) => Model::parse(text)?,
            None => Model::parse(MODEL).map_err(|e| format!("rules/lexicon/align-model.toml: {e}"))?,
        };
        spec.check()?;
        let settings = Settings {
            threshold: spec.threshold.unwrap_or(model.threshold),
            max_df: spec.max_df.unwrap_or(100),
            outlet_max_df: spec.outlet_max_df.unwrap_or(usize::MAX),
            min_content_words: spec.min_content_words.unwrap_or(4),
            min_content_dice: spec.min_content_dice.unwrap_or(MIN_CONTENT_DICE),
            min_anchor_idf: spec.min_anchor_idf.unwrap_or(MIN_ANCHOR_IDF),
            min_word_share: spec.min_word_share.unwrap_or(MIN_WORD_SHARE),
            window_days: spec.window_days,
            same_outlet: spec.same_outlet.unwrap_or(true),
            quote_min_words: spec.quote_min_words.unwrap_or(5),
            quote_min_share: spec.quote_min_share.unwrap_or(0.6),
            story_min_pairs: spec.story_min_pairs.unwrap_or(2),
        };
        Ok(Aligner { norm, model, settings })
    }

    /// The model's score for two statements, and whether they align.
    pub fn judge_text(&self, a: &str, b: &str) -> (f64, bool) {
        let (pa, pb) = (
            self.profile(&self.norm.normalize(a)),
            self.profile(&self.norm.normalize(b)),
        );
        let (score, aligned, _) = self.judge(&pa, &pb);
        (score, aligned)
    }

    pub fn profile(&self, n: &Norm) -> Profile {
        Profile::new(n)
    }

    /// The model's score, the aligner's decision, and the features: a pair
    /// aligns when the score reaches the threshold and the two share at
    /// least two anchor words, `min_content_dice` of their content words and
    /// `min_word_share` of the longer one's words (the model was fitted on
    /// pairs that share words; the bounds keep it from extrapolating to
    /// short look-alikes that share one), and either two content words in
    /// a row or one word distinctive enough to say `min_anchor_idf` by
    /// itself (see [`Aligner::holds_together`]).
    pub fn judge(&self, a: &Profile, b: &Profile) -> (f64, bool, features::Features) {
        let f = features::features(a, b);
        let score = self.model.score(&f);
        let shared = a.shared_anchors(b);
        let aligned = score >= self.settings.threshold
            && shared.words >= MIN_SHARED_CONTENT
            && self.says_enough(shared.idf, a.anchor_idf(), b.anchor_idf())
            && self.holds_together(f[features::CBI] > 0.0, shared.strongest)
            && f[features::CDICE] >= self.settings.min_content_dice
            && f[features::PMIN1] >= self.settings.min_word_share;
        (score, aligned, f)
    }

    /// Whether what two statements share holds together: two content words
    /// in a row that both have (`run`: what the index keys on), or a shared
    /// word whose IDF (`strongest`) reaches `min_anchor_idf` by itself.
    /// Common words scattered through both ("did not respond … request …
    /// comment", "passed … bill … House") are how an archive's look-alikes
    /// resemble each other: the same kind of sentence about something else.
    pub fn holds_together(&self, run: bool, strongest: f64) -> bool {
        run || strongest >= self.settings.min_anchor_idf
    }

    /// Whether anchor words two statements share, of summed IDF `shared`,
    /// say enough: `min_anchor_idf`, or [`ANCHOR_SHARE`] of what the
    /// statement with less to say (`a`, `b`: their own anchor IDF) says.
    pub fn says_enough(&self, shared: f64, a: f64, b: f64) -> bool {
        shared >= self.settings.min_anchor_idf || shared >= ANCHOR_SHARE * a.min(b)
    }
}

impl AlignSpec {
    /// Checks the values the table sets (the defaults, and a model's own
    /// threshold, are valid), without loading the aligner's data.
    pub fn check(&self) -> Result<(), String> {
        let share = |name: &str, v: Option<f64>| match v {
            Some(x) if !(0.0..=1.0).contains(&x) => Err(format!("align.{name} {x} is outside 0..=1")),
            _ => Ok(()),
        };
        share("threshold", self.threshold)?;
        share("min_content_dice", self.min_content_dice)?;
        share("quote_min_share", self.quote_min_share)?;
        share("min_word_share", self.min_word_share)?;
        if let Some(x) = self.min_anchor_idf
            && !(x.is_finite() && x >= 0.0)
        {
            return Err(format!("align.min_anchor_idf {x} must be a number of at least 0"));
        }
        if let Some(m) = self.max_df
            && m < 2
        {
            return Err(format!("align.max_df {m} is below 2: nothing could align"));
        }
        if [
            self.quote_min_words,
            self.min_content_words,
            self.story_min_pairs,
            self.outlet_max_df,
        ]
        .contains(&Some(0))
        {
            return Err(
                "align.quote_min_words, min_content_words, story_min_pairs and outlet_max_df must be at least 1".into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_load() {
        let a = Aligner::builtin();
        assert!(a.settings.threshold > 0.0 && a.settings.threshold < 1.0);
    }

    #[test]
    fn look_alikes_sharing_only_numbers_or_one_word_do_not_align() {
        let a = Aligner::builtin();
        assert!(!a.judge_text("Updated at 10:05 a.m.", "UPDATE (5:05 p.m. PST):").1);
        assert!(
            !a.judge_text("By now, the story is well known.", "Here is the back story.")
                .1
        );
        let (score, aligned) = a.judge_text(
            "The council approved the harbor budget on Monday.",
            "On Tuesday the council approved the harbor budget.",
        );
        assert!(aligned, "{score}");
    }

    #[test]
    fn common_words_alone_do_not_align_but_a_short_statement_with_another_figure_does() {
        let a = Aligner::builtin();
        let (score, aligned) = a.judge_text(
            "I think it'll be much more conventional.",
            "I think it's going to be incredibly more difficult.",
        );
        assert!(!aligned, "{score}");
        let (score, aligned) = a.judge_text(
            "The union said 2,400 members voted.",
            "The union said 2,100 members voted.",
        );
        assert!(aligned, "{score}");
        // A figure given the same way by both counts as shared evidence.
        let with_figure = a
            .profile(&a.norm.normalize("The agency spent $114.3 million on relief."))
            .shared_anchors(&a.profile(&a.norm.normalize("Relief cost the agency $114.3 million.")));
        let without = a
            .profile(&a.norm.normalize("The agency spent $114.3 million on relief."))
            .shared_anchors(&a.profile(&a.norm.normalize("Relief cost the agency $90 million.")));
        assert_eq!(with_figure.words, without.words);
        assert!(with_figure.idf > without.idf, "{with_figure:?} {without:?}");
    }

    #[test]
    fn shared_words_must_hold_together_a_run_of_two_or_one_distinctive_word() {
        let a = Aligner::builtin();
        let judged = |x: &str, y: &str| {
            let (px, py) = (a.profile(&a.norm.normalize(x)), a.profile(&a.norm.normalize(y)));
            let (score, aligned, f) = a.judge(&px, &py);
            (score, aligned, f[features::CBI] > 0.0, px.shared_anchors(&py).strongest)
        };
        // The same kind of sentence about something else: "respond",
        // "request" and "comment" in both, never two in a row, none rare.
        let (score, aligned, run, strongest) = judged(
            "The agency did not respond to a written request for further comment.",
            "The mayor's office did not respond to an email request for comment.",
        );
        assert!(score >= a.settings.threshold && !run && strongest < a.settings.min_anchor_idf);
        assert!(!aligned, "{score}");
        // Two content words in a row ("respond … request", stop words
        // between them) are what the index finds a pair by.
        let (score, aligned, run, _) = judged(
            "The agency did not respond to a request for comment on Friday.",
            "A spokesman for the mayor did not respond to a request for further comment.",
        );
        assert!(run && aligned, "{score}");
        // Reordered, with no run in common, but sharing a distinctive word.
        let (score, aligned, run, strongest) = judged(
            "Lawmakers in Trenton approved the moratorium late Thursday.",
            "The moratorium was approved by Trenton lawmakers on Thursday.",
        );
        assert!(!run && strongest >= a.settings.min_anchor_idf);
        assert!(aligned, "{score}");
    }

    #[test]
    fn the_shorter_statement_must_have_a_share_of_the_longer_ones_words() {
        let (a, b) = (
            "The council approved the harbor budget on Monday.",
            "On Monday the city council narrowly approved the new harbor budget.",
        );
        let al = Aligner::builtin();
        let (pa, pb) = (al.profile(&al.norm.normalize(a)), al.profile(&al.norm.normalize(b)));
        // 8 of the longer statement's 11 words.
        let share = features::word_share(pa.stems_sorted(), pb.stems_sorted());
        assert!((share - 8.0 / 11.0).abs() < 1e-12, "{share}");
        let (_, aligned, f) = al.judge(&pa, &pb);
        assert!(aligned);
        assert_eq!(f[features::PMIN1], share);
        let strict = Aligner::build(
            &AlignSpec {
                min_word_share: Some(0.75),
                ..Default::default()
            },
            None,
        )
        .unwrap();
        assert!(!strict.judge(&pa, &pb).1);
    }

    #[test]
    fn bad_settings_are_refused() {
        let spec = AlignSpec {
            threshold: Some(1.5),
            ..Default::default()
        };
        assert!(Aligner::build(&spec, None).unwrap_err().contains("threshold"));
        let spec = AlignSpec {
            max_df: Some(1),
            ..Default::default()
        };
        assert!(Aligner::build(&spec, None).unwrap_err().contains("max_df"));
        let spec = AlignSpec {
            outlet_max_df: Some(0),
            ..Default::default()
        };
        assert!(Aligner::build(&spec, None).unwrap_err().contains("outlet_max_df"));
        let spec = AlignSpec {
            min_anchor_idf: Some(-1.0),
            ..Default::default()
        };
        assert!(Aligner::build(&spec, None).unwrap_err().contains("min_anchor_idf"));
        let spec = AlignSpec {
            min_word_share: Some(1.2),
            ..Default::default()
        };
        assert!(Aligner::build(&spec, None).unwrap_err().contains("min_word_share"));
    }
}
