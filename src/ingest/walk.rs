//! Walks the command-line paths: recursive, sorted, honouring .gitignore
//! and .crosscheckignore. Files named on the command line are always read;
//! files found in folders are read when their extension is one crosscheck
//! knows (or they have none).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

pub const IGNORE_FILE: &str = ".crosscheckignore";

const KNOWN: &[&str] = &[
    "md", "markdown", "txt", "text", "html", "htm", "xhtml", "json", "jsonl", "ndjson", "gz",
];

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    /// Restricts a record file to one record: its line or id.
    pub select: Option<Select>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Select {
    Line(usize),
    Id(String),
}

fn is_known(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => KNOWN.iter().any(|k| k.eq_ignore_ascii_case(ext)),
    }
}

/// `FILE:LINE` and `FILE#ID` address one record of a record file.
fn split_selector(arg: &Path) -> Option<(PathBuf, Select)> {
    let s = arg.to_str()?;
    if let Some((file, line)) = s.rsplit_once(':')
        && let Ok(n) = line.parse::<usize>()
        && Path::new(file).is_file()
    {
        return Some((PathBuf::from(file), Select::Line(n)));
    }
    if let Some((file, id)) = s.rsplit_once('#')
        && !id.is_empty()
        && Path::new(file).is_file()
    {
        return Some((PathBuf::from(file), Select::Id(id.to_string())));
    }
    None
}

/// Expands `args` into sorted inputs; unreadable arguments become
/// diagnostics.
pub fn walk(args: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        let meta = std::fs::metadata(arg);
        match meta {
            Ok(m) if m.is_file() => out.push(Input {
                path: arg.clone(),
                select: None,
            }),
            Ok(m) if m.is_dir() => walk_dir(arg, &mut out, diags),
            Ok(_) => diags.push(Diagnostic::warning(
                arg.display().to_string(),
                "not a file or folder; skipped",
            )),
            Err(e) => match split_selector(arg) {
                Some((path, select)) => out.push(Input {
                    path,
                    select: Some(select),
                }),
                None => diags.push(Diagnostic::error(
                    arg.display().to_string(),
                    format!("cannot read: {e}"),
                )),
            },
        }
    }
    out.sort();
    out.dedup();
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<Input>, diags: &mut Vec<Diagnostic>) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(true)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && is_known(e.path()) {
                    let name = e.file_name().to_string_lossy();
                    if name == crate::config::FILE_NAME {
                        continue;
                    }
                    out.push(Input {
                        path: e.into_path(),
                        select: None,
                    });
                }
            }
            Err(err) => {
                let path = err_path(&err).unwrap_or_else(|| dir.display().to_string());
                diags.push(Diagnostic::warning(path, format!("skipped: {}", err_message(&err))));
            }
        }
    }
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => err_path(err),
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}

fn err_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => err_message(err),
        ignore::Error::Loop { ancestor, .. } => format!("symbolic link loop back to {}", ancestor.display()),
        other => other.to_string(),
    }
}
