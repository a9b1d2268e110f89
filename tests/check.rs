//! The main job: `crosscheck PATHS` finds discrepancies and reports them.

mod common;

use common::{root, run, run_in, seeds};
use std::process::Command;

fn findings(stdout: &str) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(stdout).expect("JSON output");
    json["findings"].as_array().expect("findings").clone()
}

/// (severity, rule, primary path suffix, primary line) of each finding.
fn summary(fs: &[serde_json::Value]) -> Vec<(String, String, String, u64)> {
    fs.iter()
        .map(|f| {
            let l = &f["locations"][0];
            let path = l["path"].as_str().unwrap();
            (
                f["severity"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                path.rsplit('/').next().unwrap().to_string(),
                l["start_line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn flood_barrier_findings_as_json() {
    let out = run(&["--format", "json", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 1, "an error-severity finding exits 1: {}", out.stderr);
    insta::assert_snapshot!("check_flood_barrier_json", out.stdout);
    let fs = findings(&out.stdout);
    let s = summary(&fs);
    let has = |sev: &str, rule: &str, file: &str| s.iter().any(|x| x.0 == sev && x.1 == rule && x.2 == file);
    assert!(has("error", "quote.attribution", "harbor-times.md"), "{s:?}");
    assert!(has("warning", "figure.mismatch", "river-daily.md"), "{s:?}");
    assert!(has("warning", "date.mismatch", "harbor-times.md"), "{s:?}");
    assert!(has("warning", "name.variant", "river-daily.md"), "{s:?}");
    // One outlet against one: the later article (Valley Courier) is reported.
    assert!(has("warning", "quote.wording", "valley-courier.md"), "{s:?}");
    assert!(has("info", "quote.truncation", "river-daily.md"), "{s:?}");
    // Quiet: curly vs straight marks, "nearly" vs "almost three years", a
    // bracketed insertion, weekdays resolved against different dates.
    assert_eq!(s.len(), 7, "{s:?}");
    // Every location's text is the bytes its span names.
    for f in &fs {
        for l in f["locations"].as_array().unwrap() {
            let bytes = std::fs::read(root().join(l["path"].as_str().unwrap())).unwrap();
            let (a, b) = (
                l["byte_start"].as_u64().unwrap() as usize,
                l["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&bytes[a..b], l["text"].as_str().unwrap().as_bytes());
        }
    }
}

#[test]
fn flood_barrier_findings_for_reading() {
    let out = run(&["fixtures/flood-barrier"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    insta::assert_snapshot!("check_flood_barrier_human", out.stdout);
}

#[test]
fn a_folder_without_conflicts_exits_zero() {
    let out = run(&["--format", "json", "fixtures/wire-reuse"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let fs = findings(&out.stdout);
    assert!(fs.iter().all(|f| f["severity"] != "error"), "{fs:?}");
}

#[test]
fn findings_are_deterministic_across_threads_and_argument_order() {
    let run_with = |threads: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(args)
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let files = [
        "fixtures/flood-barrier/valley-courier.md",
        "fixtures/flood-barrier/river-daily.md",
        "fixtures/flood-barrier/harbor-times.md",
    ];
    let one = run_with("1", &["--format", "json", files[0], files[1], files[2]]);
    let two = run_with("2", &["--format", "json", files[0], files[1], files[2]]);
    assert_eq!(one, two);
    // Another order: the same findings and fingerprints (paths are the same).
    let other = run_with("2", &["--format", "json", files[2], files[0], files[1]]);
    let key = |s: &str| {
        let mut v: Vec<String> = findings(s)
            .iter()
            .map(|f| format!("{} {} {}", f["rule"], f["fingerprint"], f["message"]))
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&one), key(&other));
}

#[test]
fn house_rules_add_and_override_by_id() {
    let out = run(&[
        "--format",
        "json",
        "--rules",
        "fixtures/rules/house",
        "fixtures/flood-barrier",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let fs = findings(&out.stdout);
    let rules: Vec<&str> = fs.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    // Valley Courier and River Daily write "Councilmember"; Harbor Times is out of the rule's scope.
    assert_eq!(
        rules.iter().filter(|r| **r == "house.council-member").count(),
        2,
        "{rules:?}"
    );
    assert!(
        !rules.contains(&"style.email"),
        "the override switched it off: {rules:?}"
    );
}

#[test]
fn rules_named_in_the_config_are_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for f in ["valley-courier.md", "river-daily.md", "harbor-times.md"] {
        std::fs::copy(root().join("fixtures/flood-barrier").join(f), articles.join(f)).unwrap();
    }
    let house = dir.path().join("house-rules");
    std::fs::create_dir(&house).unwrap();
    std::fs::copy(
        root().join("fixtures/rules/house/council-member.toml"),
        house.join("council-member.toml"),
    )
    .unwrap();
    let outlets = std::fs::read_to_string(root().join("fixtures/crosscheck.toml")).unwrap();
    std::fs::write(
        dir.path().join("crosscheck.toml"),
        format!("rules = [\"house-rules\"]\n\n{outlets}"),
    )
    .unwrap();
    let out = run_in(dir.path(), &["--format", "json", "articles"]);
    let fs = findings(&out.stdout);
    assert!(fs.iter().any(|f| f["rule"] == "house.council-member"), "{}", out.stderr);
}

#[test]
fn broken_rule_files_name_file_line_and_column() {
    let out = run(&["--rules", "fixtures/rules/broken", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains("fixtures/rules/broken/bad-regex.toml:8:1"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("not a valid regex"), "{}", out.stderr);
    assert!(
        out.stderr.contains("fixtures/rules/broken/unknown-kind.toml:2:8"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("unknown kind `quote.spelling`"), "{}", out.stderr);
}

#[test]
fn rules_lists_and_explains() {
    let out = run(&["rules"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("rules_list", out.stdout);
    let out = run(&["explain", "quote.attribution"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("quote.attribution: "), "{}", out.stdout);
    assert!(out.stdout.contains("min_shared_share"), "{}", out.stdout);
    let out = run(&["explain", "house.council-member", "--rules", "fixtures/rules/house"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("https://style.example.test/council-member"));
    let out = run(&["explain", "no.such.rule"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no rule `no.such.rule`"), "{}", out.stderr);
}

#[test]
fn rule_tests_pass_and_fail() {
    let out = run(&["rules", "test"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("0 failed"), "{}", out.stdout);
    let out = run(&["rules", "test", "fixtures/rules/house"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = run(&["rules", "test", "fixtures/rules/failing"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(out.stdout.contains("FAILED house.expects-too-much"), "{}", out.stdout);
    let out = run(&["rules", "test", "fixtures/rules/broken"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
}

#[test]
fn seeds_report_the_attribution_and_the_name_variants_only() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds not here; skipped");
        return;
    };
    let out = run_in(seeds.parent().unwrap(), &["--format", "json", "seeds/"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let fs = findings(&out.stdout);
    let serious: Vec<&serde_json::Value> = fs.iter().filter(|f| f["severity"] != "info").collect();
    assert_eq!(serious.len(), 3, "{:#?}", summary(&fs));
    let attribution = serious
        .iter()
        .find(|f| f["rule"] == "quote.attribution")
        .expect("attribution");
    assert_eq!(attribution["severity"], "error");
    let locs: Vec<(String, u64)> = attribution["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let p = l["path"].as_str().unwrap();
            (p[..10].to_string(), l["start_line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        locs,
        vec![
            ("seeds/002_".to_string(), 37),
            ("seeds/003_".to_string(), 87),
            ("seeds/004_".to_string(), 40)
        ]
    );
    let variants: Vec<&str> = serious
        .iter()
        .filter(|f| f["rule"] == "name.variant")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        variants
            .iter()
            .any(|m| m.contains("Zelenskyy") && m.contains("Zelensky\"")),
        "{variants:?}"
    );
    assert!(
        variants.iter().any(|m| m.contains("Kakisis") && m.contains("Kakissis")),
        "{variants:?}"
    );
}

/// Two articles of one outlet that give a quote to different people: the
/// finding names the other article by its title and points at both.
#[test]
fn a_conflict_inside_one_outlet_names_both_articles() {
    let dir = tempfile::tempdir().unwrap();
    let article = |title: &str, who: &str, intro: &str| {
        format!(
            "---\ntitle: {title}\noutlet: Harbor Daily\ndate: 2025-03-04\n---\n{intro} spoke after the vote on Monday.\n\n\
             \"We will not let the harbor close while I am in office,\" {who} said.\n"
        )
    };
    std::fs::write(
        dir.path().join("a.md"),
        article("Council backs harbor plan", "Ruiz", "Mayor Ana Ruiz"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        article("Harbor plan passes", "Hale", "Council member Tom Hale"),
    )
    .unwrap();
    let out = run(&["--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let fs = findings(&out.stdout);
    let f = fs
        .iter()
        .find(|f| f["rule"] == "quote.attribution")
        .expect("an attribution finding");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.ends_with("in another Harbor Daily article, “Council backs harbor plan”"),
        "{message}"
    );
    assert_eq!(f["locations"].as_array().unwrap().len(), 2, "{f}");
}

#[test]
fn facts_reported_in_other_words_are_compared() {
    // Three outlets word the ruling, the plea and the jobs differently; one
    // gives the ruling's length and the day of the plea otherwise.
    let out = run(&["--format", "json", "fixtures/plant-ruling"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.stderr);
    insta::assert_snapshot!("check_plant_ruling_json", out.stdout);
    let fs = findings(&out.stdout);
    let s = summary(&fs);
    assert_eq!(
        s,
        vec![
            ("warning".into(), "figure.mismatch".into(), "river-daily.md".into(), 8),
            ("warning".into(), "date.mismatch".into(), "river-daily.md".into(), 10),
        ],
        "{s:?}"
    );
    let messages: Vec<&str> = fs.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages[0],
        "Figures differ for opinion: 14 pages in River Daily, 12 pages in Metro Post and Valley Courier"
    );
    assert!(
        messages[1].starts_with("Dates differ: Friday (2025-06-06) in River Daily"),
        "{messages:?}"
    );
    // Every outlet that disagrees is a location of the one finding.
    assert_eq!(fs[0]["locations"].as_array().unwrap().len(), 3);
    // Quiet: "about 340 workers", "roughly 340 employees", "some 340 people";
    // the 2022 well tests; Tuesday's ruling told three ways.
}

#[test]
fn extract_shows_each_facts_frame() {
    let out = run(&["extract", "--format", "json", "fixtures/plant-ruling/river-daily.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let doc = &json["documents"][0];
    let fig = &doc["figures"][0];
    assert_eq!(fig["text"], "14-page");
    assert_eq!(fig["frame"]["thing"], "page opinion");
    assert_eq!(fig["frame"]["events"][0]["lemma"], "release");
    let plea = doc["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == "Friday")
        .unwrap();
    assert_eq!(plea["frame"]["events"][0]["lemma"], "plead");
    assert_eq!(plea["frame"]["events"][0]["classes"][0], "plead");
    let jobs = &doc["figures"][1];
    assert_eq!(jobs["bound"], "about");
}

#[test]
fn names_and_places_spelled_two_ways_across_unpaired_articles() {
    // Three outlets cover one levee board meeting in their own words (the
    // aligner pairs no story), naming the same people: one misspells the
    // engineer's surname after "Mr.", one the creek. Quiet: "Lucy" for
    // Lucinda (a short form), Teresa and Dave Marchetti (two people),
    // Dave "Skip" Marchetti (a nickname), "More rain" (a word).
    let out = run(&["fixtures/name-spellings"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.stderr);
    insta::assert_snapshot!("check_name_spellings_human", out.stdout);
    let out = run(&["--format", "json", "fixtures/name-spellings"]);
    let fs = findings(&out.stdout);
    let s = summary(&fs);
    assert_eq!(
        s,
        vec![
            ("warning".into(), "name.variant".into(), "harbor-times.md".into(), 8),
            ("warning".into(), "name.variant".into(), "river-daily.md".into(), 10),
        ],
        "{s:?}"
    );
    let messages: Vec<&str> = fs.iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(
        messages[0].starts_with("Harrow Creek is spelled \"Harow\" in Harbor Times"),
        "{messages:?}"
    );
    assert!(
        messages[0].contains("\"Harrow\" is the spelling of 2 of 3 outlets"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("Reinhardt Vosburgh is spelled \"Vosbrugh\" in River Daily"),
        "{messages:?}"
    );
}
