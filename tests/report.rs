//! Reports and gating: machine formats, exit codes, baselines, `--against`.

mod common;

use common::{root, run, run_in, seeds};

#[test]
fn sarif_validates_against_the_schema() {
    let out = run(&["--format", "sarif", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &sarif["runs"][0];
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    let attribution = results.iter().find(|r| r["ruleId"] == "quote.attribution").unwrap();
    assert_eq!(attribution["level"], "error");
    assert_eq!(attribution["relatedLocations"].as_array().unwrap().len(), 2);
    assert!(attribution["partialFingerprints"]["crosscheck/v1"].is_string());
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "quote.attribution" && r["help"]["text"].is_string())
    );
    insta::assert_snapshot!("sarif_flood_barrier", out.stdout);
}

#[test]
fn github_concise_and_jsonl() {
    let out = run(&["--format", "github", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("github_flood_barrier", out.stdout);
    assert!(out.stdout.lines().any(|l| l.starts_with(
        "::error file=fixtures/flood-barrier/harbor-times.md,line=9,endLine=9,title=crosscheck quote.attribution::"
    )));
    let out = run(&["--format", "concise", "fixtures/flood-barrier"]);
    insta::assert_snapshot!("concise_flood_barrier", out.stdout);
    let out = run(&["--format", "jsonl", "fixtures/flood-barrier"]);
    let lines: Vec<serde_json::Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 7);
    assert!(lines.iter().all(|f| f["rule"].is_string() && f["locations"].is_array()));
}

#[test]
fn exit_codes_follow_fail_on() {
    let code = |args: &[&str]| run(args).code;
    assert_eq!(code(&["fixtures/flood-barrier"]), 1);
    assert_eq!(code(&["--fail-on", "never", "fixtures/flood-barrier"]), 0);
    assert_eq!(code(&["--exit-zero", "fixtures/flood-barrier"]), 0);
    // wire-reuse has an info and nothing worse.
    assert_eq!(code(&["fixtures/wire-reuse"]), 0);
    assert_eq!(code(&["--fail-on", "warning", "fixtures/wire-reuse"]), 0);
    assert_eq!(code(&["--fail-on", "info", "fixtures/wire-reuse"]), 1);
    assert_eq!(code(&["--fail-on", "sometimes", "fixtures/wire-reuse"]), 2);
}

#[test]
fn output_files_are_written_outside_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let out = run(&[
        "--format",
        "sarif",
        "-o",
        target.to_str().unwrap(),
        "fixtures/flood-barrier",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Never inside an input folder.
    let out = run(&["-o", "fixtures/flood-barrier/report.json", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("will not write inside the input folder"),
        "{}",
        out.stderr
    );
    assert!(!root().join("fixtures/flood-barrier/report.json").exists());
}

/// The rule of each finding of a JSON report.
fn rule_ids(json: &serde_json::Value) -> Vec<&str> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

/// Copies the flood-barrier articles and the fixtures' outlets into a
/// fresh folder: `articles/` and `crosscheck.toml`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for f in ["valley-courier.md", "river-daily.md", "harbor-times.md"] {
        std::fs::copy(root().join("fixtures/flood-barrier").join(f), articles.join(f)).unwrap();
    }
    std::fs::copy(
        root().join("fixtures/crosscheck.toml"),
        dir.path().join("crosscheck.toml"),
    )
    .unwrap();
    dir
}

#[test]
fn a_baseline_hides_known_findings_and_lists_stale_ones() {
    let dir = scratch();
    let out = run_in(dir.path(), &["baseline", "articles", "-o", "baseline.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run_in(
        dir.path(),
        &["--format", "json", "--baseline", "baseline.json", "articles"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
    assert_eq!(json["summary"]["baselined"], 7);
    // An edit elsewhere in an article does not disturb the baseline.
    let river = dir.path().join("articles/river-daily.md");
    let text = std::fs::read_to_string(&river).unwrap();
    let text = text.replace(
        "Marchetti has championed",
        "The vote came after a four-hour hearing.\n\nMarchetti has championed",
    );
    std::fs::write(&river, &text).unwrap();
    let out = run_in(
        dir.path(),
        &["--format", "json", "--baseline", "baseline.json", "articles"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    // A new conflict still shows; the fixed one is listed as stale.
    let text = text.replace("take almost three years", "take almost five years");
    let text = text.replace("by e-mail", "by email");
    std::fs::write(&river, text).unwrap();
    let out = run_in(
        dir.path(),
        &["--format", "json", "--baseline", "baseline.json", "articles"],
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rules = rule_ids(&json);
    assert_eq!(rules, vec!["figure.mismatch"], "{}", out.stdout);
    assert_eq!(json["summary"]["stale"], 1, "{}", out.stdout);
    assert!(out.stderr.contains("stale baseline entry"), "{}", out.stderr);
}

#[test]
fn front_matter_silences_rules_for_its_article() {
    let dir = scratch();
    let harbor = dir.path().join("articles/harbor-times.md");
    let text = std::fs::read_to_string(&harbor).unwrap();
    std::fs::write(
        &harbor,
        text.replacen("---\n", "---\ncrosscheck:\n  ignore: [quote.attribution]\n", 1),
    )
    .unwrap();
    let out = run_in(dir.path(), &["--format", "json", "articles"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rules = rule_ids(&json);
    assert!(!rules.contains(&"quote.attribution"), "{rules:?}");
    assert!(rules.contains(&"date.mismatch"), "{rules:?}");
    assert_eq!(out.code, 0);
}

#[test]
fn seeds_gate_and_baseline() {
    let Some(seeds) = seeds() else {
        eprintln!("../shared/seeds not here; skipped");
        return;
    };
    let shared = seeds.parent().unwrap();
    assert_eq!(run_in(shared, &["-q", "seeds"]).code, 1);
    assert_eq!(run_in(shared, &["-q", "--fail-on", "never", "seeds"]).code, 0);
    assert_eq!(run_in(shared, &["-q", "--exit-zero", "seeds"]).code, 0);
    // Baseline written, then used: exit 0, nothing shown.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("seeds");
    std::fs::create_dir(&copy).unwrap();
    let mut names: Vec<String> = Vec::new();
    for e in std::fs::read_dir(&seeds).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        std::fs::copy(e.path(), copy.join(&name)).unwrap();
        names.push(name);
    }
    names.sort();
    let out = run_in(dir.path(), &["-q", "baseline", "seeds", "-o", "base.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run_in(
        dir.path(),
        &["-q", "--format", "json", "--baseline", "base.json", "seeds"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(json["findings"].as_array().unwrap().is_empty());
    // A conflict planted in the copy still shows.
    let hill = names.iter().find(|n| n.starts_with("004_")).unwrap();
    let path = copy.join(hill);
    let text = std::fs::read_to_string(&path).unwrap();
    let planted = text.replacen("Zelensky", "Zelenskyi", 1);
    assert_ne!(planted, text);
    std::fs::write(&path, planted).unwrap();
    let out = run_in(
        dir.path(),
        &["-q", "--format", "json", "--baseline", "base.json", "seeds"],
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "name.variant"),
        "{}",
        out.stdout
    );
    // --against: the archive without 002_*, 002_* as new: the attribution error.
    let gate = |new_prefix: &str| {
        let archive = dir.path().join(format!("archive-{new_prefix}"));
        std::fs::create_dir(&archive).unwrap();
        for n in names.iter().filter(|n| !n.starts_with(new_prefix)) {
            std::fs::copy(seeds.join(n), archive.join(n)).unwrap();
        }
        let new = seeds.join(names.iter().find(|n| n.starts_with(new_prefix)).unwrap());
        let args = [
            "-q",
            "--format",
            "json",
            "--against",
            archive.to_str().unwrap(),
            new.to_str().unwrap(),
        ];
        run_in(dir.path(), &args)
    };
    let out = gate("002_");
    assert_eq!(out.code, 1, "{}", out.stdout);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "quote.attribution")
    );
    // 001_* as new against the rest: no error.
    let out = gate("001_");
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn review_reports() {
    let out = run(&["diff", "fixtures/flood-barrier"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("diff_flood_barrier_terminal", out.stdout);
    // Conflicts first: the first pair shown carries the error.
    let first = out.stdout.lines().nth(1).unwrap();
    assert!(first.contains("error[quote.attribution]"), "{first}");
    let out = run(&["diff", "--format", "markdown", "fixtures/flood-barrier"]);
    insta::assert_snapshot!("diff_flood_barrier_markdown", out.stdout);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let out = run(&[
        "diff",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
        "fixtures/flood-barrier",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // Self-contained: no external stylesheet, script or image.
    for external in ["<link", "<script", "<img", "src=", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains("<del>Tuesday</del>"), "{html}");
    assert!(html.contains("class=\"pair conflict\""));
}
