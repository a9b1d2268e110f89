//! Rendering: what users read. Findings (later stages) and extracted
//! documents are data; these modules turn them into bytes.

pub mod align;
pub mod extract;
pub mod findings;

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Document;
use crate::text::Span;

/// A span of a document as the JSON formats give it.
#[derive(Serialize)]
pub(crate) struct JsonSpan<'a> {
    path: String,
    outlet: Option<&'a str>,
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
}

impl<'a> JsonSpan<'a> {
    /// `src` in `doc`'s source, shown with `text`.
    pub(crate) fn new(doc: &'a Document, src: Span, text: &'a str) -> Self {
        let (a, b) = doc.span_lines(src);
        JsonSpan {
            path: doc.name(),
            outlet: doc.outlet.as_deref(),
            start_line: a.line,
            start_column: a.column,
            end_line: b.line,
            end_column: b.column,
            byte_start: src.start,
            byte_end: src.end,
            text,
        }
    }
}

/// Runs `f` on a buffered stdout; a closed pipe (`| head`) is not an error.
pub fn to_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
