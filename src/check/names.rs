//! Name spelling variants: one person's name written two ways.

use std::collections::{BTreeMap, BTreeSet};

use super::tally::{Tallies, Tally};
use super::{Location, Raw, Sites, outlets_list, words_list};
use crate::rules::options::NameVariant;

/// A name's first and last word, as written (possessive dropped) and as
/// compared (lower case, letters and digits only).
struct Parts {
    first: Option<(String, String)>,
    last: (String, String),
}

/// Latin letters with diacritics and their base letters.
const FOLD: &[(&str, char)] = &[
    ("àáâãäåāăą", 'a'),
    ("çćĉċč", 'c'),
    ("ďđ", 'd'),
    ("èéêëēĕėęě", 'e'),
    ("ĝğġģ", 'g'),
    ("ĥħ", 'h'),
    ("ìíîïĩīĭįı", 'i'),
    ("ĵ", 'j'),
    ("ķ", 'k'),
    ("ĺļľŀł", 'l'),
    ("ñńņňŉ", 'n'),
    ("òóôõöøōŏő", 'o'),
    ("ŕŗř", 'r'),
    ("śŝşšș", 's'),
    ("ţťŧț", 't'),
    ("ùúûüũūŭůűų", 'u'),
    ("ŵ", 'w'),
    ("ýÿŷ", 'y'),
    ("źżž", 'z'),
];

/// A lower-case letter without its diacritic ("é" → "e").
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    FOLD.iter()
        .find(|(set, _)| set.contains(c))
        .map_or(c, |&(_, base)| base)
}

/// A name part as compared: lower case, letters and digits only (and
/// without diacritics with `fold_marks`).
fn part_key(w: &str, fold_marks: bool) -> String {
    // "al-Sisi", "el-Sisi" and "Sisi" are one name: the article is style.
    let w = ["al-", "el-", "Al-", "El-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(w);
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if fold_marks { fold(c) } else { c })
        .collect()
}

/// The first and last word of a name. Words are split at spaces and at
/// points ("J.Trump"); single letters (initials) are left out. With
/// `fold_marks`, "Gascón" compares as "gascon".
fn parts(text: &str, fold_marks: bool) -> Option<Parts> {
    let mut words: Vec<(String, String)> = text
        .split(|c: char| c.is_whitespace() || c == '.')
        .map(|w| {
            let w = w
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_matches(|c: char| !c.is_alphanumeric());
            let key = part_key(w, fold_marks);
            (w.to_string(), key)
        })
        .filter(|(_, k)| k.chars().count() > 1)
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|(_, k)| crate::extract::people::NAME_SUFFIXES.contains(&k.as_str()))
    {
        words.pop();
    }
    let last = words.pop()?;
    let first = if words.is_empty() {
        None
    } else {
        Some(words.swap_remove(0))
    };
    Some(Parts { first, last })
}

/// Where a spelling of one part of one person's name is used.
#[derive(Default)]
struct Uses {
    /// As written the first time.
    written: String,
    /// First use per document.
    docs: BTreeMap<usize, Location>,
    /// Uses per document.
    per_doc: BTreeMap<usize, usize>,
    count: usize,
    /// Role titles written before it ("dr.", "sen."; not "mr.").
    titles: BTreeSet<String>,
}

/// Titles that say nothing of a person's role.
const COURTESY: &[&str] = &["mr.", "mrs.", "ms.", "miss", "mr", "mrs", "ms", "former", "then", "the"];

/// Whether a given name's spelling `v` (used `v_count` times) reads as a
/// slip for `r` (used `r_count` times) rather than another person of the
/// same surname: `v` is no given name of the lexicon ("Eward"), both are
/// given the same role ("Dr. Mark Rosen", "Dr. Marc Rosen"), or the
/// reference is the clear habit (twice as many uses).
fn given_name_slip(v: &Uses, v_count: usize, r: &Uses, r_count: usize) -> bool {
    let names = &crate::lexicon::Lexicon::builtin().speech.first_names;
    !names.contains(&v.written) || !v.titles.is_disjoint(&r.titles) || r_count >= 2 * v_count
}

/// Whether two spellings of a name part are variants of each other: a
/// few edits apart, relative to their length, and not a short form of the
/// other (Rob / Robert; for given names, any short form: Pete / Peter).
fn close(a: &str, b: &str, max_edits: usize, given: bool) -> bool {
    let d = strsim::osa_distance(a, b);
    let nickname = (given || d > 1) && (a.starts_with(b) || b.starts_with(a));
    // "the Clintons", "Trumps": a family or a possessive without its
    // apostrophe; "Trumpy" an adjective; "Tsarnaeva" a woman of the
    // family: derived words, not spellings.
    // ("Zelenskyy" doubles a letter: a transliteration, not a word.)
    let derived = |x: &str, y: &str| {
        x.strip_prefix(y)
            .is_some_and(|end| matches!(end, "s" | "y" | "a") && !y.ends_with(end))
    };
    let plural = d == 1 && (derived(a, b) || derived(b, a));
    d >= 1 && d <= max_edits && d * 4 <= a.chars().count().max(b.chars().count()) && !nickname && !plural
}

/// Disjoint sets of `0..n`, each named by its smallest member.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n).collect())
    }

    /// The smallest member of `x`'s set.
    fn root(&mut self, mut x: usize) -> usize {
        let p = &mut self.0;
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; the root of the joined set.
    fn join(&mut self, a: usize, b: usize) -> usize {
        let (ra, rb) = (self.root(a), self.root(b));
        self.0[ra.max(rb)] = ra.min(rb);
        ra.min(rb)
    }
}

/// Person keys of different articles that name one person: the same given
/// name and a near surname, or the reverse ("Dana Kowalczyk", "Dana
/// Kowalcyk"). Each key maps to the key its group is reported under (the
/// one with most mentions).
fn group_people<'a>(counts: &BTreeMap<&'a str, usize>, max_edits: usize) -> BTreeMap<&'a str, &'a str> {
    let keys: Vec<&str> = counts.keys().copied().collect();
    let mut sets = Sets::new(keys.len());
    let split: Vec<Option<(String, String)>> = keys
        .iter()
        .map(|k| parts(k, true).and_then(|p| p.first.map(|f| (f.1, p.last.1))))
        .collect();
    // Blocks: keys with the same given name, and keys with the same surname.
    let mut by_first: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_last: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in split.iter().enumerate() {
        if let Some((f, l)) = s {
            by_first.entry(f).or_default().push(i);
            by_last.entry(l).or_default().push(i);
        }
    }
    for (block, slot) in [(&by_first, 1), (&by_last, 0)] {
        for members in block.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    let (a, b) = (split[i].as_ref().expect("split"), split[j].as_ref().expect("split"));
                    let (pa, pb) = if slot == 1 { (&a.1, &b.1) } else { (&a.0, &b.0) };
                    if close(pa, pb, max_edits, slot == 0) {
                        sets.join(i, j);
                    }
                }
            }
        }
    }
    // A surname alone ("Mr. Vosbrugh" in an article that never gives the
    // full name) joins the one person whose surname it nearly spells, when
    // no one has it exactly.
    let lone: Vec<(usize, String)> = keys
        .iter()
        .enumerate()
        .filter(|(i, k)| split[*i].is_none() && !k.contains(' '))
        .filter_map(|(i, k)| parts(k, true).map(|p| (i, p.last.1)))
        .collect();
    let speech = &crate::lexicon::Lexicon::builtin().speech;
    // Surnames by first letter and length: a slip keeps the first letter
    // ("Vosbrugh") and changes the length by at most `max_edits`.
    let mut by_start: BTreeMap<(char, usize), Vec<&str>> = BTreeMap::new();
    for l in by_last.keys() {
        if let Some(c) = l.chars().next() {
            by_start.entry((c, l.chars().count())).or_default().push(l);
        }
    }
    for (i, surname) in lone {
        if by_last.contains_key(surname.as_str()) || speech.is_common_word(&surname) {
            continue;
        }
        let (Some(c), n) = (surname.chars().next(), surname.chars().count()) else {
            continue;
        };
        let near: Vec<usize> = (n.saturating_sub(max_edits)..=n + max_edits)
            .filter_map(|len| by_start.get(&(c, len)))
            .flatten()
            .filter(|l| close(l, &surname, max_edits, false))
            .flat_map(|l| by_last[l].iter().copied())
            .collect();
        let groups: BTreeSet<usize> = near.iter().map(|&j| sets.root(j)).collect();
        if let [g] = groups.into_iter().collect::<Vec<_>>()[..] {
            sets.join(i, g);
        }
    }
    let mut best: BTreeMap<usize, &str> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        let r = sets.root(i);
        let e = best.entry(r).or_insert(k);
        if counts[k] > counts[e] {
            *e = k;
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| (*k, best[&sets.root(i)]))
        .collect()
}

/// How people's keys group, counted over every mention in `t`: each key
/// whose group is reported under another key, mapped to that key.
pub fn people_groups(t: &Tallies<'_>, max_edits: usize) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in t.iter().flat_map(|t| &t.names) {
        *counts.entry(n.person.as_str()).or_default() += 1;
    }
    people_groups_of(&counts, max_edits)
}

/// [`people_groups`] from each person key's number of mentions.
pub fn people_groups_of(counts: &BTreeMap<&str, usize>, max_edits: usize) -> BTreeMap<String, String> {
    group_people(counts, max_edits)
        .into_iter()
        .filter(|(k, g)| k != g)
        .map(|(k, g)| (k.to_string(), g.to_string()))
        .collect()
}

/// Where each document's names are compared: the articles of one story,
/// and articles dated at most `window` days apart that name the same
/// people (at least two surnames in common, and as many as a third of the
/// shorter list: coverage of one event names its people, articles on a
/// topic share only its best-known names), joined transitively. A group is
/// numbered by its first document; a document in none is left out.
pub fn name_scopes<'t>(
    tallies: impl IntoIterator<Item = &'t Tally>,
    window: u32,
    max_docs: usize,
) -> BTreeMap<usize, usize> {
    let docs: Vec<ScopeDoc> = tallies.into_iter().map(ScopeDoc::of).collect();
    name_scopes_of(&docs, window, max_docs)
}

/// What [`name_scopes`] reads of a document: its number, story, day and
/// the people its text names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScopeDoc {
    pub doc: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Person keys named in the text (not the byline).
    #[serde(default)]
    pub people: Vec<String>,
}

impl ScopeDoc {
    pub fn of(t: &Tally) -> ScopeDoc {
        let mut people: Vec<String> = t
            .names
            .iter()
            .filter(|n| !n.byline && !n.entity)
            .map(|n| n.person.clone())
            .collect();
        people.sort_unstable();
        people.dedup();
        ScopeDoc {
            doc: t.doc,
            story: t.story,
            day: t.day,
            people,
        }
    }
}

/// [`name_scopes`] from what it reads of each document.
pub fn name_scopes_of(tallies: &[ScopeDoc], window: u32, max_docs: usize) -> BTreeMap<usize, usize> {
    let mut sets = Sets::new(tallies.len());
    let mut first_of_story: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, t) in tallies.iter().enumerate() {
        if let Some(s) = t.story {
            let f = *first_of_story.entry(s).or_insert(i);
            sets.join(f, i);
        }
    }
    let (surnames, ids) = super::surname_numbers(tallies.iter().map(|t| t.people.iter().map(String::as_str)));
    // The surnames that are not common words ("Trump", "Moore" are in too
    // many articles to say two tell of one event).
    let speech = &crate::lexicon::Lexicon::builtin().speech;
    let common: BTreeSet<u32> = ids
        .iter()
        .filter(|(w, _)| speech.is_common_word(w))
        .map(|(_, &n)| n)
        .collect();
    let rare: Vec<Vec<u32>> = surnames
        .iter()
        .map(|v| v.iter().copied().filter(|n| !common.contains(n)).collect())
        .collect();
    let mut dated: Vec<(i64, usize)> = tallies
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.day.map(|d| (d, i)))
        .collect();
    dated.sort_unstable_by_key(|&(d, i)| (d, tallies[i].doc));
    // Candidate links: (rare surnames shared, most first; days apart;
    // documents), decided in that order so that the strongest links make
    // the groups, whatever order the documents came in.
    let mut links: Vec<(std::cmp::Reverse<usize>, i64, usize, usize, usize, usize)> = Vec::new();
    for (x, &(day, i)) in dated.iter().enumerate() {
        for &(other, j) in dated[x + 1..].iter().take_while(|(d, _)| d - day <= i64::from(window)) {
            let (a, b) = (&surnames[i], &surnames[j]);
            if a.len().min(b.len()) < super::SHARED_PEOPLE {
                continue;
            }
            let shared = super::frames::shared_sorted(a, b);
            let rare = super::frames::shared_sorted(&rare[i], &rare[j]);
            if rare >= super::SHARED_PEOPLE && 3 * shared >= a.len().min(b.len()) {
                let (da, db) = (tallies[i].doc.min(tallies[j].doc), tallies[i].doc.max(tallies[j].doc));
                links.push((std::cmp::Reverse(rare), other - day, da, db, i, j));
            }
        }
    }
    links.sort_unstable();
    // Each set's size, kept at its root.
    let mut members: Vec<usize> = vec![0; tallies.len()];
    for i in 0..tallies.len() {
        members[sets.root(i)] += 1;
    }
    for &(_, _, _, _, i, j) in &links {
        let (ri, rj) = (sets.root(i), sets.root(j));
        if ri != rj && members[ri] + members[rj] <= max_docs {
            let r = sets.join(i, j);
            members[r] = members[ri] + members[rj];
        }
    }
    // A group's number: its first document's.
    let roots: Vec<usize> = (0..tallies.len()).map(|i| sets.root(i)).collect();
    let mut first: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, &r) in roots.iter().enumerate() {
        let e = first.entry(r).or_insert(tallies[i].doc);
        *e = (*e).min(tallies[i].doc);
    }
    roots
        .iter()
        .enumerate()
        .filter(|(_, r)| members[**r] > 1)
        .map(|(i, r)| (tallies[i].doc, first[r]))
        .collect()
}

/// Where a spelling is compared: the articles of one story or name scope
/// (outlets covering the same events), or one article in no story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compared {
    Story(usize),
    Alone(usize),
}

impl Compared {
    /// Where the names of document `doc`, in name scope `scope`, are compared.
    pub fn at(doc: usize, scope: Option<usize>) -> Compared {
        scope.map_or(Compared::Alone(doc), Compared::Story)
    }

    /// Where the names of a tally's article are compared.
    pub fn of(t: &Tally) -> Compared {
        Compared::at(t.doc, t.scope)
    }
}

/// The findings of one name-variant rule over the tallies `t`, people
/// grouped by `groups` (from [`people_groups`] over every tally).
/// `scopes`: each document's name scope ([`name_scopes`]), else each
/// tally's own.
pub fn variants<'v>(
    t: &Tallies<'_>,
    groups: &BTreeMap<String, String>,
    scopes: Option<&BTreeMap<usize, usize>>,
    o: &NameVariant,
) -> Vec<Raw<'v>> {
    let accepted: Vec<BTreeSet<String>> = o
        .accepted
        .iter()
        .map(|g| g.iter().map(|w| part_key(w, o.ignore_diacritics)).collect())
        .collect();
    // First, over the whole corpus, the parts of names spelled more than
    // one way: most people's names are written one way everywhere, and
    // need no table of uses.
    let mut spelled: rustc_hash::FxHashMap<(&str, u8), Vec<String>> = rustc_hash::FxHashMap::default();
    for (_, person, slot, _, key) in t.iter().flat_map(|tally| name_parts(tally, groups, o)) {
        let keys = spelled.entry((person, slot)).or_default();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    spelled.retain(|_, keys| keys.len() > 1);
    // (scope, person, slot) → compared spelling → uses.
    let mut table: BTreeMap<(Compared, &str, u8), BTreeMap<String, Uses>> = BTreeMap::new();
    for tally in t.iter() {
        let doc = tally.doc;
        let scope = match scopes {
            Some(s) => Compared::at(doc, s.get(&doc).copied()),
            None => Compared::of(tally),
        };
        for (n, person, slot, written, key) in name_parts(tally, groups, o) {
            if !spelled.contains_key(&(person, slot)) {
                continue;
            }
            let uses = table.entry((scope, person, slot)).or_default().entry(key).or_default();
            if uses.written.is_empty() {
                uses.written = written;
            }
            uses.docs.entry(doc).or_insert(Location { doc, src: n.src });
            *uses.per_doc.entry(doc).or_default() += 1;
            uses.count += 1;
            uses.titles
                .extend(n.titles.iter().filter(|t| !COURTESY.contains(&t.as_str())).cloned());
        }
    }
    let mut out = Vec::new();
    for ((_, person, slot), spellings) in &table {
        if spellings.len() < 2 {
            continue;
        }
        // Only spellings close to another are variants (Joe / Joseph are
        // names), and not two a desk accepts as one.
        let keys: Vec<&String> = spellings.keys().collect();
        let close = |a: &str, b: &str| {
            close(a, b, o.max_edits, *slot == 0) && !accepted.iter().any(|g| g.contains(a) && g.contains(b))
        };
        let variant_keys: BTreeSet<&String> = keys
            .iter()
            .filter(|a| keys.iter().any(|b| close(a, b)))
            .copied()
            .collect();
        if variant_keys.len() < 2 {
            continue;
        }
        let g = Spellings {
            person,
            uses: spellings,
            keys: &variant_keys,
            close: &close,
            given: *slot == 0,
        };
        if o.across_outlets {
            out.extend(across_outlets(t, &g));
        }
        if o.within_article {
            out.extend(within_article(t, &g));
        }
    }
    out
}

/// The compared parts of a tally's names: (mention, person group, slot
/// (1 surname, 0 given name), as written, as compared).
fn name_parts<'a>(
    tally: &'a Tally,
    groups: &'a BTreeMap<String, String>,
    o: &'a NameVariant,
) -> impl Iterator<Item = (&'a super::tally::Mention, &'a str, u8, String, String)> + 'a {
    tally
        .names
        .iter()
        .filter(move |n| o.bylines || !n.byline)
        .filter_map(move |n| parts(&n.text, o.ignore_diacritics).map(|p| (n, p)))
        .flat_map(move |(n, p)| {
            let person = groups.get(&n.person).unwrap_or(&n.person).as_str();
            // A given name alone ("Nicholas told Guthrie", "Ying and Yixin")
            // is the given name, not a spelling of the surname.
            let mut key_words = person.split(' ');
            let given_alone =
                p.first.is_none() && key_words.next().is_some_and(|f| f == p.last.0) && key_words.next().is_some();
            let (surname, given) = if given_alone {
                (None, Some(p.last))
            } else {
                (Some(p.last), p.first)
            };
            [(1u8, surname), (0u8, given)]
                .into_iter()
                .filter_map(move |(slot, part)| part.map(|(written, key)| (n, person, slot, written, key)))
        })
}

/// One person's spellings of one part of the name, and which are variants.
struct Spellings<'a> {
    person: &'a str,
    uses: &'a BTreeMap<String, Uses>,
    /// The spellings close to another one.
    keys: &'a BTreeSet<&'a String>,
    close: &'a dyn Fn(&str, &str) -> bool,
    /// The given name (else the surname).
    given: bool,
}

/// The registry's spelling of the part of `person` (a key) compared, when
/// the registry knows the person.
fn registry_spelling(person: &str, given: bool) -> Option<String> {
    let registry = &crate::lexicon::Lexicon::builtin().speech.registry;
    let canon = registry.canonical(person)?;
    let p = parts(canon, false)?;
    if given { p.first.map(|f| f.0) } else { Some(p.last.0) }
}

/// What a finding says of the reference spelling `written`: who uses it,
/// and the registry's spelling when it knows the person.
fn reference_note(usage: String, written: &str, g: &Spellings<'_>) -> String {
    match registry_spelling(g.person, g.given) {
        Some(r) if r == written => format!("{usage}; the entity registry agrees"),
        Some(r) => format!("{usage}; the entity registry has \"{r}\""),
        None => usage,
    }
}

fn across_outlets<'v>(t: &Tallies<'_>, g: &Spellings<'_>) -> Vec<Raw<'v>> {
    let (person, spellings, keys, close) = (g.person, g.uses, g.keys, g.close);
    let outlets_of = |u: &Uses| -> BTreeSet<String> { u.docs.keys().map(|&d| t.outlet(d)).collect() };
    // The spelling most outlets use (then the registry's, most uses, the
    // first) is the reference.
    let registry = registry_spelling(person, g.given);
    let reference = keys
        .iter()
        .max_by_key(|k| {
            let u = &spellings[**k];
            let first = u.docs.values().next().copied();
            let registered = registry.as_deref() == Some(u.written.as_str());
            (outlets_of(u).len(), registered, u.count, std::cmp::Reverse(first))
        })
        .copied();
    let Some(reference) = reference else { return Vec::new() };
    let ref_uses = &spellings[reference];
    let ref_outlets = outlets_of(ref_uses);
    let mut out = Vec::new();
    for key in keys {
        if *key == reference || !close(key, reference) {
            continue;
        }
        let uses = &spellings[*key];
        if g.given && !given_name_slip(uses, uses.count, ref_uses, ref_uses.count) {
            continue;
        }
        let mine = outlets_of(uses);
        // Outlets that use the reference spelling and not this one.
        let others: Vec<&String> = ref_outlets.iter().filter(|o| !mine.contains(*o)).collect();
        if others.is_empty() {
            continue;
        }
        let primary = *uses.docs.values().next().expect("a spelling has a use");
        let mut locations = vec![primary];
        let mut other_docs = Vec::new();
        for o in &others {
            if let Some(loc) = ref_uses.docs.values().find(|l| &&t.outlet(l.doc) == o) {
                locations.push(*loc);
                other_docs.push(loc.doc);
            }
        }
        let mut vars = BTreeMap::new();
        vars.insert("outlet", outlets_list(uses.docs.keys().map(|&d| t.outlet(d))));
        vars.insert("other_outlets", outlets_list(other_docs.iter().map(|&d| t.outlet(d))));
        vars.insert("person", person.to_string());
        vars.insert("name", uses.written.clone());
        vars.insert("other_names", ref_uses.written.clone());
        let all_outlets: BTreeSet<String> = keys.iter().flat_map(|k| outlets_of(&spellings[*k])).collect();
        let usage = format!(
            "\"{}\" is the spelling of {} of {} outlets",
            ref_uses.written,
            ref_outlets.len(),
            all_outlets.len()
        );
        vars.insert("reference", reference_note(usage, &ref_uses.written, g));
        out.push(Raw {
            locations,
            vars,
            marks: Vec::new(),
            severity: None,
        });
    }
    out
}

fn within_article<'v>(t: &Tallies<'_>, g: &Spellings<'_>) -> Vec<Raw<'v>> {
    let (person, spellings, keys, close) = (g.person, g.uses, g.keys, g.close);
    let docs: BTreeSet<usize> = keys.iter().flat_map(|k| spellings[*k].docs.keys().copied()).collect();
    let mut out = Vec::new();
    for doc in docs {
        let here: Vec<&&String> = keys.iter().filter(|k| spellings[**k].docs.contains_key(&doc)).collect();
        if here.len() < 2 {
            continue;
        }
        // The spelling the article uses most (then first) is the reference.
        let here: Vec<&String> = here.into_iter().copied().collect();
        let count = |k: &String| spellings[k].per_doc.get(&doc).copied().unwrap_or(0);
        let reference: &String = here
            .iter()
            .copied()
            .min_by_key(|k| (std::cmp::Reverse(count(k)), spellings[*k].docs[&doc].src.start))
            .expect("two spellings");
        for &key in &here {
            if key == reference || !close(key, reference) {
                continue;
            }
            let (u, r) = (&spellings[key], &spellings[reference]);
            if g.given && !given_name_slip(u, count(key), r, count(reference)) {
                continue;
            }
            let mut vars = BTreeMap::new();
            vars.insert("outlet", t.outlet(doc));
            vars.insert("other_outlets", "the same article".to_string());
            vars.insert("person", person.to_string());
            vars.insert("name", u.written.clone());
            vars.insert("other_names", words_list(std::slice::from_ref(&r.written)));
            let times = |n: usize| match n {
                1 => "once".to_string(),
                2 => "twice".to_string(),
                n => format!("{n} times"),
            };
            let usage = format!(
                "the article has \"{}\" {} and \"{}\" {}",
                r.written,
                times(count(reference)),
                u.written,
                times(count(key))
            );
            vars.insert("reference", reference_note(usage, &r.written, g));
            out.push(Raw {
                locations: vec![u.docs[&doc], r.docs[&doc]],
                vars,
                marks: Vec::new(),
                severity: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_close_enough_to_be_one_name() {
        assert!(close("preibus", "priebus", 2, false), "two letters swapped: one edit");
        assert!(close("zelenskyy", "zelensky", 2, false), "a doubled letter");
        assert!(close("hutchison", "hutchinson", 2, false));
        assert!(!close("trumpy", "trump", 2, false), "an adjective");
        assert!(!close("tsarnaeva", "tsarnaev", 2, false), "a woman of the family");
        assert!(!close("clintons", "clinton", 2, false), "a family");
        assert!(!close("pete", "peter", 2, true), "a short given name");
        assert_eq!(part_key("al-Sisi", true), part_key("el-Sisi", true));
        assert_eq!(part_key("al-Sisi", true), "sisi");
    }

    fn scope_doc(doc: usize, day: Option<i64>, story: Option<usize>, people: &[&str]) -> ScopeDoc {
        ScopeDoc {
            doc,
            story,
            day,
            people: people.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn articles_naming_the_same_people_are_compared() {
        let people = ["Marisol Okonkwo", "Priya Lindqvist", "Idris Albescu"];
        let docs = [
            scope_doc(0, Some(100), None, &people),
            scope_doc(1, Some(101), None, &people[1..]),
            // Weeks later: another event.
            scope_doc(2, Some(140), None, &people),
            // Shares one name only.
            scope_doc(3, Some(100), None, &["Idris Albescu", "Tomas Reinholt"]),
            // Undated: only its story joins it.
            scope_doc(4, None, Some(7), &people),
            scope_doc(5, Some(100), Some(7), &["Someone Else"]),
        ];
        let scopes = name_scopes_of(&docs, 3, 8);
        assert_eq!(scopes.get(&0), Some(&0));
        assert_eq!(scopes.get(&1), Some(&0));
        assert_eq!(scopes.get(&2), None);
        assert_eq!(scopes.get(&3), None);
        assert_eq!(scopes.get(&4), Some(&4));
        assert_eq!(scopes.get(&5), Some(&4));
        // The same, whatever order the documents come in.
        let mut reversed = docs.to_vec();
        reversed.reverse();
        assert_eq!(name_scopes_of(&reversed, 3, 8), scopes);
        // Common surnames ("Trump", "Biden") say nothing of one event.
        let famous = [
            scope_doc(0, Some(100), None, &["Donald Trump", "Joe Biden"]),
            scope_doc(1, Some(100), None, &["Donald Trump", "Joe Biden"]),
        ];
        assert!(name_scopes_of(&famous, 3, 8).is_empty());
        // At most `max_docs` articles are joined.
        let many: Vec<ScopeDoc> = (0..5).map(|d| scope_doc(d, Some(100), None, &people)).collect();
        let capped = name_scopes_of(&many, 3, 3);
        assert_eq!(capped.values().filter(|&&s| s == 0).count(), 3);
    }

    #[test]
    fn name_parts() {
        let p = parts("Volodymyr Zelenskyy’s", true).unwrap();
        assert_eq!(p.first.unwrap().1, "volodymyr");
        assert_eq!(p.last, ("Zelenskyy".to_string(), "zelenskyy".to_string()));
        let p = parts("Martin Luther King Jr.", true).unwrap();
        assert_eq!(p.last.1, "king");
        assert_eq!(
            parts("J.Trump", true).unwrap().last.1,
            parts("Donald J. Trump", true).unwrap().last.1
        );
        assert!(parts("Hegseth", true).unwrap().first.is_none());
        assert!(parts("J.D. Vance", true).unwrap().first.is_none());
        assert_eq!(parts("George Gascón", true).unwrap().last.1, "gascon");
        assert_eq!(parts("George Gascón", false).unwrap().last.1, "gascón");
    }
}
