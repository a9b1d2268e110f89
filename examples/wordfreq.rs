//! Regenerates `rules/lexicon/wordfreq.tsv`, the background document
//! frequencies the aligner's IDF features use: for each stem, the number
//! of documents that contain it. Only counts are written, no text.
//!
//! cargo run --release --example wordfreq -- ../shared/corpora/allsides-37k.jsonl.gz > rules/lexicon/wordfreq.tsv

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crosscheck::align::Aligner;
use crosscheck::config::Config;
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;

/// Stems in fewer documents than this are left out (they get the
/// largest IDF, as unseen words do).
const MIN_DF: usize = 20;

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let config = Config::default();
    let lex = Lexicon::builtin();
    let corpus = Ingest::new(lex, &config).run(&paths);
    let norm = &Aligner::builtin().norm;
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for doc in &corpus.documents {
        let stems: BTreeSet<String> = doc
            .sentences
            .iter()
            .flat_map(|s| norm.stems(s.plain.slice(&doc.plain)))
            .collect();
        for s in stems {
            *df.entry(s).or_default() += 1;
        }
    }
    println!("{}", corpus.documents.len());
    for (w, n) in df {
        if n >= MIN_DF && !w.contains(char::is_whitespace) {
            println!("{w}\t{n}");
        }
    }
}
