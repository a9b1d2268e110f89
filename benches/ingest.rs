//! Ingest + segmentation throughput on a JSONL(.gz) article archive.
//!
//! `cargo bench --bench ingest` reads ../shared/corpora/allsides-37k.jsonl.gz
//! (or the file in CROSSCHECK_BENCH_CORPUS) and reports, for the same run:
//!
//! - floor 1: gzip decompression and line splitting only;
//! - floor 2: floor 1 plus parsing every record with serde_json;
//! - crosscheck: the full ingest stage (walk, read, parse, furniture,
//!   metadata, sentence segmentation with spans), on the .gz and on the
//!   same records uncompressed;
//! - claim extraction (quotes and speakers, figures, dates, names) over
//!   the ingested documents, and its cost relative to ingest.
//!
//! Throughput is megabytes of article text (the records' `text` fields)
//! per second of wall time, per core (wall rate / threads), and per CPU
//! second (user + system time of the process during the run).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crosscheck::config::Config;
use crosscheck::extract::extract;
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;
use rayon::prelude::*;

// The allocator the binary ships with (src/main.rs), so that the stages are
// measured as users run them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cpu_seconds() -> f64 {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks.
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

struct Measure {
    wall: f64,
    cpu: f64,
}

fn measure(runs: usize, mut f: impl FnMut()) -> Measure {
    let mut best = Measure {
        wall: f64::INFINITY,
        cpu: f64::INFINITY,
    };
    for _ in 0..runs {
        let c0 = cpu_seconds();
        let t0 = Instant::now();
        f();
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - c0;
        if wall < best.wall {
            best = Measure { wall, cpu };
        }
    }
    best
}

fn open(path: &Path) -> Box<dyn BufRead> {
    let file = std::fs::File::open(path).expect("corpus opens");
    if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, file))
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs us too: only bench when asked.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let corpus = std::env::var_os("CROSSCHECK_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/allsides-37k.jsonl.gz"));
    if !corpus.exists() {
        println!(
            "ingest bench: {} not found; set CROSSCHECK_BENCH_CORPUS",
            corpus.display()
        );
        return;
    }
    let runs: usize = std::env::var("CROSSCHECK_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let threads = rayon::current_num_threads();

    // Article text size, and an uncompressed copy for the second run.
    let tmp = tempfile::tempdir().expect("temp dir");
    let plain_copy = tmp.path().join("corpus.jsonl");
    let mut text_bytes = 0usize;
    let mut records = 0usize;
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&plain_copy).expect("temp file"));
        for line in open(&corpus).lines() {
            let line = line.expect("corpus reads");
            let v: serde_json::Value = serde_json::from_str(&line).expect("corpus is JSONL");
            text_bytes += v["text"].as_str().map_or(0, str::len);
            records += 1;
            writeln!(out, "{line}").expect("temp write");
        }
    }
    let mb = text_bytes as f64 / 1e6;

    let floor_read = measure(runs, || {
        let mut buf = Vec::new();
        let mut r = open(&corpus);
        r.read_to_end(&mut buf).expect("read");
        std::hint::black_box(buf.len());
    });
    let floor_json = measure(runs, || {
        let mut n = 0usize;
        for line in open(&corpus).lines() {
            let v: serde_json::Value = serde_json::from_str(&line.expect("read")).expect("json");
            n += v["text"].as_str().map_or(0, str::len);
        }
        std::hint::black_box(n);
    });
    let lex = Lexicon::builtin();
    let config = Config::default();
    let ing = Ingest::new(lex, &config);
    let mut sentences = 0usize;
    let mut docs = 0usize;
    let full_gz = measure(runs, || {
        let corpus = ing.run(std::slice::from_ref(&corpus));
        docs = corpus.documents.len();
        sentences = corpus.documents.iter().map(|d| d.sentences.len()).sum();
        std::hint::black_box(&corpus);
    });
    let full_plain = measure(runs, || {
        let corpus = ing.run(std::slice::from_ref(&plain_copy));
        std::hint::black_box(&corpus);
    });
    assert_eq!(docs, records, "every record becomes a document");
    // Claim extraction over the documents ingest gave (ingest not timed).
    let corpus_docs = ing.run(std::slice::from_ref(&corpus)).documents;
    let mut quotes = 0usize;
    let extract_only = measure(runs, || {
        let claims: Vec<_> = corpus_docs.par_iter().map(|d| extract(d, lex)).collect();
        quotes = claims.iter().map(|c| c.quotes.len()).sum();
        std::hint::black_box(&claims);
    });
    drop(corpus_docs);

    println!(
        "ingest bench: {} ({records} records, {mb:.1} MB of article text, {sentences} sentences)",
        corpus.display()
    );
    println!("threads: {threads}; best of {runs} runs");
    println!(
        "{:<34} {:>8} {:>9} {:>12} {:>13} {:>9}",
        "stage", "wall s", "MB/s", "MB/s/core", "MB/CPU-s", "x floor1"
    );
    let row = |name: &str, m: &Measure| {
        println!(
            "{:<34} {:>8.3} {:>9.1} {:>12.1} {:>13.1} {:>9.2}",
            name,
            m.wall,
            mb / m.wall,
            mb / m.wall / threads as f64,
            mb / m.cpu.max(1e-9),
            m.wall / floor_read.wall
        );
    };
    row("floor 1: gunzip + read", &floor_read);
    row("floor 2: gunzip + serde_json", &floor_json);
    row("crosscheck ingest+segment (.gz)", &full_gz);
    row("crosscheck ingest+segment (.jsonl)", &full_plain);
    row("crosscheck extract (claims only)", &extract_only);
    println!(
        "extraction adds {:.2}x to ingest+segment (.gz): {:.3} s over {:.3} s; {quotes} quotes",
        extract_only.wall / full_gz.wall,
        extract_only.wall,
        full_gz.wall
    );
    hostile(runs, lex, &ing);
    println!("peak RSS of the bench process: {:.0} MiB", peak_rss_mib());
}

/// Synthetic worst cases: 5 MB of news-like text as one paragraph, and the
/// same in short paragraphs. Throughput should be of the same order for
/// both (no stage may grow faster than the text).
fn hostile(runs: usize, lex: &Lexicon, ing: &Ingest<'_>) {
    let words = [
        "the",
        "senator",
        "said",
        "that",
        "about",
        "2,400",
        "workers",
        "in",
        "Washington",
        "met",
        "President",
        "Donald",
        "Trump",
        "on",
        "Wednesday",
        "and",
        "“we",
        "will",
        "not",
        "stop,”",
        "she",
        "added",
        ".",
        "Mr.",
        "Smith",
        "told",
        "reporters",
        "the",
        "president",
        "said",
        "Feb.",
        "12",
        "nearly",
        "three",
        "years",
    ];
    let mut text = String::new();
    let mut k: u64 = 1;
    while text.len() < 5_000_000 {
        // A fixed linear congruential sequence: the same text every run.
        k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        text.push_str(words[(k >> 33) as usize % words.len()]);
        text.push(' ');
    }
    let paragraphs: String = text
        .split(' ')
        .collect::<Vec<_>>()
        .chunks(60)
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    for (name, body) in [("one 5 MB paragraph", &text), ("5 MB in short paragraphs", &paragraphs)] {
        let source = format!("Synthetic headline for the bench\n\n{body}\n");
        let mb = source.len() as f64 / 1e6;
        let doc = ing.read_text(
            "synthetic.txt",
            Path::new("synthetic.txt"),
            source.into(),
            &mut Vec::new(),
        );
        let m = measure(runs, || {
            std::hint::black_box(extract(&doc, lex));
        });
        println!("hostile: extract on {name}: {:.3} s, {:.1} MB/s", m.wall, mb / m.wall);
    }
}
