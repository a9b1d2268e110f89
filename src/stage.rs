//! `crosscheck stage`: the alignment's stages as NDJSON filters, one JSON
//! object per line on standard input and output, for an engine that runs
//! them on many machines (the Spark driver in `spark/` pipes partitions
//! through them). See [`crate::align::stage`] for what each stage does.
//!
//! - `stage extract [PATHS]`: articles → statement records ([`Unit`]).
//!   With `--records NAME`, the articles are JSONL records on standard
//!   input, each line `LINE<TAB>RECORD`: the record as it stands on line
//!   LINE of the file NAME; the document's number is `--doc-base` + LINE.
//!   With PATHS, documents are numbered in the order they are read.
//! - `stage shuffle`: statement records → buckets ([`Bucket`]), what the
//!   engine's shuffle does, on one machine.
//! - `stage verify`: buckets → aligned pairs ([`Aligned`]).
//!
//! A line that cannot be read is reported with its number and skipped; the
//! run goes on with the rest.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::align::Aligner;
use crate::align::stage::{Bucket, Unit, buckets, units, verify};
use crate::diag::Diagnostic;
use crate::document::Document;
use crate::extract::extract;
use crate::ingest::Ingest;
use crate::lexicon::Lexicon;

/// What one line of records gives: problems, and the numbered document.
type Read = (Vec<Diagnostic>, Option<(u64, Document)>);

/// Lines parsed per batch (in parallel, written in order).
const BATCH: usize = 4096;

/// Where problems with the input are reported: standard input.
const STDIN: &str = "<stdin>";

/// Writes each value as one line of JSON.
fn write_lines<T: Serialize>(out: &mut dyn Write, values: &[T]) -> std::io::Result<()> {
    for v in values {
        serde_json::to_writer(&mut *out, v)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Reads `input` in batches of numbered non-blank lines, hands each batch
/// to `f`, and returns the problems met while reading.
fn batches(input: &mut dyn BufRead, mut f: impl FnMut(Vec<(usize, Vec<u8>)>)) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut line = 0usize;
    loop {
        let mut batch = Vec::new();
        let mut done = false;
        while batch.len() < BATCH {
            let mut buf = Vec::new();
            match input.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    done = true;
                    break;
                }
                Ok(_) => {
                    line += 1;
                    if buf.iter().any(|b| !b.is_ascii_whitespace()) {
                        batch.push((line, buf));
                    }
                }
                Err(e) => {
                    diags.push(Diagnostic::error(STDIN, format!("cannot read past this line: {e}")).at(line + 1, None));
                    done = true;
                    break;
                }
            }
        }
        f(batch);
        if done {
            return diags;
        }
    }
}

/// Parses one line of JSON as a `T`, or says why not.
fn parse<T: DeserializeOwned>(line: usize, buf: &[u8], what: &str) -> Result<T, Diagnostic> {
    serde_json::from_slice(buf).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
        Diagnostic::warning(STDIN, format!("not a {what} record ({msg}); skipped")).at(line, Some(e.column()))
    })
}

/// The statements of numbered documents, with their claims' quotes.
fn unit_lines(docs: &[(u64, Document)], lex: &Lexicon, al: &Aligner) -> Vec<Unit> {
    docs.par_iter()
        .flat_map_iter(|(n, d)| {
            let claims = extract(d, lex);
            units(*n, d, Some(&claims), al)
        })
        .collect()
}

/// `stage extract` over files and folders: documents numbered in the order read.
pub fn extract_paths(
    ingest: &Ingest<'_>,
    paths: &[std::path::PathBuf],
    al: &Aligner,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let corpus = ingest.run(paths);
    let docs: Vec<(u64, Document)> = corpus
        .documents
        .into_iter()
        .enumerate()
        .map(|(i, d)| (i as u64, d))
        .collect();
    (write_lines(out, &unit_lines(&docs, ingest.lex, al)), corpus.diagnostics)
}

/// `stage extract --records NAME`: `LINE<TAB>RECORD` lines on `input`,
/// records of the file shown as `name`; document number `base` + LINE.
pub fn extract_records(
    ingest: &Ingest<'_>,
    name: &str,
    base: u64,
    input: &mut dyn BufRead,
    al: &Aligner,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut written = Ok(());
    let mut diags = Vec::new();
    let read = batches(input, |batch| {
        let parsed: Vec<Read> = batch
            .into_par_iter()
            .map(|(at, buf)| {
                let Some(tab) = buf.iter().position(|&b| b == b'\t') else {
                    let d = Diagnostic::warning(STDIN, "expected LINE<TAB>RECORD; skipped").at(at, None);
                    return (vec![d], None);
                };
                let Some(line) = std::str::from_utf8(&buf[..tab])
                    .ok()
                    .and_then(|s| s.trim().parse::<usize>().ok())
                else {
                    let d = Diagnostic::warning(STDIN, "the line number before the tab is not a number; skipped")
                        .at(at, Some(1));
                    return (vec![d], None);
                };
                // A warning about the record's encoding is reported, and the record still read.
                if buf[tab + 1..].iter().all(|b| b.is_ascii_whitespace()) {
                    // A blank line of the file, as the file reader skips it.
                    return (Vec::new(), None);
                }
                let (warning, doc) = crate::ingest::records::record_line(name, line, &buf[tab + 1..], ingest);
                match doc {
                    Ok(d) => (warning.into_iter().collect(), Some((base + line as u64, d))),
                    Err(e) => (warning.into_iter().chain([e]).collect(), None),
                }
            })
            .collect();
        let mut docs = Vec::new();
        for (d, doc) in parsed {
            diags.extend(d);
            docs.extend(doc);
        }
        if written.is_ok() {
            written = write_lines(out, &unit_lines(&docs, ingest.lex, al));
        }
    });
    diags.extend(read);
    (written, diags)
}

/// `stage shuffle`: statement records on `input` → buckets, sorted by key.
pub fn shuffle(input: &mut dyn BufRead, al: &Aligner, out: &mut dyn Write) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut all: Vec<Unit> = Vec::new();
    let mut diags = Vec::new();
    let read = batches(input, |batch| {
        let parsed: Vec<Result<Unit, Diagnostic>> = batch
            .into_par_iter()
            .map(|(at, buf)| parse(at, &buf, "statement"))
            .collect();
        for p in parsed {
            match p {
                Ok(u) => all.push(u),
                Err(d) => diags.push(d),
            }
        }
    });
    diags.extend(read);
    (write_lines(out, &buckets(all, al.settings.max_df)), diags)
}

/// `stage verify`: buckets on `input` → aligned pairs, bucket by bucket
/// in input order.
pub fn verify_buckets(
    input: &mut dyn BufRead,
    al: &Aligner,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut written = Ok(());
    let mut diags = Vec::new();
    let read = batches(input, |batch| {
        let parsed: Vec<Result<Vec<crate::align::stage::Aligned>, Diagnostic>> = batch
            .into_par_iter()
            .map(|(at, buf)| parse::<Bucket>(at, &buf, "bucket").map(|b| verify(&b, al)))
            .collect();
        for p in parsed {
            match p {
                Ok(pairs) => {
                    if written.is_ok() {
                        written = write_lines(out, &pairs);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    });
    diags.extend(read);
    (written, diags)
}
