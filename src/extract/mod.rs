//! Stage 3: documents → claims. What the checks compare: quotes with
//! their speakers, figures, dates, and people's names, each with its span.

pub mod dates;
pub mod figures;
pub mod frames;
pub mod lexicon;
pub mod people;
pub mod quotes;
pub mod tokens;

use crate::document::{Document, LeftOut};
use crate::lexicon::Lexicon;
use crate::text::Span;
pub use dates::DateMention;
pub use figures::Figure;
use people::People;
pub use quotes::{Quote, SpeakerSource};

/// A person's name as written, and who it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMention {
    /// Exact bytes in the source.
    pub src: Span,
    /// The person's canonical name.
    pub person: String,
    /// In the byline rather than the article text.
    pub byline: bool,
    /// Lower-cased title words written before this mention ("dr.", "sen.").
    pub titles: Vec<String>,
    /// A place's or organisation's name (`person` is then the name).
    pub entity: bool,
}

/// Everything extracted from one document.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    pub dates: Vec<DateMention>,
    pub names: Vec<NameMention>,
}

impl Claims {
    /// The source span of every claim: quotes, figures, dates, names.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.quotes
            .iter()
            .map(|q| q.src)
            .chain(self.figures.iter().map(|f| f.src))
            .chain(self.dates.iter().map(|d| d.src))
            .chain(self.names.iter().map(|n| n.src))
    }
}

/// Documents with more plain text than this read their blocks in
/// parallel (most articles are a few kilobytes: one task each is enough).
const PARALLEL_BLOCKS_BYTES: usize = 1 << 20;

/// Extracts the claims of one document.
pub fn extract(doc: &Document, lex: &Lexicon) -> Claims {
    let marks = quotes::block_marks(doc);
    // Per block: tokens, candidate names and figures. One token buffer
    // serves block after block, holding one block's tokens at a time, so a
    // huge article never holds them all.
    fn read<'a>(
        doc: &'a Document,
        lex: &Lexicon,
        toks: &mut Vec<tokens::Tok<'a>>,
        (block, marks): (&crate::document::Block, &Vec<quotes::Marks>),
    ) -> (Vec<(people::Candidate<'a>, bool)>, Vec<Figure>) {
        tokens::tokenize_into(block.plain.slice(&doc.plain), toks);
        let names = people::block_candidates(toks, block.plain.start, marks, &lex.speech, &lex.segment.starters);
        (names, figures::block_figures(doc, block, lex, toks))
    }
    let blocks: Vec<_> = if doc.plain.len() > PARALLEL_BLOCKS_BYTES {
        use rayon::prelude::*;
        doc.blocks
            .par_iter()
            .zip(&marks)
            .with_min_len(64)
            .map_init(Vec::new, |toks, b| read(doc, lex, toks, b))
            .collect()
    } else {
        let mut toks = Vec::new();
        doc.blocks
            .iter()
            .zip(&marks)
            .map(|b| read(doc, lex, &mut toks, b))
            .collect()
    };
    // The candidates stay in their blocks' vectors (no copy into one).
    let people = People::resolve(blocks.iter().flat_map(|b| &b.0), &lex.speech);
    let entities = people::entities(blocks.iter().flat_map(|b| &b.0));
    let mut found_figures = Vec::with_capacity(blocks.iter().map(|b| b.1.len()).sum());
    for (_, figs) in blocks {
        found_figures.extend(figs);
    }
    let resolver = quotes::Resolver {
        doc,
        people: &people,
        lex: &lex.speech,
        marks: &marks,
    };
    let quotes = quotes::find_quotes(&resolver);
    let mut names: Vec<NameMention> = people
        .mentions
        .iter()
        .map(|m| NameMention {
            src: doc.map.to_source(m.plain),
            person: people.persons[m.person].key.clone(),
            byline: false,
            titles: m.titles.clone(),
            entity: false,
        })
        .collect();
    names.extend(entities.into_iter().map(|(plain, name)| NameMention {
        src: doc.map.to_source(plain),
        person: name,
        byline: false,
        titles: Vec::new(),
        entity: true,
    }));
    names.extend(byline_names(doc, &people));
    names.sort_by_key(|n| (n.src.start, n.src.end));
    let mut dates = dates::find_dates(doc, lex);
    for f in &mut found_figures {
        f.frame = frames::frame(doc, &people, &lex.events, f.plain, f.counted.clone(), true);
        // "… were killed": a tally by its verb; "Rubio has 151 and Kasich
        // 37", counting nothing it names, by a word of its clause.
        let tally_word = |w: &str| lex.figures.tallies.iter().any(|t| w.starts_with(t.as_str()));
        f.tally |= matches!(f.unit, figures::Unit::Count | figures::Unit::Ordinal)
            && (f.frame.events.first().is_some_and(|e| tally_word(&e.lemma))
                || (f.counted.is_none()
                    && f.frame
                        .clause
                        .slice(&doc.plain)
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(tally_word)));
    }
    for d in &mut dates {
        d.frame = frames::frame(doc, &people, &lex.events, d.plain, None, false);
    }
    Claims {
        quotes,
        figures: found_figures,
        dates,
        names,
    }
}

/// [`extract`], run in isolation: a panic (a bug) is returned as a
/// [`Crash`](crate::isolate::Crash) instead of ending the run.
pub fn extract_isolated(doc: &Document, lex: &Lexicon) -> Result<Claims, crate::isolate::Crash> {
    crate::isolate::isolate(|| extract(doc, lex))
}

/// Names in the byline, located in the byline's source lines.
fn byline_names(doc: &Document, people: &People) -> Vec<NameMention> {
    let Some(byline) = &doc.byline else { return Vec::new() };
    let spans: Vec<Span> = doc
        .left_out
        .iter()
        .filter(|(_, r)| *r == LeftOut::Byline)
        .map(|(s, _)| *s)
        .collect();
    let mut out = Vec::new();
    for name in byline.split(", ") {
        let name = name.trim();
        if name.split_whitespace().count() < 2 {
            continue;
        }
        let Some(src) = spans.iter().find_map(|s| {
            s.slice(&doc.source)
                .find(name)
                .map(|i| Span::new(s.start + i, s.start + i + name.len()))
        }) else {
            continue;
        };
        // The same person as a body mention with the same given name and
        // a near spelling keeps the body's key.
        let words: Vec<&str> = name.split_whitespace().collect();
        let (first, last) = (words[0], words[words.len() - 1]);
        let person = people
            .persons
            .iter()
            .find(|p| p.first.as_deref() == Some(first) && people::similar_surname(&p.last, last))
            .map_or_else(|| name.to_string(), |p| p.key.clone());
        out.push(NameMention {
            src,
            person,
            byline: true,
            titles: Vec::new(),
            entity: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claims of `text` read as an article.
    fn claims(text: &str) -> Claims {
        let lex = Lexicon::builtin();
        let config = crate::config::Config::default();
        let ingest = crate::ingest::Ingest::new(lex, &config);
        let mut diags = Vec::new();
        let doc = ingest.read_text(
            "a.md",
            std::path::Path::new("a.md"),
            std::sync::Arc::from(text),
            &mut diags,
        );
        extract(&doc, lex)
    }

    /// The names (person keys, or entity names) extracted from `text`.
    fn names(text: &str) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = claims(text).names.into_iter().map(|n| (n.person, n.entity)).collect();
        out.dedup();
        out
    }

    fn person(p: &str) -> (String, bool) {
        (p.to_string(), false)
    }

    /// The speaker of each quote in `text`, with how it was found.
    fn speakers(text: &str) -> Vec<(Option<String>, quotes::SpeakerSource)> {
        claims(text)
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.speaker_source))
            .collect()
    }

    #[test]
    fn a_surname_is_the_bearer_the_article_and_registry_mean() {
        use quotes::SpeakerSource::*;
        // "Mr." is not the woman of that surname named earlier.
        let s =
            speakers("Carmen Ruiz opened the fair.\n\n\"The harbor will stay open to every family,\" Mr. Ruiz said.\n");
        assert_eq!(s, vec![(Some("Ruiz".to_string()), Explicit)]);
        // A surname the registry gives to someone, for a relative named
        // once, is the registry's person.
        let s = speakers(
            "Michelle Obama spoke at the event.\n\nLater, Obama said: \"The economy is doing much better than anyone thought.\"\n",
        );
        assert_eq!(s, vec![(Some("Barack Obama".to_string()), Explicit)]);
        // "he" is no woman.
        let s = speakers(
            "Rosa Diaz introduced Tom Berger at the rally.\n\nDiaz left early.\n\n\"We will win this county by a wide margin,\" he said.\n",
        );
        assert_eq!(s, vec![(Some("Tom Berger".to_string()), Pronoun)]);
        // No speech verb: the sentence's subject, found so.
        let s = speakers("Governor Ana Ruiz toured the site after \"a long week of brave and careful work.\"\n");
        assert_eq!(s, vec![(Some("Ana Ruiz".to_string()), Subject)]);
    }

    #[test]
    fn names_after_titles_roles_and_nicknames() {
        // A title inside a run of capitals: the name follows the last one.
        let n = names("The race drew Wisconsin Republican Party Chairman Reince Priebus into it.\n");
        assert!(n.contains(&person("Reince Priebus")), "{n:?}");
        // A role after the comma makes an unknown given name a person's.
        let n = names("The panel was led by Asa Hutchinson, a former Republican congressman.\n");
        assert!(n.contains(&person("Asa Hutchinson")), "{n:?}");
        // A nickname in quotation marks is stepped over.
        let n = names("The vote was close, said Dave “Mudcat” Saunders of Roanoke.\n");
        assert!(n.contains(&person("Dave Saunders")), "{n:?}");
        // Words before a known given name are not the name.
        let n = names("Critics mocked Wacko John Bolton on Tuesday, aides said.\n");
        assert!(n.contains(&person("John Bolton")), "{n:?}");
    }

    #[test]
    fn no_person_from_a_place_or_a_question() {
        let n = names("Sen. Angus King of Maine said the bill would pass.\n");
        assert!(!n.iter().any(|(p, _)| p == "Maine"), "{n:?}");
        let n = names("Was Trump right? Trump said he was.\n");
        assert!(!n.iter().any(|(p, _)| p.starts_with("Was")), "{n:?}");
        let n = names("Shippers said the walkout would spread.\n");
        assert!(n.is_empty(), "{n:?}");
    }

    #[test]
    fn places_and_organisations() {
        let n = names("Recruits returned to Parris Island after the House Judiciary Committee met.\n");
        assert!(n.contains(&("Parris Island".to_string(), true)), "{n:?}");
        assert!(n.contains(&("House Judiciary Committee".to_string(), true)), "{n:?}");
    }
}
