//! Hostile input: a folder of broken files beside two good articles. No
//! panic, every bad file named on standard error, the good files read.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(name), bytes).unwrap();
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn broken_inputs_are_reported_and_good_ones_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Two good articles.
    write(
        d,
        "good-one.md",
        "---\ntitle: \"Bridge reopens\"\noutlet: \"Metro Wire\"\ndate: 2025-06-02\n---\n\nThe river bridge reopened on Monday after a two-week closure, officials said.\n".as_bytes(),
    );
    write(
        d,
        "good two ü.txt",
        "Bridge reopens after repairs\n\n“It is safe again,” said city engineer Dana Kim on Monday.\n".as_bytes(),
    );
    // Broken ones.
    write(d, "empty.txt", b"");
    write(d, "binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3]);
    write(
        d,
        "latin1.txt",
        b"Headline here\n\nCaf\xe9 owners said the street was closed.\n",
    );
    write(
        d,
        "unclosed.md",
        b"---\ntitle: never closed\n\nBody text that follows.\n",
    );
    write(d, "bad-yaml.md", b"---\ntitle: [unclosed\ndate: x\n---\n\nBody.\n");
    write(d, "bad-toml.md", b"+++\ntitle = \n+++\n\nBody.\n");
    write(
        d,
        "records.jsonl",
        b"{\"id\": \"a\", \"text\": \"One good record here.\"}\n{broken\n{\"id\": \"c\"}\n",
    );
    let full = gz(
        b"{\"id\": \"z\", \"text\": \"A record in a truncated archive that goes on.\"}\n"
            .repeat(200)
            .as_slice(),
    );
    write(d, "truncated.jsonl.gz", &full[..full.len() / 2]);
    write(
        d,
        "cr-only.txt",
        b"Headline\r\rThe board met on Tuesday.\rIt voted 7-2.\r",
    );
    write(
        d,
        "bom-crlf.txt",
        b"\xef\xbb\xbfHeadline\r\n\r\nThe board met on Tuesday.\r\n",
    );
    write(
        d,
        "quotes \"and\" 'marks'.txt",
        "Odd name\n\nA file with quote marks in its name.\n".as_bytes(),
    );
    #[cfg(unix)]
    {
        fs::create_dir(d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("loop"), d.join("loop").join("again")).unwrap();
    }

    let out = common::run_in(d, &["extract", "--format", "json", "."]);
    assert_ne!(out.code, 101, "panicked: {}", out.stderr);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for bad in [
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "unclosed.md",
        "bad-yaml.md",
        "bad-toml.md",
        "records.jsonl",
        "truncated.jsonl.gz",
    ] {
        assert!(out.stderr.contains(bad), "{bad} not named on stderr:\n{}", out.stderr);
    }
    #[cfg(unix)]
    assert!(
        out.stderr.contains("loop"),
        "the symbolic-link loop is not reported:\n{}",
        out.stderr
    );
    // The broken JSONL line is named with its line.
    assert!(out.stderr.contains("records.jsonl:2"), "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let paths: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    for good in [
        "./good-one.md",
        "./good two ü.txt",
        "./records.jsonl:1",
        "./cr-only.txt",
        "./bom-crlf.txt",
    ] {
        assert!(paths.contains(&good), "{good} missing from {paths:?}");
    }
    // The truncated archive keeps the records before the break.
    assert!(
        paths.iter().any(|p| p.starts_with("./truncated.jsonl.gz:")),
        "{paths:?}"
    );
    // Lines of a CR-only file count as lines.
    let cr = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "./cr-only.txt")
        .unwrap();
    assert_eq!(cr["sentences"][0]["start_line"], 3);
    // Nothing was written into the input folder.
    let mut names: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 14, "{names:?}");
}
