//! The check stage's pieces for an engine that runs it on many machines:
//! what one call needs to find a document's findings without the rest of
//! the archive.
//!
//! Rules on aligned pairs decide each statement from the pairs it is in
//! (a [`crate::check::Votes`] entry is one statement and its partners), so
//! a document's findings need only the document, the documents aligned
//! with it and those pairs: a [`CheckBundle`]. Corpus-wide rules read
//! tallies ([`super::tally`]), grouped by person or by rule: a
//! [`CorpusBundle`]. Both give findings in the JSON finding format.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::names::Compared;
use super::tally::{Tallies, Tally};
use super::{Context, Finding, finish, run_corpus_rule, run_rule, sort_findings};
use crate::align::stage::Aligned;
use crate::align::{Alignment, Pair, PairKind, Side, Story};
use crate::diag::Diagnostic;
use crate::document::Document;
use crate::extract::{Claims, extract_isolated};
use crate::ingest::Ingest;
use crate::report::JsonSpan;
use crate::report::findings::{JsonFinding, json_findings};
use crate::rules::RuleSet;
use crate::text::Span;

/// One record of the archive, as it stands on its line of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub doc: usize,
    pub line: usize,
    pub record: String,
}

/// A document with the documents aligned with it and the pairs between
/// them: what its findings on aligned statements need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckBundle {
    /// The document whose findings are wanted.
    pub doc: usize,
    /// It and every document aligned with it.
    pub articles: Vec<Article>,
    /// Every pair between two of `articles`.
    #[serde(default)]
    pub pairs: Vec<Aligned>,
    /// `[doc, story]` for each of `articles` in a story.
    #[serde(default)]
    pub stories: Vec<[usize; 2]>,
}

/// Tallies grouped for one corpus-wide rule: all the uses its findings
/// are decided on (one person in one story; one rule's terms).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorpusBundle {
    pub rule: String,
    pub tallies: Vec<Tally>,
    /// How people's keys group over the whole archive (keys not listed
    /// are their own group).
    #[serde(default)]
    pub people: BTreeMap<String, String>,
}

/// Record `line` of the file `name` as a document, its problems added to
/// `diags` (a warning about its encoding still gives the document).
fn read_record(
    name: &str,
    line: usize,
    record: &str,
    ingest: &Ingest<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let (warning, doc) = crate::ingest::records::record_line(name, line, record.as_bytes(), ingest);
    diags.extend(warning);
    doc.map_err(|e| diags.push(e)).ok()
}

/// A pair of the archive as a pair of the bundle's documents: `local`
/// maps archive numbers to positions in `docs`.
fn local_pair(
    p: &Aligned,
    local: &BTreeMap<usize, usize>,
    docs: &[Document],
    claims: &[Claims],
) -> Result<Pair, String> {
    let side = |at: &crate::align::stage::At| -> Result<Side, String> {
        let doc = *local
            .get(&(at.doc as usize))
            .ok_or_else(|| format!("document {} of a pair is not in the bundle", at.doc))?;
        let plain = match p.kind {
            PairKind::Sentence => docs[doc].sentences.get(at.index).map(|s| (s.src, s.plain)),
            PairKind::Quote => claims[doc].quotes.get(at.index).map(|q| (q.src, q.plain)),
        };
        match plain {
            Some((src, plain)) if src == Span::new(at.src[0], at.src[1]) => Ok(Side {
                doc,
                src,
                plain,
                index: at.index,
            }),
            _ => Err(format!(
                "statement {} of document {} is not at bytes {}..{}",
                at.index, at.doc, at.src[0], at.src[1]
            )),
        }
    };
    Ok(Pair {
        kind: p.kind,
        relation: p.relation,
        a: side(&p.a)?,
        b: side(&p.b)?,
        score: p.score,
        shared: Arc::from(p.shared.clone()),
        story: None,
    })
}

/// A document's claims, or (after a bug in extraction) none and a
/// diagnostic naming it, as [`super::extract_corpus`] reports it.
fn extract_or_report(d: &Document, ingest: &Ingest<'_>, diags: &mut Vec<Diagnostic>) -> Option<Claims> {
    match extract_isolated(d, ingest.lex) {
        Ok(c) => Some(c),
        Err(crash) => {
            diags.push(super::crash_diagnostic(d, &crash, ingest.strict));
            None
        }
    }
}

/// The findings of the rules on aligned statements (and per-article
/// patterns) whose primary location is in the bundle's document, with
/// problems met reading it. `name` is the archive's file as reports
/// address its records.
pub fn check_bundle(
    b: &CheckBundle,
    name: &str,
    ingest: &Ingest<'_>,
    rules: &RuleSet,
) -> (Vec<Diagnostic>, Vec<JsonFinding>) {
    let mut diags = Vec::new();
    let mut articles: Vec<&Article> = b.articles.iter().collect();
    articles.sort_by_key(|a| a.doc);
    articles.dedup_by_key(|a| a.doc);
    let mut docs = Vec::new();
    let mut claims: Vec<Claims> = Vec::new();
    let mut local = BTreeMap::new();
    for a in articles {
        if let Some(d) = read_record(name, a.line, &a.record, ingest, &mut diags)
            && let Some(c) = extract_or_report(&d, ingest, &mut diags)
        {
            local.insert(a.doc, docs.len());
            docs.push(d);
            claims.push(c);
        }
    }
    let Some(&center) = local.get(&b.doc) else {
        return (diags, Vec::new());
    };
    let mut pairs = Vec::new();
    for p in &b.pairs {
        match local_pair(p, &local, &docs, &claims) {
            Ok(p) => pairs.push(p),
            Err(e) => diags.push(Diagnostic::warning(
                name,
                format!("a pair of the bundle is left out: {e}"),
            )),
        }
    }
    // The aligner's order: the first pairs of a statement come first.
    pairs.sort_by_key(Pair::order);
    let mut stories: BTreeMap<usize, Story> = BTreeMap::new();
    for &[doc, id] in &b.stories {
        if let Some(&d) = local.get(&doc) {
            let s = stories.entry(id).or_insert_with(|| Story {
                id,
                docs: Vec::new(),
                pairs: 0,
            });
            s.docs.push(d);
        }
    }
    let alignment = Alignment {
        pairs,
        stories: stories.into_values().collect(),
        stats: Default::default(),
    };
    let ctx = Context::new(&docs, &claims, &alignment);
    let mut out: Vec<Finding> = Vec::new();
    for rule in rules.enabled() {
        if super::tally::is_corpus_rule(&rule.options) {
            continue;
        }
        let found = finish(rule, run_rule(&ctx, rule), &ctx);
        out.extend(found.into_iter().filter(|f| f.locations[0].doc == center));
    }
    sort_findings(&mut out);
    (diags, json_findings(&docs, &out))
}

/// The findings of the bundle's corpus-wide rule, written from the
/// places its tallies carry.
pub fn corpus_bundle(b: &CorpusBundle, rules: &RuleSet) -> Result<Vec<JsonFinding>, String> {
    let rule = rules
        .enabled()
        .find(|r| r.id == b.rule)
        .ok_or_else(|| format!("no enabled rule {}", b.rule))?;
    if !super::tally::is_corpus_rule(&rule.options) {
        return Err(format!("rule {} does not read tallies", b.rule));
    }
    let t = Tallies::new(&b.tallies);
    let mut found = run_corpus_rule(&t, rule, Some(&b.people));
    sort_findings(&mut found);
    found.iter().map(|f| json_of(&t, f)).collect()
}

/// A finding in the JSON format, its places taken from tallies.
fn json_of(t: &Tallies<'_>, f: &Finding) -> Result<JsonFinding, String> {
    let locations = f
        .locations
        .iter()
        .map(|&l| {
            t.place(l).ok_or_else(|| {
                format!(
                    "document {}: no place for bytes {}..{} (tallies made without --located?)",
                    l.doc, l.src.start, l.src.end
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(JsonFinding::of(f, locations))
}

/// The tallies of one corpus-wide rule, each cut down to what the rule
/// reads, grouped as its findings are decided: a `consistency` rule's
/// terms all together; a `name-variant` rule's mentions by story (or
/// lone article) and person group. `groups`: per name rule, how people's
/// keys group over the whole archive; `scopes`: per name rule, each
/// document's name scope ([`super::names::name_scopes`]), which its cut
/// tallies carry. Sorted by group.
pub fn corpus_bundles(
    tallies: &[Tally],
    rules: &RuleSet,
    groups: &BTreeMap<String, BTreeMap<String, String>>,
    scopes: &BTreeMap<String, BTreeMap<usize, usize>>,
) -> Vec<CorpusBundle> {
    use crate::rules::options::Options;
    let mut out = Vec::new();
    for rule in rules.enabled() {
        match &rule.options {
            Options::Consistency(_) => {
                let mine: Vec<Tally> = tallies
                    .iter()
                    .filter_map(|t| {
                        let terms = t.terms.get(&rule.id)?;
                        Some(Tally {
                            names: Vec::new(),
                            terms: BTreeMap::from([(rule.id.clone(), terms.clone())]),
                            ..t.clone()
                        })
                    })
                    .collect();
                if !mine.is_empty() {
                    out.push(CorpusBundle {
                        rule: rule.id.clone(),
                        tallies: mine,
                        people: BTreeMap::new(),
                    });
                }
            }
            Options::NameVariant(_) => {
                let empty = BTreeMap::new();
                let g = groups.get(&rule.id).unwrap_or(&empty);
                let no_scopes = BTreeMap::new();
                let sc = scopes.get(&rule.id).unwrap_or(&no_scopes);
                // (scope, person group) → document → its mentions of the group.
                let mut by: BTreeMap<(Compared, &str), BTreeMap<usize, Tally>> = BTreeMap::new();
                for t in tallies {
                    let scope = sc.get(&t.doc).copied();
                    for n in &t.names {
                        let person = g.get(&n.person).unwrap_or(&n.person).as_str();
                        let compared = Compared::at(t.doc, scope);
                        by.entry((compared, person))
                            .or_default()
                            .entry(t.doc)
                            .or_insert_with(|| Tally {
                                names: Vec::new(),
                                terms: BTreeMap::new(),
                                scope,
                                ..t.clone()
                            })
                            .names
                            .push(n.clone());
                    }
                }
                for ((_, person), docs) in by {
                    let people = g
                        .iter()
                        .filter(|(_, to)| to.as_str() == person)
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    out.push(CorpusBundle {
                        rule: rule.id.clone(),
                        tallies: docs.into_values().collect(),
                        people,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A check bundle per article: it, the articles aligned with it, the
/// pairs between any two of those (a fact's support is counted from the
/// articles aligned with its own), and the stories of those articles.
pub fn check_bundles(
    articles: &BTreeMap<usize, Article>,
    pairs: &[Aligned],
    stories: &[[usize; 2]],
) -> Vec<CheckBundle> {
    let story: BTreeMap<usize, usize> = stories.iter().map(|&[d, s]| (d, s)).collect();
    let mut incident: BTreeMap<usize, Vec<&Aligned>> = BTreeMap::new();
    for p in pairs {
        incident.entry(p.a.doc as usize).or_default().push(p);
        incident.entry(p.b.doc as usize).or_default().push(p);
    }
    articles
        .keys()
        .map(|&doc| {
            let mut docs: BTreeSet<usize> = incident
                .get(&doc)
                .into_iter()
                .flatten()
                .flat_map(|p| [p.a.doc as usize, p.b.doc as usize])
                .collect();
            docs.insert(doc);
            // Each pair once, in the file's order.
            let mut mine: Vec<&Aligned> = docs
                .iter()
                .flat_map(|&d| {
                    incident
                        .get(&d)
                        .into_iter()
                        .flatten()
                        .filter(move |p| p.a.doc as usize == d)
                })
                .filter(|p| docs.contains(&(p.b.doc as usize)))
                .copied()
                .collect();
            mine.sort_by_key(|x| (x.a, x.b, x.kind));
            mine.dedup_by(|x, y| std::ptr::eq(*x, *y));
            let mine: Vec<Aligned> = mine.into_iter().cloned().collect();
            CheckBundle {
                doc,
                articles: docs.iter().filter_map(|d| articles.get(d).cloned()).collect(),
                pairs: mine,
                stories: docs.iter().filter_map(|d| story.get(d).map(|&s| [*d, s])).collect(),
            }
        })
        .collect()
}

/// The order of findings the single-machine run gives: primary location
/// (document, bytes), rule, message, then every location. `doc` gives a
/// location's document number.
pub type OrderKey = (
    Option<(usize, usize, usize)>,
    String,
    String,
    Vec<(usize, usize, usize)>,
);

pub fn order_key(f: &JsonFinding, doc: impl Fn(&JsonSpan) -> usize) -> OrderKey {
    let locs: Vec<(usize, usize, usize)> = f.locations.iter().map(|l| (doc(l), l.byte_start, l.byte_end)).collect();
    (locs.first().copied(), f.rule.clone(), f.message.clone(), locs)
}

/// Sorts findings from many bundles into the single-machine order, and
/// drops repeats (one rule, the same locations) as it does.
pub fn merge(findings: &mut Vec<JsonFinding>, doc: impl Fn(&JsonSpan) -> usize) {
    findings.sort_by_cached_key(|f| order_key(f, &doc));
    findings.dedup_by(|a, b| a.rule == b.rule && a.locations == b.locations);
}

/// Every stage on one machine over the records of the file `name`
/// (`(line, record)`), grouped as the Spark driver groups them: units and
/// tallies, the shuffle and verification, stories, people's groups,
/// corpus bundles and check bundles, and the findings merged.
pub fn staged(
    name: &str,
    records: &[(usize, String)],
    ingest: &Ingest<'_>,
    al: &crate::align::Aligner,
    rules: &RuleSet,
) -> (Vec<Diagnostic>, Vec<JsonFinding>) {
    use crate::rules::options::Options;
    let mut diags = Vec::new();
    let mut units = Vec::new();
    let mut tallies = Vec::new();
    let mut articles = BTreeMap::new();
    for (line, record) in records {
        let Some(d) = read_record(name, *line, record, ingest, &mut diags) else {
            continue;
        };
        let Some(claims) = extract_or_report(&d, ingest, &mut diags) else {
            continue;
        };
        units.extend(crate::align::stage::units(*line as u64, &d, Some(&claims), al));
        tallies.push(super::tally::tally(*line, &d, &claims, rules, true));
        articles.insert(
            *line,
            Article {
                doc: *line,
                line: *line,
                record: record.clone(),
            },
        );
    }
    let mut pairs: Vec<Aligned> = crate::align::stage::buckets(units, &al.settings)
        .iter()
        .flat_map(|b| crate::align::stage::verify(b, al))
        .collect();
    pairs.sort_by_key(|x| (x.a, x.b, x.kind));
    let stories = crate::align::stage::stories_of(&pairs, al.settings.story_min_pairs);
    let story: BTreeMap<usize, usize> = stories.iter().map(|&[d, s]| (d, s)).collect();
    for t in &mut tallies {
        t.story = story.get(&t.doc).copied();
    }
    let all = Tallies::new(&tallies);
    let groups: BTreeMap<String, BTreeMap<String, String>> = rules
        .enabled()
        .filter_map(|r| match &r.options {
            Options::NameVariant(o) => Some((r.id.clone(), super::names::people_groups(&all, o.max_edits))),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let scopes: BTreeMap<String, BTreeMap<usize, usize>> = rules
        .enabled()
        .filter_map(|r| match &r.options {
            Options::NameVariant(o) => Some((
                r.id.clone(),
                super::names::name_scopes(&tallies, o.window, o.max_articles),
            )),
            _ => None,
        })
        .collect();
    for b in corpus_bundles(&tallies, rules, &groups, &scopes) {
        match corpus_bundle(&b, rules) {
            Ok(f) => found.extend(f),
            Err(e) => diags.push(Diagnostic::error(name, e)),
        }
    }
    for b in check_bundles(&articles, &pairs, &stories) {
        let (d, f) = check_bundle(&b, name, ingest, rules);
        diags.extend(d);
        found.extend(f);
    }
    merge(&mut found, |l| l.record.unwrap_or(0));
    (diags, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::lexicon::Lexicon;

    /// The staged findings equal the single-machine run's on a JSONL file
    /// (`CROSSCHECK_STAGED_JSONL` names another one to try).
    fn staged_equals_run(path: &std::path::Path) {
        let lex = Lexicon::builtin();
        let config = Config::default();
        let ingest = Ingest::new(lex, &config);
        let al = crate::align::Aligner::builtin();
        let rules = RuleSet::builtin();
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.display().to_string();
        let records: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.to_string()))
            .collect();
        let (_, staged) = staged(&name, &records, &ingest, al, &rules);
        let docs = ingest.run(&[path.to_path_buf()]).documents;
        let (_, _, findings) = crate::check::pipeline(&docs, lex, al, &rules);
        let run = json_findings(&docs, &findings);
        assert!(
            !run.is_empty() || path.ends_with("records.jsonl"),
            "{}: no findings",
            path.display()
        );
        let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for f in &staged {
            per_rule.entry(&f.rule).or_default().0 += 1;
        }
        for f in &run {
            per_rule.entry(&f.rule).or_default().1 += 1;
        }
        assert_eq!(staged.len(), run.len(), "findings per rule (staged, run): {per_rule:?}");
        for (a, b) in staged.iter().zip(&run) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn staged_findings_equal_the_run() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        staged_equals_run(&root.join("fixtures/formats/records.jsonl"));
        staged_equals_run(&root.join("fixtures/archive/archive.jsonl"));
        // The plant-ruling articles as records: a figure and a day that
        // one outlet gives against two, one of which is matched by frames.
        staged_equals_run(&root.join("tests/data/ruling.jsonl"));
        if let Some(p) = std::env::var_os("CROSSCHECK_STAGED_JSONL") {
            staged_equals_run(std::path::Path::new(&p));
        }
    }
}
