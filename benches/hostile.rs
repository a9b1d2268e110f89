//! Hostile input at full size: `cargo bench --bench hostile`.
//!
//! Builds, in a temporary folder, a 200 MB article, a single 5 MB
//! paragraph, a folder of 100,000 tiny files, broken files, and two good
//! articles that conflict, then runs `crosscheck --format json` on it and
//! reports wall time and peak memory against the time to read the 200 MB
//! file (crosscheck's own ingest of it, in process, measured in the same
//! run; `cat` from the page cache is shown too), the exit code
//! (1: the conflict was found; never 101) and whether stderr names every
//! bad file. Each large input is also run alone. The 200 MB article is
//! over the default article size limit (`--max-article-mb`, 16): it is
//! named and skipped, and it is also run with the limit raised.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall time, peak resident memory (MiB), exit code and stderr of the binary.
fn run(args: &[&str], dir: &Path) -> (f64, f64, i32, String) {
    let t0 = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0.0f64;
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let code = loop {
        if let Some(s) = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        }) {
            peak_kib = peak_kib.max(s.parse().unwrap_or(0.0));
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st.code().unwrap_or(-1);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        t0.elapsed().as_secs_f64(),
        peak_kib / 1024.0,
        code,
        reader.join().unwrap_or_default(),
    )
}

/// An article of about `bytes` bytes: paragraphs of varied sentences.
fn big_article(path: &Path, bytes: usize) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "Budget hearings run long\n").unwrap();
    let mut written = 0;
    let mut i = 0u64;
    while written < bytes {
        let p = format!(
            "The committee reviewed item {i} of the draft budget on Tuesday and asked the county for {} more pages of detail. \
             Members said the review of section {} would resume after a break of {} minutes.\n\n",
            i % 97,
            i % 1013,
            i % 61
        );
        written += p.len();
        w.write_all(p.as_bytes()).unwrap();
        i += 1;
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("crosscheck-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let d = tmp.join("input");
    std::fs::create_dir_all(d.join("tiny")).unwrap();
    println!("building the hostile folder in {}", d.display());
    big_article(&d.join("huge.txt"), 200 << 20);
    let sentence = "The committee reviewed the draft budget line by line and asked for changes. ";
    std::fs::write(
        d.join("one-paragraph.txt"),
        format!("Long\n\n{}\n", sentence.repeat((5 << 20) / sentence.len())),
    )
    .unwrap();
    for i in 0..100_000 {
        std::fs::write(
            d.join("tiny").join(format!("{i:06}.txt")),
            format!("Note {i}\n\nItem {i} was filed.\n"),
        )
        .unwrap();
    }
    let bad: [(&str, &[u8]); 6] = [
        ("empty.txt", b""),
        ("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1]),
        ("nul.txt", b"Headline\n\nThe council\0 met.\n"),
        ("latin1.txt", b"Head\n\nCaf\xe9 owners met.\n"),
        ("unclosed.md", b"---\ntitle: never closed\n\nBody.\n"),
        (
            "records.jsonl",
            b"{\"id\": \"a\", \"text\": \"One good record.\"}\n{broken\n",
        ),
    ];
    for (name, bytes) in bad {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    for f in ["harbor-times.md", "valley-courier.md"] {
        std::fs::copy(root.join("fixtures/flood-barrier").join(f), d.join(f)).unwrap();
    }

    // Baseline: reading the 200 MB file.
    let t = Instant::now();
    let status = Command::new("cat")
        .arg(d.join("huge.txt"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    println!(
        "cat huge.txt (200 MB, from the page cache): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    // The reading time: crosscheck's own ingest (decoding, furniture, sentences) of the file.
    let config = crosscheck::config::Config::default();
    let t = Instant::now();
    let mut ingest = crosscheck::ingest::Ingest::new(crosscheck::lexicon::Lexicon::builtin(), &config);
    ingest.max_article_bytes = u64::MAX;
    let corpus = ingest.run(&[d.join("huge.txt")]);
    let read = t.elapsed().as_secs_f64();
    println!(
        "reading huge.txt (ingest, {} sentences): {read:.2} s",
        corpus.documents.iter().map(|d| d.sentences.len()).sum::<usize>()
    );
    drop(corpus);

    // By default the 200 MB article is over the article size limit: named
    // and skipped. With the limit raised it is checked in full.
    const FULL: &str = "--max-article-mb=300";
    for (label, target, full) in [
        (
            "the 200 MB article alone (skipped: over the size limit)",
            "huge.txt",
            false,
        ),
        ("the 200 MB article alone, checked in full", "huge.txt", true),
        ("the 5 MB paragraph alone", "one-paragraph.txt", false),
        ("100,000 tiny files", "tiny", false),
        ("the whole hostile folder", ".", false),
        (
            "the whole hostile folder, the 200 MB article checked in full",
            ".",
            true,
        ),
    ] {
        let mut args = vec!["--format", "json", target];
        if full {
            args.insert(0, FULL);
        }
        let (secs, mib, code, stderr) = run(&args, &d);
        println!(
            "{label}: {secs:.2} s ({:+.1} s beyond reading 200 MB), peak {mib:.0} MiB, exit {code}",
            secs - read
        );
        assert_ne!(code, 101, "panicked:\n{stderr}");
        if target == "huge.txt" || target == "." {
            assert_eq!(stderr.contains("huge.txt"), !full, "the size limit:\n{stderr}");
        }
        if target == "." {
            assert_eq!(code, 1, "the conflict is found:\n{stderr}");
            for (name, _) in bad {
                assert!(stderr.contains(name), "{name} not named:\n{stderr}");
            }
            println!("  every bad file named on stderr; the conflict found (exit 1)");
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
