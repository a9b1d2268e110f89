//! Any article through claim extraction: no panic, every claim's span in
//! bounds and on character boundaries.
#![no_main]

mod common;

use crosscheck::extract::extract;
use crosscheck::lexicon::Lexicon;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(doc) = common::document(data) else { return };
    let claims = extract(&doc, Lexicon::builtin());
    for s in claims.spans() {
        assert!(s.start <= s.end && s.end <= doc.source.len(), "{s:?}");
        assert!(doc.source.is_char_boundary(s.start) && doc.source.is_char_boundary(s.end));
    }
});
