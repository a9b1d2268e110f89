//! Rendering: what users read. Findings (later stages) and extracted
//! documents are data; these modules turn them into bytes.

pub mod align;
pub mod extract;

use std::io::{self, Write};

/// Runs `f` on a buffered stdout; a closed pipe (`| head`) is not an error.
pub fn to_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
