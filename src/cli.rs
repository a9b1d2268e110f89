//! The command line. `check` is the default subcommand, so `crosscheck
//! PATHS` checks them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Level};
use crate::extract::{Claims, extract};
use crate::ingest::{Corpus, Ingest};
use crate::lexicon::Lexicon;
use crate::report;

const EXAMPLES: &str = "\
Examples:
  crosscheck fixtures/harbor-strike           check a folder of articles
  crosscheck extract article.md               show what crosscheck reads: metadata, sentences, claims
  crosscheck extract --format json a.txt b/   the same as JSON
  crosscheck extract archive.jsonl.gz:17      one record of a JSONL archive (FILE:LINE or FILE#ID)
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
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check articles against each other (the default).
    Check(CheckArgs),
    /// Show what crosscheck reads from each article: metadata, sentences, quotes with their speakers,
    /// figures, dates and names, each with its position.
    #[command(after_help = EXAMPLES)]
    Extract(ExtractArgs),
}

#[derive(Debug, Args, Default)]
struct CheckArgs {
    /// Files and folders to read (default: the current folder). A record of a JSONL file can be named as FILE:LINE or FILE#ID.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
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
pub const EXIT_USAGE: u8 = 2;

/// Parses the arguments and runs.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(run(cli))
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
    let ingest = Ingest::new(&lex, &config);
    match cli.command {
        Some(Command::Extract(args)) => {
            let corpus = ingest.run(&paths_or_cwd(args.paths));
            print_diagnostics(&corpus.diagnostics, cli.global.quiet);
            let claims: Vec<Claims> = corpus.documents.par_iter().map(|d| extract(d, &lex)).collect();
            let written = report::to_stdout(|out| match args.format {
                ExtractFormat::Json => report::extract::write_json(out, &corpus.documents, Some(&claims)),
                ExtractFormat::Human => report::extract::write_human(out, &corpus.documents, Some(&claims)),
            });
            finish(written, &corpus)
        }
        Some(Command::Check(args)) => check(&ingest, args, cli.global.quiet),
        None => check(&ingest, cli.check, cli.global.quiet),
    }
}

fn finish(written: std::io::Result<()>, corpus: &Corpus) -> u8 {
    if let Err(e) = written {
        eprintln!("crosscheck: error: cannot write output: {e}");
        return EXIT_USAGE;
    }
    if corpus.diagnostics.iter().any(|d| d.level == Level::Error) {
        EXIT_USAGE
    } else {
        EXIT_OK
    }
}

/// Reads the articles and says what was read. Alignment and the rule
/// checks build on this.
fn check(ingest: &Ingest<'_>, args: CheckArgs, quiet: bool) -> u8 {
    let corpus = ingest.run(&paths_or_cwd(args.paths));
    print_diagnostics(&corpus.diagnostics, quiet);
    let docs = &corpus.documents;
    let outlets: BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let written = report::to_stdout(|out| {
        for d in docs {
            writeln!(
                out,
                "{}: {} sentences, outlet {}, published {}",
                d.name(),
                d.sentences.len(),
                d.outlet.as_deref().unwrap_or("unknown"),
                d.published.map_or_else(|| "unknown".to_string(), |p| p.to_string()),
            )?;
        }
        writeln!(
            out,
            "read {} document{} from {} outlet{}, {} sentences; no rule checks run yet",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            outlets.len(),
            if outlets.len() == 1 { "" } else { "s" },
            sentences
        )
    });
    finish(written, &corpus)
}
