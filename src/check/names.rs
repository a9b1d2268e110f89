//! Name spelling variants: one person's name written two ways.

use std::collections::{BTreeMap, BTreeSet};

use super::tally::{Tallies, Tally};
use super::{Location, Raw, Sites, outlets_list, words_list};
use crate::rules::options::NameVariant;

/// Name parts that are not spelling: suffixes.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

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
    FOLD.iter()
        .find(|(set, _)| set.contains(c))
        .map_or(c, |&(_, base)| base)
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
            let key: String = w
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .map(|c| if fold_marks { fold(c) } else { c })
                .collect();
            (w.to_string(), key)
        })
        .filter(|(_, k)| k.chars().count() > 1)
        .collect();
    while words.len() > 1 && words.last().is_some_and(|(_, k)| SUFFIXES.contains(&k.as_str())) {
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
}

/// Whether two spellings of a name part are variants of each other: a
/// few edits apart, relative to their length, and not a short form of the
/// other (Rob / Robert; for given names, any short form: Pete / Peter).
fn close(a: &str, b: &str, max_edits: usize, given: bool) -> bool {
    let d = strsim::levenshtein(a, b);
    let nickname = (given || d > 1) && (a.starts_with(b) || b.starts_with(a));
    // "the Clintons", "Trumps": a family or a possessive without its apostrophe.
    let plural = d == 1 && (a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a));
    d >= 1 && d <= max_edits && d * 4 <= a.chars().count().max(b.chars().count()) && !nickname && !plural
}

/// Person keys of different articles that name one person: the same given
/// name and a near surname, or the reverse ("Dana Kowalczyk", "Dana
/// Kowalcyk"). Each key maps to the key its group is reported under (the
/// one with most mentions).
fn group_people<'a>(counts: &BTreeMap<&'a str, usize>, max_edits: usize) -> BTreeMap<&'a str, &'a str> {
    let keys: Vec<&str> = counts.keys().copied().collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
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
                        let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut best: BTreeMap<usize, &str> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        let e = best.entry(r).or_insert(k);
        if counts[k] > counts[e] {
            *e = k;
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| (*k, best[&root(&mut parent, i)]))
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

/// Where a spelling is compared: the articles of one story (two outlets
/// covering the same events), or one article in no story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compared {
    Story(usize),
    Alone(usize),
}

impl Compared {
    /// Where the names of a tally's article are compared.
    pub fn of(t: &Tally) -> Compared {
        t.story.map_or(Compared::Alone(t.doc), Compared::Story)
    }
}

/// The findings of one name-variant rule over the tallies `t`, people
/// grouped by `groups` (from [`people_groups`] over every tally).
pub fn variants<'v>(t: &Tallies<'_>, groups: &BTreeMap<String, String>, o: &NameVariant) -> Vec<Raw<'v>> {
    // (scope, person, slot) → compared spelling → uses.
    let mut table: BTreeMap<(Compared, &str, u8), BTreeMap<String, Uses>> = BTreeMap::new();
    for tally in t.iter() {
        let doc = tally.doc;
        let scope = Compared::of(tally);
        for n in &tally.names {
            if n.byline && !o.bylines {
                continue;
            }
            let Some(p) = parts(&n.text, o.ignore_diacritics) else {
                continue;
            };
            let person = groups.get(&n.person).unwrap_or(&n.person).as_str();
            let slots = [(1u8, Some(p.last)), (0u8, p.first)];
            for (slot, part) in slots {
                let Some((written, key)) = part else { continue };
                let uses = table.entry((scope, person, slot)).or_default().entry(key).or_default();
                if uses.written.is_empty() {
                    uses.written = written;
                }
                uses.docs.entry(doc).or_insert(Location { doc, src: n.src });
                *uses.per_doc.entry(doc).or_default() += 1;
                uses.count += 1;
            }
        }
    }
    let mut out = Vec::new();
    for ((_, person, slot), spellings) in &table {
        if spellings.len() < 2 {
            continue;
        }
        // Only spellings close to another are variants (Joe / Joseph are names).
        let keys: Vec<&String> = spellings.keys().collect();
        let close = |a: &str, b: &str| close(a, b, o.max_edits, *slot == 0);
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

/// One person's spellings of one part of the name, and which are variants.
struct Spellings<'a> {
    person: &'a str,
    uses: &'a BTreeMap<String, Uses>,
    /// The spellings close to another one.
    keys: &'a BTreeSet<&'a String>,
    close: &'a dyn Fn(&str, &str) -> bool,
}

fn across_outlets<'v>(t: &Tallies<'_>, g: &Spellings<'_>) -> Vec<Raw<'v>> {
    let (person, spellings, keys, close) = (g.person, g.uses, g.keys, g.close);
    let outlets_of = |u: &Uses| -> BTreeSet<String> { u.docs.keys().map(|&d| t.outlet(d)).collect() };
    // The spelling most outlets use (then most uses, then first) is the reference.
    let reference = keys
        .iter()
        .max_by_key(|k| {
            let u = &spellings[**k];
            let first = u.docs.values().next().copied();
            (outlets_of(u).len(), u.count, std::cmp::Reverse(first))
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
            let mut vars = BTreeMap::new();
            vars.insert("outlet", t.outlet(doc));
            vars.insert("other_outlets", "the same article".to_string());
            vars.insert("person", person.to_string());
            vars.insert("name", u.written.clone());
            vars.insert("other_names", words_list(std::slice::from_ref(&r.written)));
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
