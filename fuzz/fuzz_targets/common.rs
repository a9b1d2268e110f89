//! Shared by the fuzz targets: one input as an article of some format.

use crosscheck::config::Config;
use crosscheck::document::Document;
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;

/// The first byte picks the format (by file name), the rest is the file.
#[allow(dead_code)] // not every target reads a document this way
pub fn document(data: &[u8]) -> Option<Document> {
    let (&pick, bytes) = data.split_first()?;
    let name = ["a.md", "a.txt", "a.html", "a.json", "a.jsonl", "a"][pick as usize % 6];
    let config = Config::default();
    let ingest = Ingest::new(Lexicon::builtin(), &config);
    let mut diags = Vec::new();
    let doc = ingest.read_bytes(name, bytes, &mut diags)?;
    check_spans(&doc);
    Some(doc)
}

/// Every sentence span is in bounds, on character boundaries, and names
/// the same text in the source and the plain text.
pub fn check_spans(doc: &Document) {
    for s in &doc.sentences {
        assert!(s.src.start <= s.src.end && s.src.end <= doc.source.len());
        assert!(doc.source.is_char_boundary(s.src.start) && doc.source.is_char_boundary(s.src.end));
        assert!(s.plain.end <= doc.plain.len());
        assert!(doc.plain.is_char_boundary(s.plain.start) && doc.plain.is_char_boundary(s.plain.end));
    }
}
