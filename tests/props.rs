//! Property tests: no input makes a parser panic, and every span it gives
//! is in bounds, on character boundaries, and round-trips.

use std::path::Path;
use std::sync::Arc;

use crosscheck::config::Config;
use crosscheck::document::{Document, Format};
use crosscheck::ingest::fields::Fields;
use crosscheck::ingest::{Ingest, Parts};
use crosscheck::lexicon::Lexicon;
use crosscheck::text::segment::split_sentences;
use proptest::prelude::*;

/// Pieces that exercise the parsers: markup, quotes, abbreviations, line
/// ends, entities, multi-byte characters.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,8}".prop_map(|s| s),
        3 => Just(" ".to_string()),
        2 => Just(". ".to_string()),
        2 => Just("\n".to_string()),
        2 => Just("\n\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\r".to_string()),
        1 => prop::sample::select(vec![
            "---\n", "+++\n", "# ", "## ", "- ", "* ", "> ", "[", "](", ")", "**", "*", "_", "`",
            "“", "”", "‘", "’", "\"", "'", "…", "...", "?", "!", "U.S.", "D.C.", "Mr.", "Sen.", "Feb.", "a.m.",
            "J.", "<p>", "</p>", "<br>", "<a href=\"x\">", "</a>", "<script>", "</script>", "<!--", "-->",
            "&amp;", "&rsquo;", "&#8217;", "&#x0;", "&", "<", ">", "é", "日本", "🙂", "\u{a0}", "\u{feff}", "\t",
            "By", "Advertisement", "Copyright 2025 Nexstar Media Inc. All rights reserved.", "(AFP PHOTO / X)",
            "UPDATED FEBRUARY 12, 2025 · 5:34 PM ET", "Leave a Reply", "title: \"x\"\n", "date: 2025-02-13\n",
            "[x](https://thehill.com/a)", "2,400", "3.5", "\u{0}", " said ", "he said", "“We will", ",” said ",
            "the president", "Sen. Jim Jordan", "Wednesday", "next week", "$2 billion", "5%", "nearly three years",
            "an hour and a half", "30-day", "Feb. 12, 2025", "pre-2014", "—", " Zelenskyy ", "Mr. Smith",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..80).prop_map(|v| v.concat())
}

fn check_document(doc: &Document) {
    let src: &str = &doc.source;
    let plain = &doc.plain;
    for s in &doc.sentences {
        assert!(
            s.src.start < s.src.end && s.src.end <= src.len(),
            "{:?} of {}",
            s.src,
            src.len()
        );
        assert!(src.is_char_boundary(s.src.start) && src.is_char_boundary(s.src.end));
        assert!(s.plain.start < s.plain.end && s.plain.end <= plain.len());
        assert!(plain.is_char_boundary(s.plain.start) && plain.is_char_boundary(s.plain.end));
        let text = s.src.slice(src);
        assert!(!text.trim().is_empty());
        assert!(s.block < doc.blocks.len());
        let (a, b) = doc.span_lines(s.src);
        assert!(a <= b && a.line >= 1 && a.column >= 1);
    }
    for w in doc.sentences.windows(2) {
        assert!(w[0].src.start <= w[1].src.start, "sentences out of order");
        assert!(w[0].plain.end <= w[1].plain.start, "sentences overlap");
    }
    for b in &doc.blocks {
        assert!(b.src.end <= src.len() && src.is_char_boundary(b.src.start) && src.is_char_boundary(b.src.end));
    }
    for (span, _) in &doc.left_out {
        assert!(span.start <= span.end && span.end <= src.len());
    }
}

fn read(text: &str, name: &str) -> Document {
    let lex = Lexicon::builtin();
    let config = Config::default();
    let ing = Ingest::new(lex, &config);
    let mut diags = Vec::new();
    ing.read_text(name, Path::new(name), Arc::from(text), &mut diags)
}

/// A photo gallery a scraper ran into a paragraph: its caption sentences
/// are left out as captions, the article's sentences around it stay.
#[test]
fn gallery_run_into_a_paragraph_is_left_out() {
    let text = "Harbor talks resume\n\nThe union met the port authority on Monday. \
        Hide Caption 1 of 3 Photos: The harbor strike Pickets stand at the east gate at dawn. \
        Hide Caption 2 of 3 Photos: The harbor strike Cranes stand idle over the terminal. \
        The talks resume on Friday, a union spokeswoman said.\n";
    let doc = read(text, "gallery.txt");
    let sentences: Vec<&str> = doc.sentences.iter().map(|s| s.src.slice(text)).collect();
    assert_eq!(
        sentences,
        [
            "The union met the port authority on Monday.",
            "The talks resume on Friday, a union spokeswoman said."
        ]
    );
    let captions: Vec<&str> = doc
        .left_out
        .iter()
        .filter(|(_, r)| r.name() == "caption")
        .map(|(s, _)| s.slice(text))
        .collect();
    assert_eq!(captions.len(), 2, "{captions:?}");
    assert!(captions[0].starts_with("Hide Caption 1 of 3"));
    check_document(&doc);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn plain_text_spans(text in article()) {
        check_document(&read(&text, "a.txt"));
    }

    #[test]
    fn markdown_spans(text in article()) {
        check_document(&read(&text, "a.md"));
    }

    #[test]
    fn front_matter_spans(head in article(), body in article()) {
        check_document(&read(&format!("---\n{head}\n---\n{body}"), "a.md"));
        check_document(&read(&format!("+++\n{head}\n+++\n{body}"), "a.md"));
    }

    #[test]
    fn html_spans(text in article()) {
        check_document(&read(&format!("<html><body><article>{text}</article></body></html>"), "a.html"));
        check_document(&read(&text, "a.html"));
    }

    #[test]
    fn record_spans(text in article(), title in article()) {
        let lex = Lexicon::builtin();
        let config = Config::default();
        let ing = Ingest::new(lex, &config);
        let fields = Fields { title: Some(title), ..Fields::default() };
        let doc = ing.assemble(Parts::new("r.jsonl", Format::Json, Arc::from(text.as_str()), fields));
        check_document(&doc);
    }

    #[test]
    fn claim_spans(text in article(), date in prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]")) {
        let head = match date {
            Some(d) => format!("---\ndate: {d}\n---\n"),
            None => String::new(),
        };
        let doc = read(&format!("{head}{text}"), "a.md");
        let claims = crosscheck::extract::extract(&doc, Lexicon::builtin());
        let src: &str = &doc.source;
        for s in claims.spans() {
            prop_assert!(s.start <= s.end && s.end <= src.len());
            prop_assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end));
        }
        for q in &claims.quotes {
            prop_assert!(q.sentences.iter().all(|&i| i < doc.sentences.len()));
        }
    }

    /// The class of input fuzzing found crashing extraction: a page whose
    /// only text is a headline with quotes and attributions (no article
    /// sentences), in every format, with and without a date.
    #[test]
    fn pages_with_a_headline_and_no_sentences(
        head in prop::collection::vec(
            prop_oneof![
                Just("“".to_string()), Just("”".to_string()), Just("\"".to_string()), Just("‘".to_string()),
                Just("’".to_string()), Just(" he said".to_string()), Just(", she told".to_string()),
                Just("Peskov: ".to_string()), Just(" says Blumenthal".to_string()), "[a-z ]{0,12}",
            ],
            0..12,
        ).prop_map(|v| v.concat()),
        junk in prop_oneof![Just(String::new()), Just("\n\n".to_string()), Just("<br>".to_string()), Just("---".to_string())],
        dated in any::<bool>(),
    ) {
        let date = if dated { "date: 2025-02-13\n" } else { "" };
        for (text, name) in [
            (format!("<html><head><title>{head}</title></head><body>{junk}</body></html>"), "a.html"),
            (format!("<h1>{head}</h1>{junk}"), "a.html"),
            (format!("---\n{date}---\n# {head}\n{junk}"), "a.md"),
            (format!("{head}\n{junk}"), "a.txt"),
        ] {
            let doc = read(&text, name);
            let claims = crosscheck::extract::extract(&doc, Lexicon::builtin());
            for f in claims.figures.iter().map(|f| &f.frame).chain(claims.dates.iter().map(|d| &d.frame)) {
                prop_assert!(doc.sentences.is_empty() || f.sentence < doc.sentences.len());
            }
        }
    }

    #[test]
    fn finding_spans(a in article(), b in article(), shared in article()) {
        // Two articles that share a passage, through every stage and rule.
        let docs = vec![
            read(&format!("---\noutlet: Valley Courier\n---\n{a}\n\n{shared}\n"), "a.md"),
            read(&format!("---\noutlet: River Daily\n---\n{shared}\n\n{b}\n"), "b.md"),
        ];
        let rules = crosscheck::rules::RuleSet::builtin();
        let (_, _, findings) =
            crosscheck::check::pipeline(&docs, Lexicon::builtin(), crosscheck::align::Aligner::builtin(), &rules);
        for f in &findings {
            prop_assert!(!f.locations.is_empty() && !f.message.is_empty());
            for l in &f.locations {
                let src: &str = &docs[l.doc].source;
                prop_assert!(l.src.start <= l.src.end && l.src.end <= src.len());
                prop_assert!(src.is_char_boundary(l.src.start) && src.is_char_boundary(l.src.end));
            }
        }
    }

    #[test]
    fn templates_never_panic(t in "\\PC{0,60}") {
        let placeholders = ["outlet", "other_outlets", "speaker"];
        if let Ok(tpl) = crosscheck::rules::template::Template::parse(&t, &placeholders) {
            let vars = std::collections::BTreeMap::from([("outlet", "A".to_string())]);
            let _ = tpl.render(&vars);
            if !t.contains(['{', '}']) {
                prop_assert_eq!(tpl.render(&vars), t);
            }
        }
    }

    #[test]
    fn segmenter_spans(text in article()) {
        let mut out = Vec::new();
        split_sentences(&text, &Lexicon::builtin().segment, &mut out);
        let mut last = 0;
        for s in out {
            prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            let t = s.slice(&text);
            prop_assert_eq!(t, t.trim());
            last = s.end;
        }
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}") {
        let _ = crosscheck::ingest::dates::parse_date(&s, Lexicon::builtin());
        let _ = crosscheck::ingest::dates::parse_dateline(&s, Lexicon::builtin());
    }
}

/// One paragraph of a megabyte: every stage stays correct (and, the
/// benchmark shows, linear) on it.
#[test]
fn megabyte_paragraph() {
    let words = [
        "the",
        "senator",
        "said",
        "“we",
        "will",
        "not",
        "stop,”",
        "Mr.",
        "Smith",
        "told",
        "2,400",
        "Wednesday",
        ".",
    ];
    let mut text = String::from("A headline for a very long paragraph\n\n");
    let mut i = 0usize;
    while text.len() < 1_000_000 {
        text.push_str(words[(i * 7 + i / 3) % words.len()]);
        text.push(' ');
        i += 1;
    }
    let doc = read(&text, "long.txt");
    check_document(&doc);
    let claims = crosscheck::extract::extract(&doc, Lexicon::builtin());
    assert!(!claims.quotes.is_empty() && !claims.figures.is_empty());
    for q in &claims.quotes {
        assert!(q.src.end <= doc.source.len());
    }
}
