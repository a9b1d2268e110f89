//! Word lists for claim extraction (`rules/lexicon/speech.toml`) and the
//! entity registry (`rules/registry/people.toml`).

use std::collections::BTreeMap;

use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

const SPEECH: &str = include_str!("../../rules/lexicon/speech.toml");
const PEOPLE: &str = include_str!("../../rules/registry/people.toml");
const WORDFREQ: &str = include_str!("../../rules/lexicon/wordfreq.tsv");
const GIVEN_NAMES: &str = include_str!("../../rules/lexicon/given-names.txt");
const NAME_SEXES: &str = include_str!("../../rules/lexicon/given-name-sexes.tsv");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechSpec {
    #[serde(default)]
    pub cues: Vec<String>,
    #[serde(default)]
    pub pronouns: Vec<String>,
    #[serde(default)]
    pub not_subject: Vec<String>,
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub person_titles: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub not_person: Vec<String>,
    #[serde(default)]
    pub first_names: Vec<String>,
    /// Last words of places' and organisations' names ("Island", "Committee").
    #[serde(default)]
    pub entity_heads: Vec<String>,
    /// Given names that are one name ("Robert", "Bob", "Bobby"): a person
    /// called by either is the same person.
    #[serde(default)]
    pub nicknames: Vec<Vec<String>>,
    /// Nouns for what someone said, after a possessive name ("Fauci's
    /// assertion “…”").
    #[serde(default)]
    pub speech_nouns: Vec<String>,
    /// Words that open a clause of time or cause ("after X spoke, …").
    #[serde(default)]
    pub subordinators: Vec<String>,
    /// Words that open a new clause ("…,” but he denied").
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Prepositions: a name after one is no subject ("lawyers for X").
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// A word whose stem is in at least this share of the background
    /// corpus's documents (`wordfreq.tsv`) is a common word: a capitalized
    /// "More" or "Grocery" is not a slip in someone's name.
    pub common_word_share: Option<f64>,
}

impl SpeechSpec {
    pub fn extend(&mut self, o: SpeechSpec) {
        self.cues.extend(o.cues);
        self.pronouns.extend(o.pronouns);
        self.not_subject.extend(o.not_subject);
        self.titles.extend(o.titles);
        self.person_titles.extend(o.person_titles);
        self.demonyms.extend(o.demonyms);
        self.roles.extend(o.roles);
        self.not_person.extend(o.not_person);
        self.first_names.extend(o.first_names);
        self.entity_heads.extend(o.entity_heads);
        self.nicknames.extend(o.nicknames);
        self.speech_nouns.extend(o.speech_nouns);
        self.subordinators.extend(o.subordinators);
        self.conjunctions.extend(o.conjunctions);
        self.prepositions.extend(o.prepositions);
        if o.common_word_share.is_some() {
            self.common_word_share = o.common_word_share;
        }
    }
}

/// One office held between two dates.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub title: String,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
}

/// A person of the registry.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub roles: Vec<RoleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeopleFile {
    #[serde(default)]
    pub person: Vec<PersonSpec>,
}

#[derive(Clone, Debug)]
struct Role {
    person: usize,
    from: Option<Date>,
    to: Option<Date>,
    phrases: Vec<String>,
}

/// The compiled registry.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    people: Vec<PersonSpec>,
    /// Lower-cased alias or name → people.
    by_alias: FxHashMap<String, Vec<usize>>,
    roles: Vec<Role>,
}

impl Registry {
    pub fn new(people: Vec<PersonSpec>) -> Result<Self, String> {
        let mut r = Registry::default();
        for (i, p) in people.iter().enumerate() {
            for a in std::iter::once(&p.name).chain(&p.aliases) {
                // Keyed as written and lower-cased.
                for key in [a.clone(), a.to_lowercase()] {
                    let entry = r.by_alias.entry(key).or_default();
                    if !entry.contains(&i) {
                        entry.push(i);
                    }
                }
            }
            for role in &p.roles {
                let date = |s: &Option<String>| -> Result<Option<Date>, String> {
                    s.as_deref()
                        .map(|d| {
                            d.parse::<Date>()
                                .map_err(|e| format!("{}: role date {d:?}: {e}", p.name))
                        })
                        .transpose()
                };
                r.roles.push(Role {
                    person: i,
                    from: date(&role.from)?,
                    to: date(&role.to)?,
                    phrases: role.phrases.iter().map(|s| s.to_lowercase()).collect(),
                });
            }
        }
        r.people = people;
        Ok(r)
    }

    /// The canonical name for a name or alias, when exactly one person has it.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        // As written first (no allocation), then case-insensitively.
        // Names are keyed as written; only odd casing ("TRUMP",
        // "zelensky") needs the lower-cased key.
        let title_case = name.split(' ').all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
        });
        let found = match self.by_alias.get(name) {
            Some(v) => Some(v),
            None if !title_case => self.by_alias.get(&name.to_lowercase()),
            None => None,
        };
        match found.map(Vec::as_slice) {
            Some([i]) => Some(&self.people[*i].name),
            _ => None,
        }
    }

    /// Who a role phrase ("the president") named on `date`.
    pub fn role_holder(&self, phrase: &str, date: Option<Date>) -> Option<&str> {
        let date = date?;
        let phrase = phrase.to_lowercase();
        let mut found = self.roles.iter().filter(|r| {
            r.phrases.contains(&phrase) && r.from.is_none_or(|f| f <= date) && r.to.is_none_or(|t| date <= t)
        });
        let first = found.next()?;
        // Two holders at once (a hand-over day): do not guess.
        if found.any(|r| r.person != first.person) {
            return None;
        }
        Some(&self.people[first.person].name)
    }
}

/// Claim-extraction words, compiled.
#[derive(Clone, Debug)]
pub struct SpeechLexicon {
    pub cues: FxHashSet<String>,
    /// Multi-word cues, as word lists ("went on", "pointed out").
    pub multi_cues: Vec<Vec<String>>,
    /// First words of the multi-word cues, lower case.
    pub multi_cue_starts: FxHashSet<String>,
    pub pronouns: FxHashSet<String>,
    pub not_subject: FxHashSet<String>,
    pub titles: FxHashSet<String>,
    pub person_titles: FxHashSet<String>,
    pub demonyms: FxHashSet<String>,
    /// Role noun → titles it can refer back to (lower case).
    pub roles: FxHashMap<String, Vec<String>>,
    pub not_person: FxHashSet<String>,
    pub first_names: FxHashSet<String>,
    /// Given names mostly one sex's: `m` or `f`.
    pub sexes: FxHashMap<String, char>,
    /// Lower-cased given name → the numbers of its nickname groups.
    pub nicknames: FxHashMap<String, Vec<u32>>,
    pub speech_nouns: FxHashSet<String>,
    pub subordinators: FxHashSet<String>,
    pub conjunctions: FxHashSet<String>,
    pub prepositions: FxHashSet<String>,
    pub entity_heads: FxHashSet<String>,
    /// Stems of common words ([`SpeechSpec::common_word_share`]).
    pub common_stems: FxHashSet<String>,
    pub registry: Registry,
}

impl SpeechLexicon {
    pub fn build(extra: Option<&SpeechSpec>, more_people: &[PersonSpec]) -> Result<Self, String> {
        let mut spec: SpeechSpec = toml::from_str(SPEECH).map_err(|e| format!("rules/lexicon/speech.toml: {e}"))?;
        if let Some(x) = extra {
            spec.extend(x.clone());
        }
        let people: PeopleFile = toml::from_str(PEOPLE).map_err(|e| format!("rules/registry/people.toml: {e}"))?;
        let mut list = people.person;
        for p in more_people {
            match list.iter_mut().find(|x| x.name == p.name) {
                Some(existing) => *existing = p.clone(),
                None => list.push(p.clone()),
            }
        }
        let (multi, single): (Vec<String>, Vec<String>) = spec.cues.into_iter().partition(|c| c.contains(' '));
        Ok(SpeechLexicon {
            cues: single.into_iter().collect(),
            multi_cues: multi
                .iter()
                .map(|m| m.split(' ').map(str::to_string).collect())
                .collect(),
            multi_cue_starts: multi
                .iter()
                .filter_map(|m| m.split(' ').next())
                .map(str::to_lowercase)
                .collect(),
            pronouns: spec.pronouns.into_iter().collect(),
            not_subject: spec.not_subject.into_iter().collect(),
            titles: spec.titles.into_iter().collect(),
            person_titles: spec.person_titles.into_iter().collect(),
            demonyms: spec.demonyms.into_iter().collect(),
            roles: spec
                .roles
                .into_iter()
                .map(|(k, v)| (k.to_lowercase(), v.into_iter().map(|t| t.to_lowercase()).collect()))
                .collect(),
            not_person: spec.not_person.into_iter().collect(),
            first_names: spec
                .first_names
                .into_iter()
                .chain(
                    GIVEN_NAMES
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                )
                .collect(),
            sexes: name_sexes()?,
            speech_nouns: spec.speech_nouns.into_iter().collect(),
            subordinators: spec.subordinators.into_iter().collect(),
            conjunctions: spec.conjunctions.into_iter().collect(),
            prepositions: spec.prepositions.into_iter().collect(),
            nicknames: {
                let mut m: FxHashMap<String, Vec<u32>> = FxHashMap::default();
                for (g, names) in spec.nicknames.iter().enumerate() {
                    for n in names {
                        m.entry(n.to_lowercase()).or_default().push(g as u32);
                    }
                }
                m
            },
            entity_heads: spec.entity_heads.into_iter().collect(),
            common_stems: common_stems(spec.common_word_share.unwrap_or(0.0))?,
            registry: Registry::new(list)?,
        })
    }

    /// The sex an honorific gives ("Mr." m; "Mrs.", "Ms.", "Miss" f).
    pub fn honorific_sex(title: &str) -> Option<char> {
        match title.trim_end_matches('.').to_lowercase().as_str() {
            "mr" => Some('m'),
            "mrs" | "ms" | "miss" => Some('f'),
            _ => None,
        }
    }

    /// Whether two given names (any case) are one name by the nickname
    /// groups ("Bobby" and "Robert").
    pub fn nickname_of(&self, a: &str, b: &str) -> bool {
        let (Some(x), Some(y)) = (
            self.nicknames.get(&a.to_lowercase()),
            self.nicknames.get(&b.to_lowercase()),
        ) else {
            return false;
        };
        x.iter().any(|g| y.contains(g))
    }

    /// Whether a person with given name `first` may be the one an
    /// honorific of sex `sex` names: unknown names may.
    pub fn may_be(&self, first: Option<&str>, sex: char) -> bool {
        first.and_then(|f| self.sexes.get(f)).is_none_or(|&s| s == sex)
    }

    /// Whether `word` (any case) is a common word: it, or it without one
    /// of the inflection endings the background counts strip, is a
    /// common stem.
    pub fn is_common_word(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.common_stems.contains(&w)
            || ["s", "es", "ed", "ing", "ly"].iter().any(|suf| {
                w.strip_suffix(suf)
                    .is_some_and(|b| b.chars().count() >= 3 && self.common_stems.contains(b))
            })
    }
}

/// The given names of `rules/lexicon/given-name-sexes.tsv`.
fn name_sexes() -> Result<FxHashMap<String, char>, String> {
    let mut out = FxHashMap::default();
    for (i, line) in NAME_SEXES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.split_once('\t') {
            Some((name, "m")) => out.insert(name.to_string(), 'm'),
            Some((name, "f")) => out.insert(name.to_string(), 'f'),
            _ => {
                return Err(format!(
                    "rules/lexicon/given-name-sexes.tsv line {}: expected NAME<TAB>m or NAME<TAB>f",
                    i + 1
                ));
            }
        };
    }
    Ok(out)
}

/// The stems in at least `share` of the background documents.
fn common_stems(share: f64) -> Result<FxHashSet<String>, String> {
    let mut lines = WORDFREQ.lines();
    let docs: f64 = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or("rules/lexicon/wordfreq.tsv: the first line must be the number of documents counted")?;
    let min = (share * docs).ceil().max(1.0) as u64;
    Ok(lines
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, n)| n.trim().parse::<u64>().is_ok_and(|n| n >= min))
        .map(|(w, _)| w.to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_roles_by_date() {
        let lex = SpeechLexicon::build(None, &[]).unwrap();
        let r = &lex.registry;
        assert_eq!(r.canonical("Zelenskyy"), Some("Volodymyr Zelensky"));
        assert_eq!(
            r.role_holder("the president", "2025-02-12".parse().ok()),
            Some("Donald Trump")
        );
        assert_eq!(
            r.role_holder("The President", "2023-06-01".parse().ok()),
            Some("Joe Biden")
        );
        assert_eq!(r.role_holder("the president", None), None);
        // Inauguration day: both held it; no guess.
        assert_eq!(r.role_holder("the president", "2025-01-20".parse().ok()), None);
        assert!(lex.cues.contains("said"));
        // Every list made it through (a table header above a list swallows it).
        assert!(lex.not_person.contains("Friday") && lex.not_person.contains("House"));
        assert!(lex.first_names.contains("Pete") && lex.titles.contains("Sen."));
        assert!(!lex.roles.contains_key("not_person") && !lex.roles.contains_key("first_names"));
        assert_eq!(lex.roles["leader"][0], "president");
        assert!(lex.multi_cues.iter().any(|m| m == &["went", "on"]));
    }

    #[test]
    fn honorifics_sexes_and_nicknames() {
        let lex = &crate::lexicon::Lexicon::builtin().speech;
        assert_eq!(SpeechLexicon::honorific_sex("Mr."), Some('m'));
        assert_eq!(SpeechLexicon::honorific_sex("Ms"), Some('f'));
        assert_eq!(SpeechLexicon::honorific_sex("Sen."), None);
        assert!(!lex.may_be(Some("Melania"), 'm'));
        assert!(lex.may_be(Some("Donald"), 'm'));
        // A name of either sex, or none known, may be anyone.
        assert!(lex.may_be(Some("Kelly"), 'm') && lex.may_be(Some("Kelly"), 'f'));
        assert!(lex.may_be(None, 'f'));
        assert!(lex.nickname_of("Bobby", "Robert") && lex.nickname_of("jim", "James"));
        assert!(!lex.nickname_of("Robert", "James"));
    }
}
