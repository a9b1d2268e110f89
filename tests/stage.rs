//! `crosscheck stage`: the alignment's stages as NDJSON filters, piped
//! into each other as the Spark driver pipes partitions, give the pairs
//! of `crosscheck align`.

mod common;

use common::{root, run, run_stdin};

/// Runs `crosscheck stage ARGS` with `input` on standard input.
fn stage(args: &[&str], input: &[u8]) -> (String, String, i32) {
    let out = run_stdin(&[&["stage"], args].concat(), input);
    (out.stdout, out.stderr, out.code)
}

/// A pair as both outputs name it: kind, relation, both sides' bytes,
/// score (to four places, as `align` prints it) and shared words.
type PairKey = (String, String, (u64, u64), (u64, u64), i64, Vec<String>);

fn key(p: &serde_json::Value, side: impl Fn(&serde_json::Value) -> (u64, u64), score: f64) -> PairKey {
    (
        p["kind"].as_str().unwrap().to_string(),
        p["relation"].as_str().unwrap().to_string(),
        side(&p["a"]),
        side(&p["b"]),
        (score * 10_000.0).round() as i64,
        p["shared"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect(),
    )
}

fn staged_pairs(extract_args: &[&str], input: &[u8]) -> Vec<serde_json::Value> {
    let (units, err, code) = stage(extract_args, input);
    assert_eq!(code, 0, "{err}");
    let (buckets, err, code) = stage(&["shuffle"], units.as_bytes());
    assert_eq!(code, 0, "{err}");
    let (pairs, err, code) = stage(&["verify"], buckets.as_bytes());
    assert_eq!(code, 0, "{err}");
    pairs.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn stages_piped_give_the_pairs_of_align() {
    for folder in [
        "fixtures/harbor-strike",
        "fixtures/wire-reuse",
        "fixtures/flood-barrier",
    ] {
        let out = run(&["align", "--format", "json", folder]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let byte = |s: &serde_json::Value| (s["byte_start"].as_u64().unwrap(), s["byte_end"].as_u64().unwrap());
        let mut single: Vec<PairKey> = json["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| key(p, byte, p["score"].as_f64().unwrap()))
            .collect();
        let src = |s: &serde_json::Value| (s["src"][0].as_u64().unwrap(), s["src"][1].as_u64().unwrap());
        let mut staged: Vec<PairKey> = staged_pairs(&["extract", folder], b"")
            .iter()
            .map(|p| key(p, src, p["score"].as_f64().unwrap()))
            .collect();
        single.sort();
        staged.sort();
        assert!(!single.is_empty(), "{folder}");
        assert_eq!(single, staged, "{folder}");
    }
}

#[test]
fn records_on_standard_input_are_numbered_by_line() {
    let file = std::fs::read_to_string(root().join("fixtures/formats/records.jsonl")).unwrap();
    let numbered: String = file
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{}\t{l}\n", i + 1))
        .collect();
    let (units, err, code) = stage(
        &["extract", "--records", "records.jsonl", "--doc-base", "1000"],
        numbered.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    // The file's broken line is reported by its line, and the rest is read.
    assert!(err.contains("records.jsonl:3:"), "{err}");
    let docs: std::collections::BTreeSet<u64> = units
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert!(!docs.is_empty());
    assert!(
        docs.iter()
            .all(|&d| d > 1000 && d <= 1000 + file.lines().count() as u64),
        "{docs:?}"
    );
    assert!(!docs.contains(&1003));
}

#[test]
fn bad_lines_are_reported_and_skipped() {
    let (out, err, code) = stage(&["verify"], b"{\"kind\":\"sentence\"}\nnot json\n\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("<stdin>:1:") && err.contains("<stdin>:2:"), "{err}");
    let (_, err, code) = stage(&["--strict", "shuffle"], b"not json\n");
    assert_eq!(code, 2, "{err}");
    let (_, err, _) = stage(&["extract", "--records", "x.jsonl"], b"no tab here\nx\t{}\n");
    assert!(err.contains("<stdin>:1:") && err.contains("LINE<TAB>RECORD"), "{err}");
    assert!(err.contains("<stdin>:2:") && err.contains("not a number"), "{err}");
}

#[test]
fn verify_output_on_a_fixture() {
    let pairs = staged_pairs(&["extract", "fixtures/harbor-strike"], b"");
    insta::assert_json_snapshot!(pairs);
}

/// `stage report` writes from findings alone what the whole run writes
/// from the documents: SARIF, annotations and concise lines, for records
/// of a JSONL archive and for files.
#[test]
fn report_stage_writes_what_the_run_writes() {
    for input in ["fixtures/archive/archive.jsonl", "fixtures/harbor-strike"] {
        let jsonl = run(&["--quiet", "--exit-zero", "--format", "jsonl", input]);
        assert!(!jsonl.stdout.trim().is_empty(), "{input}: no findings");
        for format in ["sarif", "github", "concise", "jsonl"] {
            let direct = run(&["--quiet", "--exit-zero", "--format", format, input]);
            let (staged, err, code) = stage(&["report", "--format", format], jsonl.stdout.as_bytes());
            assert_eq!(code, 0, "{err}");
            assert_eq!(staged, direct.stdout, "{input} as {format}");
        }
    }
}

/// The corpus and check stages report a line they cannot read with its
/// number, skip it, and go on; --strict makes that exit 2.
#[test]
fn bad_bundles_are_reported_and_skipped() {
    let input = b"{\"rule\":\"style.email\",\"tallies\":[]}\nnot json\n";
    let (out, err, code) = stage(&["corpus"], input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("<stdin>:2:"), "{err}");
    let (_, _, code) = stage(&["--strict", "check", "--records", "a.jsonl"], b"{}\n");
    assert_eq!(code, 2);
    let (_, err, _) = stage(&["corpus"], b"{\"rule\":\"no.such.rule\",\"tallies\":[]}\n");
    assert!(err.contains("no enabled rule no.such.rule"), "{err}");
}

/// `stage people` names every name-variant rule, then the keys grouped
/// under another: a near spelling with fewer mentions joins the one with more.
#[test]
fn people_stage_groups_near_spellings() {
    let input = b"{\"person\":\"Dana Kowalczyk\",\"count\":5}\n{\"person\":\"Dana Kowalcyk\",\"count\":1}\n{\"person\":\"Lee Park\",\"count\":2}\n";
    let (out, err, code) = stage(&["people"], input);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0], serde_json::json!({"rule": "name.variant"}));
    assert_eq!(
        lines[1..],
        [serde_json::json!({"rule": "name.variant", "person": "Dana Kowalcyk", "group": "Dana Kowalczyk"})]
    );
}
