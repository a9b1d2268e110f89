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

/// The statements of a numbered document, with its claims' quotes.
fn doc_units(n: u64, d: &Document, lex: &Lexicon, al: &Aligner) -> Vec<Unit> {
    units(n, d, Some(&extract(d, lex)), al)
}

/// `stage extract` over files and folders: documents numbered in the order read.
pub fn extract_paths(
    ingest: &Ingest<'_>,
    paths: &[std::path::PathBuf],
    al: &Aligner,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let corpus = ingest.run(paths);
    let all: Vec<Unit> = corpus
        .documents
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| doc_units(i as u64, d, ingest.lex, al))
        .collect();
    (write_lines(out, &all), corpus.diagnostics)
}

/// Reads `input` in batches of numbered lines, each batch mapped in
/// parallel: `map` turns a line into problems and values, and `sink` takes
/// each batch's values in input order (until it fails). Returns how
/// `sink` ended, and the problems.
fn each_line<T: Send>(
    input: &mut dyn BufRead,
    map: impl Fn(usize, &[u8]) -> (Vec<Diagnostic>, Vec<T>) + Sync,
    mut sink: impl FnMut(Vec<T>) -> std::io::Result<()>,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut written = Ok(());
    let mut diags = Vec::new();
    let read = batches(input, |batch| {
        let parsed: Vec<(Vec<Diagnostic>, Vec<T>)> = batch.into_par_iter().map(|(at, buf)| map(at, &buf)).collect();
        let mut values = Vec::new();
        for (d, v) in parsed {
            diags.extend(d);
            values.extend(v);
        }
        if written.is_ok() {
            written = sink(values);
        }
    });
    diags.extend(read);
    (written, diags)
}

/// A parsed line as [`each_line`] takes it.
fn one<T>(parsed: Result<T, Diagnostic>) -> (Vec<Diagnostic>, Vec<T>) {
    match parsed {
        Ok(v) => (Vec::new(), vec![v]),
        Err(d) => (vec![d], Vec::new()),
    }
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
    let record = |at: usize, buf: &[u8]| -> (Vec<Diagnostic>, Vec<Unit>) {
        let Some(tab) = buf.iter().position(|&b| b == b'\t') else {
            let d = Diagnostic::warning(STDIN, "expected LINE<TAB>RECORD; skipped").at(at, None);
            return (vec![d], Vec::new());
        };
        let Some(line) = std::str::from_utf8(&buf[..tab])
            .ok()
            .and_then(|s| s.trim().parse::<usize>().ok())
        else {
            let d =
                Diagnostic::warning(STDIN, "the line number before the tab is not a number; skipped").at(at, Some(1));
            return (vec![d], Vec::new());
        };
        if buf[tab + 1..].iter().all(|b| b.is_ascii_whitespace()) {
            // A blank line of the file, as the file reader skips it.
            return (Vec::new(), Vec::new());
        }
        // A warning about the record's encoding is reported, and the record still read.
        let (warning, doc) = crate::ingest::records::record_line(name, line, &buf[tab + 1..], ingest);
        match doc {
            Ok(d) => (
                warning.into_iter().collect(),
                doc_units(base + line as u64, &d, ingest.lex, al),
            ),
            Err(e) => (warning.into_iter().chain([e]).collect(), Vec::new()),
        }
    };
    each_line(input, record, |units| write_lines(out, &units))
}

/// `stage shuffle`: statement records on `input` → buckets, sorted by key.
pub fn shuffle(input: &mut dyn BufRead, al: &Aligner, out: &mut dyn Write) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut all: Vec<Unit> = Vec::new();
    let (_, diags) = each_line(
        input,
        |at, buf| one(parse(at, buf, "statement")),
        |units| {
            all.extend(units);
            Ok(())
        },
    );
    (write_lines(out, &buckets(all, al.settings.max_df)), diags)
}

/// `stage verify`: buckets on `input` → aligned pairs, bucket by bucket
/// in input order.
pub fn verify_buckets(
    input: &mut dyn BufRead,
    al: &Aligner,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    each_line(
        input,
        |at, buf| one(parse::<Bucket>(at, buf, "bucket").map(|b| verify(&b, al))),
        |pairs: Vec<Vec<crate::align::stage::Aligned>>| pairs.iter().try_for_each(|p| write_lines(out, p)),
    )
}
