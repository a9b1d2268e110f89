//! Two articles from one input (split at the first 0xFF byte, or halves),
//! from two outlets, through extraction, alignment and every rule: no
//! panic, every finding's locations in bounds.
#![no_main]

mod common;

use crosscheck::config::Config;
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&x| x == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => data.split_at(data.len() / 2),
    };
    let config = Config::default();
    let lex = Lexicon::builtin();
    let ingest = Ingest::new(lex, &config);
    let mut docs = Vec::new();
    for (name, outlet, body) in [("a.md", "Valley Courier", a), ("b.md", "River Daily", b)] {
        let mut text = format!("---\noutlet: {outlet}\ndate: 2025-03-05\n---\n\n").into_bytes();
        text.extend_from_slice(body);
        if let Some(d) = ingest.read_bytes(name, &text, &mut Vec::new()) {
            common::check_spans(&d);
            docs.push(d);
        }
    }
    let rules = crosscheck::rules::RuleSet::builtin();
    let (_, _, findings) = crosscheck::check::pipeline(&docs, lex, crosscheck::align::Aligner::builtin(), &rules);
    for f in &findings {
        for l in &f.locations {
            let src: &str = &docs[l.doc].source;
            assert!(l.src.start <= l.src.end && l.src.end <= src.len());
            assert!(src.is_char_boundary(l.src.start) && src.is_char_boundary(l.src.end));
        }
    }
});
