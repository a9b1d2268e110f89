//! The JSON schemas in schemas/ describe the files crosscheck reads: every
//! shipped and fixture rule file and the fixtures' configuration validate,
//! and broken ones do not.

mod common;

use common::{root, run_in};

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn toml_as_json(path: &std::path::Path) -> serde_json::Value {
    let value: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    serde_json::to_value(value).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn rule_files_validate() {
    let v = validator("rule.schema.json");
    let mut n = 0;
    for dir in ["rules", "fixtures/rules/house", "fixtures/rules/failing"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                let errs = errors(&v, &toml_as_json(&p));
                assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
                n += 1;
            }
        }
    }
    assert!(n >= 10, "{n}");
    // The broken fixtures are refused: an unknown kind, and a misspelt option.
    let unknown = toml_as_json(&root().join("fixtures/rules/broken/unknown-kind.toml"));
    assert!(!errors(&v, &unknown).is_empty());
    let mut misspelt = toml_as_json(&root().join("rules/style-kyiv.toml"));
    misspelt["options"]["replacment"] = serde_json::json!("Kyiv");
    assert!(!errors(&v, &misspelt).is_empty());
}

#[test]
fn configuration_validates() {
    let v = validator("crosscheck.schema.json");
    let errs = errors(&v, &toml_as_json(&root().join("fixtures/crosscheck.toml")));
    assert!(errs.is_empty(), "{errs:#?}");
    let template = toml_as_json(&root().join("src/init-crosscheck.toml"));
    assert!(errors(&v, &template).is_empty());
    let bad = serde_json::json!({"align": {"threshold": 3}, "outlets": []});
    assert_eq!(errors(&v, &bad).len(), 2, "{:?}", errors(&v, &bad));
}

#[test]
fn init_writes_a_configuration_and_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(dir.path().join("crosscheck.toml").is_file());
    assert!(dir.path().join("rules/quote-attribution.toml").is_file());
    // The copied rules are the run's rules, and their tests pass.
    let out = run_in(dir.path(), &["explain", "quote.attribution"]);
    assert!(out.stdout.contains("rules/quote-attribution.toml"), "{}", out.stdout);
    let out = run_in(dir.path(), &["rules", "test"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    // A second init keeps what is there.
    std::fs::write(dir.path().join("crosscheck.toml"), "rules = [\"rules\"]\n# mine\n").unwrap();
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("exists; kept"), "{}", out.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("crosscheck.toml"))
            .unwrap()
            .contains("# mine")
    );
}
