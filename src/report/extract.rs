//! `crosscheck extract`: documents as crosscheck read them.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::{Document, LeftOut, Provenance, Published};
use crate::text::Span;

#[derive(Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonLeftOut {
    reason: LeftOut,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
    end_line: usize,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    format: &'static str,
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet_from: Option<Provenance>,
    published: Option<Published>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published_from: Option<Provenance>,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    url: Option<&'a str>,
    sentences: Vec<JsonSentence<'a>>,
    left_out: Vec<JsonLeftOut>,
}

fn json_document(doc: &Document) -> JsonDocument<'_> {
    let sentences = doc
        .sentences
        .iter()
        .map(|s| {
            let (a, b) = doc.span_lines(s.src);
            JsonSentence {
                text: doc.sentence_text(s),
                byte_start: s.src.start,
                byte_end: s.src.end,
                start_line: a.line,
                start_column: a.column,
                end_line: b.line,
                end_column: b.column,
            }
        })
        .collect();
    let left_out = doc
        .left_out
        .iter()
        .map(|&(span, reason)| {
            let (a, b) = doc.span_lines(span);
            JsonLeftOut {
                reason,
                byte_start: span.start,
                byte_end: span.end,
                start_line: a.line,
                end_line: b.line,
            }
        })
        .collect();
    JsonDocument {
        path: doc.name(),
        id: doc.record.as_ref().and_then(|r| r.id.as_deref()),
        format: doc.format.name(),
        outlet: doc.outlet.as_deref(),
        outlet_from: doc.outlet_from,
        published: doc.published,
        published_from: doc.published_from,
        title: doc.title.as_deref(),
        byline: doc.byline.as_deref(),
        url: doc.url.as_deref(),
        sentences,
        left_out,
    }
}

/// `{"documents":[…]}`, one document at a time (no whole-corpus value in
/// memory).
pub fn write_json(out: &mut dyn Write, docs: &[Document]) -> io::Result<()> {
    out.write_all(b"{\"documents\":[")?;
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, &json_document(doc))?;
    }
    out.write_all(b"\n]}\n")
}

fn provenance(p: Option<Provenance>) -> &'static str {
    match p {
        Some(Provenance::Config) => " (crosscheck.toml)",
        Some(Provenance::FrontMatter) => " (front matter)",
        Some(Provenance::Record) => " (record)",
        Some(Provenance::Html) => " (page metadata)",
        Some(Provenance::Url) => " (url)",
        Some(Provenance::Category) => " (category)",
        Some(Provenance::Masthead) => " (masthead)",
        Some(Provenance::SourceLink) => " (source link)",
        Some(Provenance::Copyright) => " (copyright line)",
        Some(Provenance::Page) => " (dateline)",
        None => "",
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A readable listing: metadata, what was left out, then every sentence
/// with its line and column.
pub fn write_human(out: &mut dyn Write, docs: &[Document]) -> io::Result<()> {
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}  [{}]", doc.name(), doc.format.name())?;
        let none = "-";
        writeln!(
            out,
            "  outlet     {}{}",
            doc.outlet.as_deref().unwrap_or(none),
            provenance(doc.outlet_from)
        )?;
        let published = doc.published.map(|p| p.to_string());
        writeln!(
            out,
            "  published  {}{}",
            published.as_deref().unwrap_or(none),
            provenance(doc.published_from)
        )?;
        writeln!(
            out,
            "  title      {}",
            doc.title.as_deref().map(one_line).as_deref().unwrap_or(none)
        )?;
        writeln!(out, "  byline     {}", doc.byline.as_deref().unwrap_or(none))?;
        writeln!(out, "  url        {}", doc.url.as_deref().unwrap_or(none))?;
        if !doc.left_out.is_empty() {
            let parts: Vec<String> = doc
                .left_out
                .iter()
                .map(|&(span, reason): &(Span, LeftOut)| {
                    let (a, b) = doc.span_lines(span);
                    if a.line == b.line {
                        format!("{} {}", reason.name(), a.line)
                    } else {
                        format!("{} {}-{}", reason.name(), a.line, b.line)
                    }
                })
                .collect();
            writeln!(out, "  left out   {}", parts.join(", "))?;
        }
        writeln!(out, "  sentences  {}", doc.sentences.len())?;
        for s in &doc.sentences {
            let (a, _) = doc.span_lines(s.src);
            let pos = format!("{}:{}", a.line, a.column);
            writeln!(out, "  {pos:>8}  {}", one_line(doc.sentence_plain(s)))?;
        }
    }
    Ok(())
}
