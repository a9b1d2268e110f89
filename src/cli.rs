//! The command line. `check` is the default subcommand, so `crosscheck
//! PATHS` checks them.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::align::{AlignSpec, Aligner, align};
use crate::config::Config;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Level};
use crate::ingest::{Corpus, Ingest};
use crate::lexicon::Lexicon;
use crate::report;
use crate::report::findings::json_findings;
use crate::rules::{RuleError, RuleSet, Severity};

const EXAMPLES: &str = "\
Examples:
  crosscheck fixtures/harbor-strike           check a folder of articles
  crosscheck --format json fixtures/          the findings as JSON
  crosscheck rules                            list the rules; `crosscheck explain ID` documents one
  crosscheck rules test my-rules/             run the inline test cases of rule files
  crosscheck extract article.md               show what crosscheck reads: metadata, sentences, claims
  crosscheck extract --format json a.txt b/   the same as JSON
  crosscheck extract archive.jsonl.gz:17      one record of a JSONL archive (FILE:LINE or FILE#ID)
  crosscheck align fixtures/harbor-strike     the statements outlets share, story by story
  crosscheck score pairs.tsv                  score SENTENCE<TAB>SENTENCE lines as the aligner does
";

#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Checks news coverage against itself: aligns the statements outlets share and reports where they disagree.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
    #[command(flatten)]
    global: GlobalArgs,
}

#[derive(Debug, Args, Clone)]
struct GlobalArgs {
    /// Configuration file (default: crosscheck.toml in the working folder or a parent, else in the first
    /// input's folder or a parent).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not print warnings about the input.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Treat problems with the input (unreadable, undecodable or broken files) as errors: they are
    /// still reported and the rest still read, but the run exits 2.
    #[arg(long, global = true)]
    strict: bool,
    /// Skip, with a warning, any article of more than this many megabytes of text (a file, a
    /// decompressed .gz, a record's text): a broken export or a concatenation, not an article.
    #[arg(long, global = true, value_name = "MB", default_value_t = crate::ingest::MAX_ARTICLE_MB,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_article_mb: u64,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check articles against each other (the default).
    Check(CheckArgs),
    /// Show what crosscheck reads from each article: metadata, sentences, quotes with their speakers,
    /// figures, dates and names, each with its position.
    #[command(after_help = EXAMPLES)]
    Extract(ExtractArgs),
    /// Find the statements that articles share: aligned sentence and quote pairs across outlets (and
    /// same-outlet reuse, listed apart), grouped into stories.
    #[command(after_help = EXAMPLES)]
    Align(AlignArgs),
    /// Score sentence pairs as the aligner does: reads SENTENCE<TAB>SENTENCE lines (a first LABEL
    /// column is ignored) from FILE or standard input and prints one score per line.
    #[command(after_help = EXAMPLES)]
    Score(ScoreArgs),
    /// List the rules (id, kind, severity, summary), or run their inline tests with `rules test`.
    #[command(after_help = EXAMPLES)]
    Rules(RulesArgs),
    /// Print a rule's documentation: what it finds, its options, its message and help.
    #[command(after_help = EXAMPLES)]
    Explain(ExplainArgs),
    /// Record today's findings by fingerprint, for `--baseline FILE` to hide later.
    #[command(after_help = EXAMPLES)]
    Baseline(BaselineArgs),
    /// Review the aligned statements story by story, conflicting ones first, with word-level
    /// differences: in the terminal, or as a Markdown or self-contained HTML report.
    #[command(after_help = EXAMPLES)]
    Diff(DiffArgs),
    /// Write a commented crosscheck.toml and copy the shipped rules into rules/ for a desk to edit.
    Init(InitArgs),
    /// The run's stages as NDJSON filters (standard input to standard output), for running them on
    /// a cluster: `extract` (articles to statement records with blocking keys, and tallies),
    /// `shuffle` (statements to buckets, on one machine), `verify` (buckets to aligned pairs),
    /// `stories`, `people`, `corpus` and `check` (bundles to findings), `report` (findings to SARIF
    /// and other formats).
    #[command(after_help = STAGE_EXAMPLES)]
    Stage(StageArgs),
}

const STAGE_EXAMPLES: &str = "Examples:
  crosscheck stage extract fixtures/ | crosscheck stage shuffle | crosscheck stage verify
                              the aligned pairs of `crosscheck align fixtures/`, stage by stage
  nl -ba -w1 archive.jsonl | crosscheck stage extract --records archive.jsonl
                              records piped in as LINE<TAB>RECORD, as the Spark driver does
  crosscheck --format jsonl fixtures/ | crosscheck stage report --format sarif
                              SARIF written from JSON findings, as the Spark driver writes it";

#[derive(Debug, Args)]
struct StageArgs {
    #[command(subcommand)]
    action: StageAction,
    /// Also load the rule files in DIR; repeatable (give every stage the same ones).
    #[arg(long = "rules", value_name = "DIR", global = true)]
    rules: Vec<PathBuf>,
}

/// Formats `crosscheck stage report` writes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StageFormat {
    /// One finding per line, as --format jsonl.
    Jsonl,
    /// SARIF 2.1.0, as --format sarif.
    Sarif,
    /// GitHub Actions annotations, as --format github.
    Github,
    /// One line per finding, as --format concise.
    Concise,
}

#[derive(Debug, Subcommand)]
enum StageAction {
    /// Articles to statement records (one JSON object per line), with their blocking keys.
    Extract {
        /// Files and folders to read; documents are numbered in the order read.
        #[arg(value_name = "PATHS", conflicts_with = "records")]
        paths: Vec<PathBuf>,
        /// Read JSONL records of the file NAME from standard input, each line LINE<TAB>RECORD;
        /// a document's number is --doc-base plus LINE.
        #[arg(long, value_name = "NAME")]
        records: Option<String>,
        /// Added to the line numbers of --records (one range per input file).
        #[arg(long, value_name = "N", default_value_t = 0, requires = "records")]
        doc_base: u64,
    },
    /// Statement records to buckets of the statements that share a kept key, as the engine's
    /// shuffle makes them, on one machine.
    Shuffle,
    /// Buckets to aligned pairs, each pair decided in the bucket of its smallest shared key.
    Verify,
    /// Every aligned pair to {"doc", "story"} lines: the stories (runs once over all pairs).
    Stories,
    /// {"person", "count"} lines over the whole archive and {"doc", "story", "day", "people"}
    /// per document to how people's names group and where they are compared, per
    /// name-variant rule: {"rule", "person", "group"} and {"rule", "doc", "scope"}.
    People,
    /// Corpus bundles (a rule's tallies, grouped) to the findings of the corpus-wide rules
    /// (name-variant, consistency), in the JSON finding format.
    Corpus,
    /// Check bundles (an article, the articles aligned with it and their pairs) to its findings
    /// on aligned statements, in the JSON finding format.
    Check {
        /// The file whose records the bundles carry, as reports address it.
        #[arg(long, value_name = "NAME")]
        records: String,
    },
    /// Findings (JSON Lines, in order) to a report format.
    Report {
        #[arg(long, value_enum, default_value_t = StageFormat::Sarif)]
        format: StageFormat,
    },
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The folder to set up (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Replace an existing crosscheck.toml and rule files.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// Files and folders to read (default: the current folder).
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffOutput::Terminal)]
    format: DiffOutput,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also load the rule files in DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Colour in the terminal format: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffOutput {
    Terminal,
    Markdown,
    Html,
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,
    /// Also load the rule files in DIR (or the file DIR); repeatable. A rule replaces a shipped one with its id.
    #[arg(long = "rules", value_name = "DIR", global = true)]
    rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum RulesAction {
    /// Run the inline [[test]] cases of the rules: every rule of the run, or only those in DIR.
    Test {
        /// A rule file or a folder of them (default: every rule of the run).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The rule's id, as `crosscheck rules` lists it.
    #[arg(value_name = "ID")]
    id: String,
    /// Also load the rule files in DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct AlignArgs {
    /// Files and folders to read (default: the current folder).
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    format: ExtractFormat,
    /// Score at or above which sentences align (0 to 1; default from the model or crosscheck.toml).
    #[arg(long, value_name = "SCORE")]
    threshold: Option<f64>,
    /// Only pair articles published at most DAYS apart (when both dates are known).
    #[arg(long, value_name = "DAYS")]
    window_days: Option<u32>,
    /// Leave out pairs of articles from the same outlet.
    #[arg(long)]
    cross_outlet_only: bool,
}

#[derive(Debug, Args)]
struct ScoreArgs {
    /// A file of SENTENCE<TAB>SENTENCE lines (default: standard input).
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Output format: `human` prints SCORE<TAB>aligned|not-aligned, `json` one {"score", "aligned"} object per line.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Human)]
    format: ScoreFormat,
    /// Score at or above which a pair aligns (0 to 1; default from the model or crosscheck.toml).
    #[arg(long, value_name = "SCORE")]
    threshold: Option<f64>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ScoreFormat {
    Human,
    Json,
    /// The model's input features, tab-separated (for fitting a model).
    #[value(hide = true)]
    Features,
}

#[derive(Debug, Args, Default)]
struct CheckArgs {
    /// Files and folders to read (default: the current folder). A record of a JSONL file can be named as FILE:LINE or FILE#ID.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also load the rule files in DIR (or the file DIR); repeatable. A rule replaces a shipped one with its id.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Colour in human output: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    fail_on: FailOn,
    /// Exit 0 whatever is found (2 still means the run could not be done).
    #[arg(long)]
    exit_zero: bool,
    /// Hide the findings recorded in FILE (from `crosscheck baseline`) and list its stale entries.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Check PATHS as new articles against ARCHIVE (a folder or JSONL file; repeatable): only findings
    /// that involve a new article are reported.
    #[arg(long, value_name = "ARCHIVE")]
    against: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
enum CheckFormat {
    /// Compiler-style diagnostics.
    #[default]
    Human,
    /// {"version":1,"findings":[…],"summary":{…}}
    Json,
    /// One finding per line, as in the JSON format.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (::error file=…,line=…::message).
    Github,
    /// One line per finding: PATH:LINE:COLUMN: SEVERITY[RULE]: MESSAGE.
    Concise,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Args)]
struct BaselineArgs {
    /// Files and folders to read (default: the current folder).
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// The baseline file to write.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "crosscheck-baseline.json")]
    output: PathBuf,
    /// Also load the rule files in DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Files and folders to read (default: the current folder). A record of a JSONL file can be named as
    /// FILE:LINE or FILE#ID.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExtractFormat {
    Human,
    Json,
}

/// Exit codes.
pub const EXIT_OK: u8 = 0;
/// An error-severity finding, or a failed rule test.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// Parses the arguments and runs.
pub fn main() -> ExitCode {
    let cli = Cli::parse_from(global_options_last(std::env::args_os().collect()));
    ExitCode::from(run(cli))
}

/// `crosscheck --config F align …`: global options written before the
/// subcommand are moved after it (the default subcommand's paths would
/// otherwise swallow the subcommand's name).
fn global_options_last(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while i < args.len() {
        let a = args[i].to_string_lossy();
        if a == "--config" || a == "--max-article-mb" {
            i += 2;
        } else if a.starts_with("--config=")
            || a.starts_with("--max-article-mb=")
            || a == "--quiet"
            || a == "-q"
            || a == "--strict"
        {
            i += 1;
        } else {
            break;
        }
    }
    let is_command = |a: &std::ffi::OsString| {
        let a = a.to_string_lossy();
        Cli::command().get_subcommands().any(|c| c.get_name() == a)
    };
    if i == 1 || i >= args.len() || !is_command(&args[i]) {
        return args;
    }
    let mut out = vec![args[0].clone(), args[i].clone()];
    out.extend_from_slice(&args[1..i]);
    out.extend_from_slice(&args[i + 1..]);
    out
}

/// `--config`, else `crosscheck.toml` in the working folder or a parent,
/// else in the first input's folder or a parent.
fn load_config(global: &GlobalArgs, paths: &[PathBuf]) -> Result<Config, Diagnostic> {
    if let Some(p) = &global.config {
        return Config::load(p);
    }
    let from_cwd = std::env::current_dir().ok().and_then(|d| Config::discover(&d));
    let from_input = || {
        let first = paths.first()?;
        let dir = if first.is_dir() {
            first.as_path()
        } else {
            first.parent()?
        };
        let dir = if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        };
        Config::discover(dir)
    };
    match from_cwd.or_else(from_input) {
        Some(p) => Config::load(&p),
        None => Ok(Config::default()),
    }
}

fn print_diagnostics(diags: &[Diagnostic], quiet: bool) {
    for d in diags {
        if quiet && d.level == Level::Warning {
            continue;
        }
        eprintln!("crosscheck: {d}");
    }
}

fn paths_or_cwd(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

fn run(cli: Cli) -> u8 {
    let paths = match &cli.command {
        Some(Command::Extract(a)) => &a.paths,
        Some(Command::Check(a)) => &a.paths,
        Some(Command::Align(a)) => &a.paths,
        Some(Command::Score(a)) => match &a.file {
            Some(f) => std::slice::from_ref(f),
            None => &[],
        },
        Some(Command::Stage(StageArgs {
            action: StageAction::Extract { paths, .. },
            ..
        })) => paths,
        Some(Command::Rules(_) | Command::Explain(_) | Command::Init(_) | Command::Stage(_)) => &[],
        Some(Command::Baseline(a)) => &a.paths,
        Some(Command::Diff(a)) => &a.paths,
        None => &cli.check.paths,
    };
    let config = match load_config(&cli.global, paths) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("crosscheck: {d}");
            return EXIT_USAGE;
        }
    };
    let lex = match Lexicon::build(&config.lexicon) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("crosscheck: error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut ingest = Ingest::new(&lex, &config);
    ingest.strict = cli.global.strict;
    ingest.max_article_bytes = cli.global.max_article_mb.saturating_mul(1_000_000);
    match cli.command {
        Some(Command::Extract(args)) => {
            let mut corpus = ingest.run(&paths_or_cwd(args.paths));
            let claims = crate::check::extract_corpus(&mut corpus, &lex, ingest.strict).claims;
            print_diagnostics(&corpus.diagnostics, cli.global.quiet);
            let written = report::to_stdout(|out| match args.format {
                ExtractFormat::Json => report::extract::write_json(out, &corpus.documents, Some(&claims)),
                ExtractFormat::Human => report::extract::write_human(out, &corpus.documents, Some(&claims)),
            });
            finish(written, &corpus)
        }
        Some(Command::Check(args)) => check(&ingest, &config, &lex, args, cli.global.quiet),
        Some(Command::Align(args)) => {
            let aligner = match build_aligner(&config, |spec| {
                spec.threshold = args.threshold.or(spec.threshold);
                spec.window_days = args.window_days.or(spec.window_days);
                if args.cross_outlet_only {
                    spec.same_outlet = Some(false);
                }
            }) {
                Ok(a) => a,
                Err(code) => return code,
            };
            let mut corpus = ingest.run(&paths_or_cwd(args.paths));
            let claims = crate::check::extract_corpus(&mut corpus, &lex, ingest.strict).claims;
            print_diagnostics(&corpus.diagnostics, cli.global.quiet);
            let alignment = align(&corpus.documents, Some(&claims), &aligner);
            let written = report::to_stdout(|out| match args.format {
                ExtractFormat::Json => report::align::write_json(out, &corpus.documents, &alignment),
                ExtractFormat::Human => report::align::write_human(out, &corpus.documents, &alignment),
            });
            finish(written, &corpus)
        }
        Some(Command::Score(args)) => {
            match build_aligner(&config, |spec| spec.threshold = args.threshold.or(spec.threshold)) {
                Ok(a) => score(&a, args),
                Err(code) => code,
            }
        }
        Some(Command::Rules(args)) => {
            let rules = match load_rules(&config, &args.rules) {
                Ok(r) => r,
                Err(code) => return code,
            };
            match args.action {
                None => list_rules(&rules),
                Some(RulesAction::Test { dir }) => {
                    let only = match dir {
                        Some(d) => {
                            let mut set = RuleSet::default();
                            let errors = set.add_path(&d);
                            if !errors.is_empty() {
                                print_rule_errors(&errors);
                                return EXIT_USAGE;
                            }
                            set
                        }
                        None => rules,
                    };
                    match build_aligner(&config, |_| {}) {
                        Ok(aligner) => test_rules(&only, &lex, &config, &aligner),
                        Err(code) => code,
                    }
                }
            }
        }
        Some(Command::Explain(args)) => match load_rules(&config, &args.rules) {
            Ok(rules) => explain(&rules, &args.id),
            Err(code) => code,
        },
        Some(Command::Baseline(args)) => baseline(&ingest, &lex, args, cli.global.quiet),
        Some(Command::Diff(args)) => review(&ingest, &lex, args, cli.global.quiet),
        Some(Command::Init(args)) => init(&args),
        Some(Command::Stage(args)) => stage(&ingest, &config, args, cli.global.quiet, cli.global.strict),
        None => check(&ingest, &config, &lex, cli.check, cli.global.quiet),
    }
}

/// Writes to `-o FILE` (atomically; never inside an input folder) or to
/// standard output.
fn write_report(
    output: Option<&std::path::Path>,
    inputs: &[PathBuf],
    f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), u8> {
    match output {
        Some(path) => {
            if let Some(input) = report::inside_inputs(path, inputs) {
                eprintln!(
                    "crosscheck: error: {}: will not write inside the input folder {}; write it elsewhere",
                    path.display(),
                    input.display()
                );
                return Err(EXIT_USAGE);
            }
            report::write_atomic(path, f).map_err(|e| {
                eprintln!("crosscheck: error: {}: cannot write: {e}", path.display());
                EXIT_USAGE
            })
        }
        None => report::to_stdout(f).map_err(|e| {
            eprintln!("crosscheck: error: cannot write output: {e}");
            EXIT_USAGE
        }),
    }
}

/// `crosscheck init`: a commented configuration and the shipped rules,
/// written atomically; existing files are kept unless `--force`.
fn init(args: &InitArgs) -> u8 {
    const TEMPLATE: &str = include_str!("init-crosscheck.toml");
    let mut files: Vec<(PathBuf, &str)> = vec![(args.dir.join(crate::config::FILE_NAME), TEMPLATE)];
    for (name, text) in crate::rules::BUILTIN {
        files.push((args.dir.join("rules").join(name), text));
    }
    if let Err(e) = std::fs::create_dir_all(args.dir.join("rules")) {
        eprintln!(
            "crosscheck: error: {}: cannot create: {e}",
            args.dir.join("rules").display()
        );
        return EXIT_USAGE;
    }
    let mut code = EXIT_OK;
    for (path, text) in files {
        if path.exists() && !args.force {
            eprintln!("crosscheck: {} exists; kept (--force replaces it)", path.display());
            continue;
        }
        match report::write_atomic(&path, |out| out.write_all(text.as_bytes())) {
            Ok(()) => println!("wrote {}", path.display()),
            Err(e) => {
                eprintln!("crosscheck: error: {}: cannot write: {e}", path.display());
                code = EXIT_USAGE;
            }
        }
    }
    code
}

/// The rules and the aligner of a run that checks.
fn rules_and_aligner(config: &Config, extra: &[PathBuf]) -> Result<(RuleSet, Aligner), u8> {
    Ok((load_rules(config, extra)?, build_aligner(config, |_| {})?))
}

/// A spinner on standard error naming the stage, when standard error is a
/// terminal and the run is not quiet; it appears only once a run has taken
/// a moment, and is cleared at the end.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar))
    }

    fn stage(&self, what: &str) {
        if let Some(b) = &self.0 {
            // Short runs never show it.
            if b.is_hidden() && b.elapsed() >= std::time::Duration::from_millis(400) {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            b.set_message(what.to_string());
        }
    }

    fn done(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// A whole run over `paths`: the inputs, what was read, the alignment and the findings.
struct Checked {
    inputs: Vec<PathBuf>,
    corpus: Corpus,
    alignment: crate::align::Alignment,
    findings: Vec<crate::check::Finding>,
}

fn checked(
    ingest: &Ingest<'_>,
    lex: &Lexicon,
    paths: Vec<PathBuf>,
    extra_rules: &[PathBuf],
    quiet: bool,
) -> Result<Checked, u8> {
    let (rules, aligner) = rules_and_aligner(ingest.config, extra_rules)?;
    let inputs = paths_or_cwd(paths);
    let progress = Progress::new(quiet);
    progress.stage("reading articles");
    let mut corpus = ingest.run(&inputs);
    progress.stage("extracting quotes, figures, dates and names");
    let claims = crate::check::extract_corpus(&mut corpus, lex, ingest.strict).claims;
    let (alignment, findings) =
        crate::check::align_and_check(&corpus.documents, &claims, &aligner, &rules, &mut |s| progress.stage(s));
    progress.done();
    print_diagnostics(&corpus.diagnostics, quiet);
    Ok(Checked {
        inputs,
        corpus,
        alignment,
        findings,
    })
}

/// Whether to colour output that goes to a terminal or not.
fn resolve_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => report::findings::use_color(to_terminal),
    }
}

/// `crosscheck diff`: the review report.
fn review(ingest: &Ingest<'_>, lex: &Lexicon, args: DiffArgs, quiet: bool) -> u8 {
    use std::io::IsTerminal;
    let Checked {
        inputs,
        corpus,
        alignment,
        findings,
    } = match checked(ingest, lex, args.paths, &args.rules, quiet) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let color = resolve_color(args.color, args.output.is_none() && std::io::stdout().is_terminal());
    let format = match args.format {
        DiffOutput::Terminal => report::diff::DiffFormat::Terminal { color },
        DiffOutput::Markdown => report::diff::DiffFormat::Markdown,
        DiffOutput::Html => report::diff::DiffFormat::Html,
    };
    let written = write_report(args.output.as_deref(), &inputs, |out| {
        report::diff::write_review(out, &corpus.documents, &alignment, &findings, format)
    });
    match written {
        Ok(()) => finish(Ok(()), &corpus),
        Err(code) => code,
    }
}

/// `crosscheck baseline`: today's findings, by fingerprint.
fn baseline(ingest: &Ingest<'_>, lex: &Lexicon, args: BaselineArgs, quiet: bool) -> u8 {
    let Checked {
        inputs,
        corpus,
        findings,
        ..
    } = match checked(ingest, lex, args.paths, &args.rules, quiet) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let b = crate::check::baseline::Baseline::record(&corpus.documents, &findings);
    if let Err(code) = write_report(Some(&args.output), &inputs, |out| out.write_all(b.to_json().as_bytes())) {
        return code;
    }
    if !quiet {
        eprintln!(
            "crosscheck: recorded {} finding{} in {}",
            b.findings.len(),
            if b.findings.len() == 1 { "" } else { "s" },
            args.output.display()
        );
    }
    finish(Ok(()), &corpus)
}

/// The shipped rules, then those crosscheck.toml names, then `--rules`.
/// Broken files are shown as diagnostics; the exit code is 2.
fn load_rules(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, u8> {
    let mut set = RuleSet::builtin();
    let mut errors = Vec::new();
    for p in config.rules.iter().chain(extra) {
        errors.extend(set.add_path(p));
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        print_rule_errors(&errors);
        Err(EXIT_USAGE)
    }
}

fn print_rule_errors(errors: &[RuleError]) {
    use std::io::IsTerminal;
    let theme = if report::findings::use_color(std::io::stderr().is_terminal()) {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    for e in errors {
        let mut s = String::new();
        if e.span.is_some() && handler.render_report(&mut s, e).is_ok() {
            eprintln!("{}", s.trim_end());
        } else {
            eprintln!("crosscheck: error: {e}");
        }
    }
}

fn list_rules(rules: &RuleSet) -> u8 {
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let kind_width = rules.rules.iter().map(|r| r.kind.name().len()).max().unwrap_or(0);
    let written = report::to_stdout(|out| {
        for r in &rules.rules {
            writeln!(
                out,
                "{:width$}  {:kind_width$}  {:7}  {}{}",
                r.id,
                r.kind.name(),
                r.severity.name(),
                r.summary,
                if r.enabled { "" } else { " (disabled)" },
            )?;
        }
        Ok(())
    });
    exit_after_writing(written)
}

fn test_rules(rules: &RuleSet, lex: &Lexicon, config: &Config, aligner: &Aligner) -> u8 {
    let outcomes = crate::rules::testing::run_all(rules, lex, config, aligner);
    let failed = outcomes.iter().filter(|o| !o.failures.is_empty()).count();
    let written = report::to_stdout(|out| {
        for o in &outcomes {
            let status = if o.failures.is_empty() { "ok    " } else { "FAILED" };
            writeln!(out, "{status} {} / {} ({}:{})", o.rule, o.name, o.origin, o.line)?;
            for f in &o.failures {
                writeln!(out, "         {f}")?;
            }
        }
        writeln!(
            out,
            "{} test case{}: {} passed, {failed} failed",
            outcomes.len(),
            if outcomes.len() == 1 { "" } else { "s" },
            outcomes.len() - failed
        )
    });
    match exit_after_writing(written) {
        EXIT_OK if failed > 0 => EXIT_FINDINGS,
        code => code,
    }
}

fn explain(rules: &RuleSet, id: &str) -> u8 {
    let Some(r) = rules.get(id) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        eprintln!("crosscheck: error: no rule `{id}`; the rules are {}", ids.join(", "));
        return EXIT_USAGE;
    };
    let written = report::to_stdout(|out| {
        writeln!(out, "{}: {}", r.id, r.summary)?;
        writeln!(out)?;
        writeln!(out, "  kind:      {}", r.kind.name())?;
        writeln!(out, "  severity:  {}", r.severity.name())?;
        writeln!(out, "  enabled:   {}", if r.enabled { "yes" } else { "no" })?;
        writeln!(out, "  from:      {}", r.origin)?;
        if !r.scope.outlets.is_empty() {
            writeln!(out, "  outlets:   {}", r.scope.outlets.join(", "))?;
        }
        if !r.scope.paths.is_empty() {
            writeln!(out, "  paths:     {}", r.scope.paths.join(", "))?;
        }
        writeln!(out, "  message:   {}", r.message.source)?;
        if let Some(h) = &r.help {
            writeln!(out, "  help:      {h}")?;
        }
        if let Some(u) = &r.url {
            writeln!(out, "  url:       {u}")?;
        }
        writeln!(out, "  tests:     {}", r.tests.len())?;
        if let Some(d) = &r.description {
            writeln!(out)?;
            for line in d.trim_end().lines() {
                writeln!(out, "  {line}")?;
            }
        }
        writeln!(out)?;
        writeln!(out, "Options (defaults shown when the rule file does not set them):")?;
        writeln!(out, "{}", indent(&format!("{:#?}", r.options), "  "))?;
        Ok(())
    });
    exit_after_writing(written)
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}")).collect::<Vec<_>>().join("\n")
}

/// The aligner of the configuration, with the command line's settings
/// applied by `edit`; a bad setting is reported and gives the exit code.
fn build_aligner(config: &Config, edit: impl FnOnce(&mut AlignSpec)) -> Result<Aligner, u8> {
    let mut spec = config.align.clone();
    edit(&mut spec);
    Aligner::build(&spec, config.align_model.as_deref()).map_err(|e| {
        eprintln!("crosscheck: error: {e}");
        EXIT_USAGE
    })
}

/// 0 when the output was written, else 2 with a message.
fn exit_after_writing(written: std::io::Result<()>) -> u8 {
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("crosscheck: error: cannot write output: {e}");
            EXIT_USAGE
        }
    }
}

fn finish(written: std::io::Result<()>, corpus: &Corpus) -> u8 {
    if exit_after_writing(written) != EXIT_OK {
        return EXIT_USAGE;
    }
    if corpus.diagnostics.iter().any(|d| d.level == Level::Error) {
        EXIT_USAGE
    } else {
        EXIT_OK
    }
}

/// The main job: read, extract, align, check, report. Exit 1 when a
/// finding at or above `--fail-on` is reported.
fn check(ingest: &Ingest<'_>, config: &Config, lex: &Lexicon, args: CheckArgs, quiet: bool) -> u8 {
    use std::io::IsTerminal;
    let (rules, aligner) = match rules_and_aligner(config, &args.rules) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let base = match &args.baseline {
        Some(p) => match crate::check::baseline::Baseline::load(p) {
            Ok(b) => Some(b),
            Err(d) => {
                eprintln!("crosscheck: {d}");
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let inputs = paths_or_cwd(args.paths);
    let progress = Progress::new(quiet);
    progress.stage("reading articles");
    // With --against, the archive is read first; the new articles follow.
    let mut corpus = ingest.run(&args.against);
    let mut archived = corpus.documents.len();
    let new = ingest.run(&inputs);
    corpus.documents.extend(new.documents);
    corpus.diagnostics.extend(new.diagnostics);
    progress.stage("extracting quotes, figures, dates and names");
    let extracted = crate::check::extract_corpus(&mut corpus, lex, ingest.strict);
    archived -= extracted.left_out.iter().filter(|&&i| i < archived).count();
    let docs = &corpus.documents;
    let (alignment, mut findings) =
        crate::check::align_and_check(docs, &extracted.claims, &aligner, &rules, &mut |s| progress.stage(s));
    progress.done();
    print_diagnostics(&corpus.diagnostics, quiet);
    if !args.against.is_empty() {
        findings.retain(|f| f.locations.iter().any(|l| l.doc >= archived));
    }
    let applied = base.as_ref().map(|b| b.apply(&mut findings));
    let mut summary = report::findings::Summary::new(docs, &alignment, &rules, &findings);
    summary.left_out = (!extracted.left_out.is_empty()).then_some(extracted.left_out.len());
    if let Some(a) = &applied {
        summary.baselined = Some(a.hidden);
        summary.stale = Some(a.stale.len());
        if !quiet {
            for e in &a.stale {
                eprintln!(
                    "crosscheck: note: stale baseline entry {} ({}): {}",
                    e.fingerprint, e.rule, e.message
                );
            }
        }
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = resolve_color(args.color, to_terminal);
    let mut all_inputs = inputs.clone();
    all_inputs.extend(args.against.iter().cloned());
    let written = write_report(args.output.as_deref(), &all_inputs, |out| match args.format {
        CheckFormat::Json => report::findings::write_json(out, &json_findings(docs, &findings), &summary),
        CheckFormat::Jsonl => report::formats::write_jsonl(out, &json_findings(docs, &findings)),
        CheckFormat::Sarif => report::formats::write_sarif(out, &rules, &json_findings(docs, &findings)),
        CheckFormat::Github => report::formats::write_github(out, &json_findings(docs, &findings)),
        CheckFormat::Concise => report::formats::write_concise(out, &json_findings(docs, &findings)),
        CheckFormat::Human => report::findings::write_human(out, docs, &rules, &findings, &summary, color),
    });
    if let Err(code) = written {
        return code;
    }
    let code = finish(Ok(()), &corpus);
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    if code == EXIT_OK && failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        code
    }
}

/// `crosscheck stage ACTION`: one NDJSON filter. Lines that cannot be read
/// are reported and skipped; with --strict they make the run exit 2.
fn stage(ingest: &Ingest<'_>, config: &Config, args: StageArgs, quiet: bool, strict: bool) -> u8 {
    let aligner = match build_aligner(config, |_| {}) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let rules = match load_rules(config, &args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let action = args.action;
    let stdin = std::io::stdin();
    let mut input = std::io::BufReader::with_capacity(1 << 16, stdin.lock());
    let mut diags = Vec::new();
    let written = report::to_stdout(|out| {
        let (written, d) = match action {
            StageAction::Extract {
                paths, records: None, ..
            } => crate::stage::extract_paths(ingest, &paths_or_cwd(paths), &aligner, &rules, out),
            StageAction::Extract {
                records: Some(name),
                doc_base,
                ..
            } => crate::stage::extract_records(ingest, &name, doc_base, &mut input, &aligner, &rules, out),
            StageAction::Shuffle => crate::stage::shuffle(&mut input, &aligner, out),
            StageAction::Verify => crate::stage::verify_buckets(&mut input, &aligner, out),
            StageAction::Stories => crate::stage::stories(&mut input, &aligner, out),
            StageAction::People => crate::stage::people(&mut input, &rules, out),
            StageAction::Corpus => crate::stage::corpus(&mut input, &rules, out),
            StageAction::Check { records } => crate::stage::check(ingest, &records, &mut input, &rules, out),
            StageAction::Report { format } => crate::stage::report_findings(&mut input, &rules, format, out),
        };
        diags = d;
        written
    });
    print_diagnostics(&diags, quiet);
    let code = exit_after_writing(written);
    if code == EXIT_OK && diags.iter().any(|d| d.level == Level::Error || strict) {
        EXIT_USAGE
    } else {
        code
    }
}

/// `crosscheck score`: one output line per input line, in order.
fn score(aligner: &Aligner, args: ScoreArgs) -> u8 {
    use std::io::Read;
    let (shown, bytes) = match &args.file {
        Some(p) => (p.display().to_string(), std::fs::read(p)),
        None => {
            let mut v = Vec::new();
            ("<stdin>".to_string(), std::io::stdin().read_to_end(&mut v).map(|_| v))
        }
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("crosscheck: error: {shown}: cannot read: {e}");
            return EXIT_USAGE;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    let mut bad = Vec::new();
    let pairs: Vec<Option<(&str, &str)>> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let fields: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            let pair = match fields.len() {
                2 => Some((fields[0], fields[1])),
                3 => Some((fields[1], fields[2])),
                _ => None,
            };
            if pair.is_none() {
                bad.push(i + 1);
            }
            pair
        })
        .collect();
    for line in &bad {
        eprintln!(
            "crosscheck: warning: {shown}:{line}: expected SENTENCE<TAB>SENTENCE (or LABEL<TAB>SENTENCE<TAB>SENTENCE); scored 0"
        );
    }
    let norm = &aligner.norm;
    let results: Vec<(f64, bool, Option<crate::align::features::Features>)> = pairs
        .par_iter()
        .map(|p| match p {
            Some((a, b)) => {
                let (na, nb) = (norm.normalize(a), norm.normalize(b));
                let (score, aligned, f) = aligner.judge(&aligner.profile(&na), &aligner.profile(&nb));
                (score, aligned, Some(f))
            }
            None => (0.0, false, None),
        })
        .collect();
    let written = report::to_stdout(|out| {
        for &(score, aligned, f) in &results {
            match args.format {
                ScoreFormat::Human => writeln!(out, "{score:.4}\t{}", if aligned { "aligned" } else { "not-aligned" })?,
                ScoreFormat::Json => writeln!(
                    out,
                    "{}",
                    serde_json::json!({"score": (score * 10_000.0).round() / 10_000.0, "aligned": aligned})
                )?,
                ScoreFormat::Features => {
                    let f = f.unwrap_or([0.0; crate::align::features::NAMES.len()]);
                    let cols: Vec<String> = f.iter().map(|x| format!("{x}")).collect();
                    writeln!(out, "{}", cols.join("\t"))?
                }
            }
        }
        Ok(())
    });
    exit_after_writing(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        global_options_last(v.iter().map(std::ffi::OsString::from).collect())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn global_options_before_the_subcommand() {
        assert_eq!(
            args(&["cc", "--config", "c.toml", "-q", "align", "x"]),
            ["cc", "align", "--config", "c.toml", "-q", "x"]
        );
        assert_eq!(
            args(&["cc", "--config=c.toml", "score"]),
            ["cc", "score", "--config=c.toml"]
        );
        assert_eq!(
            args(&["cc", "--config", "c.toml", "folder"]),
            ["cc", "--config", "c.toml", "folder"]
        );
        assert_eq!(args(&["cc", "align", "x"]), ["cc", "align", "x"]);
        let cli = Cli::parse_from(args(&["cc", "--quiet", "extract", "a.md"]));
        assert!(matches!(cli.command, Some(Command::Extract(_))));
        assert!(cli.global.quiet);
    }
}
