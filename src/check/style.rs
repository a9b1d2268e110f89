//! House-style checks a desk writes without Rust: a pattern that must or
//! must not appear, and one spelling of a term across the corpus.

use std::collections::BTreeMap;

use regex::Regex;

use super::{Context, Location, Raw, within};
use crate::rules::Scope;
use crate::rules::options::{Consistency, Mode, Pattern, Within};
use crate::text::Span;

/// Matches of `regex` in a document's text, as plain-text spans with the
/// index of the first group that matched (0 when there are no groups).
fn matches(ctx: &Context<'_>, doc: usize, regex: &Regex, where_: Within) -> Vec<(Span, usize)> {
    let d = &ctx.docs[doc];
    let quotes: Vec<Span> = ctx.claims[doc].quotes.iter().map(|q| q.plain).collect();
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
        let found = matches(ctx, doc, &o.regex, o.within);
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
                    });
                }
            }
        }
    }
    out
}

pub fn consistency<'v>(ctx: &Context<'_>, o: &Consistency) -> Vec<Raw<'v>> {
    // Variant → document → first use.
    let mut uses: BTreeMap<usize, BTreeMap<usize, (Location, String)>> = BTreeMap::new();
    for (doc, d) in ctx.docs.iter().enumerate() {
        for (span, variant) in matches(ctx, doc, &o.regex, o.within) {
            uses.entry(variant).or_default().entry(doc).or_insert_with(|| {
                (
                    Location {
                        doc,
                        src: d.map.to_source(span),
                    },
                    span.slice(&d.plain).to_string(),
                )
            });
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
            let mut seen = vec![ctx.outlet(doc)];
            let mut others = Vec::new();
            for (&od, (oloc, _)) in pref {
                let outlet = ctx.outlet(od);
                if od != doc && !seen.contains(&outlet) {
                    seen.push(outlet);
                    locations.push(*oloc);
                    others.push(od);
                }
            }
            let mut vars = BTreeMap::new();
            vars.insert("outlet", ctx.outlet(doc));
            vars.insert(
                "other_outlets",
                if others.is_empty() {
                    "the same article".to_string()
                } else {
                    ctx.outlets(others)
                },
            );
            vars.insert("term", written.clone());
            vars.insert("other_terms", format!("\"{}\"", o.variants[preferred]));
            out.push(Raw {
                locations,
                vars,
                marks: Vec::new(),
            });
        }
    }
    out
}
