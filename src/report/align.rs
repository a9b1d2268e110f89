//! `crosscheck align`: aligned statements, as JSON or for reading.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::JsonSpan;
use crate::align::{Alignment, Pair, Side};
use crate::document::Document;
use crate::text::Span;

/// A pair's fields before its two sides; the sides and `shared` follow,
/// in that order, as serde would write them after these.
#[derive(Serialize)]
struct JsonHead {
    kind: &'static str,
    relation: &'static str,
    score: f64,
    story: Option<usize>,
}

#[derive(Serialize)]
struct JsonStory {
    id: usize,
    documents: Vec<String>,
    pairs: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    documents: usize,
    sentences: usize,
    quotes: usize,
    stock: usize,
    candidates: usize,
    verified: usize,
    quote_candidates: usize,
    aligned: usize,
    cross_outlet: usize,
    same_outlet: usize,
    stories: usize,
    max_df: usize,
    shingles_kept: usize,
    shingles_dropped: usize,
}

/// Pairs serialised together, then written (bounds the memory held).
const BATCH: usize = 1 << 16;
/// Pairs serialised by one task.
const PIECE: usize = 1 << 10;

/// `v` as compact JSON at the end of `buf`.
fn ser<T: Serialize + ?Sized>(buf: &mut Vec<u8>, v: &T) {
    serde_json::to_writer(buf, v).expect("serialising to memory does not fail");
}

/// A side's statement: its document, its bytes in the source and in the plain text.
type SideKey = (usize, Span, Span);

fn side_key(s: &Side) -> SideKey {
    (s.doc, s.src, s.plain)
}

/// Every statement that is a side of a pair, written once as JSON (a
/// statement is a side of many pairs: 1.08 million sides are 0.22
/// million statements on the 37,554-record archive).
struct SideJson {
    /// For side `s` of pair `p` (0 for `a`, 1 for `b`), at `2 * p + s`,
    /// its statement's number.
    of_side: Vec<u32>,
    /// Where each statement's JSON starts in `bytes` (and the end, last).
    at: Vec<usize>,
    bytes: Vec<u8>,
}

impl SideJson {
    fn new(docs: &[Document], pairs: &[Pair]) -> SideJson {
        let mut sides: Vec<(SideKey, u32)> = pairs
            .iter()
            .flat_map(|p| [side_key(&p.a), side_key(&p.b)])
            .enumerate()
            .map(|(i, k)| (k, i as u32))
            .collect();
        sides.par_sort_unstable();
        let mut of_side = vec![0u32; sides.len()];
        let mut keys: Vec<SideKey> = Vec::new();
        for &(k, i) in &sides {
            if keys.last() != Some(&k) {
                keys.push(k);
            }
            of_side[i as usize] = (keys.len() - 1) as u32;
        }
        drop(sides);
        let pieces: Vec<(Vec<u8>, Vec<usize>)> = keys
            .par_chunks(PIECE)
            .map(|chunk| {
                let (mut bytes, mut ends) = (Vec::new(), Vec::with_capacity(chunk.len()));
                for &(d, src, plain) in chunk {
                    let doc = &docs[d];
                    ser(&mut bytes, &JsonSpan::new(doc, src, plain.slice(&doc.plain)));
                    ends.push(bytes.len());
                }
                (bytes, ends)
            })
            .collect();
        let mut at = Vec::with_capacity(keys.len() + 1);
        at.push(0);
        let mut bytes = Vec::with_capacity(pieces.iter().map(|p| p.0.len()).sum());
        for (piece, ends) in pieces {
            let base = bytes.len();
            bytes.extend_from_slice(&piece);
            at.extend(ends.iter().map(|e| base + e));
        }
        SideJson { of_side, at, bytes }
    }

    /// The JSON of side `side` (0: `a`, 1: `b`) of pair number `pair`.
    fn of(&self, pair: usize, side: usize) -> &[u8] {
        let k = self.of_side[2 * pair + side] as usize;
        &self.bytes[self.at[k]..self.at[k + 1]]
    }
}

/// Scores are printed with four decimals: enough to tune a threshold,
/// and the same bytes on every machine.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn count(al: &Alignment, cross: bool) -> usize {
    al.pairs
        .iter()
        .filter(|p| (p.relation == crate::align::Relation::CrossOutlet) == cross)
        .count()
}

/// Writes `{"version":1,"pairs":[…],"stories":[…],"summary":{…}}`, one
/// pair at a time (an archive can have millions).
pub fn write_json(out: &mut dyn Write, docs: &[Document], al: &Alignment) -> io::Result<()> {
    let st = &al.stats;
    let sides = SideJson::new(docs, &al.pairs);
    write!(out, "{{\n  \"version\": 1,\n  \"pairs\": [")?;
    // Pairs are written in batches, each serialised in pieces on all
    // threads and written in order: the same bytes at any thread count.
    for (b, batch) in al.pairs.chunks(BATCH).enumerate() {
        let pieces: Vec<Vec<u8>> = batch
            .par_chunks(PIECE)
            .enumerate()
            .map(|(k, piece)| {
                let mut buf = Vec::with_capacity(piece.len() * 512);
                for (i, p) in piece.iter().enumerate() {
                    let n = b * BATCH + k * PIECE + i;
                    let first = b == 0 && k == 0 && i == 0;
                    buf.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                    let head = JsonHead {
                        kind: p.kind.name(),
                        relation: p.relation.name(),
                        score: round(p.score),
                        story: p.story,
                    };
                    ser(&mut buf, &head);
                    buf.pop();
                    buf.extend_from_slice(b",\"a\":");
                    buf.extend_from_slice(sides.of(n, 0));
                    buf.extend_from_slice(b",\"b\":");
                    buf.extend_from_slice(sides.of(n, 1));
                    buf.extend_from_slice(b",\"shared\":");
                    ser(&mut buf, &*p.shared);
                    buf.push(b'}');
                }
                buf
            })
            .collect();
        for piece in pieces {
            out.write_all(&piece)?;
        }
    }
    if !al.pairs.is_empty() {
        out.write_all(b"\n  ")?;
    }
    let stories: Vec<JsonStory> = al
        .stories
        .iter()
        .map(|s| JsonStory {
            id: s.id,
            documents: s.docs.iter().map(|&d| docs[d].name()).collect(),
            pairs: s.pairs,
        })
        .collect();
    let summary = JsonSummary {
        documents: st.documents,
        sentences: st.sentences,
        quotes: st.quotes,
        stock: st.stock,
        candidates: st.candidates,
        verified: st.verified,
        quote_candidates: st.quote_candidates,
        aligned: st.aligned,
        cross_outlet: count(al, true),
        same_outlet: count(al, false),
        stories: al.stories.len(),
        max_df: st.max_df,
        shingles_kept: st.shingles_kept,
        shingles_dropped: st.shingles_dropped,
    };
    write!(out, "],\n  \"stories\": ")?;
    serde_json::to_writer(&mut *out, &stories)?;
    write!(out, ",\n  \"summary\": ")?;
    serde_json::to_writer(&mut *out, &summary)?;
    writeln!(out, "\n}}")
}

fn where_(docs: &[Document], s: &Side) -> String {
    let doc = &docs[s.doc];
    let (a, _) = doc.span_lines(s.src);
    format!("{}:{}:{}", doc.name(), a.line, a.column)
}

fn write_pair(out: &mut dyn Write, docs: &[Document], p: &Pair) -> io::Result<()> {
    let outlet = |s: &Side| docs[s.doc].outlet.clone().unwrap_or_else(|| "unknown outlet".into());
    writeln!(
        out,
        "  {} {:.2}  {} ({})  ~  {} ({})",
        p.kind.name(),
        p.score,
        where_(docs, &p.a),
        outlet(&p.a),
        where_(docs, &p.b),
        outlet(&p.b)
    )?;
    for s in [&p.a, &p.b] {
        writeln!(out, "    | {}", s.plain.slice(&docs[s.doc].plain))?;
    }
    if !p.shared.is_empty() {
        writeln!(out, "    shared: {}", p.shared.join(" · "))?;
    }
    Ok(())
}

/// Pairs grouped by story, then the pairs that link no story; within
/// each, cross-outlet pairs before same-outlet reuse.
pub fn write_human(out: &mut dyn Write, docs: &[Document], al: &Alignment) -> io::Result<()> {
    use crate::align::Relation;
    let mut groups: Vec<(String, Vec<&Pair>)> = al
        .stories
        .iter()
        .map(|s| {
            let names: Vec<String> = s.docs.iter().map(|&d| docs[d].name()).collect();
            (
                format!("story {}: {} documents: {}", s.id, s.docs.len(), names.join(", ")),
                al.pairs.iter().filter(|p| p.story == Some(s.id)).collect(),
            )
        })
        .collect();
    let loose: Vec<&Pair> = al.pairs.iter().filter(|p| p.story.is_none()).collect();
    if !loose.is_empty() {
        groups.push(("pairs outside any story".to_string(), loose));
    }
    for (title, pairs) in groups {
        writeln!(out, "{title}")?;
        for relation in [Relation::CrossOutlet, Relation::SameOutlet] {
            let these: Vec<&&Pair> = pairs.iter().filter(|p| p.relation == relation).collect();
            if these.is_empty() {
                continue;
            }
            writeln!(out, " {} ({}):", relation.name(), these.len())?;
            for p in these {
                write_pair(out, docs, p)?;
            }
        }
        writeln!(out)?;
    }
    let st = &al.stats;
    writeln!(
        out,
        "{} aligned pair{} ({} cross-outlet, {} same-outlet) in {} stor{}; {} documents, {} sentences, {} quotes; {} candidates, {} scored",
        st.aligned,
        if st.aligned == 1 { "" } else { "s" },
        count(al, true),
        count(al, false),
        al.stories.len(),
        if al.stories.len() == 1 { "y" } else { "ies" },
        st.documents,
        st.sentences,
        st.quotes,
        st.candidates + st.quote_candidates,
        st.verified
    )
}
