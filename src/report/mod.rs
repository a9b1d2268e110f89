//! Rendering: what users read. Findings (later stages) and extracted
//! documents are data; these modules turn them into bytes.

pub mod align;
pub mod diff;
pub mod extract;
pub mod findings;
pub mod formats;

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

/// Writes a file atomically: to a temporary file beside it, then renamed
/// over it, so a reader never sees half a report or baseline.
pub fn write_atomic(path: &std::path::Path, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut out = io::BufWriter::new(file);
        f(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether `output` would land inside one of the input folders.
pub fn inside_inputs(output: &std::path::Path, inputs: &[std::path::PathBuf]) -> Option<std::path::PathBuf> {
    let dir = match output.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).ok()?;
    inputs
        .iter()
        .filter(|p| p.is_dir())
        .filter_map(|p| std::fs::canonicalize(p).ok().map(|c| (p, c)))
        .find(|(_, c)| dir.starts_with(c))
        .map(|(p, _)| p.clone())
}
