//! Inputs that once crashed crosscheck (found by fuzzing, kept in
//! `tests/data/crashes/`): each is read through every format the fuzz
//! targets can pick and through every stage, and must not panic. A new
//! crash found by a fuzzer goes into that folder as it is.

mod common;

use std::fs;
use std::path::PathBuf;

use crosscheck::config::Config;
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;

/// The names the fuzz targets give an input, by its first byte.
const NAMES: [&str; 6] = ["a.md", "a.txt", "a.html", "a.json", "a.jsonl", "a"];

fn crash_files() -> Vec<PathBuf> {
    let dir = common::root().join("tests/data/crashes");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

#[test]
fn every_crash_input_reads_in_every_format_through_every_stage() {
    let config = Config::default();
    let lex = Lexicon::builtin();
    let ingest = Ingest::new(lex, &config);
    let aligner = crosscheck::align::Aligner::builtin();
    let rules = crosscheck::rules::RuleSet::builtin();
    for path in crash_files() {
        let bytes = fs::read(&path).unwrap();
        // As the fuzz target reads it (the first byte picks the format), and
        // the whole file under every format.
        let mut docs = Vec::new();
        for name in NAMES {
            for input in [&bytes[1..], &bytes[..]] {
                let mut diags = Vec::new();
                if let Some(doc) = ingest.read_bytes(name, input, &mut diags) {
                    // Not isolated: a panic fails this test.
                    let claims = crosscheck::extract::extract(&doc, lex);
                    for s in claims.spans() {
                        assert!(s.end <= doc.source.len(), "{}: {s:?}", path.display());
                        assert!(doc.source.is_char_boundary(s.start) && doc.source.is_char_boundary(s.end));
                    }
                    docs.push(doc);
                }
            }
        }
        assert!(!docs.is_empty(), "{}: no format read it", path.display());
        // All of them together through alignment and the rules.
        let (_, _, findings) = crosscheck::check::pipeline(&docs, lex, aligner, &rules);
        for f in &findings {
            for l in &f.locations {
                assert!(l.src.end <= docs[l.doc].source.len());
            }
        }
    }
}

#[test]
fn a_crash_input_beside_real_articles_leaves_their_findings_alone() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(common::root().join("fixtures/flood-barrier")).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let alone = common::run_in(dir.path(), &[".", "--format", "concise"]);
    for (i, path) in crash_files().iter().enumerate() {
        fs::copy(path, dir.path().join(format!("crash-{i}.html"))).unwrap();
    }
    let out = common::run_in(dir.path(), &[".", "--format", "concise"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("error[quote.attribution]"), "{}", out.stdout);
    // The same findings as without the crash inputs.
    assert_eq!(out.stdout, alone.stdout);
    assert!(out.stderr.contains("crash-0.html"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let strict = common::run_in(dir.path(), &["--strict", ".", "--format", "concise"]);
    assert_eq!(strict.code, 2, "{}", strict.stderr);
}
