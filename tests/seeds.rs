//! The real test case: ../shared/seeds, when this checkout has it beside
//! it (CI does). No article text is copied here; the checks read the
//! seeds at run time.

mod common;

use common::{assert_spans_round_trip, run, seeds, shared_corpus};

fn extract_seeds() -> Option<serde_json::Value> {
    let dir = seeds()?;
    let out = run(&["extract", "--format", "json", dir.to_str()?]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    Some(serde_json::from_str(&out.stdout).unwrap())
}

fn doc<'a>(json: &'a serde_json::Value, prefix: &str) -> &'a serde_json::Value {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no document {prefix}"))
}

#[test]
fn seed_outlets_and_dates() {
    let Some(json) = extract_seeds() else { return };
    for (p, outlet) in [
        ("000", "The Hill"),
        ("001", "The Hill"),
        ("002", "The Independent"),
        ("003", "NPR"),
        ("004", "The Hill"),
    ] {
        assert_eq!(doc(&json, p)["outlet"], outlet, "{p}");
    }
    assert!(
        doc(&json, "000")["published"]
            .as_str()
            .unwrap()
            .starts_with("2025-02-13")
    );
    assert!(
        doc(&json, "003")["published"]
            .as_str()
            .unwrap()
            .starts_with("2025-02-12")
    );
    assert!(
        doc(&json, "004")["published"]
            .as_str()
            .unwrap()
            .starts_with("2025-02-14")
    );
    assert!(doc(&json, "001")["published"].is_null());
    assert!(doc(&json, "002")["published"].is_null());
}

#[test]
fn seed_dc_sentence_is_one_sentence() {
    let Some(json) = extract_seeds() else { return };
    let sentences: Vec<&str> = doc(&json, "002")["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    let dc: Vec<&&str> = sentences.iter().filter(|s| s.contains("Washington, D.C.")).collect();
    assert_eq!(dc.len(), 1, "{dc:?}");
    assert!(dc[0].starts_with("Zelensky, meanwhile,"));
    assert!(dc[0].ends_with("in the past week."));
}

#[test]
fn seed_boilerplate_is_not_article_text() {
    let Some(json) = extract_seeds() else { return };
    let all: Vec<String> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["sentences"].as_array().unwrap().iter())
        .map(|s| s["text"].as_str().unwrap().to_lowercase())
        .collect();
    for marker in [
        "get all your news in one place",
        "sign up to read this article",
        "already a member",
        "premium titles",
        "nexstar media",
        "all rights reserved",
        "leave a reply",
        "your email address will not be published",
        "npr careers",
        "public editor",
        "terms of use",
        "support public radio",
        "(afp photo",
    ] {
        assert!(
            !all.iter().any(|s| s.contains(marker)),
            "{marker:?} is among the sentences"
        );
    }
    // Navigation lines are left out as furniture, not read as sentences.
    let npr = doc(&json, "003");
    let reasons: Vec<&str> = npr["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"footer") && reasons.contains(&"byline") && reasons.contains(&"credit"),
        "{reasons:?}"
    );
}

#[test]
fn seed_spans_round_trip() {
    let Some(json) = extract_seeds() else { return };
    let dir = seeds().unwrap();
    let n = assert_spans_round_trip(&json, |d| {
        let name = d["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        std::fs::read(dir.join(name)).unwrap()
    });
    assert!(n > 100, "{n}");
}

#[test]
fn allsides_first_thousand_records_round_trip() {
    let Some(corpus) = shared_corpus("allsides-37k.jsonl.gz") else {
        return;
    };
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first-1000.jsonl");
    let mut out = std::fs::File::create(&file).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(corpus).unwrap()));
    let lines: Vec<String> = reader.lines().take(1000).map(Result::unwrap).collect();
    for l in &lines {
        writeln!(out, "{l}").unwrap();
    }
    drop(out);
    let res = run(&["extract", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(res.code, 0, "{}", res.stderr);
    let json: serde_json::Value = serde_json::from_str(&res.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1000);
    let n = assert_spans_round_trip(&json, |d| {
        let path = d["path"].as_str().unwrap();
        let line: usize = path.rsplit_once(':').unwrap().1.parse().unwrap();
        let rec: serde_json::Value = serde_json::from_str(&lines[line - 1]).unwrap();
        rec["text"].as_str().unwrap().as_bytes().to_vec()
    });
    assert!(n > 20_000, "{n}");
}

/// The quote whose first line is `line` in document `prefix`.
fn quote_at<'a>(json: &'a serde_json::Value, prefix: &str, line: u64) -> &'a serde_json::Value {
    doc(json, prefix)["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["start_line"] == line && q["fragment"] == false)
        .unwrap_or_else(|| panic!("no quote at {prefix}:{line}"))
}

#[test]
fn seed_quote_speakers() {
    let Some(json) = extract_seeds() else { return };
    // "…,” said the president" in a paragraph about Trump's remarks.
    let q = quote_at(&json, "002", 37);
    assert_eq!(q["speaker"], "Donald Trump");
    assert_eq!(q["speaker_source"], "role");
    // "He also said, “…”" after a quote of Hegseth's.
    let q = quote_at(&json, "003", 87);
    assert_eq!(q["speaker"], "Pete Hegseth");
    assert_eq!(q["speaker_source"], "pronoun");
    let q = quote_at(&json, "004", 40);
    assert_eq!(q["speaker"], "Pete Hegseth");
    assert_eq!(q["speaker_source"], "explicit");
    // The same words in all three.
    assert_eq!(
        quote_at(&json, "002", 37)["text"]
            .as_str()
            .unwrap()
            .trim_end_matches([',', '.']),
        quote_at(&json, "004", 40)["text"]
            .as_str()
            .unwrap()
            .trim_end_matches([',', '.'])
    );
}

#[test]
fn seed_dates_and_figures() {
    let Some(json) = extract_seeds() else { return };
    // "Hegseth said Thursday" in an article published early on Friday 14 February.
    let d = doc(&json, "004");
    let thursday = d["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["text"] == "Thursday")
        .expect("a Thursday");
    assert_eq!(thursday["resolved"], "2025-02-13");
    // "from 2% to 5%": two percent figures.
    let npr = doc(&json, "003");
    let percents: Vec<f64> = npr["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["unit"] == "percent")
        .map(|f| f["value"].as_f64().unwrap())
        .collect();
    assert_eq!(percents, vec![2.0, 5.0]);
    // Weekdays stay unresolved without a publication date.
    let independent = doc(&json, "002");
    assert!(
        independent["dates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == "weekday")
            .all(|x| x["resolved"].is_null())
    );
}

#[test]
fn seed_names_group_spellings() {
    let Some(json) = extract_seeds() else { return };
    let npr = doc(&json, "003");
    let names = npr["names"].as_array().unwrap();
    let person_of = |text: &str| {
        names
            .iter()
            .find(|n| n["text"] == text)
            .map(|n| n["person"].as_str().unwrap().to_string())
    };
    // NPR's spelling maps to the registry's person.
    assert_eq!(person_of("Volodymyr Zelenskyy").as_deref(), Some("Volodymyr Zelensky"));
    // The byline's and the tagline's spellings of one reporter are one person.
    assert_eq!(person_of("Joanna Kakisis"), person_of("Joanna Kakissis"));
    assert!(person_of("Joanna Kakisis").is_some());
}
