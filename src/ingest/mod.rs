//! Stage 1: paths → documents. Walks the inputs, reads every file once,
//! detects its format, separates article text from page furniture, reads
//! metadata, and segments the article text into sentences with exact byte
//! spans.

pub mod blocks;
pub mod cards;
pub mod dates;
pub mod fields;
pub mod html;
pub mod markdown;
pub mod page;
pub mod records;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::document::{Block, BlockKind, Document, Format, LeftOut, Provenance, RecordRef, Sentence};
use crate::lexicon::Lexicon;
use crate::text::segment::split_sentences;
use crate::text::{LineIndex, Span};
use blocks::{BlockSink, RawKind};
use fields::{Fields, FrontMatterResult, read_front_matter};
use html::HtmlMeta;
use page::{Known, classify, paragraphs, source_span};

pub use walk::{Input, Select, walk};

/// What ingest produced: documents in a stable order, and what went wrong.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Settings for one ingest run.
#[derive(Clone, Copy, Debug)]
pub struct Ingest<'a> {
    pub lex: &'a Lexicon,
    pub config: &'a Config,
    /// Problems with the input are errors (the run exits 2), not warnings.
    pub strict: bool,
    /// An article of more bytes than this (a file, a decompressed file, or
    /// a record's text) is skipped with a warning: it is a broken export or
    /// a concatenation, not an article (the longest of 37,554 real ones is
    /// 77 kB), and aligning it sentence by sentence costs seconds.
    pub max_article_bytes: u64,
}

/// The default of [`Ingest::max_article_bytes`] (`--max-article-mb`).
pub const MAX_ARTICLE_MB: u64 = 16;

/// `bytes` in megabytes for messages (one decimal).
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

impl<'a> Ingest<'a> {
    pub fn new(lex: &'a Lexicon, config: &'a Config) -> Self {
        Ingest {
            lex,
            config,
            strict: false,
            max_article_bytes: MAX_ARTICLE_MB * 1_000_000,
        }
    }

    /// Walks `args` and reads every input.
    pub fn run(&self, args: &[PathBuf]) -> Corpus {
        let mut diagnostics = Vec::new();
        let inputs = walk(args, &mut diagnostics);
        let results: Vec<(Vec<Document>, Vec<Diagnostic>)> =
            inputs.par_iter().map(|input| self.read_input(input)).collect();
        let mut documents = Vec::new();
        for (docs, diags) in results {
            documents.extend(docs);
            diagnostics.extend(diags);
        }
        if self.strict {
            for d in &mut diagnostics {
                d.level = crate::diag::Level::Error;
            }
        }
        Corpus { documents, diagnostics }
    }

    /// Reads one input: a record file gives many documents, any other file one.
    pub fn read_input(&self, input: &Input) -> (Vec<Document>, Vec<Diagnostic>) {
        let shown = input.path.display().to_string();
        let mut diags = Vec::new();
        let kind = records::kind_of(&input.path);
        if let Some(kind) = kind {
            let docs = records::read_records(&input.path, &shown, kind, input.select.as_ref(), self, &mut diags);
            return (docs, diags);
        }
        let bytes = match read_maybe_gz(&input.path, self.max_article_bytes) {
            Ok(Contents::Bytes(b)) => b,
            Ok(Contents::TooLarge(size)) => {
                diags.push(self.too_large(&shown, size));
                return (Vec::new(), diags);
            }
            Err(e) => {
                diags.push(Diagnostic::warning(&shown, format!("cannot read: {e}")));
                return (Vec::new(), diags);
            }
        };
        let docs = self.read_bytes(&shown, &bytes, &mut diags).into_iter().collect();
        (docs, diags)
    }

    /// The warning for an article over [`Ingest::max_article_bytes`]
    /// (`bytes` when known: a compressed file stops being read past it).
    pub fn too_large(&self, shown: &str, bytes: Option<u64>) -> Diagnostic {
        let limit = megabytes(self.max_article_bytes);
        let size = bytes.map_or_else(|| format!("more than {limit} once decompressed"), megabytes);
        Diagnostic::warning(
            shown,
            format!("{size}, over the article size limit of {limit} (--max-article-mb); skipped"),
        )
    }

    /// Reads one article file's bytes.
    pub fn read_bytes(&self, shown: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Option<Document> {
        let source = decode(shown, bytes, diags)?;
        let mut own = Vec::new();
        match crate::isolate::isolate(|| self.read_text(shown, Path::new(shown), source, &mut own)) {
            Ok(doc) => {
                diags.append(&mut own);
                Some(doc)
            }
            Err(crash) => {
                diags.push(Diagnostic::warning(
                    shown,
                    crash.diagnostic_message("reading the article"),
                ));
                None
            }
        }
    }

    /// Reads one article from its text.
    pub fn read_text(&self, shown: &str, path: &Path, source: Arc<str>, diags: &mut Vec<Diagnostic>) -> Document {
        // "article.md.gz" reads as "article.md".
        let inner = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
            path.file_stem().map(Path::new).unwrap_or(path)
        } else {
            path
        };
        let ext = inner
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let head = source.trim_start_matches('\u{feff}').trim_start();
        let looks_html = ext == "html"
            || ext == "htm"
            || ext == "xhtml"
            || head
                .get(..15)
                .is_some_and(|h| h.to_ascii_lowercase().starts_with("<!doctype html"))
            || head.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("<html"));
        if looks_html {
            return self.assemble(Parts::new(shown, Format::Html, source, Fields::default()));
        }
        let mut fields = Fields::default();
        let mut body_start = 0;
        let mut front = None;
        let mut format = None;
        match read_front_matter(&source) {
            FrontMatterResult::None => {}
            FrontMatterResult::Yaml(fm) => {
                format = Some(Format::MarkdownYaml);
                body_start = fm.span.end;
                front = Some(fm.span);
                fields = fm.fields;
            }
            FrontMatterResult::Toml(fm) => {
                format = Some(Format::MarkdownToml);
                body_start = fm.span.end;
                front = Some(fm.span);
                fields = fm.fields;
            }
            FrontMatterResult::Broken {
                message,
                line,
                column,
                span,
                toml,
            } => {
                diags.push(Diagnostic::warning(shown, message).at(line, column));
                format = Some(if toml {
                    Format::MarkdownToml
                } else {
                    Format::MarkdownYaml
                });
                body_start = span.end;
                front = Some(span);
            }
        }
        let format = format.unwrap_or_else(|| {
            if ext == "md" || ext == "markdown" || looks_like_markdown(&source) {
                Format::Markdown
            } else {
                Format::Plain
            }
        });
        let mut parts = Parts::new(shown, format, source, fields);
        parts.body = Span::new(body_start, parts.source.len());
        parts.front = front;
        self.assemble(parts)
    }

    /// Builds a document: blocks, furniture, metadata, sentences.
    pub fn assemble(&self, parts: Parts) -> Document {
        let lex = self.lex;
        let Parts {
            path,
            record,
            format,
            source,
            mut fields,
            body,
            front,
        } = parts;
        let mut sink = BlockSink::new();
        let mut html_meta = HtmlMeta::default();
        match format {
            Format::Markdown | Format::MarkdownYaml | Format::MarkdownToml => {
                markdown::parse_markdown(&source, body, lex, &mut sink)
            }
            Format::Plain | Format::Json => blocks::parse_plain(&source, body, lex, &mut sink),
            Format::Html => html_meta = html::parse_html(&source, lex, &mut sink),
        }
        let cards = std::mem::take(&mut sink.cards);
        let (raw, builder) = sink.finish();
        let (plain, map) = builder.finish();

        if format == Format::Html {
            fill_from_html(&mut fields, &html_meta);
        }
        let find_title = fields.title.is_none() || format == Format::Html;
        let page = classify(
            &raw,
            &plain,
            lex,
            Known {
                title: fields.title.as_deref(),
                find_title,
                first_line_headline: format == Format::Plain,
            },
        );

        // Article blocks and their sentences.
        let mut blocks_out = Vec::new();
        let mut sentences = Vec::new();
        let mut furniture: Vec<(Span, LeftOut)> = Vec::new();
        let mut spans = Vec::new();
        for group in paragraphs(&raw, &plain, &page.decisions) {
            let kind = match raw[group.0].kind {
                RawKind::ListItem => BlockKind::ListItem,
                RawKind::Quote => BlockKind::Quote,
                _ => BlockKind::Paragraph,
            };
            let pspan = Span::new(raw[group.0].plain.start, raw[group.1 - 1].plain.end);
            let block_index = blocks_out.len();
            blocks_out.push(Block {
                kind,
                plain: pspan,
                src: source_span(&raw, group),
            });
            spans.clear();
            split_sentences(pspan.slice(&plain), &lex.segment, &mut spans);
            for s in &spans {
                let p = Span::new(pspan.start + s.start, pspan.start + s.end);
                if let Some(why) = lex.boilerplate.furniture_sentence(p.slice(&plain)) {
                    furniture.push((map.to_source(p), why));
                    continue;
                }
                sentences.push(Sentence {
                    src: map.to_source(p),
                    plain: p,
                    block: block_index,
                });
            }
        }
        let mut left_out: Vec<(Span, LeftOut)> = Vec::new();
        if let Some(f) = front {
            left_out.push((f, LeftOut::FrontMatter));
        }
        for (b, d) in raw.iter().zip(&page.decisions) {
            if let Some(reason) = d {
                match left_out.last_mut() {
                    Some((span, r)) if r == reason && span.end <= b.src.start => span.end = b.src.end,
                    _ => left_out.push((b.src, *reason)),
                }
            }
        }
        if !furniture.is_empty() || !cards.is_empty() {
            left_out.extend(furniture);
            // A hover card's headlines tease other stories.
            left_out.extend(cards.into_iter().map(|s| (s, LeftOut::Teaser)));
            left_out.sort_by_key(|(s, _)| (s.start, s.end));
        }

        // Metadata, most trusted source first.
        let rules: Vec<_> = self.config.rules_for(Path::new(&path)).collect();
        let mut outlet_from = None;
        let mut outlet = None;
        let mut set_outlet = |o: Option<String>, from: Provenance| {
            if outlet.is_none()
                && let Some(o) = o
            {
                outlet = Some(o);
                outlet_from = Some(from);
            }
        };
        set_outlet(rules.iter().find_map(|r| r.outlet.clone()), Provenance::Config);
        let field_from = match (format, &record) {
            (Format::Html, _) => Provenance::Html,
            (_, Some(_)) => Provenance::Record,
            _ => Provenance::FrontMatter,
        };
        set_outlet(fields.outlet.as_deref().map(|o| lex.outlets.canonical(o)), field_from);
        set_outlet(
            fields
                .url
                .as_deref()
                .and_then(|u| lex.outlets.by_url(u))
                .map(str::to_string),
            Provenance::Url,
        );
        set_outlet(
            fields
                .labels
                .iter()
                .find_map(|l| lex.outlets.by_alias(l))
                .map(str::to_string),
            Provenance::Category,
        );
        set_outlet(page.masthead_outlet.clone(), Provenance::Masthead);
        set_outlet(
            page.source_link.as_ref().and_then(|(_, o)| o.clone()),
            Provenance::SourceLink,
        );
        set_outlet(page.copyright_outlet.clone(), Provenance::Copyright);

        let mut published = None;
        let mut published_from = None;
        for (text, from) in rules
            .iter()
            .filter_map(|r| r.published.as_deref())
            .map(|p| (p, Provenance::Config))
            .chain(fields.date.as_deref().map(|d| (d, field_from)))
        {
            if let Some(p) = dates::parse_date(text, lex) {
                published = Some(p);
                published_from = Some(from);
                break;
            }
        }
        if published.is_none()
            && let Some(d) = page.dateline
        {
            published = Some(d);
            published_from = Some(Provenance::Page);
        }
        let title = rules
            .iter()
            .find_map(|r| r.title.clone())
            .or(fields
                .title
                .clone()
                .filter(|_| format != Format::Html || page.title.is_none()))
            .or(page.title.clone())
            .or(html_meta.title.clone());
        let url = fields
            .url
            .clone()
            .or_else(|| page.source_link.as_ref().map(|(u, _)| u.clone()));
        let byline = fields.byline.clone().or(page.byline.clone());
        let mut meta = fields.rest;
        if let Some(id) = &fields.id
            && record.is_none()
        {
            meta.insert("id".into(), serde_json::Value::String(id.clone()));
        }
        let headline = raw
            .iter()
            .zip(&page.decisions)
            .find(|(_, d)| **d == Some(LeftOut::Title))
            .map(|(b, _)| Block {
                kind: BlockKind::Paragraph,
                plain: b.plain,
                src: b.src,
            });
        let lines = LineIndex::new(&source);
        Document {
            headline,
            path,
            record,
            format,
            outlet,
            outlet_from,
            published,
            published_from,
            title,
            byline,
            url,
            meta,
            source,
            plain,
            map,
            blocks: blocks_out,
            sentences,
            left_out,
            lines,
        }
    }
}

/// Everything [`Ingest::assemble`] needs to know about one article.
#[derive(Debug)]
pub struct Parts {
    pub path: String,
    pub record: Option<RecordRef>,
    pub format: Format,
    pub source: Arc<str>,
    pub fields: Fields,
    /// The part of `source` that holds the article (after front matter).
    pub body: Span,
    pub front: Option<Span>,
}

impl Parts {
    pub fn new(path: &str, format: Format, source: Arc<str>, fields: Fields) -> Self {
        let body = Span::new(0, source.len());
        Parts {
            path: path.to_string(),
            record: None,
            format,
            source,
            fields,
            body,
            front: None,
        }
    }
}

fn fill_from_html(fields: &mut Fields, m: &HtmlMeta) {
    let get = |k: &str| m.meta.get(k).cloned();
    if fields.title.is_none() {
        fields.title = get("og:title").or_else(|| get("twitter:title"));
    }
    if fields.outlet.is_none() {
        fields.outlet = get("og:site_name").or_else(|| get("application-name"));
    }
    if fields.date.is_none() {
        fields.date = get("article:published_time")
            .or_else(|| get("og:published_time"))
            .or_else(|| get("pubdate"))
            .or_else(|| get("date"))
            .or_else(|| get("dc.date"))
            .or_else(|| m.time.clone());
    }
    if fields.url.is_none() {
        fields.url = m.canonical.clone().or_else(|| get("og:url"));
    }
    if fields.byline.is_none() {
        fields.byline = get("author").or_else(|| get("article:author")).or_else(|| get("byl"));
    }
}

/// Scraped pages saved as text often carry markdown: headings, links,
/// emphasis. Look at the first 64 KiB.
fn looks_like_markdown(source: &str) -> bool {
    let mut end = source.len().min(64 * 1024);
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let head = &source[..end];
    let headings = head
        .lines()
        .filter(|l| {
            let t = l.trim_start_matches('#');
            l.starts_with('#') && l.len() - t.len() <= 6 && t.starts_with(' ')
        })
        .count();
    let links = head.matches("](").count();
    headings > 0 || links > 0
}

/// Decodes file bytes; invalid UTF-8 is replaced with a warning naming
/// the first bad byte. Binary and empty files are skipped with a warning.
pub fn decode(shown: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>) -> Option<Arc<str>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        diags.push(Diagnostic::warning(shown, "empty file; skipped"));
        return None;
    }
    let probe = &bytes[..bytes.len().min(8192)];
    if let Some(nul) = memchr::memchr(0, probe) {
        diags.push(Diagnostic::warning(
            shown,
            format!("binary file (NUL byte at offset {nul}); skipped"),
        ));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(Arc::from(s)),
        Err(e) => {
            diags.push(Diagnostic::warning(
                shown,
                format!(
                    "invalid UTF-8 at byte offset {}; decoded with replacement characters (offsets after it refer to the decoded text)",
                    e.valid_up_to()
                ),
            ));
            Some(Arc::from(String::from_utf8_lossy(bytes).as_ref()))
        }
    }
}

/// A file's bytes, or that there are more than the limit.
pub enum Contents {
    Bytes(Vec<u8>),
    /// Over the limit; the size when it is known without reading on.
    TooLarge(Option<u64>),
}

/// Reads a file, decompressing it when it is gzip, but no more than
/// `limit` bytes of article: a text file over it on disk is not read, and
/// a .gz that would decompress past it (a 200 kB file can hold gigabytes)
/// stops being decompressed.
pub fn read_maybe_gz(path: &Path, limit: u64) -> std::io::Result<Contents> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let on_disk = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::new();
    (&mut file).take(2).read_to_end(&mut bytes)?;
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    if !gz && on_disk > limit {
        return Ok(Contents::TooLarge(Some(on_disk)));
    }
    file.read_to_end(&mut bytes)?;
    if !gz {
        return Ok(Contents::Bytes(bytes));
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)?;
    Ok(if out.len() as u64 > limit {
        Contents::TooLarge(None)
    } else {
        Contents::Bytes(out)
    })
}
