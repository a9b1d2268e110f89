//! JSON article records: a `.json` file (one record or an array of them)
//! or JSONL / NDJSON, optionally gzip-compressed. JSONL is streamed in
//! batches that are parsed in parallel, so memory holds the documents, not
//! the file. Fields id, outlet, date, title, url and text are read; the
//! others are kept as metadata. Spans of a record point into its decoded
//! `text` field; the record is addressed as `FILE:LINE`.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::fields::Fields;
use super::walk::Select;
use super::{Ingest, Parts};
use crate::diag::Diagnostic;
use crate::document::{Document, Format, RecordRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// One JSON value: a record or an array of records.
    Json,
    /// One record per line.
    Lines,
}

/// Whether `path` names a record file, and which kind.
pub fn kind_of(path: &Path) -> Option<RecordKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(RecordKind::Lines)
    } else if name.ends_with(".json") {
        Some(RecordKind::Json)
    } else {
        None
    }
}

const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "articleBody",
    "article_text",
    "full_text",
];
const BATCH_LINES: usize = 1024;
const BATCH_BYTES: usize = 8 << 20;

fn open(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let mut file = BufReader::with_capacity(1 << 16, File::open(path)?);
    let gz = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, file))
    })
}

/// Reads the records of one file.
pub fn read_records(
    path: &Path,
    shown: &str,
    kind: RecordKind,
    select: Option<&Select>,
    ing: &Ingest<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let mut reader = match open(path) {
        Ok(r) => r,
        Err(e) => {
            diags.push(Diagnostic::warning(shown, format!("cannot read: {e}")));
            return Vec::new();
        }
    };
    if kind == RecordKind::Json {
        let mut text = Vec::new();
        if let Err(e) = reader.read_to_end(&mut text) {
            diags.push(Diagnostic::warning(shown, format!("cannot read: {e}")));
            return Vec::new();
        }
        return read_json(shown, &text, select, ing, diags);
    }
    read_lines(shown, reader, select, ing, diags)
}

fn read_json(
    shown: &str,
    bytes: &[u8],
    select: Option<&Select>,
    ing: &Ingest<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) if e.is_syntax() && e.line() > 1 && bytes.iter().filter(|&&b| b == b'\n').count() > 1 => {
            // One record per line in a .json file: read it as JSONL.
            return read_lines(shown, Box::new(bytes), select, ing, diags);
        }
        Err(e) => {
            diags.push(
                Diagnostic::warning(shown, format!("not JSON ({}); skipped", json_message(&e)))
                    .at(e.line(), Some(e.column())),
            );
            return Vec::new();
        }
    };
    let text = String::from_utf8_lossy(bytes);
    match value {
        Value::Object(map) => record(shown, 1, None, false, map, ing).map_or_else(
            |d| {
                diags.push(d);
                Vec::new()
            },
            |d| vec![d],
        ),
        Value::Array(items) => {
            // Line of each element for addressing: where it starts.
            let starts = element_lines(&text);
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let line = starts.get(i).copied().unwrap_or(1);
                if let Some(sel) = select
                    && !matches_select(sel, line, &item)
                {
                    continue;
                }
                match item {
                    Value::Object(map) => match record(shown, line, Some(i), true, map, ing) {
                        Ok(d) => out.push(d),
                        Err(d) => diags.push(d),
                    },
                    _ => diags.push(
                        Diagnostic::warning(shown, format!("element {i} is not a record object; skipped"))
                            .at(line, None),
                    ),
                }
            }
            out
        }
        _ => {
            diags.push(Diagnostic::warning(
                shown,
                "JSON is neither a record nor an array of records; skipped",
            ));
            Vec::new()
        }
    }
}

/// Lines where the top-level elements of a JSON array start.
fn element_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut line, mut in_str, mut esc) = (0usize, 1usize, false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => {
                if depth == 1 && c == '{' {
                    out.push(line);
                }
                depth += 1;
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

fn matches_select(sel: &Select, line: usize, item: &Value) -> bool {
    match sel {
        Select::Line(n) => *n == line,
        Select::Id(id) => item.get("id").is_some_and(|v| match v {
            Value::String(s) => s == id,
            Value::Number(n) => n.to_string() == *id,
            _ => false,
        }),
    }
}

/// Lines read by the reader thread, handed to the parsers.
struct Batch {
    lines: Vec<(usize, Vec<u8>)>,
    error: Option<Diagnostic>,
}

/// Reads batches of lines until the end, an error, or the selected line.
fn read_batches(shown: &str, mut reader: Box<dyn BufRead + Send + '_>, select: Option<&Select>, tx: SyncSender<Batch>) {
    let mut line_no = 0usize;
    let mut done = false;
    while !done {
        let mut batch = Batch {
            lines: Vec::new(),
            error: None,
        };
        let mut bytes = 0usize;
        while batch.lines.len() < BATCH_LINES && bytes < BATCH_BYTES {
            let mut buf = Vec::new();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(n) => {
                    line_no += 1;
                    bytes += n;
                    let keep = match select {
                        None => true,
                        Some(Select::Line(l)) => *l == line_no,
                        Some(Select::Id(id)) => memchr::memmem::find(&buf, id.as_bytes()).is_some(),
                    };
                    if keep && buf.iter().any(|b| !b.is_ascii_whitespace()) {
                        batch.lines.push((line_no, buf));
                    }
                    if let Some(Select::Line(l)) = select
                        && line_no >= *l
                    {
                        done = true;
                        break;
                    }
                }
                Err(e) => {
                    batch.error = Some(
                        Diagnostic::warning(
                            shown,
                            format!("cannot read past this line: {e}; the records before it are kept"),
                        )
                        .at(line_no + 1, None),
                    );
                    done = true;
                    break;
                }
            }
        }
        if tx.send(batch).is_err() {
            return;
        }
    }
}

/// Reads JSONL: one thread reads (and decompresses) lines, the rayon pool
/// parses batches of them; documents keep file order.
fn read_lines(
    shown: &str,
    reader: Box<dyn BufRead + Send + '_>,
    select: Option<&Select>,
    ing: &Ingest<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let mut out = Vec::new();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Batch>(2);
        scope.spawn(move || read_batches(shown, reader, select, tx));
        for batch in rx {
            let parsed: Vec<(Option<Diagnostic>, Result<Document, Diagnostic>)> = batch
                .lines
                .into_par_iter()
                .map(|(line, buf)| record_line(shown, line, &buf, ing))
                .collect();
            for (warning, r) in parsed {
                diags.extend(warning);
                match r {
                    Ok(d) => {
                        if let Some(Select::Id(id)) = select
                            && d.record.as_ref().and_then(|r| r.id.as_deref()) != Some(id.as_str())
                        {
                            continue;
                        }
                        out.push(d);
                    }
                    Err(d) => diags.push(d),
                }
            }
            diags.extend(batch.error);
        }
    });
    out
}

/// One JSONL line of the file shown as `shown` (its `line`), read as
/// [`Ingest::run`] reads it: a document, or why it is skipped, and a
/// warning about its encoding.
pub fn record_line(
    shown: &str,
    line: usize,
    buf: &[u8],
    ing: &Ingest<'_>,
) -> (Option<Diagnostic>, Result<Document, Diagnostic>) {
    let (warning, map) = parse_line(shown, line, buf);
    (warning, map.and_then(|m| record(shown, line, None, true, m, ing)))
}

/// Parses one JSONL line; invalid UTF-8 is read with replacement
/// characters and reported.
fn parse_line(shown: &str, line: usize, buf: &[u8]) -> (Option<Diagnostic>, Result<Map<String, Value>, Diagnostic>) {
    let (text, warning) = match std::str::from_utf8(buf) {
        Ok(t) => (std::borrow::Cow::Borrowed(t), None),
        Err(e) => (
            String::from_utf8_lossy(buf),
            Some(
                Diagnostic::warning(
                    shown,
                    format!(
                        "invalid UTF-8 at byte {} of the line; decoded with replacement characters",
                        e.valid_up_to()
                    ),
                )
                .at(line, None),
            ),
        ),
    };
    let parsed = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Diagnostic::warning(shown, "line is not a JSON object; skipped").at(line, None)),
        Err(e) => Err(
            Diagnostic::warning(shown, format!("not a JSON record ({}); skipped", json_message(&e)))
                .at(line, Some(e.column())),
        ),
    };
    (warning, parsed)
}

fn record(
    shown: &str,
    line: usize,
    index: Option<usize>,
    multi: bool,
    mut map: Map<String, Value>,
    ing: &Ingest<'_>,
) -> Result<Document, Diagnostic> {
    let text = TEXT_KEYS.iter().find_map(|k| match map.remove(*k) {
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            map.insert((*k).to_string(), other);
            None
        }
        None => None,
    });
    let Some(text) = text else {
        return Err(Diagnostic::warning(shown, "record has no text field; skipped").at(line, None));
    };
    if text.len() as u64 > ing.max_article_bytes {
        return Err(ing.too_large(shown, Some(text.len() as u64)).at(line, None));
    }
    let fields = Fields::from_map(map);
    let mut parts = Parts::new(shown, Format::Json, Arc::from(text), fields);
    parts.record = Some(RecordRef {
        line,
        index,
        id: parts.fields.id.clone(),
        multi,
    });
    crate::isolate::isolate(|| ing.assemble(parts))
        .map_err(|crash| Diagnostic::warning(shown, crash.diagnostic_message("reading the record")).at(line, None))
}

/// serde_json's message without its " at line L column C" suffix (the
/// diagnostic carries the position).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}
