//! `crosscheck stage`: the run's stages as NDJSON filters, one JSON object
//! per line on standard input and output, for an engine that runs them on
//! many machines (the Spark driver in `spark/` pipes partitions through
//! them). See [`crate::align::stage`] and [`crate::check::stage`] for what
//! each stage does.
//!
//! - `stage extract [PATHS]`: articles → statement records ([`Unit`]) and
//!   one tally per article ([`Tally`]). With `--records NAME`, the articles
//!   are JSONL records on standard input, each line `LINE<TAB>RECORD`: the
//!   record as it stands on line LINE of the file NAME; the document's
//!   number is `--doc-base` + LINE. With PATHS, documents are numbered in
//!   the order they are read.
//! - `stage shuffle`: statement records → buckets ([`Bucket`]), what the
//!   engine's shuffle does, on one machine.
//! - `stage verify`: buckets → aligned pairs ([`Aligned`]).
//! - `stage stories`: every pair → each article's story.
//! - `stage people`: every person key's count → how names group.
//! - `stage corpus`: corpus bundles ([`CorpusBundle`]) → findings.
//! - `stage check --records NAME`: check bundles ([`CheckBundle`]) → findings.
//! - `stage report`: findings → SARIF, JSON Lines, annotations, concise lines.
//!
//! A line that cannot be read is reported with its number and skipped; the
//! run goes on with the rest.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::align::Aligner;
use crate::align::stage::{Aligned, Bucket, Unit, buckets, units, verify};
use crate::check::crash_diagnostic;
use crate::check::stage::{CheckBundle, CorpusBundle};
use crate::check::tally::Tally;
use crate::diag::Diagnostic;
use crate::document::Document;
use crate::extract::extract_isolated;
use crate::ingest::Ingest;
use crate::report::findings::JsonFinding;
use crate::rules::RuleSet;

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

/// What `stage extract` writes: statements, and one tally per document.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
pub enum Extracted {
    Unit(Unit),
    Doc(Tally),
}

/// The statements of a numbered document, with its claims' quotes, then
/// its tally for the corpus-wide rules (when any is enabled).
/// A document whose extraction fails (a bug) gives none, and a diagnostic.
fn doc_units(
    n: u64,
    d: &Document,
    ingest: &Ingest<'_>,
    al: &Aligner,
    rules: &RuleSet,
) -> (Vec<Diagnostic>, Vec<Extracted>) {
    let claims = match extract_isolated(d, ingest.lex) {
        Ok(c) => c,
        Err(crash) => return (vec![crash_diagnostic(d, &crash, ingest.strict)], Vec::new()),
    };
    let mut out: Vec<Extracted> = units(n, d, Some(&claims), al)
        .into_iter()
        .map(Extracted::Unit)
        .collect();
    if crate::check::tally::wanted(rules) {
        out.push(Extracted::Doc(crate::check::tally::tally(
            n as usize, d, &claims, rules, true,
        )));
    }
    (Vec::new(), out)
}

/// `stage extract` over files and folders: documents numbered in the order read.
pub fn extract_paths(
    ingest: &Ingest<'_>,
    paths: &[std::path::PathBuf],
    al: &Aligner,
    rules: &RuleSet,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut corpus = ingest.run(paths);
    let per_doc: Vec<(Vec<Diagnostic>, Vec<Extracted>)> = corpus
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| doc_units(i as u64, d, ingest, al, rules))
        .collect();
    let mut all = Vec::new();
    for (d, units) in per_doc {
        corpus.diagnostics.extend(d);
        all.extend(units);
    }
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

/// Every line of `input` read as one `what`, in order (a stage that needs
/// all of them before it can write).
fn read_all<T: DeserializeOwned + Send>(input: &mut dyn BufRead, what: &str) -> (Vec<T>, Vec<Diagnostic>) {
    let mut all = Vec::new();
    let (_, diags) = each_line(
        input,
        |at, buf| one(parse(at, buf, what)),
        |v| {
            all.extend(v);
            Ok(())
        },
    );
    (all, diags)
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
    rules: &RuleSet,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let record = |at: usize, buf: &[u8]| -> (Vec<Diagnostic>, Vec<Extracted>) {
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
            Ok(d) => {
                let (crashed, units) = doc_units(base + line as u64, &d, ingest, al, rules);
                (warning.into_iter().chain(crashed).collect(), units)
            }
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
            // Tallies go to the check stage, not to the shuffle.
            all.extend(units.into_iter().filter_map(|u| match u {
                Extracted::Unit(u) => Some(u),
                Extracted::Doc(_) => None,
            }));
            Ok(())
        },
    );
    (write_lines(out, &buckets(all, &al.settings)), diags)
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

/// `stage stories`: aligned pairs → `{"doc", "story"}` per document in a
/// story. Stories need every pair, so this stage runs once over all of them.
pub fn stories(input: &mut dyn BufRead, al: &Aligner, out: &mut dyn Write) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let (pairs, diags): (Vec<Aligned>, _) = read_all(input, "pair");
    let lines: Vec<serde_json::Value> = crate::align::stage::stories_of(&pairs, al.settings.story_min_pairs)
        .iter()
        .map(|&[doc, story]| serde_json::json!({"doc": doc, "story": story}))
        .collect();
    (write_lines(out, &lines), diags)
}

/// A person key's number of mentions over the archive.
#[derive(Serialize, Deserialize)]
struct PersonCount {
    person: String,
    count: usize,
}

/// A line of `stage people`'s input: a person count, or what the name
/// scopes read of one document.
#[derive(Deserialize)]
#[serde(untagged)]
enum PeopleLine {
    Count(PersonCount),
    Doc(crate::check::names::ScopeDoc),
}

/// `stage people`: `{"person", "count"}` over the whole archive, and
/// `{"doc", "story", "day", "people"}` per document → per name-variant
/// rule, `{"rule"}`, then `{"rule", "person", "group"}` for each key
/// grouped under another one, and `{"rule", "doc", "scope"}` for each
/// document compared with others ([`crate::check::names::name_scopes`]).
pub fn people(input: &mut dyn BufRead, rules: &RuleSet, out: &mut dyn Write) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut docs = Vec::new();
    let (_, diags) = each_line(
        input,
        |at, buf| one(parse::<PeopleLine>(at, buf, "person count or document")),
        |c| {
            for c in c {
                match c {
                    PeopleLine::Count(c) => *counts.entry(c.person).or_default() += c.count,
                    PeopleLine::Doc(d) => docs.push(d),
                }
            }
            Ok(())
        },
    );
    let counts = counts.iter().map(|(k, &v)| (k.as_str(), v)).collect();
    let mut lines = Vec::new();
    for rule in rules.enabled() {
        if let crate::rules::options::Options::NameVariant(o) = &rule.options {
            // The rule itself first: a rule whose every key is its own group has no other line.
            lines.push(serde_json::json!({"rule": rule.id}));
            for (person, group) in crate::check::names::people_groups_of(&counts, o.max_edits) {
                lines.push(serde_json::json!({"rule": rule.id, "person": person, "group": group}));
            }
            for (doc, scope) in crate::check::names::name_scopes_of(&docs, o.window, o.max_articles) {
                lines.push(serde_json::json!({"rule": rule.id, "doc": doc, "scope": scope}));
            }
        }
    }
    (write_lines(out, &lines), diags)
}

/// Bundles of type `B` on `input` → the findings `find` gives each,
/// bundle by bundle in input order.
fn bundles_to_findings<B: DeserializeOwned>(
    input: &mut dyn BufRead,
    what: &str,
    find: impl Fn(usize, B) -> (Vec<Diagnostic>, Vec<JsonFinding>) + Sync,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    each_line(
        input,
        |at, buf| match parse::<B>(at, buf, what) {
            Ok(b) => {
                let (diags, found) = find(at, b);
                (diags, vec![found])
            }
            Err(d) => (vec![d], Vec::new()),
        },
        |found: Vec<Vec<JsonFinding>>| found.iter().try_for_each(|f| write_lines(out, f)),
    )
}

/// `stage corpus`: corpus bundles → findings of the corpus-wide rules.
pub fn corpus(input: &mut dyn BufRead, rules: &RuleSet, out: &mut dyn Write) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let find = |at: usize, b: CorpusBundle| match crate::check::stage::corpus_bundle(&b, rules) {
        Ok(f) => (Vec::new(), f),
        Err(e) => (
            vec![Diagnostic::warning(STDIN, format!("{e}; skipped")).at(at, None)],
            Vec::new(),
        ),
    };
    bundles_to_findings(input, "corpus bundle", find, out)
}

/// `stage check --records NAME`: check bundles of the file NAME's records
/// → findings of the rules on aligned statements.
pub fn check(
    ingest: &Ingest<'_>,
    name: &str,
    input: &mut dyn BufRead,
    rules: &RuleSet,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    let find = |_: usize, b: CheckBundle| crate::check::stage::check_bundle(&b, name, ingest, rules);
    bundles_to_findings(input, "check bundle", find, out)
}

/// `stage report`: findings (JSON Lines, in order) → a report format.
pub fn report_findings(
    input: &mut dyn BufRead,
    rules: &RuleSet,
    format: crate::cli::StageFormat,
    out: &mut dyn Write,
) -> (std::io::Result<()>, Vec<Diagnostic>) {
    use crate::cli::StageFormat;
    use crate::report::formats;
    let (all, diags): (Vec<JsonFinding>, _) = read_all(input, "finding");
    let written = match format {
        StageFormat::Jsonl => formats::write_jsonl(out, &all),
        StageFormat::Sarif => formats::write_sarif(out, rules, &all),
        StageFormat::Github => formats::write_github(out, &all),
        StageFormat::Concise => formats::write_concise(out, &all),
    };
    (written, diags)
}
