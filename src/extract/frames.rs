//! What a figure or a date is a fact about: its frame. The clause it sits
//! in, the thing it counts or measures, the people and organisations of
//! that clause, and the event the clause tells (its verb, or a noun naming
//! the act, by lemma and by class). Two outlets' facts are compared when
//! their frames agree, however each words the sentence.
//!
//! The verb forms come from `rules/lexicon/verbs.tsv` (derived from
//! WordNet by `tools/make_verbs.py`), the classes from
//! `rules/lexicon/events.toml`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::people::People;
use crate::document::Document;
use crate::text::Span;

const VERBS: &str = include_str!("../../rules/lexicon/verbs.tsv");
const EVENTS: &str = include_str!("../../rules/lexicon/events.toml");

/// The event classes as written in `rules/lexicon/events.toml` and under
/// `[events]` in crosscheck.toml.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    #[serde(default)]
    pub speech: Vec<String>,
    #[serde(default)]
    pub light: Vec<String>,
    /// Classes of events that recur day after day.
    #[serde(default)]
    pub recurring: Vec<String>,
    /// Words that look like verb forms but name no event ("evening").
    #[serde(default)]
    pub not_events: Vec<String>,
    /// Words that go with a date and say nothing of what happened then
    /// ("morning", "late"): not counted when comparing two facts' words.
    #[serde(default)]
    pub date_words: Vec<String>,
    /// Verbs that tell what is expected, not what happened ("expect",
    /// "forecast"): a figure they govern is a forecast.
    #[serde(default)]
    pub forecast: Vec<String>,
    /// Days named after a weekday ("Super Tuesday", "Bloody Sunday"):
    /// names, not dates.
    #[serde(default)]
    pub named_days: Vec<String>,
    #[serde(default)]
    pub classes: std::collections::BTreeMap<String, Vec<String>>,
}

impl EventSpec {
    pub fn extend(&mut self, o: EventSpec) {
        self.speech.extend(o.speech);
        self.light.extend(o.light);
        self.recurring.extend(o.recurring);
        self.not_events.extend(o.not_events);
        self.date_words.extend(o.date_words);
        self.forecast.extend(o.forecast);
        self.named_days.extend(o.named_days);
        for (k, v) in o.classes {
            self.classes.entry(k).or_default().extend(v);
        }
    }
}

/// A verb form's lemma and whether the form is a noun naming the act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Form {
    pub lemma: u32,
    pub noun: bool,
}

/// Verb forms, their lemmas and the lemmas' event classes.
#[derive(Clone, Debug, Default)]
pub struct EventLexicon {
    forms: FxHashMap<String, Form>,
    lemmas: Vec<String>,
    /// Per lemma, its classes (indices into `classes`).
    class_of: Vec<Vec<u16>>,
    pub classes: Vec<String>,
    speech: FxHashSet<u32>,
    light: FxHashSet<u32>,
    recurring: FxHashSet<u32>,
    not_events: FxHashSet<String>,
    date_words: FxHashSet<String>,
    forecast: FxHashSet<u32>,
    named_days: FxHashSet<String>,
}

impl EventLexicon {
    /// The shipped tables with `ext` added.
    pub fn build(ext: Option<&EventSpec>) -> Result<EventLexicon, String> {
        let mut spec: EventSpec = toml::from_str(EVENTS).map_err(|e| format!("rules/lexicon/events.toml: {e}"))?;
        if let Some(more) = ext {
            spec.extend(more.clone());
        }
        let mut lex = EventLexicon::default();
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        for (i, line) in VERBS.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(form), Some(lemma), Some(part)) = (cols.next(), cols.next(), cols.next()) else {
                return Err(format!(
                    "rules/lexicon/verbs.tsv line {}: expected FORM<TAB>VERB<TAB>PART",
                    i + 1
                ));
            };
            let id = lex.lemma_id(&mut ids, lemma);
            lex.forms.insert(
                form.to_string(),
                Form {
                    lemma: id,
                    noun: part == "n",
                },
            );
        }
        // A class may name a verb the table lacks: it stands for itself.
        for (ci, (name, verbs)) in spec.classes.iter().enumerate() {
            lex.classes.push(name.clone());
            for v in verbs {
                let id = lex.lemma_id(&mut ids, &v.to_lowercase());
                lex.forms
                    .entry(v.to_lowercase())
                    .or_insert(Form { lemma: id, noun: false });
                let cs = &mut lex.class_of[id as usize];
                if !cs.contains(&(ci as u16)) {
                    cs.push(ci as u16);
                }
            }
        }
        for v in &spec.speech {
            let id = lex.lemma_id(&mut ids, &v.to_lowercase());
            lex.speech.insert(id);
        }
        lex.not_events = spec.not_events.iter().map(|w| w.to_lowercase()).collect();
        lex.date_words = spec.date_words.iter().map(|w| w.to_lowercase()).collect();
        lex.named_days = spec.named_days.iter().map(|w| w.to_lowercase()).collect();
        for v in &spec.forecast {
            let id = lex.lemma_id(&mut ids, &v.to_lowercase());
            lex.forecast.insert(id);
        }
        for (ci, name) in lex.classes.iter().enumerate() {
            if spec.recurring.contains(name) {
                for (id, cs) in lex.class_of.iter().enumerate() {
                    if cs.contains(&(ci as u16)) {
                        lex.recurring.insert(id as u32);
                    }
                }
            }
        }
        for v in &spec.light {
            let id = lex.lemma_id(&mut ids, &v.to_lowercase());
            lex.light.insert(id);
        }
        Ok(lex)
    }

    fn lemma_id(&mut self, ids: &mut FxHashMap<String, u32>, lemma: &str) -> u32 {
        if let Some(&id) = ids.get(lemma) {
            return id;
        }
        let id = self.lemmas.len() as u32;
        self.lemmas.push(lemma.to_string());
        self.class_of.push(Vec::new());
        ids.insert(lemma.to_string(), id);
        id
    }

    /// The verb a lower-case word is a form of.
    pub fn form(&self, lower: &str) -> Option<Form> {
        self.forms.get(lower).copied()
    }

    pub fn lemma(&self, id: u32) -> &str {
        &self.lemmas[id as usize]
    }

    /// The classes of a lemma.
    pub fn classes_of(&self, id: u32) -> &[u16] {
        &self.class_of[id as usize]
    }

    /// Whether the lemma only reports speech ("say", "tell").
    pub fn is_speech(&self, id: u32) -> bool {
        self.speech.contains(&id)
    }

    /// Whether a lower-case word only looks like a verb form ("evening").
    pub fn is_not_event(&self, lower: &str) -> bool {
        self.not_events.contains(lower)
    }

    /// Whether the lemma is of a class of events that recur ("say", "meet").
    pub fn is_recurring(&self, id: u32) -> bool {
        self.recurring.contains(&id)
    }

    /// Whether a lower-case word only goes with a date ("morning").
    pub fn is_date_word(&self, lower: &str) -> bool {
        self.date_words.contains(lower)
    }

    /// Whether a lower-case word is a form of a verb of expectation
    /// ("expected", "forecast", "estimates").
    pub fn is_forecast_word(&self, lower: &str) -> bool {
        self.form(lower).is_some_and(|f| self.forecast.contains(&f.lemma))
    }

    /// Whether the lower-case word before a weekday makes it a day's name
    /// ("super" + "tuesday").
    pub fn is_named_day(&self, before: &str, weekday: &str) -> bool {
        !self.named_days.is_empty() && self.named_days.contains(&format!("{before} {weekday}"))
    }

    /// Whether the lemma carries little meaning of its own ("make", "take").
    pub fn is_light(&self, id: u32) -> bool {
        self.light.contains(&id)
    }
}

/// The event a clause tells: its verb's lemma and classes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Event {
    pub lemma: String,
    #[serde(skip)]
    pub id: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// The verb only reports speech.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub speech: bool,
    /// Of a kind that recurs day after day (speaking, meeting).
    #[serde(skip)]
    pub recurring: bool,
    /// A verb of little meaning of its own ("be", "get").
    #[serde(skip)]
    pub light: bool,
    /// Told as to come ("will endorse", "plans to resign").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub future: bool,
    /// Told as to come or as may be ("would cut", "could be diverted",
    /// "to divert"): not what happened.
    #[serde(skip)]
    pub unrealized: bool,
    /// At most three words from the fact: the verb the fact is the
    /// subject or object of, not one of a clause it sits far inside.
    #[serde(skip)]
    pub near: bool,
}

/// What a fact is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Frame {
    /// The sentence (index into the document's sentences).
    #[serde(skip)]
    pub sentence: usize,
    /// The clause around the fact, in plain-text offsets.
    #[serde(skip)]
    pub clause: Span,
    /// What a figure counts or measures ("page ruling", "dockworkers").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thing: Option<String>,
    /// People and organisations named in the clause (by the people
    /// index's key).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
    /// Those of the whole sentence: who spoke, when the clause only says
    /// what ("Schumer, D-N.Y., said Sunday …").
    #[serde(skip)]
    pub people: Vec<String>,
    /// The events the clause tells (its verbs and act nouns), the one the
    /// fact is most likely about first: what happened before speech about
    /// it, a sure verb before a word that may be a noun, then the nearest;
    /// light verbs ("make", "take") only when there is no other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// The clause tells what is expected, not what happened ("economists
    /// expected 160,000 jobs"): its figure is a forecast.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub forecast: bool,
}

/// Words after which a verb form is a noun or an adjective.
const NOUN_CUES: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those", "of", "in", "on",
    "at", "for", "with", "by", "from", "into", "about", "some", "any", "no", "each", "every",
];

/// Words before a verb (within two words): auxiliaries, modals, "to".
const VERB_CUES: &[&str] = &[
    "to", "will", "would", "could", "can", "may", "might", "must", "should", "shall", "did", "does", "do", "has",
    "have", "had", "is", "are", "was", "were", "be", "been", "being", "won't", "didn't", "doesn't", "he", "she",
    "they", "we", "i", "who", "it",
];

/// Words before a verb that put it in the future ("will endorse", "plans
/// to resign").
const FUTURE_CUES: &[&str] = &["will", "would", "to", "'ll", "’ll", "shall"];

/// Modal verbs: what they govern may be, not what was ("could be
/// diverted", "can get 100 votes").
const MODAL_CUES: &[&str] = &["could", "can", "may", "might", "should", "must"];

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "after", "before", "because", "although",
    "though", "if", "since", "until", "unless", "whether",
];

/// Words that join two clauses of one sentence.
const COORDINATORS: &[&str] = &["and", "but", "or", "while", "plus"];

/// Subordinators that put the clause after them at another time.
const TEMPORAL: &[&str] = &["after", "before", "since", "until"];

/// Characters that end a clause.
pub fn is_clause_boundary(c: char) -> bool {
    matches!(c, ',' | ';' | '—' | '–' | ':' | '(' | ')')
}

/// The clause of `text` around `[at, end)`: between the nearest
/// boundaries; a short introductory clause ("On Monday,") takes the
/// clause after it, and a short trailing one ("…, officials said Friday")
/// the clause before it.
pub fn clause_of(text: &str, at: usize, end: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let end = end.clamp(at, text.len());
    // The boundary before a place: where it is and what it is.
    let boundary_before = |pos: usize| text[..pos].char_indices().rev().find(|&(_, c)| is_clause_boundary(c));
    let next_boundary = |from: usize| {
        text[from..]
            .char_indices()
            .find(|&(_, c)| is_clause_boundary(c))
            .map(|(i, _)| from + i)
    };
    let opening = boundary_before(at);
    let mut begin = opening.map_or(0, |(i, c)| i + c.len_utf8());
    let mut stop = next_boundary(end).unwrap_or(text.len());
    // In brackets ("Palin (12 percent)"): with the words before them.
    if let Some((i, '(')) = opening
        && text[stop..].starts_with(')')
    {
        let before = boundary_before(i).map_or(0, |(j, c)| j + c.len_utf8());
        return (before, stop + 1);
    }
    let words = |a: usize, b: usize| text[a..b].split_whitespace().count();
    // A short clause is part of its neighbour: at the start of the
    // sentence the one after ("On Monday, the board voted"), elsewhere the
    // one before ("the bill passed — on Friday —", "…, officials said
    // Tuesday").
    let extend_back = |begin: usize| match opening {
        Some((i, _)) => boundary_before(i).map_or(0, |(j, c)| j + c.len_utf8()),
        None => begin,
    };
    let extend_forward = |stop: usize| {
        if stop < text.len() {
            let after = stop + text[stop..].chars().next().map_or(1, char::len_utf8);
            next_boundary(after).unwrap_or(text.len())
        } else {
            stop
        }
    };
    if words(begin, stop) <= 3 {
        if opening.is_none() {
            stop = extend_forward(stop);
        } else {
            begin = extend_back(begin);
            if words(begin, stop) <= 3 {
                stop = extend_forward(stop);
            }
        }
    }
    (begin, stop)
}

/// Words of a clause, lower-cased, with their plain offsets and whether
/// they were written capitalised.
fn words(text: &str, base: usize) -> Vec<(usize, usize, String, bool)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let in_word = c.is_alphanumeric() || (start.is_some() && (c == '\'' || c == '’' || c == '-'));
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = text[s..i].trim_end_matches(['\'', '’', '-']);
                if !w.is_empty() {
                    let cap = w.starts_with(char::is_uppercase);
                    out.push((base + s, base + s + w.len(), w.to_lowercase(), cap));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The frame of a fact at plain span `fact` of `doc`. `thing`: what a
/// figure counts, when known.
pub fn frame(
    doc: &Document,
    people: &People,
    events: &EventLexicon,
    fact: Span,
    thing: Option<String>,
    figure: bool,
) -> Frame {
    let si = doc
        .sentences
        .partition_point(|s| s.plain.end <= fact.start)
        .min(doc.sentences.len().saturating_sub(1));
    let Some(s) = doc.sentences.get(si) else {
        return Frame {
            thing,
            ..Frame::default()
        };
    };
    let text = s.plain.slice(&doc.plain);
    let rel = fact.start.saturating_sub(s.plain.start).min(text.len());
    let rel_end = fact.end.saturating_sub(s.plain.start).clamp(rel, text.len());
    let (rel, rel_end) = (floor_char(text, rel), floor_char(text, rel_end));
    let (cs, ce) = clause_of(text, rel, rel_end);
    let clause = Span::new(s.plain.start + cs, s.plain.start + ce);
    // People of the clause, else of the sentence.
    let named_in = |span: Span| -> Vec<String> {
        let from = people.mentions.partition_point(|m| m.plain.start < span.start);
        let mut out: Vec<String> = Vec::new();
        for m in people.mentions[from..].iter().take_while(|m| m.plain.start < span.end) {
            let key = &people.persons[m.person].key;
            if m.plain.end <= span.end && !out.contains(key) {
                out.push(key.clone());
            }
        }
        out
    };
    let participants = named_in(clause);
    // Who may have spoken: the sentence's people up to the clause's end
    // (a name after it is of what was said).
    let sentence_people = named_in(Span::new(s.plain.start, clause.end));
    // The events: verbs and act nouns of the clause, ranked.
    let clause_words = words(&text[cs..ce], clause.start);
    // The words of the fact's own clause inside it: a subordinate clause
    // ("… a report on Tuesday that called for …") tells another event.
    let here = clause_words.partition_point(|w| w.1 <= fact.start);
    let mut tight_start = clause_words[..here]
        .iter()
        .rposition(|w| SUBORDINATORS.contains(&w.2.as_str()))
        .map_or(0, |i| i + 1);
    // A figure after "and" counts for the verb of its own conjunct: "11
    // people were killed and six were wounded".
    if figure
        && here > tight_start
        && (1..=2).any(|back| {
            here >= back
                && COORDINATORS.contains(&clause_words[here - back].2.as_str())
                && (back == 1 || NOUN_CUES.contains(&clause_words[here - 1].2.as_str()))
        })
    {
        tight_start = here;
    }
    let tight_end = clause_words[here..]
        .iter()
        .position(|w| w.0 >= fact.end && SUBORDINATORS.contains(&w.2.as_str()))
        .map_or(clause_words.len(), |i| here + i);
    // Across "before", "after", "since" or "until" is another event, not
    // the one the fact dates or counts ("Monday, before the votes").
    let temporal = |k: usize| clause_words.get(k).is_some_and(|w| TEMPORAL.contains(&w.2.as_str()));
    let cut_before = tight_start > 0 && temporal(tight_start - 1);
    let cut_after = temporal(tight_end);
    // A verb of expectation as a verb ("expected", "predicting"), not a
    // noun ("construction projects").
    let forecast = clause_words
        .iter()
        .any(|w| !w.3 && (w.2.ends_with("ed") || w.2.ends_with("ing")) && events.is_forecast_word(&w.2));
    type Rank = (bool, bool, u8, bool, usize);
    // How a verb is told: (future, under a modal, next to the fact).
    type Told = (bool, bool, bool);
    let mut found: Vec<(Rank, u32, Told, usize)> = Vec::new();
    // The event is a verb of the fact's own clause, the one before it
    // ("passed the bill on Friday") else the one after ("on Friday
    // passed"), the nearest; an act noun only when no sure verb is there.
    for (k, (ws, we, w, cap)) in clause_words.iter().enumerate() {
        if *ws < fact.end && *we > fact.start {
            continue;
        }
        // A capitalised word is a name or a title ("Trump", "House",
        // "President"): news sentences rarely start with a verb.
        if *cap {
            continue;
        }
        let Some(f) = events.form(w) else { continue };
        if events.is_not_event(w) {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| clause_words[p].2.as_str());
        let prev_light = prev
            .and_then(|p| events.form(p))
            .is_some_and(|p| events.is_light(p.lemma));
        // How surely the word is a verb here: a past form, or a form after
        // an auxiliary, a pronoun or "to", is; a base form after a
        // determiner, a preposition or a light verb is a noun ("the
        // district", "took effect").
        let past = events.lemma(f.lemma) != w.as_str() && (w.ends_with("ed") || !w.ends_with(['s', 'g']));
        let cued = (1..=2).any(|back| k >= back && VERB_CUES.contains(&clause_words[k - back].2.as_str()));
        // A gerund after a preposition is still the event ("for passing").
        let gerund = !f.noun && w.ends_with("ing");
        let sure = !f.noun && (past || cued || gerund);
        let after_noun_cue = prev.is_some_and(|p| NOUN_CUES.contains(&p)) || prev_light;
        // A verb of an event class written as a noun names the act ("a
        // tweet", "the vote"); any other form that may be a noun ("the
        // district", "federal tax") is left out.
        let act = f.noun || (!sure && after_noun_cue && !events.classes_of(f.lemma).is_empty());
        if !sure && !act {
            continue;
        }
        let tier = u8::from(!sure);
        let after = *we > fact.start;
        let distance = if after { ws - fact.end } else { fact.start - we };
        let outside = k < tight_start || k >= tight_end;
        if cut_after && k >= tight_end {
            continue;
        }
        let cued_by =
            |cues: &[&str]| (1..=3).any(|back| k >= back && cues.contains(&clause_words[k - back].2.as_str()));
        // Near: at most three words between the verb and the fact ("has
        // cut $716 billion", "11 people were killed").
        let between = if k < here {
            here - k - 1
        } else {
            k.saturating_sub(here + 1)
        };
        let future = (cued_by(FUTURE_CUES), cued_by(MODAL_CUES), between <= 3);
        found.push((
            (events.is_light(f.lemma), outside, tier, after, distance),
            f.lemma,
            future,
            k,
        ));
    }
    // A fact in a phrase of "after", "before", "since" or "until" that
    // tells an event of its own dates that event ("after voting to
    // override Friday"); in one that does not ("since 2007"), the event of
    // the clause.
    if cut_before && found.iter().any(|f| f.3 >= tight_start) {
        found.retain(|f| f.3 >= tight_start);
    }
    found.sort_unstable();
    let any_heavy = found.iter().any(|f| !f.0.0);
    let mut lemmas: Vec<(u32, Told)> = Vec::new();
    for ((light, ..), id, future, _) in found {
        if (light && any_heavy) || lemmas.iter().any(|l| l.0 == id) {
            continue;
        }
        lemmas.push((id, future));
    }
    // A date that names a thing ("Sunday's protests", "a Monday event",
    // "Thursday's press conference") dates that thing: its event is the
    // act the noun names, or none.
    if !figure && let Some(head) = dated_noun(text, rel, rel_end, events) {
        lemmas = head.into_iter().map(|id| (id, (false, false, true))).collect();
    }
    let events = lemmas
        .into_iter()
        .map(|(id, (future, modal, near))| Event {
            future,
            unrealized: future || modal,
            near,
            lemma: events.lemma(id).to_string(),
            id,
            classes: events
                .classes_of(id)
                .iter()
                .map(|&c| events.classes[c as usize].clone())
                .collect(),
            speech: events.is_speech(id),
            recurring: events.is_recurring(id),
            light: events.is_light(id),
        })
        .collect();
    Frame {
        sentence: si,
        clause,
        thing,
        participants,
        people: sentence_people,
        events,
        forecast,
    }
}

/// When the date at `[at, end)` of `text` modifies a noun ("Sunday's
/// mass protests", "a Monday event"): the verb of the first act noun among
/// the next words (`Some(None)` when none names an act). `None` when the
/// date is no modifier.
fn dated_noun(text: &str, at: usize, end: usize, events: &EventLexicon) -> Option<Option<u32>> {
    let after = &text[end..];
    let possessive = after.starts_with("'s ") || after.starts_with("’s ");
    let determiner = text[..at]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "this" | "that"));
    let rest = if possessive {
        &after[3..]
    } else {
        after.strip_prefix(' ')?
    };
    let next: Vec<&str> = rest
        .split(|c: char| c.is_whitespace())
        .take_while(|w| !w.is_empty())
        .take(3)
        .collect();
    let clean = |w: &str| w.trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
    let first = next.first().map(|w| clean(w))?;
    // "Monday night", "Tuesday's vote": a noun written in lower case
    // that is no date word.
    if first.is_empty() || !first.starts_with(char::is_lowercase) || events.is_date_word(&first) {
        return None;
    }
    if !possessive && !determiner {
        return None;
    }
    let mut words = Vec::new();
    for w in &next {
        let c = clean(w);
        if c.is_empty() || !c.starts_with(char::is_lowercase) || NOUN_CUES.contains(&c.as_str()) {
            break;
        }
        words.push(c.to_lowercase());
        // The phrase ends with a punctuation mark.
        if w.len() != c.len() {
            break;
        }
    }
    // The head noun is the last word of the phrase.
    Some(
        words
            .iter()
            .rev()
            .filter(|w| !events.is_not_event(w))
            .find_map(|w| events.form(w).map(|f| f.lemma)),
    )
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_load() {
        let lex = EventLexicon::build(None).unwrap();
        let f = lex.form("approved").unwrap();
        assert_eq!(lex.lemma(f.lemma), "approve");
        let n = lex.form("resignation").unwrap();
        assert!(n.noun);
        assert_eq!(lex.lemma(n.lemma), "resign");
        let said = lex.form("said").unwrap();
        assert_eq!(lex.lemma(said.lemma), "say");
        assert!(lex.is_speech(said.lemma));
        let passed = lex.form("passed").unwrap().lemma;
        let approved = lex.form("approved").unwrap().lemma;
        assert!(
            lex.classes_of(passed)
                .iter()
                .any(|c| lex.classes_of(approved).contains(c))
        );
    }

    #[test]
    fn a_date_that_names_a_thing_dates_it() {
        let lex = EventLexicon::build(None).unwrap();
        let at = |s: &str, w: &str| {
            let i = s.find(w).unwrap();
            dated_noun(s, i, i + w.len(), &lex)
        };
        let lemma = |r: Option<Option<u32>>| r.flatten().map(|id| lex.lemma(id).to_string());
        let s = "Supporters called Sunday's mass protests in the capital.";
        assert_eq!(lemma(at(s, "Sunday")), Some("protest".to_string()));
        let s = "He spoke at a Thursday press conference.";
        assert_eq!(lemma(at(s, "Thursday")), Some("confer".to_string()));
        // A thing that names no act: the date dates no event.
        let s = "Biden canceled a Monday event in New Hampshire.";
        assert_eq!(at(s, "Monday"), Some(None));
        // No modifier: "on Monday night", "voted Tuesday to".
        assert_eq!(at("They met on Monday night.", "Monday"), None);
        assert_eq!(at("The board voted Tuesday to close it.", "Tuesday"), None);
    }

    #[test]
    fn clauses() {
        let s = "On Monday, the board voted 7-2 to close the plant, officials said.";
        let at = s.find("Monday").unwrap();
        let (a, b) = clause_of(s, at, at + 6);
        assert_eq!(&s[a..b], "On Monday, the board voted 7-2 to close the plant");
        let s = "The plant will close, the board said Tuesday.";
        let at = s.find("Tuesday").unwrap();
        let (a, b) = clause_of(s, at, at + 7);
        assert_eq!(&s[a..b], " the board said Tuesday.");
        // Three words or fewer take the clause before too.
        let s = "The plant will close, officials said Tuesday.";
        let at = s.find("Tuesday").unwrap();
        let (a, b) = clause_of(s, at, at + 7);
        assert_eq!(&s[a..b], s);
        // In brackets, with the words before them.
        let s = "Trump had 40 percent, Palin (12 percent) and Romney 9 percent.";
        let at = s.find("12").unwrap();
        let (a, b) = clause_of(s, at, at + 10);
        assert_eq!(&s[a..b], " Palin (12 percent)");
        // A boundary that is more than one byte ("—") is stepped over whole.
        let s = "It passed — on Friday — after a long debate.";
        let at = s.find("Friday").unwrap();
        let (a, b) = clause_of(s, at, at + 6);
        assert_eq!(&s[a..b], "It passed — on Friday ");
        let s = "It cost $84,000 in taxpayer funds, a report said.";
        let at = s.find("$84").unwrap();
        let (a, b) = clause_of(s, at, at + 7);
        assert_eq!(&s[a..b], "It cost $84,000 in taxpayer funds");
    }
}
