//! `crosscheck extract`: documents as crosscheck read them.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::{Document, LeftOut, Provenance, Published};
use crate::extract::dates::DateKind;
use crate::extract::figures::Bound;
use crate::extract::frames::Frame;
use crate::extract::{Claims, SpeakerSource};
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
struct JsonQuote<'a> {
    text: &'a str,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
    speaker: Option<&'a str>,
    speaker_text: Option<&'a str>,
    speaker_source: SpeakerSource,
    cue: Option<&'a str>,
    fragment: bool,
    sentences: &'a [usize],
}

#[derive(Serialize)]
struct JsonFigure<'a> {
    text: &'a str,
    value: f64,
    unit: String,
    hedge: Option<&'a str>,
    counted: Option<&'a str>,
    /// What a hedge says: "about", "at-least", "at-most" (none when exact).
    #[serde(skip_serializing_if = "is_exact")]
    bound: Bound,
    /// A running tally (compared across paraphrase only within one day).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    tally: bool,
    frame: &'a Frame,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct JsonDate<'a> {
    text: &'a str,
    kind: DateKind,
    resolved: Option<&'a str>,
    frame: &'a Frame,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct JsonName<'a> {
    text: &'a str,
    person: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    byline: bool,
    /// A place's or organisation's name (`person` is then the name).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    entity: bool,
    byte_start: usize,
    byte_end: usize,
    start_line: usize,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    quotes: Option<Vec<JsonQuote<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    figures: Option<Vec<JsonFigure<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<Vec<JsonDate<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    names: Option<Vec<JsonName<'a>>>,
    left_out: Vec<JsonLeftOut>,
}

fn json_document<'a>(doc: &'a Document, claims: Option<&'a Claims>) -> JsonDocument<'a> {
    let line = |offset: usize| doc.line_col(offset).line;
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
        quotes: claims.map(|c| {
            c.quotes
                .iter()
                .map(|q| JsonQuote {
                    text: doc.text(q.src),
                    byte_start: q.src.start,
                    byte_end: q.src.end,
                    start_line: line(q.src.start),
                    speaker: q.speaker.as_deref(),
                    speaker_text: q.speaker_text.as_deref(),
                    speaker_source: q.speaker_source,
                    cue: q.cue.as_deref(),
                    fragment: q.fragment,
                    sentences: &q.sentences,
                })
                .collect()
        }),
        figures: claims.map(|c| {
            c.figures
                .iter()
                .map(|f| JsonFigure {
                    text: doc.text(f.src),
                    value: f.value,
                    unit: f.unit.name(),
                    hedge: f.hedge.as_deref(),
                    counted: f.counted.as_deref(),
                    bound: f.bound,
                    tally: f.tally,
                    frame: &f.frame,
                    byte_start: f.src.start,
                    byte_end: f.src.end,
                    start_line: line(f.src.start),
                })
                .collect()
        }),
        dates: claims.map(|c| {
            c.dates
                .iter()
                .map(|d| JsonDate {
                    text: doc.text(d.src),
                    kind: d.kind,
                    resolved: d.resolved.as_deref(),
                    frame: &d.frame,
                    byte_start: d.src.start,
                    byte_end: d.src.end,
                    start_line: line(d.src.start),
                })
                .collect()
        }),
        names: claims.map(|c| {
            c.names
                .iter()
                .map(|n| JsonName {
                    text: doc.text(n.src),
                    person: &n.person,
                    byline: n.byline,
                    entity: n.entity,
                    byte_start: n.src.start,
                    byte_end: n.src.end,
                    start_line: line(n.src.start),
                })
                .collect()
        }),
        left_out,
    }
}

/// `{"documents":[…]}`, one document at a time (no whole-corpus value in
/// memory). `claims`, when given, has one entry per document.
pub fn write_json(out: &mut dyn Write, docs: &[Document], claims: Option<&[Claims]>) -> io::Result<()> {
    out.write_all(b"{\"documents\":[")?;
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, &json_document(doc, claims.map(|c| &c[i])))?;
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

/// A readable listing: metadata, what was left out, every sentence with
/// its line and column, then the claims.
pub fn write_human(out: &mut dyn Write, docs: &[Document], claims: Option<&[Claims]>) -> io::Result<()> {
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
        if let Some(c) = claims.map(|c| &c[i]) {
            write_claims(out, doc, c)?;
        }
    }
    Ok(())
}

fn pos(doc: &Document, span: Span) -> String {
    let a = doc.line_col(span.start);
    format!("{}:{}", a.line, a.column)
}

fn write_claims(out: &mut dyn Write, doc: &Document, c: &Claims) -> io::Result<()> {
    let statements = c.quotes.iter().filter(|q| !q.fragment).count();
    writeln!(
        out,
        "  quotes     {} ({} statements, {} fragments)",
        c.quotes.len(),
        statements,
        c.quotes.len() - statements
    )?;
    for q in &c.quotes {
        let who = match (&q.speaker, q.speaker_source) {
            (_, SpeakerSource::None) => "no speaker".to_string(),
            (Some(s), src) => format!("{s} ({})", source_name(src)),
            (None, src) => format!("unresolved {}", source_name(src)),
        };
        let kind = if q.fragment { "fragment" } else { "quote" };
        writeln!(
            out,
            "  {:>8}  {kind}: “{}” — {who}",
            pos(doc, q.src),
            one_line(doc.text(q.src))
        )?;
    }
    writeln!(out, "  figures    {}", c.figures.len())?;
    for f in &c.figures {
        let hedge = f.hedge.as_deref().map(|h| format!(" hedge “{h}”")).unwrap_or_default();
        let counted = f.counted.as_deref().map(|h| format!(" of “{h}”")).unwrap_or_default();
        writeln!(
            out,
            "  {:>8}  {} = {} {}{hedge}{counted}{}",
            pos(doc, f.src),
            doc.text(f.src),
            f.value,
            f.unit.name(),
            frame_note(&f.frame)
        )?;
    }
    writeln!(out, "  dates      {}", c.dates.len())?;
    for d in &c.dates {
        writeln!(
            out,
            "  {:>8}  {} → {}{}",
            pos(doc, d.src),
            doc.text(d.src),
            d.resolved.as_deref().unwrap_or("unresolved"),
            frame_note(&d.frame)
        )?;
    }
    writeln!(out, "  names      {}", c.names.len())?;
    for n in &c.names {
        let by = if n.byline {
            " (byline)"
        } else if n.entity {
            " (place or organisation)"
        } else {
            ""
        };
        writeln!(out, "  {:>8}  {} → {}{by}", pos(doc, n.src), doc.text(n.src), n.person)?;
    }
    Ok(())
}

fn source_name(s: SpeakerSource) -> &'static str {
    match s {
        SpeakerSource::Explicit => "explicit",
        SpeakerSource::Pronoun => "pronoun",
        SpeakerSource::Role => "role",
        SpeakerSource::Subject => "subject",
        SpeakerSource::PreviousQuote => "previous quote",
        SpeakerSource::None => "none",
    }
}

/// A fact's frame in a few words: " · event approve (pass); Ann Lee, Bo Chan".
fn frame_note(f: &Frame) -> String {
    let mut parts = Vec::new();
    if let Some(e) = f.events.first() {
        if e.classes.is_empty() {
            parts.push(format!("event {}", e.lemma));
        } else {
            parts.push(format!("event {} ({})", e.lemma, e.classes.join(", ")));
        }
    }
    if !f.participants.is_empty() {
        parts.push(f.participants.join(", "));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · {}", parts.join("; "))
    }
}

fn is_exact(b: &Bound) -> bool {
    *b == Bound::Exact
}
