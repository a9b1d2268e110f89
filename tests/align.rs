//! `crosscheck align` and `crosscheck score`: the fixtures' alignment as
//! users see it, the seeds' acceptance pairs, and the score command's
//! line-for-line contract.

mod common;

use std::process::Command;

use common::{run, run_stdin, seeds};

fn align_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["align", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("align prints JSON")
}

#[test]
fn align_harbor_strike_json() {
    let json = align_json(&["fixtures/harbor-strike"]);
    insta::assert_json_snapshot!(json);
}

#[test]
fn align_harbor_strike_human() {
    let out = run(&["align", "fixtures/harbor-strike"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn align_wire_reuse() {
    let json = align_json(&["fixtures/wire-reuse"]);
    let pairs = json["pairs"].as_array().unwrap();
    let same: Vec<_> = pairs.iter().filter(|p| p["relation"] == "same-outlet").collect();
    assert!(!same.is_empty(), "the reused paragraph pairs as same-outlet reuse");
    // A quote trimmed at its start meets its full version.
    assert!(
        pairs
            .iter()
            .any(|p| p["kind"] == "quote" && p["a"]["text"] != p["b"]["text"] && p["score"].as_f64() == Some(1.0)),
        "{:#}",
        json["pairs"]
    );
    let cross_only = align_json(&["--cross-outlet-only", "fixtures/wire-reuse"]);
    assert!(
        cross_only["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["relation"] == "cross-outlet")
    );
}

/// The pair of `a` (file prefix and line) with `b`, of any kind.
fn has_pair(json: &serde_json::Value, a: (&str, u64), b: (&str, u64), relation: &str) -> bool {
    let at = |side: &serde_json::Value, (prefix, line): (&str, u64)| {
        side["path"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .starts_with(prefix)
            && side["start_line"].as_u64().unwrap() <= line
            && side["end_line"].as_u64().unwrap() >= line
    };
    json["pairs"].as_array().unwrap().iter().any(|p| {
        p["relation"] == relation && ((at(&p["a"], a) && at(&p["b"], b)) || (at(&p["a"], b) && at(&p["b"], a)))
    })
}

#[test]
fn seeds_acceptance_pairs() {
    let Some(dir) = seeds() else { return };
    let json = align_json(&[dir.to_str().unwrap()]);
    assert!(
        has_pair(&json, ("003", 85), ("004", 38), "cross-outlet"),
        "trimmed quote"
    );
    assert!(has_pair(&json, ("003", 87), ("004", 40), "cross-outlet"));
    assert!(has_pair(&json, ("003", 87), ("002", 37), "cross-outlet"));
    assert!(has_pair(&json, ("004", 40), ("002", 37), "cross-outlet"));
    assert!(
        has_pair(&json, ("000", 54), ("004", 48), "same-outlet"),
        "the Hill's Saudi Arabia sentence"
    );
    // The articles of February 12 (000, 002, 003, 004) are one story.
    let stories = json["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    let names: Vec<&str> = stories[0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    for prefix in ["000", "002", "003", "004"] {
        assert!(names.iter().any(|n| n.starts_with(prefix)), "{names:?}");
    }
}

#[test]
fn align_is_the_same_at_any_thread_count() {
    let mut dirs = vec![common::root().join("fixtures/harbor-strike")];
    dirs.extend(seeds());
    for dir in dirs {
        let outs: Vec<Vec<u8>> = ["1", "2"]
            .iter()
            .map(|n| {
                Command::new(env!("CARGO_BIN_EXE_crosscheck"))
                    .args(["align", "--format", "json"])
                    .arg(&dir)
                    .env("RAYON_NUM_THREADS", n)
                    .output()
                    .unwrap()
                    .stdout
            })
            .collect();
        assert!(!outs[0].is_empty());
        assert_eq!(outs[0], outs[1], "{}", dir.display());
    }
}

fn score_stdin(input: &str, args: &[&str]) -> (String, String, i32) {
    let out = run_stdin(&[&["score"], args].concat(), input.as_bytes());
    (out.stdout, out.stderr, out.code)
}

#[test]
fn score_prints_one_object_per_line_in_order() {
    let input = "\
The port closed on Monday after workers walked out.\tWorkers walked out and the port closed on Tuesday.
The council approved the budget.\tA storm knocked out power across the county overnight.
a line without a tab
1\tThe union said 2,400 members voted.\tThe union said 2,100 members voted.
";
    let (stdout, stderr, code) = score_stdin(input, &["--format", "json"]);
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["aligned"], true, "masked weekday: {stdout}");
    assert_eq!(lines[1]["aligned"], false);
    assert_eq!(lines[2]["aligned"], false);
    assert_eq!(lines[2]["score"], 0.0);
    assert!(stderr.contains("<stdin>:3:"), "{stderr}");
    // A figure that differs still aligns: the checks report it.
    assert_eq!(lines[3]["aligned"], true);
    assert!(lines[3]["score"].as_f64().unwrap() > 0.9);
    let (human, _, _) = score_stdin(input, &[]);
    let first: Vec<&str> = human.lines().next().unwrap().split('\t').collect();
    assert_eq!(first[1], "aligned");
    let (strict, _, _) = score_stdin(input, &["--threshold", "1"]);
    assert!(strict.lines().all(|l| l.ends_with("not-aligned")), "{strict}");
}

#[test]
fn bad_align_settings_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("crosscheck.toml");
    std::fs::write(&cfg, "# settings\n\n[align]\nthreshold = 3.0\n").unwrap();
    let out = run(&["align", "--config", cfg.to_str().unwrap(), "fixtures/harbor-strike"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("crosscheck.toml:4:"), "{}", out.stderr);
    std::fs::write(&cfg, "[align]\nmodel = \"missing.toml\"\n").unwrap();
    let out = run(&["score", "--config", cfg.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);
}

#[test]
fn outlet_stock_text_is_left_out() {
    // Twelve Ledger articles end with the same membership appeal.
    let appeal = |p: &serde_json::Value| {
        ["a", "b"]
            .iter()
            .any(|s| p[s]["text"].as_str().unwrap().contains("nonprofit newsroom"))
    };
    // By default, every two of them pair.
    let json = align_json(&["fixtures/outlet-stock"]);
    assert_eq!(json["summary"]["stock"], 0);
    let appeals = json["pairs"].as_array().unwrap().iter().filter(|p| appeal(p)).count();
    assert_eq!(appeals, 66, "twelve articles, every two of them");

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("crosscheck.toml");
    std::fs::write(&cfg, "[align]\noutlet_max_df = 10\n").unwrap();
    let json = align_json(&["--config", cfg.to_str().unwrap(), "fixtures/outlet-stock"]);
    assert_eq!(json["summary"]["stock"], 12);
    let pairs = json["pairs"].as_array().unwrap();
    assert!(!pairs.iter().any(appeal), "{:#}", json["pairs"]);
    // A paragraph the Ledger reuses in a follow-up still pairs.
    assert!(has_pair(
        &json,
        ("ledger.jsonl:2", 3),
        ("ledger.jsonl:12", 3),
        "same-outlet"
    ));
    // The appeal does not tie the Ledger's articles into one story.
    assert_eq!(
        json["stories"][0]["documents"].as_array().unwrap().len(),
        3,
        "{:#}",
        json["stories"]
    );
}

#[test]
fn hover_cards_are_left_out_of_the_text() {
    // The Courier's pages keep a card (full name, three headlines, "MORE")
    // after Sen. Hollis's name; the Valley Post's do not.
    let json = align_json(&["fixtures/hover-cards"]);
    let pairs = json["pairs"].as_array().unwrap();
    for p in pairs {
        for side in ["a", "b"] {
            let text = p[side]["text"].as_str().unwrap();
            assert!(!text.contains("MORE") && !text.contains("Annabel"), "{text}");
        }
    }
    // The Courier's sentence meets the Post's, which the card's headlines
    // hid, and its two articles no longer pair on the card alone.
    assert!(has_pair(
        &json,
        ("courier.jsonl:1", 3),
        ("valley-post.jsonl:1", 3),
        "cross-outlet"
    ));
    assert!(has_pair(
        &json,
        ("courier.jsonl:1", 5),
        ("valley-post.jsonl:1", 5),
        "cross-outlet"
    ));
    assert!(!pairs.iter().any(|p| p["relation"] == "same-outlet"), "{pairs:#?}");
    let out = run(&["align", "fixtures/hover-cards"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}
