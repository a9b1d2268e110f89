//! Word lists and maps that configure the built-in stages: outlets,
//! boilerplate markers, sentence segmentation, time zones. The shipped
//! files under `rules/lexicon/` are compiled in; `crosscheck.toml` can
//! extend them.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::document::LeftOut;
use crate::extract::figures::FigureSpec;
use crate::extract::lexicon::{PersonSpec, SpeechLexicon, SpeechSpec};
use crate::text::segment::SegmentLexicon;

const OUTLETS: &str = include_str!("../rules/lexicon/outlets.toml");
const BOILERPLATE: &str = include_str!("../rules/lexicon/boilerplate.toml");
const SEGMENT: &str = include_str!("../rules/lexicon/segment.toml");
const TIMEZONES: &str = include_str!("../rules/lexicon/timezones.toml");
const FIGURES: &str = include_str!("../rules/lexicon/figures.toml");

/// One outlet of the outlet map.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub name: String,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub publishers: Vec<String>,
    #[serde(default)]
    pub mastheads: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutletFile {
    #[serde(default)]
    pub outlet: Vec<Outlet>,
}

/// Boilerplate markers as written in the data file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateSpec {
    #[serde(default)]
    pub lines: Vec<String>,
    #[serde(default)]
    pub prefixes: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Furniture run into article paragraphs: a sentence that matches is
    /// left out (a scraped photo gallery's "Hide Caption 3 of 12 Photos: …").
    #[serde(default)]
    pub sentence_patterns: Vec<String>,
    /// Calls to action run into article paragraphs ("To watch the show
    /// live, click here."): a sentence that matches is left out as boilerplate.
    #[serde(default)]
    pub sentence_calls: Vec<String>,
    #[serde(default)]
    pub credit_agencies: Vec<String>,
    pub credit_max_words: Option<usize>,
    pub caption_max_words: Option<usize>,
    #[serde(default)]
    pub footer: Vec<String>,
    pub tag_max_words: Option<usize>,
    pub tag_min_items: Option<usize>,
    pub wrap_min_chars: Option<usize>,
    pub label_max_words: Option<usize>,
}

impl BoilerplateSpec {
    /// Adds `other`'s entries; its numbers replace ours.
    pub fn extend(&mut self, other: BoilerplateSpec) {
        self.lines.extend(other.lines);
        self.prefixes.extend(other.prefixes);
        self.patterns.extend(other.patterns);
        self.sentence_patterns.extend(other.sentence_patterns);
        self.sentence_calls.extend(other.sentence_calls);
        self.credit_agencies.extend(other.credit_agencies);
        self.footer.extend(other.footer);
        macro_rules! replace {
            ($($f:ident),*) => { $( if other.$f.is_some() { self.$f = other.$f; } )* };
        }
        replace!(
            credit_max_words,
            caption_max_words,
            tag_max_words,
            tag_min_items,
            wrap_min_chars,
            label_max_words
        );
    }
}

/// Makes `\\b` and `\\B` outside character classes ASCII word boundaries.
///
/// Furniture patterns run on every short block and every sentence. With
/// Unicode word boundaries the regex crate's lazy DFA gives up at the
/// first non-ASCII byte (a curly quote, a dash) and the slow PikeVM
/// scans the rest; an ASCII boundary keeps the whole search in the DFA
/// (about 6× faster on news paragraphs). Markers compare in ASCII anyway.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Nesting depth of character classes (`[a-z&&[^x]]`).
    let mut class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // `\\b{start}` and the like keep their own meaning.
                Some(e @ ('b' | 'B')) if class == 0 && chars.peek() != Some(&'{') => {
                    out.push_str("(?-u:\\");
                    out.push(e);
                    out.push(')');
                }
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' => {
                out.push('[');
                class += 1;
                // A `]` (after an optional `^`) first in a class is literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if class > 0 => {
                out.push(']');
                class -= 1;
            }
            _ => out.push(c),
        }
    }
    out
}

/// Compiled boilerplate markers.
#[derive(Clone, Debug)]
pub struct Boilerplate {
    lines: HashSet<String>,
    prefixes: Vec<String>,
    patterns: RegexSet,
    /// Apart, not a `RegexSet`: run on every sentence, a lone regex keeps
    /// its fast literal prefilter, which a set gives up (4× slower).
    sentence_patterns: Vec<Regex>,
    sentence_calls: Vec<Regex>,
    footer: HashSet<String>,
    credit: Regex,
    inline_credit: Regex,
    pub credit_max_words: usize,
    pub caption_max_words: usize,
    pub tag_max_words: usize,
    pub tag_min_items: usize,
    pub wrap_min_chars: usize,
    pub label_max_words: usize,
}

/// Blocks longer than this are never boilerplate by marker.
pub const MARKER_MAX_BYTES: usize = 400;

impl Boilerplate {
    pub fn compile(spec: &BoilerplateSpec) -> Result<Self, String> {
        let patterns = RegexSet::new(
            spec.patterns
                .iter()
                .map(|p| format!("(?i){}", ascii_word_boundaries(p))),
        )
        .map_err(|e| format!("boilerplate pattern: {e}"))?;
        let sentence_regexes = |patterns: &[String], what: &str| {
            patterns
                .iter()
                .map(|p| {
                    Regex::new(&format!("(?i){}", ascii_word_boundaries(p)))
                        .map_err(|e| format!("boilerplate {what}: {e}"))
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let sentence_patterns = sentence_regexes(&spec.sentence_patterns, "sentence pattern")?;
        let sentence_calls = sentence_regexes(&spec.sentence_calls, "sentence call")?;
        let agencies = spec
            .credit_agencies
            .iter()
            .map(|a| regex::escape(a))
            .collect::<Vec<_>>()
            .join("|");
        let credit = Regex::new(&ascii_word_boundaries(&format!(
            r"(?i)^(?:(?:photo|image|photograph|video)(?: by)?:?\s*)?[^.!?]*?(?:^|[/|·,]\s*|\bvia\s+|\bfor\s+|\()(?:{agencies})(?:\s+photo\b[^)]*)?\)?$"
        )))
        .map_err(|e| format!("credit agencies: {e}"))?;
        let inline_credit = Regex::new(&ascii_word_boundaries(&format!(
            r"(?i)\((?:(?:{agencies})\s+photo\b[^)]*|(?-i:[A-Z][A-Z.&' -]*\sPHOTO)\b[^)]*|(?:photo|image)(?: by|:)[^)]*|[^()]*/\s*(?:{agencies}))\)\s*$"
        )))
        .map_err(|e| format!("credit agencies: {e}"))?;
        Ok(Boilerplate {
            lines: spec.lines.iter().map(|l| l.trim().to_ascii_lowercase()).collect(),
            prefixes: spec.prefixes.iter().map(|p| p.to_ascii_lowercase()).collect(),
            patterns,
            sentence_patterns,
            sentence_calls,
            footer: spec.footer.iter().map(|l| l.trim().to_ascii_lowercase()).collect(),
            credit,
            inline_credit,
            credit_max_words: spec.credit_max_words.unwrap_or(12),
            caption_max_words: spec.caption_max_words.unwrap_or(70),
            tag_max_words: spec.tag_max_words.unwrap_or(4),
            tag_min_items: spec.tag_min_items.unwrap_or(2),
            wrap_min_chars: spec.wrap_min_chars.unwrap_or(50),
            label_max_words: spec.label_max_words.unwrap_or(5),
        })
    }

    /// Whether a block (trimmed, ASCII lower-cased) is a boilerplate marker.
    pub fn is_marker(&self, lower: &str) -> bool {
        self.lines.contains(lower)
            || self.prefixes.iter().any(|p| lower.starts_with(p.as_str()))
            || self.patterns.is_match(lower)
    }

    /// What a sentence of an article paragraph is, when it is furniture: a
    /// caption run into the text, or a call to action.
    pub fn furniture_sentence(&self, sentence: &str) -> Option<LeftOut> {
        if self.sentence_patterns.iter().any(|r| r.is_match(sentence)) {
            Some(LeftOut::Caption)
        } else if self.sentence_calls.iter().any(|r| r.is_match(sentence)) {
            Some(LeftOut::Boilerplate)
        } else {
            None
        }
    }

    /// Whether a block (trimmed, lower-cased) starts the page footer.
    pub fn is_footer(&self, lower: &str) -> bool {
        self.footer.contains(lower)
    }

    /// Whether a short block is a photo credit ("Jane Doe/AP").
    pub fn is_credit(&self, text: &str, words: usize) -> bool {
        words <= self.credit_max_words && self.credit.is_match(text)
    }

    /// Whether a block ends with a credit in brackets: a caption.
    pub fn has_inline_credit(&self, text: &str) -> bool {
        self.inline_credit.is_match(text)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneFile {
    zones: BTreeMap<String, String>,
}

/// Everything the ingest and segment stages read from data.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub segment: SegmentLexicon,
    pub outlets: OutletMap,
    pub boilerplate: Boilerplate,
    pub zones: BTreeMap<String, jiff::tz::TimeZone>,
    pub speech: SpeechLexicon,
    pub figures: FigureSpec,
    /// Verb forms and event classes, for fact frames.
    pub events: crate::extract::frames::EventLexicon,
}

/// Extensions from `crosscheck.toml`.
#[derive(Clone, Debug, Default)]
pub struct LexiconExtension {
    pub outlets: Vec<Outlet>,
    pub boilerplate: Option<BoilerplateSpec>,
    pub segment: Option<SegmentSpec>,
    pub speech: Option<SpeechSpec>,
    pub people: Vec<PersonSpec>,
    pub figures: Option<FigureSpec>,
    pub events: Option<crate::extract::frames::EventSpec>,
}

/// Segmentation word lists, as `rules/lexicon/segment.toml` and the
/// `[segment]` table of a config file write them.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentSpec {
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub months: Vec<String>,
    #[serde(default)]
    pub others: Vec<String>,
    #[serde(default)]
    pub starters: Vec<String>,
}

impl Lexicon {
    /// The shipped lexicon, parsed once.
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::build(&LexiconExtension::default()).expect("the shipped lexicon is valid (tested)"))
    }

    /// The shipped lexicon with `ext` added.
    pub fn build(ext: &LexiconExtension) -> Result<Lexicon, String> {
        let outlets: OutletFile = toml::from_str(OUTLETS).map_err(|e| format!("rules/lexicon/outlets.toml: {e}"))?;
        let mut bp: BoilerplateSpec =
            toml::from_str(BOILERPLATE).map_err(|e| format!("rules/lexicon/boilerplate.toml: {e}"))?;
        if let Some(more) = &ext.boilerplate {
            bp.extend(more.clone());
        }
        let seg: SegmentSpec = toml::from_str(SEGMENT).map_err(|e| format!("rules/lexicon/segment.toml: {e}"))?;
        let zones: ZoneFile = toml::from_str(TIMEZONES).map_err(|e| format!("rules/lexicon/timezones.toml: {e}"))?;
        let set = |v: &[String], more: Option<&Vec<String>>| -> HashSet<String> {
            v.iter().chain(more.into_iter().flatten()).cloned().collect()
        };
        let es = ext.segment.as_ref();
        let segment = SegmentLexicon {
            titles: set(&seg.titles, es.map(|s| &s.titles)),
            months: set(&seg.months, es.map(|s| &s.months)),
            others: set(&seg.others, es.map(|s| &s.others)),
            starters: set(&seg.starters, es.map(|s| &s.starters)),
        };
        let mut figures: FigureSpec =
            toml::from_str(FIGURES).map_err(|e| format!("rules/lexicon/figures.toml: {e}"))?;
        if let Some(more) = &ext.figures {
            figures.extend(more.clone());
        }
        figures.index();
        let mut zone_map = BTreeMap::new();
        for (abbr, name) in zones.zones {
            let tz = jiff::tz::TimeZone::get(&name).map_err(|e| format!("time zone {name}: {e}"))?;
            zone_map.insert(abbr, tz);
        }
        let mut list = outlets.outlet;
        for o in &ext.outlets {
            if let Some(existing) = list.iter_mut().find(|x| x.name == o.name) {
                *existing = o.clone();
            } else {
                list.push(o.clone());
            }
        }
        Ok(Lexicon {
            segment,
            outlets: OutletMap::new(list),
            boilerplate: Boilerplate::compile(&bp)?,
            zones: zone_map,
            speech: SpeechLexicon::build(ext.speech.as_ref(), &ext.people)?,
            figures,
            events: crate::extract::frames::EventLexicon::build(ext.events.as_ref())?,
        })
    }
}

/// Looks outlets up by domain, alias, masthead and publisher.
#[derive(Clone, Debug, Default)]
pub struct OutletMap {
    outlets: Vec<Outlet>,
    by_domain: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
    by_masthead: HashMap<String, usize>,
}

impl OutletMap {
    pub fn new(outlets: Vec<Outlet>) -> Self {
        let mut m = OutletMap {
            outlets,
            ..Default::default()
        };
        for (i, o) in m.outlets.iter().enumerate() {
            for d in &o.domains {
                m.by_domain.insert(d.to_lowercase(), i);
            }
            m.by_alias.insert(o.name.to_lowercase(), i);
            for a in &o.aliases {
                m.by_alias.insert(a.to_lowercase(), i);
            }
            for h in &o.mastheads {
                m.by_masthead.insert(h.to_ascii_lowercase(), i);
            }
        }
        m
    }

    /// The outlet that owns `host` or one of its parent domains.
    pub fn by_host(&self, host: &str) -> Option<&str> {
        let host = host.trim_end_matches('.').to_lowercase();
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return Some(&self.outlets[i].name);
            }
            match h.find('.') {
                Some(dot) => h = &h[dot + 1..],
                None => return None,
            }
        }
    }

    /// The outlet whose URL this is.
    pub fn by_url(&self, url: &str) -> Option<&str> {
        host_of(url).and_then(|h| self.by_host(h))
    }

    /// The outlet known by this name or alias (case-insensitive).
    pub fn by_alias(&self, name: &str) -> Option<&str> {
        self.by_alias
            .get(&name.trim().to_lowercase())
            .map(|&i| self.outlets[i].name.as_str())
    }

    /// The outlet whose masthead line this is (lower-cased, trimmed).
    pub fn by_masthead(&self, lower: &str) -> Option<&str> {
        self.by_masthead.get(lower).map(|&i| self.outlets[i].name.as_str())
    }

    /// The outlet whose publisher a copyright line names.
    pub fn by_publisher_in(&self, line: &str) -> Option<&str> {
        let lower = line.to_lowercase();
        self.outlets
            .iter()
            .find(|o| o.publishers.iter().any(|p| lower.contains(&p.to_lowercase())))
            .map(|o| o.name.as_str())
    }

    /// The canonical name for an outlet written in a record or front
    /// matter: the map's name when it knows the alias, else as written.
    pub fn canonical(&self, name: &str) -> String {
        self.by_alias(name)
            .map_or_else(|| name.trim().to_string(), str::to_string)
    }
}

/// The host part of an http(s) URL.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads() {
        let lex = Lexicon::builtin();
        assert!(lex.segment.titles.contains("Sen"));
        assert_eq!(lex.outlets.by_url("https://thehill.com/homenews/x/"), Some("The Hill"));
        assert_eq!(lex.outlets.by_host("www.npr.org"), Some("NPR"));
        assert_eq!(lex.outlets.by_host("news.bbc.co.uk"), Some("BBC News"));
        assert_eq!(lex.outlets.by_alias("thehill"), Some("The Hill"));
        assert_eq!(lex.outlets.by_masthead("the independent uk"), Some("The Independent"));
        assert_eq!(
            lex.outlets
                .by_publisher_in("Copyright 2025 Nexstar Media Inc. All rights reserved."),
            Some("The Hill")
        );
        assert!(lex.zones.contains_key("ET"));
        assert!(lex.figures.hedges.iter().any(|h| h == "north of"));
        assert!(lex.figures.ordinal_nouns.iter().any(|h| h == "year"));
        assert_eq!(lex.figures.ordinals.get("fourth"), Some(&4.0));
        assert_eq!(lex.figures.scales.get("million"), Some(&1e6));
    }

    #[test]
    fn boilerplate_markers() {
        let bp = &Lexicon::builtin().boilerplate;
        assert!(bp.is_marker("advertisement"));
        assert!(bp.is_marker("get all your news in one place."));
        assert!(
            bp.is_marker("copyright 2025 nexstar media inc. all rights reserved. this material may not be published.")
        );
        assert!(!bp.is_marker("the senate voted on tuesday."));
        assert!(bp.is_marker("follow jane doe on twitter: @janedoe"));
        assert!(bp.is_marker("follow us on facebook and x."));
        assert!(bp.is_marker("the wire service contributed to this report."));
        assert!(bp.is_marker("reporting by jane doe; editing by john roe"));
        assert!(bp.is_marker("must watch what the ceasefire talks mean 04:02"));
        assert!(bp.is_marker(
            "just watched what the ceasefire talks mean replay more videos ... must watch what the ceasefire talks mean 04:02"
        ));
        assert!(!bp.is_marker("follow the money, the senator said on twitter."));
        assert!(!bp.is_marker("she said the union contributed to the campaign of the mayor, who won."));
        assert!(!bp.is_marker("watch what happens when the vote is held on friday."));
        assert!(bp.is_marker("just watched what the ceasefire talks mean replay more videos ..."));
        assert!(bp.is_marker("hide caption 3 of 12"));
        // A long contributor list (more than 120 characters before the verb).
        assert!(bp.is_marker(
            "associated press writers jane doe and john roe in washington, ann smith in london, \
             bo chan in hong kong, and ed park in seoul, south korea, contributed to this report."
        ));
        assert!(!bp.is_marker("she contributed to this report. then she left the paper for good."));
        assert_eq!(
            bp.furniture_sentence("Hide Caption 3 of 12 Photos: The harbor strike Pickets at the gate at dawn."),
            Some(LeftOut::Caption)
        );
        assert_eq!(
            bp.furniture_sentence("Pickets at the gate. Show caption 12 of 12"),
            Some(LeftOut::Caption)
        );
        assert_eq!(
            bp.furniture_sentence("The caption of photo 3 of 12 was wrong, the editor said."),
            None
        );
        assert_eq!(
            bp.furniture_sentence("They voted to hide the caption on 3 of 12 images."),
            None
        );
        assert_eq!(
            bp.furniture_sentence("To watch the hearing live online at 10 a.m. ET, click here."),
            Some(LeftOut::Boilerplate)
        );
        assert_eq!(
            bp.furniture_sentence("Click Here to get our app on your phone"),
            Some(LeftOut::Boilerplate)
        );
        assert_eq!(
            bp.furniture_sentence("Hide Caption 3 of 12 Photos: Pickets."),
            Some(LeftOut::Caption)
        );
        assert_eq!(
            bp.furniture_sentence("Voters were told to click here to check their polling place, and many did."),
            None
        );
        assert!(bp.is_marker("( also on the daily ledger: senate passes budget)"));
        assert!(!bp.is_marker("also on tuesday, the senate passed the budget: 51 to 49."));
        assert!(bp.is_marker("click here to read more from jane doe"));
        assert!(bp.is_marker("click here for the poll results."));
        assert!(!bp.is_marker("click here to read more. the senate voted on tuesday to pass the bill."));
        assert!(!bp.is_marker("\"click here for details,\" the message said, and thousands did."));
        assert!(bp.is_footer("leave a reply"));
        assert!(bp.is_credit("Evgeniy Maloletka/AP", 2));
        assert!(bp.is_credit("Omar Havana/AP", 2));
        assert!(bp.is_credit("Getty Images", 2));
        assert!(!bp.is_credit("He met the AP", 4));
        assert!(!bp.is_credit("The talks went on.", 4));
        assert!(bp.has_inline_credit(
            "Volodymyr Zelensky listening to JD Vance (AFP PHOTO / UKRAINIAN PRESIDENTIAL PRESS SER)"
        ));
        assert!(bp.has_inline_credit("Farmers inspect a canal (COURIER PHOTO / DANA KIM)"));
        assert!(!bp.has_inline_credit("He spoke (in Kyiv)"));
        assert!(!bp.has_inline_credit("He met the staff (NATO officials)"));
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://www.example.com:8080/a?b"), Some("example.com"));
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(
            ascii_word_boundaries(r"^copyright\b.{0,9}"),
            r"^copyright(?-u:\b).{0,9}"
        );
        assert_eq!(ascii_word_boundaries(r"\Bx\\b[\b\]]\b"), r"(?-u:\B)x\\b[\b\]](?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"[]b\b][^]\b]\b"), r"[]b\b][^]\b](?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"[a-z&&[^x]]\b"), r"[a-z&&[^x]](?-u:\b)");
        assert_eq!(ascii_word_boundaries(r"\b{start}x\b{end}"), r"\b{start}x\b{end}");
        assert_eq!(ascii_word_boundaries("’s\\"), "’s\\");
        // A curly quote is a non-word character either way.
        let r = Regex::new(&ascii_word_boundaries(r"(?i)\bsaid\b")).unwrap();
        assert!(r.is_match("“No,” SAID the senator’s aide"));
        assert!(!r.is_match("unsaid"));
    }

    /// Pieces of regex syntax, including classes, escapes and boundaries.
    const PIECES: &[&str] = &[
        r"\b",
        r"\B",
        "a",
        "b",
        " ",
        ".",
        "[",
        "]",
        "^",
        "-",
        "&&",
        r"\",
        "(",
        ")",
        "?",
        "*",
        "{2}",
        "|",
        r"\d",
        r"\w",
        "[a-c]",
        "[^.!?]",
        "[[:alpha:]]",
        "{start}",
        "é",
        "’",
    ];

    proptest::proptest! {
        /// The rewrite keeps a pattern valid, and on ASCII text it matches
        /// exactly where the original does.
        #[test]
        fn ascii_boundaries_keep_valid_patterns_and_ascii_matches(
            picks in proptest::collection::vec(0..PIECES.len(), 0..12),
            hay in "[ a-c.!?_1é’]{0,24}",
        ) {
            let pattern: String = picks.iter().map(|&i| PIECES[i]).collect();
            let rewritten = ascii_word_boundaries(&pattern);
            if let Ok(original) = Regex::new(&pattern) {
                let ascii = Regex::new(&rewritten);
                proptest::prop_assert!(ascii.is_ok(), "{pattern:?} -> {rewritten:?}: {:?}", ascii.err());
                let hay_ascii: String = hay.chars().filter(char::is_ascii).collect();
                proptest::prop_assert_eq!(
                    original.is_match(&hay_ascii),
                    ascii.unwrap().is_match(&hay_ascii),
                    "{:?} -> {:?} on {:?}", pattern, rewritten, hay_ascii
                );
            } else {
                proptest::prop_assert!(Regex::new(&rewritten).is_err(), "{pattern:?} -> {rewritten:?}");
            }
        }
    }
}
