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
    /// A role follows after a comma ("Ana Ruiz, a former congresswoman").
    role_after: bool,
    /// A place's or organisation's name ("Parris Island", "the Senate
    /// Judiciary Committee"), not a person's.
    pub(crate) entity: bool,
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
    if is_acronym(s) || s.chars().all(|c| c.is_numeric() || c == ',' || c == '.') || handle_like(s) {
        return false;
    }
    s.chars().next().is_some_and(char::is_uppercase)
        || ["al-", "el-", "bin-", "ben-"]
            .iter()
            .any(|p| s.starts_with(p) && s[p.len()..].starts_with(char::is_uppercase))
}

/// Two capitals or more and then a small letter ("GStephanopoulos",
/// "EWErickson"): a social-media handle, not a name as written in prose.
fn handle_like(w: &str) -> bool {
    let caps = w.chars().take_while(|c| c.is_uppercase()).count();
    caps >= 2 && w.chars().nth(caps).is_some_and(char::is_lowercase)
}

/// At token `i`, a nickname in quotation marks followed by a name word
/// (`“Mudcat” Saunders`), each token next to the one before: the
/// nickname's index.
fn nickname(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let [open, nick, close, next] = toks.get(i..i + 4)? else {
        return None;
    };
    let tight = |a: &Tok<'_>, b: &Tok<'_>| b.span().start == a.span().end;
    (matches!(open.text, "“" | "\"")
        && matches!(close.text, "”" | "\"")
        && is_name_word(nick)
        && is_name_word(next)
        && tight(open, nick)
        && tight(nick, close)
        && next.span().start == close.span().end + 1
        && open.span().start == toks[i - 1].span().end + 1)
        .then_some(i + 1)
}

/// The name of a place or organisation in a run of capitalized words
/// (word indices `run`): from its first word that can open a name to its
/// last head word ("Island", "Committee"), two words at least.
fn entity<'a>(toks: &[Tok<'a>], base: usize, run: &[usize], lex: &SpeechLexicon) -> Option<Candidate<'a>> {
    let head = run.iter().rposition(|&n| lex.entity_heads.contains(toks[n].stem()))?;
    let from = run[..head]
        .iter()
        .position(|&n| !lex.not_subject.contains(toks[n].stem()))?;
    let words: Vec<&str> = run[from..=head].iter().map(|&n| toks[n].stem()).collect();
    if words.len() < 2 {
        return None;
    }
    let (first, last) = (&toks[run[from]], &toks[run[head]]);
    Some(Candidate {
        sentence_start: false,
        possessive: last.stem().len() != last.text.len(),
        plain: Span::new(base + first.span().start, base + last.span().start + last.stem().len()),
        words,
        titles: Vec::new(),
        person_title: false,
        cue_next: false,
        role_after: false,
        entity: true,
    })
}

/// Name suffixes, never a name by themselves (compared in lower case).
pub(crate) const NAME_SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Whether an appositive after a name's comma gives a person's role within
/// a few words ("a former Republican congressman", "chairman of").
fn role_follows(lex: &SpeechLexicon, toks: &[Tok<'_>]) -> bool {
    toks.iter()
        .take(6)
        .take_while(|t| t.is_word())
        .any(|t| t.is_lower() && lex.person_titles.contains(t.text))
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
        let mut nick = None;
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
            } else if let Some(n) = nickname(toks, end) {
                // A nickname in quotation marks between given name and
                // surname (Dave “Mudcat” Saunders): stepped over.
                nick = Some(n);
                end += 4;
            } else {
                break;
            }
        }
        // Word indices of the run, on the stack (names are short).
        let mut run_buf = [0usize; 16];
        let mut run_len = 0;
        for k in (start..end).filter(|&k| toks[k].is_word() && nick != Some(k)) {
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
        // A person title inside the run ("Wisconsin Republican Party
        // Chairman Reince Priebus", "Former Arkansas Rep. Asa Hutchinson"):
        // the name is what follows the last one.
        if let Some(j) = (k..run.len().saturating_sub(1))
            .rev()
            .find(|&j| is_person_title(lex, toks, run[j]))
        {
            let rest_is_name = run[j + 1..].iter().any(|&n| {
                let w = toks[n].stem().trim_end_matches('.');
                !NAME_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(w))
            });
            if rest_is_name {
                for &n in &run[k..=j] {
                    titles.push(title_word(toks, n));
                }
                person_title = true;
                k = j + 1;
            }
        }
        let mut b = start;
        let mut before = Vec::new();
        // "of" right before the name makes it a place ("King of Maine").
        while b > 0 && !(b == start && toks[b - 1].text == "of") {
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
        // "France's President Emmanuel Macron": the possessive place
        // qualifies the title as a demonym does ("French President").
        if b > 0
            && (!titles.is_empty() || !before.is_empty())
            && toks[b - 1].is_capitalized()
            && toks[b - 1].stem().len() < toks[b - 1].text.len()
        {
            before.push(std::borrow::Cow::Borrowed(toks[b - 1].text));
        }
        before.reverse();
        before.extend(titles);
        let titles = before;
        // Words before a known given name are not the name ("Wacko John
        // Bolton", "Staff John Kelly"): the name starts at the given name.
        if let Some(g) = (k + 1..run.len().saturating_sub(1)).find(|&g| lex.first_names.contains(toks[run[g]].stem()))
            && !run[k..g].iter().any(|&n| lex.first_names.contains(toks[n].stem()))
        {
            k = g;
        }
        let name = &run[k..];
        if name.is_empty() {
            continue;
        }
        if let Some(e) = entity(toks, base, run, lex) {
            out.push(e);
        }
        let words: Vec<&str> = name.iter().map(|&n| toks[n].stem()).collect();
        if words.iter().any(|w| lex.not_person.contains(*w)) {
            continue;
        }
        let first = toks[name[0]].span().start;
        let last_tok = &toks[*name.last().unwrap_or(&name[0])];
        let last = last_tok.span().start + last_tok.stem().len();
        // A place word before the name ("the governor of Maine said") makes
        // the cue its clause's, not the name's.
        let placed = start > 0 && matches!(toks[start - 1].text, "of" | "in" | "from" | "at");
        // "The Kentucky Republican said": a description, not a name.
        let det = |t: &Tok<'_>| matches!(t.text, "the" | "The" | "a" | "A" | "an" | "An");
        let described = det(&toks[start]) || b > 0 && det(&toks[b - 1]);
        let cue_next = !placed
            && !described
            && (toks.get(end).is_some_and(|t| lex.cues.contains(t.text))
                || (start > 0 && lex.cues.contains(toks[start - 1].text)));
        // Back over opening marks to the start or a sentence end.
        let sentence_start = toks[..name[0]]
            .iter()
            .rev()
            .find(|t| !matches!(t.text, "“" | "\"" | "‘" | "(" | "[" | "—"))
            .is_none_or(|t| matches!(t.text, "." | "!" | "?" | "”" | ":"));
        let role_after = toks.get(end).is_some_and(|t| t.text == ",") && role_follows(lex, &toks[end + 1..]);
        out.push(Candidate {
            sentence_start,
            possessive: last_tok.stem().len() != last_tok.text.len(),
            plain: Span::new(base + first, base + last),
            words,
            titles,
            person_title,
            cue_next,
            role_after,
            entity: false,
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

/// The places and organisations among a document's candidate names: each
/// one's plain span and its name's words, joined by spaces.
pub(crate) fn entities<'c, 'a: 'c>(cands: impl Iterator<Item = &'c (Candidate<'a>, bool)>) -> Vec<(Span, String)> {
    cands
        .filter(|(c, _)| c.entity)
        .map(|(c, _)| (c.plain, c.words.join(" ")))
        .collect()
}

/// A single capitalized word used as a person's name: after a person's
/// title ("Mr. Ruiz"), or next to a speech cue away from a sentence start
/// ("…, Ruiz said"), where a capital proves something; or at one when the
/// word is no common word and the article capitalizes it mid-sentence too
/// (`mid`): "Vosburgh said", not "Officials said" or "Shippers said".
fn single_is_person(c: &Candidate<'_>, lex: &SpeechLexicon, mid: &rustc_hash::FxHashSet<&str>) -> bool {
    let w = c.words[0];
    c.person_title
        || (c.cue_next
            && (!c.sentence_start
                || (mid.contains(w)
                    && !(lex.is_common_word(w) || lex.not_subject.contains(w) || lex.pronouns.contains(w)))))
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
        // Surnames the article uses alone for a person ("Mr. Ruiz", "Ruiz
        // said"): a full name ending in one is a person's.
        let cands = cands.filter(|(c, _)| !c.entity);
        // Words the article capitalizes away from a sentence start.
        let mid: rustc_hash::FxHashSet<&str> = cands
            .clone()
            .filter(|(c, _)| !c.sentence_start || c.words.len() > 1)
            .flat_map(|(c, _)| c.words.iter().skip(usize::from(c.sentence_start)).copied())
            .collect();
        let evidenced: rustc_hash::FxHashSet<&str> = cands
            .clone()
            .filter(|(c, _)| c.words.len() == 1 && single_is_person(c, lex, &mid))
            .map(|(c, _)| c.words[0])
            .collect();
        // Full names first, so that surnames can link to them.
        for (c, quoted) in cands.clone().filter(|(c, _)| c.words.len() >= 2) {
            let full = c.words.join(" ");
            let registry = lex.registry.canonical(&full);
            // Weaker evidence (a role after the name, the surname used
            // alone for a person) needs a first word that can open a name
            // ("Was Trump" cannot), and at a sentence start no common word
            // ("Removing Trump").
            let first = c.words[0];
            let opens_sentence_as_word =
                c.sentence_start && lex.is_common_word(first) && !lex.first_names.contains(first);
            let given = !(lex.not_subject.contains(first) || opens_sentence_as_word);
            let evidence = c.person_title
                || registry.is_some()
                || lex.first_names.contains(first)
                || c.cue_next
                || (given && (c.role_after || c.words.last().is_some_and(|l| evidenced.contains(l))));
            if !evidence {
                continue;
            }
            let person = people.person_for_full(registry, &c.words);
            people.push_mention(person, c, *quoted);
        }
        // How often each person is named in full (the full names are all
        // read by now).
        let mut in_full = vec![0usize; people.persons.len()];
        for m in people.mentions.iter().filter(|m| !m.possessive) {
            in_full[m.person] += 1;
        }
        for (c, quoted) in cands.filter(|(c, _)| c.words.len() == 1) {
            let word = c.words[0];
            // "Mr. Trump" is not Melania Trump, named earlier.
            let sex = c.titles.iter().find_map(|t| SpeechLexicon::honorific_sex(t));
            let fits = |p: &Person| sex.is_none_or(|s| lex.may_be(p.first.as_deref(), s));
            // Of the article's bearers of the surname: the one the registry
            // gives the surname to; else the first (the lead names whom the
            // story is about) or the one titled as the mention is, unless
            // the registry gives the surname to someone else and the article
            // names its bearer in full only once: "Obama said" is Barack
            // Obama, not Michelle Obama named once.
            let registry = lex
                .registry
                .canonical(word)
                .filter(|canon| sex.is_none_or(|s| lex.may_be(canon.split(' ').next(), s)));
            let bearers: Vec<usize> = (0..people.persons.len())
                .filter(|&i| people.persons[i].last == word && fits(&people.persons[i]))
                .collect();
            let named = |i: usize| in_full.get(i).copied().unwrap_or(0);
            // A title written with the surname ("President Trump") that the
            // article gave its bearer too, or that it never gave them.
            let titles: Vec<String> = c
                .titles
                .iter()
                .filter(|t| SpeechLexicon::honorific_sex(t).is_none())
                .map(|t| t.to_lowercase())
                .collect();
            let titled = |i: usize| {
                people.persons[i]
                    .titles
                    .iter()
                    .any(|ts| ts.iter().any(|t| titles.contains(t)))
            };
            let best = match bearers
                .iter()
                .copied()
                .find(|&i| registry == Some(people.persons[i].key.as_str()))
            {
                Some(i) => Some(i),
                None if !titles.is_empty() && registry.is_some() && !bearers.iter().any(|&i| titled(i)) => None,
                None => bearers
                    .iter()
                    .copied()
                    .find(|&i| titled(i))
                    .or(bearers.first().copied())
                    .filter(|&i| registry.is_none() || named(i) >= 2),
            };
            // A given name alone for a person the article names in full
            // ("Nicholas told Guthrie"): that person, when only one fits.
            let by_first = || {
                if !lex.first_names.contains(word) {
                    return None;
                }
                let mut fits_first = (0..people.persons.len()).filter(|&i| {
                    let p = &people.persons[i];
                    p.first.as_deref() == Some(word) && p.key.contains(' ') && fits(p)
                });
                let one = fits_first.next();
                let as_name = single_is_person(c, lex, &mid) || !lex.is_common_word(word);
                one.filter(|_| as_name && fits_first.next().is_none() && registry.is_none())
            };
            // A near spelling of a surname ("Kakissis" for "Kakisis") is
            // that person's only where the word is used as a person's.
            let known = best.or_else(by_first).or_else(|| {
                let as_name = single_is_person(c, lex, &mid) || !lex.is_common_word(word);
                as_name
                    .then(|| {
                        people.persons.iter().position(|p| {
                            p.first.is_some() && p.last != word && fits(p) && similar_surname(&p.last, word)
                        })
                    })
                    .flatten()
            });
            let person = match known {
                Some(p) => p,
                None => match registry {
                    Some(canon) => people.person_by_key(canon, None),
                    None if single_is_person(c, lex, &mid) && !lex.pronouns.contains(word) => {
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
        // Each distinct way of titling a person once; not the speaker's
        // words inside a quote ("I pressed President Putin").
        if !quoted && !titles.is_empty() && !self.persons[person].titles.contains(&titles) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_not_names() {
        assert!(handle_like("GStephanopoulos"));
        assert!(handle_like("EWErickson"));
        assert!(!handle_like("McDonald"));
        assert!(!handle_like("DeSantis"));
        assert!(!handle_like("NATO"));
    }
}
