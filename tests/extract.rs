//! `crosscheck extract` on the fixtures: what users see, snapshotted.

mod common;

use common::{assert_spans_round_trip, root, run};

#[test]
fn human_listing_of_a_story() {
    let out = run(&["extract", "fixtures/harbor-strike"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("extract_harbor_strike_human", out.stdout);
}

/// JSON of every fixture file.
fn extract_all_json() -> common::Output {
    run(&[
        "extract",
        "--format",
        "json",
        "fixtures/formats",
        "fixtures/harbor-strike",
    ])
}

#[test]
fn json_of_every_format() {
    let out = extract_all_json();
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("extract_formats_json", out.stdout);
    // A broken JSONL line is reported with its line; the other records load.
    insta::assert_snapshot!("extract_formats_stderr", out.stderr);
}

#[test]
fn spans_round_trip_on_fixture_files() {
    let out = extract_all_json();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let n = assert_spans_round_trip(&json, |doc| {
        let path = doc["path"].as_str().unwrap();
        if doc["format"] == "json" {
            record_text(path).into_bytes()
        } else {
            std::fs::read(root().join(path)).unwrap()
        }
    });
    assert!(n > 40, "only {n} sentences");
}

/// The text field of the record a `FILE:LINE` or `FILE#N` path names.
fn record_text(path: &str) -> String {
    let read = |file: &str| {
        let bytes = std::fs::read(root().join(file)).unwrap();
        if file.ends_with(".gz") {
            use std::io::Read;
            let mut s = String::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut s).unwrap();
            s
        } else {
            String::from_utf8(bytes).unwrap()
        }
    };
    if let Some((file, line)) = path.rsplit_once(':') {
        let text = read(file);
        let line: usize = line.parse().unwrap();
        let rec: serde_json::Value = serde_json::from_str(text.lines().nth(line - 1).unwrap()).unwrap();
        return rec["text"].as_str().unwrap().to_string();
    }
    if let Some((file, index)) = path.rsplit_once('#') {
        let all: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
        return all[index.parse::<usize>().unwrap()]["text"]
            .as_str()
            .unwrap()
            .to_string();
    }
    let rec: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
    rec["text"].as_str().unwrap().to_string()
}

#[test]
fn ignore_files_are_honoured() {
    let out = run(&["extract", "fixtures/formats"]);
    assert!(!out.stdout.contains("unpublished"), "{}", out.stdout);
    assert!(!out.stdout.contains("must not be read"));
    // Named explicitly, an ignored file is read.
    let out = run(&["extract", "fixtures/formats/drafts/unpublished.txt"]);
    assert!(out.stdout.contains("This draft must not be read."));
}

#[test]
fn records_are_addressable_by_line_and_id() {
    let out = run(&["extract", "--format", "json", "fixtures/formats/records.jsonl:2"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], "fixtures/formats/records.jsonl:2");
    assert_eq!(docs[0]["id"], "mw-002");
    let out = run(&["extract", "--format", "json", "fixtures/formats/records.jsonl#mw-001"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["documents"][0]["path"], "fixtures/formats/records.jsonl:1");
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn help_and_version() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Examples:"));
    assert!(out.stdout.contains("extract"));
    let out = run(&["--version"]);
    assert!(out.stdout.starts_with("crosscheck "));
    let out = run(&["extract", "--format", "yaml", "x"]);
    assert_eq!(out.code, 2);
}

#[test]
fn broken_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("crosscheck.toml"),
        "[[outlet]]\nname = \"X\"\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = common::run_in(dir.path(), &["extract", "."]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("crosscheck.toml:3:1"), "{}", out.stderr);
    assert!(out.stderr.contains("colour"), "{}", out.stderr);
}

#[test]
fn missing_path_is_an_error_and_others_still_read() {
    let out = run(&["extract", "no/such/folder", "fixtures/formats/crlf-bom.txt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no/such/folder"), "{}", out.stderr);
    assert!(out.stdout.contains("Transit board approves fare freeze"));
}

#[test]
fn readme_config_example_is_valid() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n# More outlets")
        .expect("the configuration example")
        + "```toml\n".len();
    let len = readme[start..].find("```").unwrap();
    let example = &readme[start..start + len];
    let cfg = crosscheck::config::Config::parse(example, "README.md", None).expect("README example parses");
    assert_eq!(cfg.lexicon.outlets.len(), 1);
    assert_eq!(cfg.files.len(), 1);
}

#[test]
fn gitignore_is_honoured_without_git() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "skip.txt\n").unwrap();
    std::fs::write(
        dir.path().join("skip.txt"),
        "Skipped headline\n\nThis file is ignored by git.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("keep.txt"), "Kept headline\n\nThis file is read.\n").unwrap();
    std::fs::write(dir.path().join("photo.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let out = common::run_in(dir.path(), &["extract", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("This file is read."));
    assert!(!out.stdout.contains("ignored by git"));
    assert!(
        out.stderr.is_empty(),
        "files of unknown kinds in folders are passed over quietly: {}",
        out.stderr
    );
}

#[test]
fn readme_person_example_is_valid() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("```toml\n[[person]]").expect("a [[person]] example") + "```toml\n".len();
    let len = readme[start..].find("```").unwrap();
    let cfg = crosscheck::config::Config::parse(&readme[start..start + len], "README.md", None).expect("parses");
    let lex = crosscheck::lexicon::Lexicon::build(&cfg.lexicon).expect("builds");
    assert_eq!(lex.speech.registry.canonical("Okonkwo"), Some("Marisol Okonkwo"));
}

#[test]
fn help_examples_name_shipped_folders() {
    let out = run(&["--help"]);
    for line in out
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("crosscheck fixtures/"))
    {
        let folder = line.split_whitespace().nth(1).unwrap();
        assert!(root().join(folder).is_dir(), "{folder} in --help does not exist");
    }
}

#[test]
fn hover_cards_are_left_out_inside_their_sentences() {
    let out = run(&["extract", "--format", "json", "fixtures/hover-cards/courier.jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let mut cards = 0;
    for doc in json["documents"].as_array().unwrap() {
        let text = record_text(doc["path"].as_str().unwrap());
        let sentences = doc["sentences"].as_array().unwrap();
        for left in doc["left_out"].as_array().unwrap() {
            if left["reason"] != "teaser" {
                continue;
            }
            let (start, end) = (left["byte_start"].as_u64().unwrap(), left["byte_end"].as_u64().unwrap());
            let card = &text[start as usize..end as usize];
            assert!(card.starts_with(' ') && card.ends_with(" MORE"), "{card}");
            // The sentence keeps its exact bytes, the card inside them.
            assert!(
                sentences
                    .iter()
                    .any(|s| s["byte_start"].as_u64().unwrap() <= start && s["byte_end"].as_u64().unwrap() >= end),
                "{card}"
            );
            cards += 1;
        }
    }
    assert_eq!(cards, 3);
    // What extract shows of the sentence is the article's text.
    let human = run(&["extract", "fixtures/hover-cards/courier.jsonl:1"]);
    assert!(
        human
            .stdout
            .contains("Sen. Ann Hollis (D-Ore.) said the bill would reach the president's desk"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("MORE"), "{}", human.stdout);
}
