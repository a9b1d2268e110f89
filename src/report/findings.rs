//! Findings as JSON and as compiler-style diagnostics (miette).

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};

use super::JsonSpan;
use crate::align::Alignment;
use crate::check::Finding;
use crate::document::Document;
use crate::rules::{Kind, RuleSet, Severity};

/// A finding as the JSON formats give it (one line of `--format jsonl`),
/// and as `crosscheck stage report` reads it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JsonFinding {
    pub rule: String,
    pub kind: String,
    pub severity: Severity,
    pub message: String,
    pub fingerprint: String,
    pub story: Option<usize>,
    pub locations: Vec<JsonSpan>,
}

/// Counts for the summary line and the JSON summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub documents: usize,
    pub outlets: usize,
    pub stories: usize,
    pub rules: usize,
    /// Findings the baseline hid, and its entries nothing matched any more
    /// (only with `--baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baselined: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<usize>,
    /// Articles left out after an internal error (only when there are any).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<usize>,
}

impl Summary {
    pub fn new(docs: &[Document], alignment: &Alignment, rules: &RuleSet, findings: &[Finding]) -> Summary {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let outlets: std::collections::BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
        Summary {
            findings: findings.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            documents: docs.len(),
            outlets: outlets.len(),
            stories: alignment.stories.len(),
            rules: rules.enabled().count(),
            baselined: None,
            stale: None,
            left_out: None,
        }
    }
}

impl JsonFinding {
    /// A finding with its locations as the JSON formats give them.
    pub fn of(f: &Finding, locations: Vec<JsonSpan>) -> JsonFinding {
        JsonFinding {
            rule: f.rule.clone(),
            kind: f.kind.name().to_string(),
            severity: f.severity,
            message: f.message.clone(),
            fingerprint: f.fingerprint.clone(),
            story: f.story,
            locations,
        }
    }
}

/// A finding as the JSON formats give it.
pub fn json_finding(docs: &[Document], f: &Finding) -> JsonFinding {
    JsonFinding::of(f, super::formats::json_locations(docs, f))
}

/// Every finding as the JSON formats give it, in order.
pub fn json_findings(docs: &[Document], findings: &[Finding]) -> Vec<JsonFinding> {
    findings.iter().map(|f| json_finding(docs, f)).collect()
}

/// `{"version":1,"findings":[…],"summary":{…}}`, one finding per line.
pub fn write_json(out: &mut dyn Write, findings: &[JsonFinding], summary: &Summary) -> io::Result<()> {
    writeln!(out, "{{\"version\":1,\"findings\":[")?;
    for (i, f) in findings.iter().enumerate() {
        serde_json::to_writer(&mut *out, f)?;
        writeln!(out, "{}", if i + 1 < findings.len() { "," } else { "" })?;
    }
    write!(out, "],\"summary\":")?;
    serde_json::to_writer(&mut *out, summary)?;
    writeln!(out, "}}")
}

/// A finding as miette renders it: the primary span with its source, and
/// each other outlet's span as a related diagnostic with its own source.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: NamedSource<Arc<str>>,
    label: LabeledSpan,
    related: Vec<Rendered>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
        }
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn outlet_label(doc: &Document) -> String {
    doc.outlet.clone().unwrap_or_else(|| "outlet unknown".to_string())
}

fn render(docs: &[Document], rules: &RuleSet, f: &Finding) -> Rendered {
    let rule = rules.get(&f.rule);
    let part = |i: usize, primary: bool| {
        let l = &f.locations[i];
        let doc = &docs[l.doc];
        let at = f.marks.get(i).copied().flatten().unwrap_or(l.src);
        let span = SourceSpan::new(at.start.into(), at.len());
        let label = if primary {
            LabeledSpan::new_primary_with_span(Some(outlet_label(doc)), span)
        } else {
            LabeledSpan::new_with_span(Some(outlet_label(doc)), span)
        };
        (NamedSource::new(doc.name(), doc.source.clone()), label)
    };
    let (source, label) = part(0, true);
    let related = (1..f.locations.len())
        .map(|i| {
            let l = &f.locations[i];
            let (source, label) = part(i, false);
            Rendered {
                message: format!("{} has it this way", outlet_label(&docs[l.doc])),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                url: None,
                source,
                label,
                related: Vec::new(),
            }
        })
        .collect();
    Rendered {
        message: f.message.clone(),
        code: f.rule.clone(),
        severity: miette_severity(f.severity),
        help: rule.and_then(|r| r.help.clone()),
        url: rule.and_then(|r| r.url.clone()),
        source,
        label,
        related,
    }
}

/// Whether to colour: a terminal, no NO_COLOR (CLICOLOR_FORCE forces).
pub fn use_color(is_terminal: bool) -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
    if set("CLICOLOR_FORCE") {
        return true;
    }
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The findings as diagnostics, then a summary line.
pub fn write_human(
    out: &mut dyn Write,
    docs: &[Document],
    rules: &RuleSet,
    findings: &[Finding],
    summary: &Summary,
    color: bool,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_context_lines(1);
    // Grouped by story (findings outside any story last), in order within.
    let mut order: Vec<&Finding> = findings.iter().collect();
    order.sort_by_key(|f| (f.story.is_none(), f.story));
    let mut current: Option<Option<usize>> = None;
    for f in order {
        if current != Some(f.story) {
            current = Some(f.story);
            let mut outlets: Vec<String> = Vec::new();
            for g in findings.iter().filter(|g| g.story == f.story) {
                for l in &g.locations {
                    let o = outlet_label(&docs[l.doc]);
                    if !outlets.contains(&o) {
                        outlets.push(o);
                    }
                }
            }
            match f.story {
                Some(id) => writeln!(out, "── story {id}: {} ──\n", outlets.join(", "))?,
                None => writeln!(out, "── outside any story ──\n")?,
            }
        }
        let r = render(docs, rules, f);
        let mut s = String::new();
        handler
            .render_report(&mut s, &r)
            .map_err(|e| io::Error::other(e.to_string()))?;
        writeln!(out, "{}", s.trim_end())?;
        // The two statements word by word, when they differ.
        if let [a, b, ..] = f.locations.as_slice() {
            // An attribution is compared in the quotes' sentences, where the
            // speakers are named.
            let span = |l: &crate::check::Location| match f.kind {
                Kind::QuoteAttribution => super::diff::in_sentences(&docs[l.doc], l.src),
                _ => l.src,
            };
            let (ta, tb) = (docs[a.doc].text(span(a)), docs[b.doc].text(span(b)));
            let runs = super::diff::word_diff(ta, tb);
            if ta.len() + tb.len() <= 2000 && super::diff::changes(&runs) {
                writeln!(
                    out,
                    "  diff {} → {}:\n    {}",
                    outlet_label(&docs[a.doc]),
                    outlet_label(&docs[b.doc]),
                    super::diff::inline(&runs, color)
                )?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(summary))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 error, 2 warnings, 1 info in 5 articles from 3 outlets (1 story)".
pub fn summary_line(s: &Summary) -> String {
    let base = match (s.baselined, s.stale) {
        (Some(h), Some(st)) => format!("; {h} hidden by the baseline, {st} stale baseline entries"),
        _ => String::new(),
    };
    let left = match s.left_out {
        Some(n) => format!(
            "; {} left out after an internal error",
            plural(n, "article", "articles")
        ),
        None => String::new(),
    };
    format!(
        "crosscheck: {}, {}, {} in {} from {} ({}, {} checked){base}{left}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.documents, "article", "articles"),
        plural(s.outlets, "outlet", "outlets"),
        plural(s.stories, "story", "stories"),
        plural(s.rules, "rule", "rules"),
    )
}
