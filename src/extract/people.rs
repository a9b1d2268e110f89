//! People named in a document: mentions with their spans and the titles
//! written before them, grouped per person. A surname alone links to the
//! full name given elsewhere in the article; registry aliases and near
//! spellings of a surname with the same given name ("Joanna Kakisis",
//! "Joanna Kakissis") are the same person.

use super::lexicon::SpeechLexicon;
use super::tokens::Tok;
use crate::text::Span;

/// A person of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Canonical name: the registry's, else the first full form written.
    pub key: String,
    pub last: String,
    pub first: Option<String>,
    /// Lower-cased title words written before the name, per mention.
    pub titles: Vec<Vec<String>>,
}

/// One mention of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Range in the document's plain text (the name only, no title).
    pub plain: Span,
    pub person: usize,
    /// Lower-cased title words before this mention.
    pub titles: Vec<String>,
    /// The mention sits inside quotation marks.
    pub quoted: bool,
    /// Written as a possessive ("Trump’s"): not the subject of its clause.
    pub possessive: bool,
}

#[derive(Clone, Debug, Default)]
pub struct People {
    pub persons: Vec<Person>,
    /// Sorted by position.
    pub mentions: Vec<Mention>,
}

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "bin", "ibn", "al", "dos", "das", "du",
];

/// A candidate name: a run of capitalized words with its title words.
#[derive(Debug)]
pub(crate) struct Candidate<'a> {
    /// The name opens its sentence (a capital that proves nothing).
    sentence_start: bool,
    possessive: bool,
    plain: Span,
    words: Vec<&'a str>,
    /// Title words as written, with a period where one follows ("Sen.").
    titles: Vec<std::borrow::Cow<'a, str>>,
    person_title: bool,
    cue_next: bool,
}

/// [`WEEKDAYS`] and [`MONTH_WORDS`] in one set: one hash for each
/// capitalized word instead of a comparison with each entry.
fn calendar_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| WEEKDAYS.iter().chain(MONTH_WORDS).copied().collect())
}

fn is_acronym(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 3
}

/// Days of the week.
pub(crate) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Months and their abbreviations: never part of a name.
const MONTH_WORDS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

fn is_name_word(t: &Tok<'_>) -> bool {
    if !t.is_word() {
        return false;
    }
    // Cheap rejection first: most words start in lower case; of those,
    // only names like "al-Qaddafi" go on.
    if !t.cap {
        // Only "al-", "el-", "bin-" and "ben-" go on: a hyphen third or
        // fourth, tested before the prefixes.
        let b = t.text.as_bytes();
        if !(b.get(2) == Some(&b'-') || b.get(3) == Some(&b'-'))
            || !["al-", "el-", "bin-", "ben-"].iter().any(|p| t.text.starts_with(p))
        {
            return false;
        }
    }
    let s = t.stem();
    if calendar_words().contains(s) {
        return false;
    }
    if is_acronym(s) || s.chars().all(|c| c.is_numeric() || c == ',' || c == '.') {
        return false;
    }
    s.chars().next().is_some_and(char::is_uppercase)
        || ["al-", "el-", "bin-", "ben-"]
            .iter()
            .any(|p| s.starts_with(p) && s[p.len()..].starts_with(char::is_uppercase))
}

/// A period follows word `i` directly.
fn dotted(toks: &[Tok<'_>], i: usize) -> bool {
    toks.get(i + 1)
        .is_some_and(|n| n.text == "." && n.span().start == toks[i].span().end)
}

/// Whether word `i` (or it with its period) is in `set`, allocating only
/// for the rare dotted form.
fn in_set(set: &rustc_hash::FxHashSet<String>, toks: &[Tok<'_>], i: usize) -> bool {
    set.contains(toks[i].text) || (dotted(toks, i) && set.contains(&format!("{}.", toks[i].text)))
}

fn is_title(lex: &SpeechLexicon, toks: &[Tok<'_>], i: usize) -> bool {
    in_set(&lex.titles, toks, i) || in_set(&lex.demonyms, toks, i)
}

fn is_person_title(lex: &SpeechLexicon, toks: &[Tok<'_>], i: usize) -> bool {
    in_set(&lex.person_titles, toks, i)
}

/// A word and its period, borrowed unless a period follows ("Sen.").
fn title_word<'a>(toks: &[Tok<'a>], i: usize) -> std::borrow::Cow<'a, str> {
    if dotted(toks, i) {
        std::borrow::Cow::Owned(format!("{}.", toks[i].text))
    } else {
        std::borrow::Cow::Borrowed(toks[i].text)
    }
}

fn candidates<'a>(
    toks: &[Tok<'a>],
    base: usize,
    lex: &SpeechLexicon,
    starters: &rustc_hash::FxHashSet<String>,
) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_name_word(&toks[i]) {
            i += 1;
            continue;
        }
        // A run of name words, with particles between them.
        let start = i;
        let mut end = i + 1;
        while end < toks.len() {
            let t = &toks[end];
            if toks[end - 1].stem() != toks[end - 1].text {
                break; // a possessive ends the name
            }
            if is_name_word(t) && t.span().start <= toks[end - 1].span().end + 1 {
                end += 1;
            } else if t.text == "."
                && t.span().start == toks[end - 1].span().end
                && (toks[end - 1].text.len() <= 2 || in_set(&lex.titles, toks, end - 1))
            {
                // An initial ("John F. Kennedy") or a title ("Rep. Gwen Moore").
                end += 1;
            } else if t.is_word() && PARTICLES.contains(&t.text) && toks.get(end + 1).is_some_and(is_name_word) {
                end += 2;
            } else {
                break;
            }
        }
        // Word indices of the run, on the stack (names are short).
        let mut run_buf = [0usize; 16];
        let mut run_len = 0;
        for k in (start..end).filter(|&k| toks[k].is_word()) {
            if run_len < run_buf.len() {
                run_buf[run_len] = k;
                run_len += 1;
            }
        }
        let run = &run_buf[..run_len];
        i = end;
        // Titles: inside the run at its start, and lower-case ones before it.
        let mut titles = Vec::new();
        let mut person_title = false;
        let mut k = 0;
        while k < run.len() && (is_title(lex, toks, run[k]) || (k == 0 && starters.contains(toks[run[k]].text))) {
            if is_title(lex, toks, run[k]) {
                titles.push(title_word(toks, run[k]));
                person_title |= is_person_title(lex, toks, run[k]);
            }
            k += 1;
        }
        let mut b = start;
        let mut before = Vec::new();
        while b > 0 {
            let t = &toks[b - 1];
            if t.is_word()
                && (t.is_lower() || is_title(lex, toks, b - 1))
                && (lex.titles.contains(t.text) || lex.demonyms.contains(t.text) || t.text == "of")
            {
                before.push(std::borrow::Cow::Borrowed(t.text));
                person_title |= is_person_title(lex, toks, b - 1);
                b -= 1;
            } else {
                break;
            }
        }
        before.reverse();
        before.extend(titles);
        let titles = before;
        let name = &run[k..];
        if name.is_empty() {
            continue;
        }
        let words: Vec<&str> = name.iter().map(|&n| toks[n].stem()).collect();
        if words.iter().any(|w| lex.not_person.contains(*w)) {
            continue;
        }
        let first = toks[name[0]].span().start;
        let last_tok = &toks[*name.last().unwrap_or(&name[0])];
        let last = last_tok.span().start + last_tok.stem().len();
        let cue_next = toks.get(end).is_some_and(|t| lex.cues.contains(t.text))
            || (start > 0 && lex.cues.contains(toks[start - 1].text));
        // Back over opening marks to the start or a sentence end.
        let sentence_start = toks[..name[0]]
            .iter()
            .rev()
            .find(|t| !matches!(t.text, "“" | "\"" | "‘" | "(" | "[" | "—"))
            .is_none_or(|t| matches!(t.text, "." | "!" | "?" | "”" | ":"));
        out.push(Candidate {
            sentence_start,
            possessive: last_tok.stem().len() != last_tok.text.len(),
            plain: Span::new(base + first, base + last),
            words,
            titles,
            person_title,
            cue_next,
        });
    }
    out
}

/// The candidate names of one block (its tokens `toks`, its plain text
/// starting at `base`, its quotation `marks`), each with whether it sits
/// inside quotation marks.
pub(crate) fn block_candidates<'a>(
    toks: &[Tok<'a>],
    base: usize,
    marks: &[super::quotes::Marks],
    lex: &SpeechLexicon,
    starters: &rustc_hash::FxHashSet<String>,
) -> Vec<(Candidate<'a>, bool)> {
    candidates(toks, base, lex, starters)
        .into_iter()
        .map(|c| {
            let rel = c.plain.start - base;
            // Marks are sorted and disjoint: the first ending after `rel`
            // is the only one that can hold it.
            let i = marks.partition_point(|m| m.end <= rel);
            let in_quote = marks.get(i).is_some_and(|m| m.start <= rel);
            (c, in_quote)
        })
        .collect()
}

/// The same surname, or a near spelling of a long one ("Kakisis", "Kakissis").
pub fn similar_surname(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Cheap checks first: same first byte, similar length.
    if a.as_bytes().first() != b.as_bytes().first() || a.len() < 5 || a.len().abs_diff(b.len()) > 8 {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la < 5 || la.abs_diff(lb) > 2 {
        return false;
    }
    strsim::jaro_winkler(&a.to_lowercase(), &b.to_lowercase()) >= 0.92
}

impl People {
    /// Finds the people named in `doc`'s article text; `block_toks` holds
    /// the tokens of each block.
    /// The people of a document from its blocks' candidate names
    /// ([`block_candidates`]), in block order.
    pub(crate) fn resolve<'c, 'a: 'c>(
        cands: impl Iterator<Item = &'c (Candidate<'a>, bool)> + Clone,
        lex: &SpeechLexicon,
    ) -> People {
        let mut people = People::default();
        // Full names first, so that surnames can link to them.
        for (c, quoted) in cands.clone().filter(|(c, _)| c.words.len() >= 2) {
            let full = c.words.join(" ");
            let registry = lex.registry.canonical(&full);
            let evidence = c.person_title || registry.is_some() || lex.first_names.contains(c.words[0]) || c.cue_next;
            if !evidence {
                continue;
            }
            let person = people.person_for_full(registry, &c.words);
            people.push_mention(person, c, *quoted);
        }
        for (c, quoted) in cands.filter(|(c, _)| c.words.len() == 1) {
            let word = c.words[0];
            let known = people.persons.iter().position(|p| p.last == word).or_else(|| {
                people
                    .persons
                    .iter()
                    .position(|p| p.first.is_some() && similar_surname(&p.last, word))
            });
            let person = match known {
                Some(p) => p,
                None => match lex.registry.canonical(word) {
                    Some(canon) => people.person_by_key(canon, None),
                    None if c.person_title || c.cue_next && !c.sentence_start && !lex.pronouns.contains(word) => {
                        people.person_by_key(word, None)
                    }
                    None => continue,
                },
            };
            people.push_mention(person, c, *quoted);
        }
        people.mentions.sort_by_key(|m| (m.plain.start, m.plain.end));
        people
    }

    fn person_by_key(&mut self, key: &str, first: Option<&str>) -> usize {
        if let Some(i) = self.persons.iter().position(|p| p.key == key) {
            return i;
        }
        let last = key.rsplit(' ').next().unwrap_or(key).to_string();
        self.persons.push(Person {
            key: key.to_string(),
            last,
            first: first.map(str::to_string),
            titles: Vec::new(),
        });
        self.persons.len() - 1
    }

    fn person_for_full(&mut self, registry: Option<&str>, words: &[&str]) -> usize {
        let last = words.last().copied().unwrap_or_default();
        let first = words[0];
        if let Some(canon) = registry {
            return self.person_by_key(canon, Some(first));
        }
        // Same given name and a near spelling of the surname: one person.
        if let Some(i) = self
            .persons
            .iter()
            .position(|p| p.first.as_deref() == Some(first) && similar_surname(&p.last, last))
        {
            return i;
        }
        self.person_by_key(&words.join(" "), Some(first))
    }

    fn push_mention(&mut self, person: usize, c: &Candidate<'_>, quoted: bool) {
        let titles: Vec<String> = c.titles.iter().map(|t| t.to_lowercase()).collect();
        // Each distinct way of titling a person once.
        if !titles.is_empty() && !self.persons[person].titles.contains(&titles) {
            self.persons[person].titles.push(titles.clone());
        }
        self.mentions.push(Mention {
            plain: c.plain,
            person,
            titles,
            quoted,
            possessive: c.possessive,
        });
    }

    /// Mentions before plain offset `at`, latest first.
    pub fn before(&self, at: usize) -> impl Iterator<Item = &Mention> {
        let n = self.mentions.partition_point(|m| m.plain.start < at);
        self.mentions[..n].iter().rev()
    }
}
