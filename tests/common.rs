//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the crate root.
pub fn run(args: &[&str]) -> Output {
    run_in(&root(), args)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Output {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs the binary from the crate root with `input` on standard input
/// (written from another thread, so that a large input cannot block on a
/// full output pipe).
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("the binary runs");
    writer.join().expect("the writer ends").expect("the input is written");
    Output {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        code: out.status.code().unwrap_or(-1),
    }
}

/// The shared seeds, when this checkout has them beside it.
pub fn seeds() -> Option<PathBuf> {
    let p = root().join("../shared/seeds");
    p.is_dir().then_some(p)
}

pub fn shared_corpus(name: &str) -> Option<PathBuf> {
    let p = root().join("../shared/corpora").join(name);
    p.exists().then_some(p)
}

/// Checks that every sentence's text is exactly the bytes its span names
/// in `source_of(document)`; returns the number of sentences checked.
pub fn assert_spans_round_trip(json: &serde_json::Value, source_of: impl Fn(&serde_json::Value) -> Vec<u8>) -> usize {
    let mut n = 0;
    for doc in json["documents"].as_array().expect("documents") {
        let bytes = source_of(doc);
        for s in doc["sentences"].as_array().expect("sentences") {
            let start = s["byte_start"].as_u64().unwrap() as usize;
            let end = s["byte_end"].as_u64().unwrap() as usize;
            let text = s["text"].as_str().unwrap();
            assert!(
                start < end && end <= bytes.len(),
                "{}: span {start}..{end} out of bounds",
                doc["path"]
            );
            assert_eq!(
                &bytes[start..end],
                text.as_bytes(),
                "{}: bytes {start}..{end} differ from the sentence text",
                doc["path"]
            );
            assert_eq!(text, text.trim(), "{}: sentence has surrounding space", doc["path"]);
            n += 1;
        }
    }
    n
}
