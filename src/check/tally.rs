//! What the corpus-wide rules read of each document, as data: the names
//! it mentions (`name-variant`) and the terms of each `consistency` rule
//! it uses. A document's [`Tally`] is made where the document is read;
//! the rules then read tallies only, so they run the same on one machine
//! and on a cluster, where tallies are grouped by person or by rule and
//! the documents themselves are elsewhere.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Location, Sites, ignored_rules};
use crate::document::Document;
use crate::extract::Claims;
use crate::report::JsonSpan;
use crate::rules::options::Options;
use crate::rules::{RuleSet, Scope};
use crate::text::Span;

/// One document's part in the corpus-wide rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename = "doc")]
pub struct Tally {
    /// The document's number.
    pub doc: usize,
    /// Its outlet, else how it is addressed: what messages call it.
    pub label: String,
    /// Its path and outlet, which a rule's scope is matched against.
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The rules its metadata silences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Its story, once the alignment is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<usize>,
    /// Its publication day (days since 1970-01-01), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// Where a name rule compares its names: the first document of the
    /// articles that tell of the same events ([`crate::check::names::name_scopes`]),
    /// set in a name rule's bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<usize>,
    /// Every mention of a person, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Mention>,
    /// Per `consistency` rule, the first use of each variant.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub terms: BTreeMap<String, Vec<Term>>,
}

/// A person named in a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The person's canonical name.
    pub person: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub byline: bool,
    pub src: Span,
    /// The name as written.
    pub text: String,
    /// Title words written before it, lower case ("dr.", "sen.").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    /// A place's or organisation's name, not a person's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub entity: bool,
    /// Where it is, as reports show it (when the tally travels without its document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Box<JsonSpan>>,
}

/// The first use of a variant of a `consistency` rule's term in a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Index of the variant in the rule's list.
    pub variant: usize,
    pub src: Span,
    /// As written.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Box<JsonSpan>>,
}

/// Document `doc`'s tally for the enabled corpus-wide rules of `rules`.
/// With `located`, each use carries its place as reports show it, so
/// that findings can be written without the document.
pub fn tally(doc: usize, d: &Document, claims: &Claims, rules: &RuleSet, located: bool) -> Tally {
    let at = |src: Span| located.then(|| Box::new(JsonSpan::new(d, src, d.text(src))));
    let names_wanted = rules.enabled().any(|r| matches!(r.options, Options::NameVariant(_)));
    let names = if names_wanted {
        claims
            .names
            .iter()
            .map(|n| Mention {
                person: n.person.clone(),
                byline: n.byline,
                src: n.src,
                text: d.text(n.src).to_string(),
                titles: n.titles.clone(),
                entity: n.entity,
                at: at(n.src),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut terms = BTreeMap::new();
    for rule in rules.enabled() {
        let Options::Consistency(o) = &rule.options else {
            continue;
        };
        let mut first: BTreeMap<usize, Term> = BTreeMap::new();
        for (span, variant) in super::style::matches(d, claims, &o.regex, o.within) {
            first.entry(variant).or_insert_with(|| {
                let src = d.map.to_source(span);
                Term {
                    variant,
                    src,
                    text: span.slice(&d.plain).to_string(),
                    at: at(src),
                }
            });
        }
        if !first.is_empty() {
            terms.insert(rule.id.clone(), first.into_values().collect());
        }
    }
    Tally {
        doc,
        label: d.label(),
        path: d.path.clone(),
        outlet: d.outlet.clone(),
        ignore: ignored_rules(d),
        story: None,
        day: crate::align::index::day(d),
        scope: None,
        names,
        terms,
    }
}

/// Whether any enabled rule reads tallies.
pub fn wanted(rules: &RuleSet) -> bool {
    rules.enabled().any(|r| is_corpus_rule(&r.options))
}

/// The rules that read tallies rather than aligned pairs and documents.
pub fn is_corpus_rule(o: &Options) -> bool {
    matches!(o, Options::NameVariant(_) | Options::Consistency(_))
}

/// Tallies by document, as the corpus-wide rules read them.
pub struct Tallies<'t> {
    by_doc: BTreeMap<usize, &'t Tally>,
}

impl<'t> Tallies<'t> {
    pub fn new(tallies: impl IntoIterator<Item = &'t Tally>) -> Self {
        Tallies {
            by_doc: tallies.into_iter().map(|t| (t.doc, t)).collect(),
        }
    }

    /// Every tally, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &'t Tally> + '_ {
        self.by_doc.values().copied()
    }

    pub fn get(&self, doc: usize) -> Option<&'t Tally> {
        self.by_doc.get(&doc).copied()
    }

    /// The use at `loc`: its text, and its place when the tally has it.
    fn use_at(&self, loc: Location) -> Option<(&'t str, Option<&'t JsonSpan>)> {
        let t = self.get(loc.doc)?;
        t.names
            .iter()
            .find(|n| n.src == loc.src)
            .map(|n| (n.text.as_str(), n.at.as_deref()))
            .or_else(|| {
                t.terms
                    .values()
                    .flatten()
                    .find(|u| u.src == loc.src)
                    .map(|u| (u.text.as_str(), u.at.as_deref()))
            })
    }

    /// The place of `loc` as reports show it, when the tally carries it.
    pub fn place(&self, loc: Location) -> Option<JsonSpan> {
        self.use_at(loc).and_then(|(_, at)| at.cloned())
    }
}

impl Sites for Tallies<'_> {
    fn outlet(&self, doc: usize) -> String {
        self.get(doc).map(|t| t.label.clone()).unwrap_or_default()
    }

    fn text(&self, loc: Location) -> &str {
        self.use_at(loc).map_or("", |(text, _)| text)
    }

    fn ignores(&self, doc: usize, rule: &str) -> bool {
        self.get(doc).is_some_and(|t| t.ignore.iter().any(|r| r == rule))
    }

    fn in_scope(&self, doc: usize, scope: &Scope) -> bool {
        self.get(doc)
            .is_some_and(|t| scope.contains(&t.path, t.outlet.as_deref()))
    }

    fn story(&self, doc: usize) -> Option<usize> {
        self.get(doc).and_then(|t| t.story)
    }
}
