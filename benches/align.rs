//! Alignment at archive scale.
//!
//! `cargo bench --bench align` uses ../shared/corpora/allsides-37k.jsonl.gz
//! (or CROSSCHECK_BENCH_CORPUS) and its first 10,000 records (compressed
//! the same way, so that both runs pay for decompression), and reports:
//!
//! - end to end: `crosscheck align --format json FILE > /dev/null`, wall
//!   time (the fastest of three rounds) and peak memory of the process;
//! - per stage, in process: ingest, claim extraction, alignment; documents
//!   per second, candidate pairs, pairs the model scored and scored pairs
//!   per second, aligned pairs;
//! - the cost of 37.5k against 10k records (near-linear is at most 4.5×),
//!   the median of the rounds' ratios;
//! - the index's recall against brute force on the first 2,000 records:
//!   about 2,000 sentences, drawn by a hash of their record's place and
//!   their words (so that a change to some sentences leaves the others'
//!   draw alone), are judged against every sentence of
//!   every other article, and the aligned pairs found that way are looked
//!   up in the aligner's output (a statement repeated in one article
//!   counts once, by its first occurrence, as the aligner reports it).
//!   CROSSCHECK_BENCH_MISSES=N prints up to N missed pairs;
//!   CROSSCHECK_BENCH_RECALL_AT=0,10000,… measures recall on the 2,000
//!   records after each of those counts instead (samples other than the
//!   first, to check a change against data it was not made on);
//!   CROSSCHECK_BENCH_RUNS=N times N rounds, each running both sizes back
//!   to back (default 3: timings on a shared host drift), and reports the
//!   fastest run of each size and the median of the rounds' cost ratios;
//!   CROSSCHECK_BENCH_CONFIG=FILE measures with that file's `[align]`
//!   settings; CROSSCHECK_BENCH_RECALL_ONLY=1 skips the timing runs.
//! - stories: how the events of ../shared/corpora/basil (or
//!   CROSSCHECK_BENCH_BASIL; each folder one event, covered by three
//!   outlets) come out of the story linking, alone and mixed into the first
//!   10,000 records: the stories, the largest one, and of the pairs of
//!   BASIL articles, those of one event in one story (of all such pairs)
//!   and those of different events in one story (which should be none).
//!   CROSSCHECK_BENCH_STORIES_ONLY=1 runs this part alone.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crosscheck::align::{Aligner, PairKind, align, index::MAX_WORDS};
use crosscheck::config::Config;
use crosscheck::extract::{Claims, extract};
use crosscheck::ingest::Ingest;
use crosscheck::lexicon::Lexicon;
use rayon::prelude::*;

/// The path in environment variable `var`, else `name` under
/// ../shared/corpora.
fn shared(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpora")
            .join(name)
    })
}

fn corpus() -> Option<PathBuf> {
    Some(shared("CROSSCHECK_BENCH_CORPUS", "allsides-37k.jsonl.gz")).filter(|p| p.exists())
}

/// `n` records after the first `skip` in a temporary file: gzip-compressed
/// when `gz` (as the archive is, so that both timed runs read the same format).
fn head(path: &Path, skip: usize, n: usize, dir: &Path, gz: bool) -> PathBuf {
    let file = std::fs::File::open(path).unwrap();
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let out = dir.join(format!("records-{skip}-{n}.jsonl{}", if gz { ".gz" } else { "" }));
    let file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    let mut w: Box<dyn Write> = if gz {
        Box::new(flate2::write::GzEncoder::new(file, flate2::Compression::default()))
    } else {
        Box::new(file)
    };
    for line in reader.lines().skip(skip).take(n) {
        writeln!(w, "{}", line.unwrap()).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    out
}

/// Wall time and peak resident memory (MiB) of the binary on `input`.
fn end_to_end(input: &Path) -> (f64, f64) {
    let t0 = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["align", "--format", "json", "--quiet"])
        .arg(input)
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0.0f64;
    loop {
        if let Some(s) = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        }) {
            peak_kib = peak_kib.max(s.parse().unwrap_or(0.0));
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (t0.elapsed().as_secs_f64(), peak_kib / 1024.0)
}

struct Staged {
    docs: usize,
    ingest: f64,
    extract: f64,
    align: f64,
}

fn staged(input: &Path, aligner: &Aligner) -> Staged {
    let lex = Lexicon::builtin();
    let config = Config::default();
    let t = Instant::now();
    let corpus = Ingest::new(lex, &config).run(&[input.to_path_buf()]);
    let ingest = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let claims: Vec<Claims> = corpus.documents.par_iter().map(|d| extract(d, lex)).collect();
    let extract_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let al = align(&corpus.documents, Some(&claims), aligner);
    let align_s = t.elapsed().as_secs_f64();
    let st = &al.stats;
    println!(
        "  {} documents, {} sentences ({} stock), {} quotes",
        st.documents, st.sentences, st.stock, st.quotes
    );
    println!(
        "  ingest {ingest:.2} s, extract {extract_s:.2} s, align {align_s:.2} s ({:.0} documents/s end to end in process)",
        st.documents as f64 / (ingest + extract_s + align_s)
    );
    println!(
        "  candidate pairs {} sentence + {} quote; scored {} ({:.0} scored pairs/s); aligned {} in {} stories",
        st.candidates,
        st.quote_candidates,
        st.verified,
        st.verified as f64 / align_s,
        st.aligned,
        al.stories.len()
    );
    Staged {
        docs: st.documents,
        ingest,
        extract: extract_s,
        align: align_s,
    }
}

fn basil() -> Option<PathBuf> {
    Some(shared("CROSSCHECK_BENCH_BASIL", "basil")).filter(|p| p.is_dir())
}

/// Story linking measured on labelled events: `events` holds one folder
/// per event; its articles are aligned with the documents of `archive`
/// (none when `None`), and the stories are compared with the events.
fn stories(events: &Path, archive: Option<&Path>, aligner: &Aligner) {
    let lex = Lexicon::builtin();
    let config = Config::default();
    let mut inputs = vec![events.to_path_buf()];
    inputs.extend(archive.map(Path::to_path_buf));
    let corpus = Ingest::new(lex, &config).run(&inputs);
    let claims: Vec<Claims> = corpus.documents.par_iter().map(|d| extract(d, lex)).collect();
    let al = align(&corpus.documents, Some(&claims), aligner);
    // Each labelled article's event (its folder) and story.
    let mut story = vec![None; corpus.documents.len()];
    for s in &al.stories {
        for &d in &s.docs {
            story[d] = Some(s.id);
        }
    }
    let labelled: Vec<(PathBuf, Option<usize>)> = corpus
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.record.is_none() && Path::new(&d.path).starts_with(events))
        .map(|(i, d)| {
            (
                Path::new(&d.path).parent().unwrap_or(Path::new("")).to_path_buf(),
                story[i],
            )
        })
        .collect();
    let (mut same, mut same_all, mut crossed) = (0, 0, 0);
    for (i, (ea, sa)) in labelled.iter().enumerate() {
        for (eb, sb) in &labelled[i + 1..] {
            let together = sa.is_some() && sa == sb;
            if ea == eb {
                same_all += 1;
                same += usize::from(together);
            } else {
                crossed += usize::from(together);
            }
        }
    }
    let largest = al.stories.iter().map(|s| s.docs.len()).max().unwrap_or(0);
    println!(
        "  {} documents: {} stories, the largest of {largest} documents; pairs of BASIL articles in one story: same event {same}/{same_all}, different events {crossed}",
        corpus.documents.len(),
        al.stories.len(),
    );
}

/// Recall of the index against brute force on `input`, from `queries`
/// sampled sentences.
/// Returns the pairs found by the index and those found by brute force.
fn recall(input: &Path, aligner: &Aligner, queries: usize) -> (usize, usize) {
    let lex = Lexicon::builtin();
    let config = Config::default();
    let corpus = Ingest::new(lex, &config).run(&[input.to_path_buf()]);
    let docs = &corpus.documents;
    let al = align(docs, None, aligner);
    // A statement repeated in one article is aligned once, by its first
    // occurrence (the aligner's classes): brute force counts it once too.
    let first: Vec<Vec<usize>> = docs
        .iter()
        .map(|doc| {
            // The same words (numbers and dates masked) are the same statement.
            let mut seen: std::collections::HashMap<Vec<u64>, usize> = std::collections::HashMap::new();
            (0..doc.sentences.len())
                .map(|i| {
                    let n = aligner.norm.normalize(doc.sentences[i].plain.slice(&doc.plain));
                    *seen.entry(n.toks.iter().map(|t| t.word).collect()).or_insert(i)
                })
                .collect()
        })
        .collect();
    let found: std::collections::HashSet<((usize, usize), (usize, usize))> = al
        .pairs
        .iter()
        .filter(|p| p.kind == PairKind::Sentence)
        .map(|p| ((p.a.doc, p.a.index), (p.b.doc, p.b.index)))
        .collect();
    // Every sentence the aligner would consider, with its profile and words.
    type Eligible = (usize, usize, crosscheck::align::features::Profile, Vec<u64>);
    let mut eligible: Vec<Eligible> = docs
        .par_iter()
        .enumerate()
        .flat_map_iter(|(d, doc)| {
            doc.sentences.iter().enumerate().filter_map(move |(i, s)| {
                let n = aligner.norm.normalize(s.plain.slice(&doc.plain));
                (n.len() <= MAX_WORDS && n.content_count() >= aligner.settings.min_content_words)
                    .then(|| (d, i, aligner.profile(&n), n.toks.iter().map(|t| t.word).collect()))
            })
        })
        .collect();
    // But stock text, which the aligner leaves out by design: the same
    // words in more than `max_df` documents, or in more than
    // `outlet_max_df` documents of one outlet.
    let set = &aligner.settings;
    let mut docs_of: std::collections::HashMap<&[u64], std::collections::BTreeSet<usize>> =
        std::collections::HashMap::new();
    for (d, _, _, w) in &eligible {
        docs_of.entry(w).or_default().insert(*d);
    }
    let stock: Vec<bool> = eligible
        .iter()
        .map(|(d, _, _, w)| {
            let all = &docs_of[w.as_slice()];
            all.len() > set.max_df
                || docs[*d].outlet.as_ref().is_some_and(|o| {
                    all.iter().filter(|&&e| docs[e].outlet.as_ref() == Some(o)).count() > set.outlet_max_df
                })
        })
        .collect();
    drop(docs_of);
    let mut stock = stock.into_iter();
    eligible.retain(|_| !stock.next().unwrap_or(false));
    // About `queries` sentences, each drawn by a hash of its record's
    // place and its words: a version that changes a few sentences draws
    // the same others (taking every n-th sentence drew a new sample).
    let step = (eligible.len() / queries).max(1) as u64;
    let drawn = |(d, i, _, w): &Eligible| {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        // The record's place in the sample, not the sample's file name
        // (a new temporary folder each run).
        docs[*d].record.as_ref().map(|r| (r.line, r.index)).hash(&mut h);
        w.hash(&mut h);
        // FxHasher's low bits are weak: mix before taking the remainder.
        let x = h.finish().wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (x >> 32).is_multiple_of(step) && first[*d][*i] == *i
    };
    let min_dice = aligner.settings.min_content_dice;
    let mut truth: Vec<((usize, usize), (usize, usize))> = eligible
        .par_iter()
        .filter(|e| drawn(e))
        .flat_map_iter(|(d, i, p, _)| {
            let first = &first;
            eligible
                .iter()
                .filter(move |(e, _, _, _)| e != d)
                .filter(move |(_, _, q, _)| p.content_dice(q) >= min_dice && aligner.judge(p, q).1)
                .map(move |&(e, j, _, _)| {
                    let (a, b) = ((*d, *i), (e, first[e][j]));
                    if a < b { (a, b) } else { (b, a) }
                })
        })
        .collect();
    truth.sort_unstable();
    truth.dedup();
    let hit = truth.iter().filter(|k| found.contains(k)).count();
    // CROSSCHECK_BENCH_MISSES=N prints up to N missed pairs.
    let show: usize = std::env::var("CROSSCHECK_BENCH_MISSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let sentence = |(d, i): (usize, usize)| docs[d].sentences[i].plain.slice(&docs[d].plain).to_string();
    for &(a, b) in truth.iter().filter(|k| !found.contains(k)).take(show) {
        println!("  missed: {:?} {:?}\n    {}\n    {}", a, b, sentence(a), sentence(b));
    }
    println!(
        "  brute force: {} query sentences x {} sentences; {} aligned pairs, {} found by the index: recall {:.4}",
        eligible.iter().filter(|e| drawn(e)).count(),
        eligible.len(),
        truth.len(),
        hit,
        hit as f64 / truth.len().max(1) as f64
    );
    (hit, truth.len())
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(full) = corpus() else {
        println!("align bench: no corpus (set CROSSCHECK_BENCH_CORPUS)");
        return;
    };
    let tmp = std::env::temp_dir().join(format!("crosscheck-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let small = head(&full, 0, 10_000, &tmp, full.extension().is_some_and(|e| e == "gz"));
    // CROSSCHECK_BENCH_CONFIG=crosscheck.toml measures with its [align] settings.
    let configured = std::env::var_os("CROSSCHECK_BENCH_CONFIG").map(|p| {
        let config = Config::load(Path::new(&p)).expect("a valid configuration file");
        Aligner::build(&config.align, None).expect("valid [align] settings")
    });
    let aligner = configured.as_ref().unwrap_or_else(|| Aligner::builtin());
    println!("threads: {}", rayon::current_num_threads());
    // CROSSCHECK_BENCH_RUNS=N: N rounds of end-to-end runs (default 3).
    let repeats: usize = std::env::var("CROSSCHECK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3);
    // CROSSCHECK_BENCH_STORIES_ONLY=1 measures story linking alone.
    let stories_only = std::env::var_os("CROSSCHECK_BENCH_STORIES_ONLY").is_some();
    if let Some(events) = basil() {
        println!("stories, BASIL events ({}):", events.display());
        stories(&events, None, aligner);
        println!("stories, BASIL events among the first 10,000 records:");
        stories(&events, Some(&small), aligner);
    }
    if stories_only {
        let _ = std::fs::remove_dir_all(&tmp);
        return;
    }
    // CROSSCHECK_BENCH_RECALL_ONLY=1 skips the timing runs.
    let timed = std::env::var_os("CROSSCHECK_BENCH_RECALL_ONLY").is_none();
    let sizes = [("first 10,000 records", &small), ("all records", &full)];
    if timed {
        // The host's speed drifts by up to a quarter over minutes: each
        // round runs both sizes back to back, the cost ratio is taken per
        // round, and the fastest run of each size is the figure least moved
        // by other work on the host.
        let rounds: Vec<[(f64, f64); 2]> = (0..repeats)
            .map(|_| [end_to_end(sizes[0].1), end_to_end(sizes[1].1)])
            .collect();
        let mut docs = [0; 2];
        let mut in_process = [0.0; 2];
        for (k, (name, input)) in sizes.into_iter().enumerate() {
            println!("{name} ({}):", input.display());
            let walls: Vec<String> = rounds.iter().map(|r| format!("{:.2}", r[k].0)).collect();
            let fastest = rounds.iter().map(|r| r[k].0).fold(f64::INFINITY, f64::min);
            let peak = rounds.iter().map(|r| r[k].1).fold(0.0, f64::max);
            println!(
                "  end to end: crosscheck align --format json > /dev/null: {fastest:.2} s (fastest of {}: {} s), peak memory {peak:.0} MiB",
                rounds.len(),
                walls.join(", ")
            );
            let s = staged(input, aligner);
            docs[k] = s.docs;
            in_process[k] = s.ingest + s.extract + s.align;
        }
        let mut ratios: Vec<f64> = rounds.iter().map(|r| r[1].0 / r[0].0).collect();
        ratios.sort_by(f64::total_cmp);
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        println!(
            "scaling {} -> {} documents ({:.2}x): end to end {:.2}x (median of the rounds: {}), in process {:.2}x",
            docs[0],
            docs[1],
            docs[1] as f64 / docs[0].max(1) as f64,
            ratios[ratios.len() / 2],
            shown.join(", "),
            in_process[1] / in_process[0]
        );
    }
    // CROSSCHECK_BENCH_RECALL_AT=0,10000,…: the records each 2,000-record
    // recall sample starts after (default: the first 2,000 records).
    let starts: Vec<usize> = std::env::var("CROSSCHECK_BENCH_RECALL_AT")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().parse().expect("record counts")).collect())
        .unwrap_or_else(|| vec![0]);
    let (mut hit, mut truth) = (0, 0);
    for &skip in &starts {
        println!("index recall, records {}-{}:", skip + 1, skip + 2_000);
        let (h, t) = recall(&head(&full, skip, 2_000, &tmp, false), aligner, 2_000);
        (hit, truth) = (hit + h, truth + t);
    }
    if starts.len() > 1 {
        println!(
            "index recall over the {} samples: {hit}/{truth} = {:.4}",
            starts.len(),
            hit as f64 / truth.max(1) as f64
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
