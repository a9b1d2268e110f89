//! The same input gives byte-identical output whatever the thread count
//! and whatever the order of the paths on the command line.

mod common;

use std::process::Command;

fn extract_json(args: &[&str], threads: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["extract", "--format", "json"])
        .args(args)
        .current_dir(common::root())
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn fixtures_are_deterministic() {
    let a = extract_json(&["fixtures/harbor-strike", "fixtures/formats"], "1");
    let b = extract_json(&["fixtures/harbor-strike", "fixtures/formats"], "2");
    let c = extract_json(&["fixtures/formats", "fixtures/harbor-strike"], "2");
    assert_eq!(a, b, "thread count changed the output");
    assert_eq!(a, c, "argument order changed the output");
}

#[test]
fn seeds_are_deterministic() {
    let Some(seeds) = common::seeds() else { return };
    let mut files: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    let forward: Vec<&str> = files.iter().map(String::as_str).collect();
    let backward: Vec<&str> = files.iter().rev().map(String::as_str).collect();
    let a = extract_json(&forward, "1");
    let b = extract_json(&backward, "2");
    assert_eq!(a, b);
}

#[test]
fn archive_records_are_deterministic() {
    let Some(corpus) = common::shared_corpus("allsides-37k.jsonl.gz") else {
        return;
    };
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("first-2000.jsonl");
    let mut out = std::fs::File::create(&file).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(corpus).unwrap()));
    for line in reader.lines().take(2000) {
        writeln!(out, "{}", line.unwrap()).unwrap();
    }
    drop(out);
    let path = file.to_str().unwrap();
    assert_eq!(extract_json(&[path], "1"), extract_json(&[path], "2"));
}
