//! `crosscheck.toml`: found in the working folder or a parent, or named
//! with `--config`. It extends the shipped lexicon and sets metadata for
//! files that do not carry their own.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::align::AlignSpec;
use crate::align::model::Model;
use crate::diag::Diagnostic;
use crate::extract::lexicon::{PersonSpec, SpeechSpec};
use crate::lexicon::{BoilerplateSpec, Lexicon, LexiconExtension, Outlet, SegmentSpec};

pub const FILE_NAME: &str = "crosscheck.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    outlet: Vec<Outlet>,
    boilerplate: Option<BoilerplateSpec>,
    segment: Option<SegmentSpec>,
    speech: Option<SpeechSpec>,
    figures: Option<crate::extract::figures::FigureSpec>,
    events: Option<crate::extract::frames::EventSpec>,
    #[serde(default)]
    person: Vec<PersonSpec>,
    #[serde(default)]
    files: Vec<RawFileRule>,
    align: Option<AlignSpec>,
    /// Rule files or folders to add, relative to the configuration's folder.
    #[serde(default)]
    rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFileRule {
    path: String,
    outlet: Option<String>,
    published: Option<String>,
    title: Option<String>,
}

/// Metadata for files matching a glob.
#[derive(Clone, Debug)]
pub struct FileRule {
    pub glob: String,
    matcher: GlobMatcher,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
}

/// A loaded configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// The folder globs are relative to.
    pub root: Option<PathBuf>,
    pub lexicon: LexiconExtension,
    pub files: Vec<FileRule>,
    /// The `[align]` table.
    pub align: AlignSpec,
    /// The text of the model file `[align] model` names.
    pub align_model: Option<String>,
    /// Rule files and folders `rules = [...]` names, resolved against the
    /// configuration's folder.
    pub rules: Vec<PathBuf>,
}

impl Config {
    /// Looks for `crosscheck.toml` in `start` and its parents.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = start.canonicalize().ok()?;
        start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
    }

    /// Reads and checks a configuration file. Errors name the file, line
    /// and column.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
        Self::parse(&text, &shown, path.parent())
    }

    /// Parses configuration text (`shown` names it in errors).
    pub fn parse(text: &str, shown: &str, dir: Option<&Path>) -> Result<Config, Diagnostic> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let d = Diagnostic::error(shown, e.message().to_string());
            match e.span() {
                Some(s) => {
                    let (line, col) = crate::diag::line_col(text, s.start);
                    d.at(line, Some(col))
                }
                None => d,
            }
        })?;
        let at = |needle: &str| {
            text.find(needle)
                .map(|o| crate::diag::line_col(text, o))
                .map_or((1, 1), |x| x)
        };
        let mut files = Vec::new();
        for f in raw.files {
            let glob = Glob::new(&f.path).map_err(|e| {
                let (l, c) = at(&f.path);
                Diagnostic::error(shown, format!("bad glob {:?}: {e}", f.path)).at(l, Some(c))
            })?;
            files.push(FileRule {
                matcher: glob.compile_matcher(),
                glob: f.path,
                outlet: f.outlet,
                published: f.published,
                title: f.title,
            });
        }
        let align = raw.align.unwrap_or_default();
        let align_model = match &align.model {
            Some(m) => {
                let path = dir.map_or_else(|| PathBuf::from(m), |d| d.join(m));
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    let (l, c) = at(m);
                    Diagnostic::error(shown, format!("cannot read the align model {}: {e}", path.display()))
                        .at(l, Some(c))
                })?;
                Model::parse(&text).map_err(|e| Diagnostic::error(path.display().to_string(), e))?;
                Some(text)
            }
            None => None,
        };
        align.check().map_err(|e| {
            let key = e
                .split_once(' ')
                .map_or("[align]", |(k, _)| k.trim_start_matches("align."));
            let (l, c) = at(key);
            Diagnostic::error(shown, e).at(l, Some(c))
        })?;
        let cfg = Config {
            path: Some(PathBuf::from(shown)),
            root: dir.map(Path::to_path_buf),
            lexicon: LexiconExtension {
                outlets: raw.outlet,
                boilerplate: raw.boilerplate,
                segment: raw.segment,
                speech: raw.speech,
                people: raw.person,
                figures: raw.figures,
                events: raw.events,
            },
            files,
            align,
            align_model,
            rules: raw
                .rules
                .iter()
                .map(|r| dir.map_or_else(|| PathBuf::from(r), |d| d.join(r)))
                .collect(),
        };
        // Check that the extended lexicon compiles (bad regexes).
        Lexicon::build(&cfg.lexicon).map_err(|e| Diagnostic::error(shown, e))?;
        Ok(cfg)
    }

    /// The file rules that apply to `path` (as walked).
    pub fn rules_for(&self, path: &Path) -> impl Iterator<Item = &FileRule> {
        let rel = self.relative(path);
        self.files
            .iter()
            .filter(move |r| r.matcher.is_match(path) || rel.as_ref().is_some_and(|p| r.matcher.is_match(p)))
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let root = self.root.as_ref()?.canonicalize().ok()?;
        let abs = path.canonicalize().ok()?;
        abs.strip_prefix(root).ok().map(Path::to_path_buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_positions() {
        let cfg = Config::parse(
            "[[outlet]]\nname = \"Wire\"\ndomains = [\"wire.test\"]\n\n[[files]]\npath = \"wire/*.txt\"\noutlet = \"Wire\"\n",
            "crosscheck.toml",
            None,
        )
        .unwrap();
        assert_eq!(cfg.lexicon.outlets[0].name, "Wire");
        assert_eq!(cfg.rules_for(Path::new("wire/a.txt")).count(), 1);
        let err = Config::parse("[[outlet]]\nname = \"X\"\nbogus = 1\n", "c.toml", None).unwrap_err();
        assert_eq!(err.line, Some(3));
        let err = Config::parse("[boilerplate]\npatterns = [\"(\"]\n", "c.toml", None).unwrap_err();
        assert!(err.message.contains("pattern"), "{}", err.message);
    }
}
