//! The document model every later stage reads.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use serde::Serialize;

use crate::text::{LineCol, LineIndex, OffsetMap, Span};

/// How a file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Markdown with YAML front matter (`---`).
    MarkdownYaml,
    /// Markdown with TOML front matter (`+++`).
    MarkdownToml,
    /// Markdown, or a scraped page in markdown, without front matter.
    Markdown,
    /// Plain text: first line the headline, blank lines between paragraphs.
    Plain,
    Html,
    /// A JSON article record (a `.json` file, or one line of JSONL).
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::MarkdownYaml => "markdown+yaml",
            Format::MarkdownToml => "markdown+toml",
            Format::Markdown => "markdown",
            Format::Plain => "plain",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// A publication date, with time and UTC offset when the source gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
            if let Some(off) = self.offset {
                let secs = off.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let a = secs.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)?;
            }
        }
        Ok(())
    }
}

impl Serialize for Published {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a document sits inside a record file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRef {
    /// 1-based line of a JSONL file (1 for a single JSON file).
    pub line: usize,
    /// Index in a JSON array, when the file holds one.
    pub index: Option<usize>,
    /// The record's own id field.
    pub id: Option<String>,
    /// The file holds more than one record.
    pub multi: bool,
}

/// What kind of body block this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Paragraph,
    ListItem,
    Quote,
}

/// A block of article text: a paragraph, list item or block quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Range in [`Document::plain`].
    pub plain: Span,
    /// Range in [`Document::source`].
    pub src: Span,
}

/// A sentence of article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Exact bytes in [`Document::source`].
    pub src: Span,
    /// The same sentence in [`Document::plain`] (markup stripped).
    pub plain: Span,
    /// Index into [`Document::blocks`].
    pub block: usize,
}

/// Why a part of the page is not article text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftOut {
    FrontMatter,
    Title,
    Heading,
    Byline,
    Dateline,
    Masthead,
    Header,
    Footer,
    Boilerplate,
    Links,
    Tags,
    Label,
    Teaser,
    Credit,
    Caption,
    Markup,
}

impl LeftOut {
    pub fn name(self) -> &'static str {
        match self {
            LeftOut::FrontMatter => "front-matter",
            LeftOut::Title => "title",
            LeftOut::Heading => "heading",
            LeftOut::Byline => "byline",
            LeftOut::Dateline => "dateline",
            LeftOut::Masthead => "masthead",
            LeftOut::Header => "header",
            LeftOut::Footer => "footer",
            LeftOut::Boilerplate => "boilerplate",
            LeftOut::Links => "links",
            LeftOut::Tags => "tags",
            LeftOut::Label => "label",
            LeftOut::Teaser => "teaser",
            LeftOut::Credit => "credit",
            LeftOut::Caption => "caption",
            LeftOut::Markup => "markup",
        }
    }
}

/// Where a metadata value came from, for `--explain`-style output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    Config,
    FrontMatter,
    Record,
    Html,
    Url,
    Category,
    Masthead,
    SourceLink,
    Copyright,
    Page,
}

/// An article, read once, with its body located in the source text.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as walked from the command-line argument.
    pub path: String,
    pub record: Option<RecordRef>,
    pub format: Format,
    pub outlet: Option<String>,
    pub outlet_from: Option<Provenance>,
    pub published: Option<Published>,
    pub published_from: Option<Provenance>,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    /// Fields of the front matter or record that crosscheck does not use
    /// itself, kept for reports and rules.
    pub meta: BTreeMap<String, serde_json::Value>,
    /// The text the spans point into: the file as read, or a record's
    /// `text` field.
    pub source: Arc<str>,
    /// The text with markup stripped; blocks and sentences index it.
    pub plain: String,
    pub map: OffsetMap,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    /// The headline, when the page itself carries it (not front matter).
    pub headline: Option<Block>,
    /// Parts of the source that are not article text, and why.
    pub left_out: Vec<(Span, LeftOut)>,
    pub lines: LineIndex,
}

impl Document {
    /// `path`, or `path:LINE` for a record of a JSONL file (`path#N` for
    /// the N-th record of a JSON array): how diagnostics address it.
    pub fn name(&self) -> String {
        match &self.record {
            Some(r) if r.multi => match r.index {
                Some(i) => format!("{}#{}", self.path, i),
                None => format!("{}:{}", self.path, r.line),
            },
            _ => self.path.clone(),
        }
    }

    /// How messages name the document: its outlet, else [`Document::name`].
    pub fn label(&self) -> String {
        self.outlet.clone().unwrap_or_else(|| self.name())
    }

    pub fn text(&self, span: Span) -> &str {
        span.slice(&self.source)
    }

    pub fn sentence_text(&self, s: &Sentence) -> &str {
        s.src.slice(&self.source)
    }

    pub fn sentence_plain(&self, s: &Sentence) -> &str {
        s.plain.slice(&self.plain)
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.source, offset)
    }

    /// Start and end (last character) of a span.
    pub fn span_lines(&self, span: Span) -> (LineCol, LineCol) {
        (
            self.lines.line_col(&self.source, span.start),
            self.lines.end_line_col(&self.source, span.start, span.end),
        )
    }
}
