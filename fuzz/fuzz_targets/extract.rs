//! Any article through claim extraction: no panic, every claim's span in
//! bounds and on character boundaries.
#![no_main]

mod common;

use crosscheck::extract::extract;
use crosscheck::lexicon::Lexicon;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(doc) = common::document(data) else { return };
    let claims = extract(&doc, Lexicon::builtin());
    let spans = claims
        .quotes
        .iter()
        .map(|q| q.src)
        .chain(claims.figures.iter().map(|f| f.src))
        .chain(claims.dates.iter().map(|d| d.src))
        .chain(claims.names.iter().map(|n| n.src));
    for s in spans {
        assert!(s.start <= s.end && s.end <= doc.source.len(), "{s:?}");
        assert!(doc.source.is_char_boundary(s.start) && doc.source.is_char_boundary(s.end));
    }
});
