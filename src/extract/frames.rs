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
    /// Told as to come ("will endorse", "plans to resign").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub future: bool,
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

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "where", "while", "after", "before", "because", "although",
    "though", "if", "since", "until", "unless", "whether",
];

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
pub fn frame(doc: &Document, people: &People, events: &EventLexicon, fact: Span, thing: Option<String>) -> Frame {
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
    let sentence_people = named_in(s.plain);
    // The events: verbs and act nouns of the clause, ranked.
    let clause_words = words(&text[cs..ce], clause.start);
    // The words of the fact's own clause inside it: a subordinate clause
    // ("… a report on Tuesday that called for …") tells another event.
    let here = clause_words.partition_point(|w| w.1 <= fact.start);
    let tight_start = clause_words[..here]
        .iter()
        .rposition(|w| SUBORDINATORS.contains(&w.2.as_str()))
        .map_or(0, |i| i + 1);
    let tight_end = clause_words[here..]
        .iter()
        .position(|w| w.0 >= fact.end && SUBORDINATORS.contains(&w.2.as_str()))
        .map_or(clause_words.len(), |i| here + i);
    type Rank = (bool, bool, u8, bool, usize);
    let mut found: Vec<(Rank, u32, bool)> = Vec::new();
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
        let future = (1..=3).any(|back| k >= back && FUTURE_CUES.contains(&clause_words[k - back].2.as_str()));
        found.push((
            (events.is_light(f.lemma), outside, tier, after, distance),
            f.lemma,
            future,
        ));
    }
    found.sort_unstable();
    let any_heavy = found.iter().any(|f| !f.0.0);
    let mut lemmas: Vec<(u32, bool)> = Vec::new();
    for ((light, ..), id, future) in found {
        if (light && any_heavy) || lemmas.iter().any(|l| l.0 == id) {
            continue;
        }
        lemmas.push((id, future));
    }
    let events = lemmas
        .into_iter()
        .map(|(id, future)| Event {
            future,
            lemma: events.lemma(id).to_string(),
            id,
            classes: events
                .classes_of(id)
                .iter()
                .map(|&c| events.classes[c as usize].clone())
                .collect(),
            speech: events.is_speech(id),
            recurring: events.is_recurring(id),
        })
        .collect();
    Frame {
        sentence: si,
        clause,
        thing,
        participants,
        people: sentence_people,
        events,
    }
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
