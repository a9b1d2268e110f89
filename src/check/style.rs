//! House-style checks a desk writes without Rust: a pattern that must or
//! must not appear, and one spelling of a term across the corpus.

use std::collections::BTreeMap;

use regex::Regex;

use super::tally::Tallies;
use super::{Context, Location, Raw, Sites, outlets_list, within};
use crate::document::Document;
use crate::extract::Claims;
use crate::rules::Scope;
use crate::rules::options::{Consistency, Mode, Pattern, Within};
use crate::text::Span;

/// Matches of `regex` in a document's text, as plain-text spans with the
/// index of the first group that matched (0 when there are no groups).
pub(super) fn matches(d: &Document, claims: &Claims, regex: &Regex, where_: Within) -> Vec<(Span, usize)> {
    let quotes: Vec<Span> = claims.quotes.iter().map(|q| q.plain).collect();
    let mut out = Vec::new();
    for block in &d.blocks {
        let text = block.plain.slice(&d.plain);
        for caps in regex.captures_iter(text) {
            let m = caps.get(0).expect("group 0");
            let span = Span::new(block.plain.start + m.start(), block.plain.start + m.end());
            let quoted = quotes.iter().any(|q| within(span, *q));
            let keep = match where_ {
                Within::All => true,
                Within::Quotes => quoted,
                Within::OutsideQuotes => !quoted,
            };
            if keep && !span.is_empty() {
                let group = (1..caps.len()).find(|&i| caps.get(i).is_some()).map_or(0, |i| i - 1);
                out.push((span, group));
            }
        }
    }
    out
}

pub fn pattern<'v>(ctx: &Context<'_>, o: &Pattern, scope: &Scope) -> Vec<Raw<'v>> {
    let mut out = Vec::new();
    for (doc, d) in ctx.docs.iter().enumerate() {
        if !scope.contains(&d.path, d.outlet.as_deref()) {
            continue;
        }
        let found = matches(d, &ctx.claims[doc], &o.regex, o.within);
        let mut vars = BTreeMap::new();
        vars.insert("outlet", ctx.outlet(doc));
        vars.insert("replacement", o.replacement.clone().unwrap_or_default());
        match o.mode {
            Mode::Forbid => {
                for (span, _) in found {
                    let src = d.map.to_source(span);
                    let mut vars = vars.clone();
                    vars.insert("match", span.slice(&d.plain).to_string());
                    out.push(Raw {
                        locations: vec![Location { doc, src }],
                        vars,
                        marks: Vec::new(),
                        severity: None,
                    });
                }
            }
            Mode::Require => {
                if found.is_empty() {
                    // Point at the article's first sentence (or its start).
                    let src = d.sentences.first().map_or(Span::new(0, 0), |s| s.src);
                    vars.insert("match", String::new());
                    out.push(Raw {
                        locations: vec![Location { doc, src }],
                        vars,
                        marks: Vec::new(),
                        severity: None,
                    });
                }
            }
        }
    }
    out
}

/// One term spelled one way across the corpus: every article that uses a
/// variant other than the preferred one (the rule's, when in use, else the
/// one most articles use), pointing at the preferred spelling's first use
/// in each other outlet.
pub fn consistency<'v>(t: &Tallies<'_>, rule: &str, o: &Consistency) -> Vec<Raw<'v>> {
    // Variant → document → first use.
    let mut uses: BTreeMap<usize, BTreeMap<usize, (Location, &str)>> = BTreeMap::new();
    for tally in t.iter() {
        for term in tally.terms.get(rule).into_iter().flatten() {
            uses.entry(term.variant).or_default().entry(tally.doc).or_insert((
                Location {
                    doc: tally.doc,
                    src: term.src,
                },
                term.text.as_str(),
            ));
        }
    }
    if uses.len() < 2 {
        return Vec::new();
    }
    let preferred = o
        .preferred
        .filter(|p| uses.contains_key(p))
        .or_else(|| {
            uses.iter()
                .max_by_key(|(v, docs)| (docs.len(), std::cmp::Reverse(**v)))
                .map(|(v, _)| *v)
        })
        .expect("two variants in use");
    let pref = &uses[&preferred];
    let mut out = Vec::new();
    for (variant, docs) in &uses {
        if *variant == preferred {
            continue;
        }
        for (&doc, (loc, written)) in docs {
            let mut locations = vec![*loc];
            let mut seen = vec![t.outlet(doc)];
            let mut others = Vec::new();
            for (&od, (oloc, _)) in pref {
                let outlet = t.outlet(od);
                if od != doc && !seen.contains(&outlet) {
                    seen.push(outlet);
                    locations.push(*oloc);
                    others.push(od);
                }
            }
            let mut vars = BTreeMap::new();
            vars.insert("outlet", t.outlet(doc));
            vars.insert(
                "other_outlets",
                if others.is_empty() {
                    "the same article".to_string()
                } else {
                    outlets_list(others.iter().map(|&d| t.outlet(d)))
                },
            );
            vars.insert("term", written.to_string());
            vars.insert("other_terms", format!("\"{}\"", o.variants[preferred]));
            out.push(Raw {
                locations,
                vars,
                marks: Vec::new(),
                severity: None,
            });
        }
    }
    out
}
