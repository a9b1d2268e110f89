//! Rendering: what users read. Findings (later stages) and extracted
//! documents are data; these modules turn them into bytes.

pub mod align;
pub mod diff;
pub mod extract;
pub mod findings;
pub mod formats;

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::text::Span;

/// A span of a document as the JSON formats give it. A record of a file
/// with many records (JSONL, a JSON array) also gives the file and the
/// record's line, which SARIF and annotations address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JsonSpan {
    pub path: String,
    pub outlet: Option<String>,
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
}

impl JsonSpan {
    /// `src` in `doc`'s source, shown with `text`.
    pub fn new(doc: &Document, src: Span, text: &str) -> Self {
        let (a, b) = doc.span_lines(src);
        let record = doc.record.as_ref().filter(|r| r.multi);
        JsonSpan {
            path: doc.name(),
            outlet: doc.outlet.clone(),
            start_line: a.line,
            start_column: a.column,
            end_line: b.line,
            end_column: b.column,
            byte_start: src.start,
            byte_end: src.end,
            text: text.to_string(),
            file: record.map(|_| doc.path.clone()),
            record: record.map(|r| r.line),
        }
    }

    /// The file the span is in (for a record, the file holding it).
    pub fn file(&self) -> &str {
        self.file.as_deref().unwrap_or(&self.path)
    }

    /// The outlet, else how the document is addressed.
    pub fn label(&self) -> &str {
        self.outlet.as_deref().unwrap_or(&self.path)
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
