//! Rules as data. Each TOML file in `rules/` is one rule: an id, the
//! built-in checker it configures (`kind`), a severity, a message template,
//! help, the checker's options, a scope, and inline test cases. The shipped
//! rules are compiled into the binary; `--rules DIR` and `rules = [...]` in
//! crosscheck.toml add rules or replace shipped ones by id.

pub mod options;
pub mod template;
pub mod testing;

use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

pub use options::Options;
use template::Template;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The built-in checkers a rule can configure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    QuoteWording,
    QuoteAttribution,
    QuoteTruncation,
    FigureMismatch,
    DateMismatch,
    NameVariant,
    Pattern,
    Consistency,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::QuoteWording,
        Kind::QuoteAttribution,
        Kind::QuoteTruncation,
        Kind::FigureMismatch,
        Kind::DateMismatch,
        Kind::NameVariant,
        Kind::Pattern,
        Kind::Consistency,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::QuoteWording => "quote.wording",
            Kind::QuoteAttribution => "quote.attribution",
            Kind::QuoteTruncation => "quote.truncation",
            Kind::FigureMismatch => "figure.mismatch",
            Kind::DateMismatch => "date.mismatch",
            Kind::NameVariant => "name.variant",
            Kind::Pattern => "pattern",
            Kind::Consistency => "consistency",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The placeholders a message template of this kind may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Kind::QuoteWording => &["outlet", "other_outlets", "speaker", "text", "other_text", "changes"],
            Kind::QuoteAttribution => &["outlet", "other_outlets", "speaker", "other_speakers", "text"],
            Kind::QuoteTruncation => &["outlet", "other_outlets", "speaker", "text", "other_text", "missing"],
            Kind::FigureMismatch => &[
                "outlet",
                "other_outlets",
                "value",
                "other_value",
                "counted",
                "hedged",
                "text",
                "other_text",
            ],
            Kind::DateMismatch => &["outlet", "other_outlets", "date", "other_date", "text", "other_text"],
            Kind::NameVariant => &["outlet", "other_outlets", "person", "name", "other_names", "reference"],
            Kind::Pattern => &["outlet", "match", "replacement"],
            Kind::Consistency => &["outlet", "other_outlets", "term", "other_terms"],
        }
    }
}

/// Which articles a rule looks at.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Outlet names (empty: every outlet).
    pub outlets: Vec<String>,
    /// Path globs (empty: every path).
    pub paths: Vec<String>,
    matcher: Option<GlobSet>,
}

impl Scope {
    /// Whether an article with this path and outlet is in scope.
    pub fn contains(&self, path: &str, outlet: Option<&str>) -> bool {
        let outlet_ok =
            self.outlets.is_empty() || outlet.is_some_and(|o| self.outlets.iter().any(|s| s.eq_ignore_ascii_case(o)));
        let path_ok = match &self.matcher {
            None => true,
            Some(m) => m.is_match(path) || m.is_match(path.trim_start_matches("./")),
        };
        outlet_ok && path_ok
    }

    pub fn is_everything(&self) -> bool {
        self.outlets.is_empty() && self.paths.is_empty()
    }
}

/// One article of an inline test case.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestArticle {
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub text: String,
}

/// A finding an inline test case expects.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// 1-based index of the article holding the primary location.
    pub article: usize,
    /// 1-based line of the primary location in that article's text.
    pub line: Option<usize>,
    /// Text the message must contain.
    pub message: Option<String>,
    /// The severity the finding must have.
    pub severity: Option<Severity>,
}

/// An inline test case: small articles and the findings they must give
/// (exactly these, no more).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub name: String,
    pub articles: Vec<TestArticle>,
    #[serde(default)]
    pub expect: Vec<Expected>,
    /// Options that replace the rule's own for this case
    /// (`options = { accepted = [["Ruiz", "Ruis"]] }`).
    #[serde(default)]
    pub options: Option<toml::Table>,
    /// The rule's options with this case's replacements (filled in on load).
    #[serde(skip)]
    pub with_options: Option<options::Options>,
    /// Line of the `[[test]]` table in the rule file (filled in on load).
    #[serde(skip)]
    pub line: usize,
}

/// A loaded, validated rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    /// One line for `crosscheck rules`.
    pub summary: String,
    pub message: Template,
    pub help: Option<String>,
    pub url: Option<String>,
    /// Longer documentation for `crosscheck explain`.
    pub description: Option<String>,
    pub enabled: bool,
    pub scope: Scope,
    pub options: Options,
    pub tests: Vec<RuleTest>,
    /// Where the rule came from: a path, or `builtin:rules/NAME.toml`.
    pub origin: String,
}

/// A rule file that does not load: file, line, column and why.
#[derive(Clone, Debug)]
pub struct RuleError {
    pub path: String,
    /// Byte span in `text` the error points at (None: the whole file).
    pub span: Option<std::ops::Range<usize>>,
    pub text: String,
    pub message: String,
    /// The file as miette shows it.
    named: Option<std::sync::Arc<miette::NamedSource<String>>>,
}

impl RuleError {
    pub fn new(path: &str, text: &str, span: Option<std::ops::Range<usize>>, message: String) -> Self {
        let named = span
            .as_ref()
            .map(|_| std::sync::Arc::new(miette::NamedSource::new(path, text.to_string())));
        RuleError {
            path: path.to_string(),
            span,
            text: text.to_string(),
            message,
            named,
        }
    }

    /// 1-based line and column of the error.
    pub fn line_col(&self) -> (usize, usize) {
        match &self.span {
            Some(s) => crate::diag::line_col(&self.text, s.start),
            None => (1, 1),
        }
    }

    pub fn to_diagnostic(&self) -> crate::diag::Diagnostic {
        let (l, c) = self.line_col();
        crate::diag::Diagnostic::error(&self.path, &self.message).at(l, Some(c))
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (l, c) = self.line_col();
        write!(f, "{}:{l}:{c}: {}", self.path, self.message)
    }
}

impl std::error::Error for RuleError {}

impl miette::Diagnostic for RuleError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("crosscheck::rule"))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.named.as_deref().map(|n| n as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let s = self.span.clone()?;
        let span = miette::SourceSpan::new(s.start.into(), s.end.saturating_sub(s.start));
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_primary_with_span(
            Some("here".into()),
            span,
        ))))
    }
}

/// The raw shape of a rule file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: toml::Spanned<String>,
    kind: toml::Spanned<String>,
    severity: Severity,
    summary: String,
    message: toml::Spanned<String>,
    help: Option<String>,
    url: Option<String>,
    description: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    scope: RawScope,
    options: Option<toml::Spanned<toml::Table>>,
    #[serde(default)]
    test: Vec<toml::Spanned<RuleTest>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    outlets: Vec<String>,
    #[serde(default)]
    paths: Vec<toml::Spanned<String>>,
}

/// Parses one rule file (`shown` names it in errors).
pub fn parse_rule(text: &str, shown: &str) -> Result<Rule, RuleError> {
    let err = |span: Option<std::ops::Range<usize>>, message: String| RuleError::new(shown, text, span, message);
    let raw: RawRule = toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().to_string()))?;
    let id = raw.id.get_ref().trim().to_string();
    if id.is_empty() || id.chars().any(|c| c.is_whitespace()) {
        return Err(err(
            Some(raw.id.span()),
            "a rule id is one word, like `quote.wording`".into(),
        ));
    }
    let kind = Kind::parse(raw.kind.get_ref()).ok_or_else(|| {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        err(
            Some(raw.kind.span()),
            format!(
                "unknown kind `{}`; the kinds are {}",
                raw.kind.get_ref(),
                known.join(", ")
            ),
        )
    })?;
    let message =
        Template::parse(raw.message.get_ref(), kind.placeholders()).map_err(|e| err(Some(raw.message.span()), e))?;
    let options = match &raw.options {
        Some(t) => Options::parse(kind, t.get_ref().clone()).map_err(|(key, e)| {
            let span = key
                .and_then(|k| find_key(text, t.span().start..text.len(), &k))
                .unwrap_or_else(|| t.span());
            err(Some(span), e)
        })?,
        None => Options::parse(kind, toml::Table::new()).map_err(|(_, e)| err(None, e))?,
    };
    let mut builder = GlobSetBuilder::new();
    for p in &raw.scope.paths {
        let g = Glob::new(p.get_ref()).map_err(|e| err(Some(p.span()), format!("bad path glob: {e}")))?;
        builder.add(g);
    }
    let matcher = if raw.scope.paths.is_empty() {
        None
    } else {
        Some(builder.build().map_err(|e| err(None, format!("bad path globs: {e}")))?)
    };
    let mut tests = Vec::new();
    for t in raw.test {
        let span = t.span();
        let mut test = t.into_inner();
        test.line = crate::diag::line_col(text, span.start).0;
        if test.articles.is_empty() {
            return Err(err(Some(span), format!("test `{}` has no articles", test.name)));
        }
        if let Some(own) = &test.options {
            let mut merged = raw.options.as_ref().map(|t| t.get_ref().clone()).unwrap_or_default();
            merged.extend(own.clone());
            let parsed = Options::parse(kind, merged)
                .map_err(|(_, e)| err(Some(span.clone()), format!("test `{}`: {e}", test.name)))?;
            test.with_options = Some(parsed);
        }
        for e in &test.expect {
            if e.article == 0 || e.article > test.articles.len() {
                return Err(err(
                    Some(span),
                    format!(
                        "test `{}` expects a finding in article {} but has {} article(s)",
                        test.name,
                        e.article,
                        test.articles.len()
                    ),
                ));
            }
        }
        tests.push(test);
    }
    Ok(Rule {
        id,
        kind,
        severity: raw.severity,
        summary: raw.summary,
        message,
        help: raw.help,
        url: raw.url,
        description: raw.description,
        enabled: raw.enabled,
        scope: Scope {
            outlets: raw.scope.outlets,
            paths: raw.scope.paths.into_iter().map(|p| p.into_inner()).collect(),
            matcher,
        },
        options,
        tests,
        origin: shown.to_string(),
    })
}

/// The span of `key = ` inside `within` of the text.
fn find_key(text: &str, within: std::ops::Range<usize>, key: &str) -> Option<std::ops::Range<usize>> {
    let region = text.get(within.clone())?;
    let mut from = 0;
    while let Some(i) = region[from..].find(key) {
        let at = from + i;
        let before_ok = at == 0 || region[..at].ends_with(|c: char| c.is_whitespace() || c == '{' || c == ',');
        let after = region[at + key.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return Some(within.start + at..within.start + at + key.len());
        }
        from = at + key.len();
    }
    None
}

/// The shipped rule files, compiled in.
pub const BUILTIN: &[(&str, &str)] = &[
    ("quote-wording.toml", include_str!("../../rules/quote-wording.toml")),
    (
        "quote-attribution.toml",
        include_str!("../../rules/quote-attribution.toml"),
    ),
    (
        "quote-truncation.toml",
        include_str!("../../rules/quote-truncation.toml"),
    ),
    ("figure-mismatch.toml", include_str!("../../rules/figure-mismatch.toml")),
    ("date-mismatch.toml", include_str!("../../rules/date-mismatch.toml")),
    ("name-variant.toml", include_str!("../../rules/name-variant.toml")),
    ("style-kyiv.toml", include_str!("../../rules/style-kyiv.toml")),
    ("style-email.toml", include_str!("../../rules/style-email.toml")),
];

/// The rules of a run: the shipped ones, then each added file in order;
/// a rule with the id of an earlier one replaces it.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The shipped rules.
    pub fn builtin() -> RuleSet {
        let mut set = RuleSet::default();
        for (name, text) in BUILTIN {
            let rule = parse_rule(text, &format!("builtin:rules/{name}")).expect("shipped rules are valid");
            set.add(rule);
        }
        set
    }

    /// Adds a rule, replacing one with the same id.
    pub fn add(&mut self, rule: Rule) {
        match self.rules.iter_mut().find(|r| r.id == rule.id) {
            Some(r) => *r = rule,
            None => self.rules.push(rule),
        }
    }

    /// Adds the rules of a file, or of every `*.toml` file directly in a
    /// folder (in name order). Every broken file is reported; the good
    /// ones are still added.
    pub fn add_path(&mut self, path: &Path) -> Vec<RuleError> {
        let mut errors = Vec::new();
        for file in rule_files(path, &mut errors) {
            let shown = file.display().to_string();
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    match parse_rule(&text, &shown) {
                        Ok(rule) => self.add(rule),
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(RuleError::new(&shown, "", None, format!("cannot read: {e}"))),
            }
        }
        errors
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The enabled rules.
    pub fn enabled(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.enabled)
    }
}

/// The rule files at `path`: the file itself, or the `*.toml` files of a folder.
pub fn rule_files(path: &Path, errors: &mut Vec<RuleError>) -> Vec<PathBuf> {
    let shown = path.display().to_string();
    let fail = |message: String| RuleError::new(&shown, "", None, message);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut files: Vec<PathBuf> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                    .collect();
                files.sort();
                files
            }
            Err(e) => {
                errors.push(fail(format!("cannot read the rules folder: {e}")));
                Vec::new()
            }
        },
        Ok(_) => vec![path.to_path_buf()],
        Err(e) => {
            errors.push(fail(format!("cannot read rules: {e}")));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "house.test"
kind = "pattern"
severity = "warning"
summary = "A test rule"
message = "write {replacement}, not {match}"

[options]
pattern = "\\bKiev\\b"
replacement = "Kyiv"
"#;

    #[test]
    fn shipped_rules_load() {
        let set = RuleSet::builtin();
        assert_eq!(set.rules.len(), BUILTIN.len());
        for kind in Kind::ALL {
            assert!(
                set.rules.iter().any(|r| r.kind == kind),
                "no shipped rule of kind {}",
                kind.name()
            );
        }
    }

    #[test]
    fn a_good_rule_parses() {
        let r = parse_rule(GOOD, "r.toml").unwrap();
        assert_eq!(r.id, "house.test");
        assert_eq!(r.kind, Kind::Pattern);
        assert_eq!(r.severity, Severity::Warning);
        assert!(r.enabled);
    }

    #[test]
    fn errors_point_at_the_line() {
        let bad_kind = GOOD.replace("kind = \"pattern\"", "kind = \"quote.wordz\"");
        let e = parse_rule(&bad_kind, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 3, "{e}");
        assert!(e.message.contains("unknown kind"), "{e}");

        let bad_field = GOOD.replace("replacement =", "replacment =");
        let e = parse_rule(&bad_field, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 10, "{e}");
        assert!(e.message.contains("replacment"), "{e}");

        let bad_regex = GOOD.replace("\\\\bKiev\\\\b", "(Kiev");
        let e = parse_rule(&bad_regex, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 9, "{e}");

        let bad_placeholder = GOOD.replace("{match}", "{speeker}");
        let e = parse_rule(&bad_placeholder, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 6, "{e}");
        assert!(e.message.contains("speeker"), "{e}");

        let syntax = GOOD.replace("severity = \"warning\"", "severity = warning");
        let e = parse_rule(&syntax, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 4, "{e}");

        let bad_severity = GOOD.replace("\"warning\"", "\"fatal\"");
        let e = parse_rule(&bad_severity, "r.toml").unwrap_err();
        assert_eq!(e.line_col().0, 4, "{e}");
    }

    #[test]
    fn a_later_rule_replaces_by_id() {
        let mut set = RuleSet::builtin();
        let n = set.rules.len();
        let mut r = parse_rule(GOOD, "r.toml").unwrap();
        r.id = "quote.wording".into();
        set.add(r);
        assert_eq!(set.rules.len(), n);
        assert_eq!(set.get("quote.wording").unwrap().kind, Kind::Pattern);
    }

    #[test]
    fn scope_matches_outlets_and_paths() {
        let text = format!("{GOOD}\n[scope]\noutlets = [\"River Daily\"]\npaths = [\"**/desk/*.md\"]\n");
        let r = parse_rule(&text, "r.toml").unwrap();
        assert!(r.scope.contains("a/desk/x.md", Some("river daily")));
        assert!(!r.scope.contains("a/desk/x.md", Some("Valley Courier")));
        assert!(!r.scope.contains("a/other/x.md", Some("River Daily")));
    }
}
