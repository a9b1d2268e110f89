//! Word-level diffs of two statements, and `crosscheck diff`: the aligned
//! statements of each story, conflicting ones first, for a terminal, as
//! Markdown, or as one self-contained HTML page.

use std::collections::BTreeMap;
use std::io::{self, Write};

use similar::{ChangeTag, TextDiff};

use crate::align::{Alignment, Pair, PairKind, Relation};
use crate::check::{Finding, Location};
use crate::document::Document;
use crate::text::Span;

/// One run of a word diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Same(String),
    /// Only in the first text.
    Old(String),
    /// Only in the second.
    New(String),
}

/// Curly quote marks and apostrophes as straight ones: typography is not
/// a difference worth showing.
fn fold_marks(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' | '„' | '″' => '"',
            c => c,
        })
        .collect()
}

/// The word-level differences of two texts, runs of the same kind merged.
/// Quote marks are shown straight, so that typography does not show as a
/// change.
pub fn word_diff(a: &str, b: &str) -> Vec<Run> {
    let (a, b) = (fold_marks(a), fold_marks(b));
    let diff = TextDiff::configure().diff_words(&a, &b);
    let mut runs: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), runs.last_mut()) {
            (ChangeTag::Equal, Some(Run::Same(s)))
            | (ChangeTag::Delete, Some(Run::Old(s)))
            | (ChangeTag::Insert, Some(Run::New(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => runs.push(Run::Same(text.to_string())),
            (ChangeTag::Delete, _) => runs.push(Run::Old(text.to_string())),
            (ChangeTag::Insert, _) => runs.push(Run::New(text.to_string())),
        }
    }
    merge_changes(runs)
}

/// Joins changes separated only by spaces into one removed and one added
/// run: "[-said Councilmember-]{+Council President+}", not word by word.
fn merge_changes(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let (mut old, mut new) = (String::new(), String::new());
    let is_change = |r: Option<&Run>| r.is_some_and(|r| !matches!(r, Run::Same(_)));
    let mut i = 0;
    while i < runs.len() {
        match &runs[i] {
            Run::Old(s) => old.push_str(s),
            Run::New(s) => new.push_str(s),
            Run::Same(s)
                if s.trim().is_empty() && !(old.is_empty() && new.is_empty()) && is_change(runs.get(i + 1)) =>
            {
                old.push_str(s);
                new.push_str(s);
            }
            Run::Same(s) => {
                flush(&mut out, &mut old, &mut new);
                out.push(Run::Same(s.clone()));
            }
        }
        i += 1;
    }
    flush(&mut out, &mut old, &mut new);
    out
}

fn flush(out: &mut Vec<Run>, old: &mut String, new: &mut String) {
    // A side that only gathered spaces has no words of its own.
    if !old.trim().is_empty() {
        out.push(Run::Old(std::mem::take(old)));
    }
    if !new.trim().is_empty() {
        out.push(Run::New(std::mem::take(new)));
    }
    old.clear();
    new.clear();
}

/// Whether a diff changes anything.
pub fn changes(runs: &[Run]) -> bool {
    runs.iter().any(|r| !matches!(r, Run::Same(_)))
}

/// A diff on one line: `[-old-]{+new+}` markers, or red and green.
pub fn inline(runs: &[Run], color: bool) -> String {
    let mut out = String::new();
    for r in runs {
        match (r, color) {
            (Run::Same(s), _) => out.push_str(s),
            (Run::Old(s), false) => out.push_str(&format!("[-{}-]", s.trim_end())),
            (Run::New(s), false) => out.push_str(&format!("{{+{}+}}", s.trim_end())),
            (Run::Old(s), true) => out.push_str(&format!("\x1b[31;9m{}\x1b[0m", s.trim_end())),
            (Run::New(s), true) => out.push_str(&format!("\x1b[32;4m{}\x1b[0m", s.trim_end())),
        }
        if !matches!(r, Run::Same(_)) && r_text(r).ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

fn r_text(r: &Run) -> &str {
    match r {
        Run::Same(s) | Run::Old(s) | Run::New(s) => s,
    }
}

/// Output format of `crosscheck diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Terminal { color: bool },
    Markdown,
    Html,
}

/// A pair as the review shows it: its two statements and the findings
/// that touch either of them.
struct Row<'a> {
    pair: &'a Pair,
    findings: Vec<&'a Finding>,
    /// Of those, the ones not shown at an earlier row of the story: a
    /// finding against several outlets is shown once, above all its pairs.
    first_shown: Vec<&'a Finding>,
}

fn touches_at(locations: &[Location], doc: usize, span: Span) -> bool {
    locations
        .iter()
        .any(|l| l.doc == doc && l.src.start < span.end && span.start < l.src.end)
}

/// The pairs of each story (cross-outlet first), conflicting ones first.
fn rows<'a>(alignment: &'a Alignment, findings: &'a [Finding]) -> BTreeMap<usize, Vec<Row<'a>>> {
    let mut by_story: BTreeMap<usize, Vec<Row<'a>>> = BTreeMap::new();
    for p in &alignment.pairs {
        let Some(story) = p.story else { continue };
        // A quote pair repeats its sentence pair; keep sentences, and quotes
        // whose sentences did not align.
        if p.kind == PairKind::Quote
            && alignment.pairs.iter().any(|s| {
                s.kind == PairKind::Sentence
                    && s.a.doc == p.a.doc
                    && s.b.doc == p.b.doc
                    && s.a.src.start <= p.a.src.start
                    && p.a.src.end <= s.a.src.end
            })
        {
            continue;
        }
        let fs: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                // The pair sets the finding's primary statement against another.
                let primary = |doc: usize, span: Span| touches_at(&f.locations[..1], doc, span);
                let other = |doc: usize, span: Span| touches_at(&f.locations[1..], doc, span);
                (primary(p.a.doc, p.a.src) && other(p.b.doc, p.b.src))
                    || (primary(p.b.doc, p.b.src) && other(p.a.doc, p.a.src))
            })
            .collect();
        by_story.entry(story).or_default().push(Row {
            pair: p,
            findings: fs,
            first_shown: Vec::new(),
        });
    }
    // A finding's place in `findings`: the rows of one finding stay
    // together.
    let index = |f: &Finding| findings.iter().position(|x| std::ptr::eq(x, f));
    for rows in by_story.values_mut() {
        rows.sort_by_key(|r| {
            let worst = r.findings.iter().map(|f| f.severity).max();
            (
                std::cmp::Reverse(worst),
                r.findings.first().and_then(|f| index(f)),
                r.pair.relation != Relation::CrossOutlet,
                r.pair.a.doc,
                r.pair.a.src.start,
                r.pair.b.doc,
                r.pair.b.src.start,
            )
        });
        let mut shown: Vec<&Finding> = Vec::new();
        for r in rows.iter_mut() {
            for &f in &r.findings {
                if !shown.iter().any(|s| std::ptr::eq(*s, f)) {
                    shown.push(f);
                    r.first_shown.push(f);
                }
            }
        }
    }
    by_story
}

fn side_label(doc: &Document, span: Span) -> String {
    let at = doc.span_lines(span).0;
    format!(
        "{} ({}:{})",
        doc.outlet.as_deref().unwrap_or("outlet unknown"),
        doc.name(),
        at.line
    )
}

/// The sentences a span sits in, as one span.
pub(crate) fn in_sentences(doc: &Document, span: Span) -> Span {
    doc.sentences
        .iter()
        .filter(|s| s.src.start < span.end && span.start < s.src.end)
        .fold(span, |acc, s| acc.cover(s.src))
}

/// One side of a diff (the first text's when `old`), each run written by
/// `same`, `removed` or `added`.
fn one_side(
    runs: &[Run],
    old: bool,
    same: impl Fn(&str) -> String,
    removed: impl Fn(&str) -> String,
    added: impl Fn(&str) -> String,
) -> String {
    runs.iter()
        .filter_map(|run| match (run, old) {
            (Run::Same(s), _) => Some(same(s)),
            (Run::Old(s), true) => Some(removed(s)),
            (Run::New(s), false) => Some(added(s)),
            _ => None,
        })
        .collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `crosscheck diff`: every story's aligned statements.
pub fn write_review(
    out: &mut dyn Write,
    docs: &[Document],
    alignment: &Alignment,
    findings: &[Finding],
    format: DiffFormat,
) -> io::Result<()> {
    let stories = rows(alignment, findings);
    let conflicts: usize = stories.values().flatten().filter(|r| !r.findings.is_empty()).count();
    let pairs: usize = stories.values().map(Vec::len).sum();
    // Stories with conflicts first.
    let counts = format!(
        "{} stor{}, {pairs} aligned statement{}, {conflicts} with findings.",
        stories.len(),
        if stories.len() == 1 { "y" } else { "ies" },
        if pairs == 1 { "" } else { "s" },
    );
    let mut order: Vec<(&usize, &Vec<Row<'_>>)> = stories.iter().collect();
    order.sort_by_key(|(id, rows)| (rows.iter().all(|r| r.findings.is_empty()), **id));
    match format {
        DiffFormat::Html => {
            writeln!(
                out,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>crosscheck review</title>\n<style>\nbody{{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}}\nh1{{font-size:1.6rem}} h2{{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccc}}\n.pair{{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:1rem 0;padding:.75rem;border:1px solid #ddd;border-radius:6px}}\n.conflict{{border-color:#c33;background:#fff6f6}}\n.side p{{margin:.25rem 0}} .where{{font-size:.85rem;color:#666}}\n.finding{{grid-column:1/3;font-weight:600}} .error{{color:#b00}} .warning{{color:#a60}} .info{{color:#36c}}\ndel{{background:#fdd;text-decoration:line-through}} ins{{background:#dfd;text-decoration:none}}\n@media (max-width:700px){{.pair{{grid-template-columns:1fr}} .finding{{grid-column:1}}}}\n</style></head><body>\n<h1>crosscheck review</h1>\n<p>{counts}</p>"
            )?;
        }
        DiffFormat::Markdown => {
            writeln!(out, "# crosscheck review\n")?;
            writeln!(out, "{counts}")?;
        }
        DiffFormat::Terminal { .. } => {}
    }
    for (id, rows) in order {
        let mut outlets: Vec<String> = Vec::new();
        for r in rows {
            for d in [r.pair.a.doc, r.pair.b.doc] {
                let o = docs[d].outlet.clone().unwrap_or_else(|| docs[d].name());
                if !outlets.contains(&o) {
                    outlets.push(o);
                }
            }
        }
        let title = format!("Story {id}: {}", outlets.join(", "));
        match format {
            DiffFormat::Html => writeln!(out, "<h2>{}</h2>", html_escape(&title))?,
            DiffFormat::Markdown => writeln!(out, "\n## {}\n", md_escape(&title))?,
            DiffFormat::Terminal { .. } => writeln!(out, "── {title} ──")?,
        }
        for r in rows {
            let (da, db) = (&docs[r.pair.a.doc], &docs[r.pair.b.doc]);
            // A quote is shown in its sentences, attribution included.
            let (sa, sb) = match r.pair.kind {
                PairKind::Quote => (in_sentences(da, r.pair.a.src), in_sentences(db, r.pair.b.src)),
                PairKind::Sentence => (r.pair.a.src, r.pair.b.src),
            };
            let (ta, tb) = (da.text(sa), db.text(sb));
            let runs = word_diff(ta, tb);
            match format {
                DiffFormat::Terminal { color } => {
                    for f in &r.first_shown {
                        writeln!(out, "  {}[{}]: {}", f.severity.name(), f.rule, f.message)?;
                    }
                    writeln!(
                        out,
                        "  {} ~ {} ({}, {:.2})",
                        side_label(da, r.pair.a.src),
                        side_label(db, r.pair.b.src),
                        r.pair.relation.name(),
                        r.pair.score
                    )?;
                    if changes(&runs) {
                        writeln!(out, "    {}", inline(&runs, color))?;
                    } else {
                        writeln!(out, "    = {ta}")?;
                    }
                    writeln!(out)?;
                }
                DiffFormat::Markdown => {
                    for f in &r.first_shown {
                        writeln!(
                            out,
                            "- **{}** `{}`: {}",
                            f.severity.name(),
                            f.rule,
                            md_escape(&f.message)
                        )?;
                    }
                    let md = |old: bool| {
                        one_side(
                            &runs,
                            old,
                            md_escape,
                            |s| format!("~~{}~~ ", md_escape(s.trim_end())),
                            |s| format!("**{}** ", md_escape(s.trim_end())),
                        )
                    };
                    writeln!(
                        out,
                        "\n> **{}**  \n> {}",
                        md_escape(&side_label(da, r.pair.a.src)),
                        md(true).trim()
                    )?;
                    writeln!(
                        out,
                        ">\n> **{}**  \n> {}\n",
                        md_escape(&side_label(db, r.pair.b.src)),
                        md(false).trim()
                    )?;
                }
                DiffFormat::Html => {
                    let class = if r.findings.is_empty() { "pair" } else { "pair conflict" };
                    writeln!(out, "<div class=\"{class}\">")?;
                    for f in &r.first_shown {
                        writeln!(
                            out,
                            "<div class=\"finding {}\">{}: {} <code>{}</code></div>",
                            f.severity.name(),
                            f.severity.name(),
                            html_escape(&f.message),
                            html_escape(&f.rule)
                        )?;
                    }
                    for (label, old) in [
                        (side_label(da, r.pair.a.src), true),
                        (side_label(db, r.pair.b.src), false),
                    ] {
                        let body = one_side(
                            &runs,
                            old,
                            html_escape,
                            |s| format!("<del>{}</del>", html_escape(s)),
                            |s| format!("<ins>{}</ins>", html_escape(s)),
                        );
                        writeln!(
                            out,
                            "<div class=\"side\"><div class=\"where\">{}</div><p>{}</p></div>",
                            html_escape(&label),
                            body
                        )?;
                    }
                    writeln!(out, "</div>")?;
                }
            }
        }
    }
    if format == DiffFormat::Html {
        writeln!(out, "</body></html>")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs() {
        let runs = word_diff("voted on Tuesday to build", "voted on Wednesday to build");
        assert!(changes(&runs));
        assert_eq!(inline(&runs, false), "voted on [-Tuesday-]{+Wednesday+} to build");
        assert!(!changes(&word_diff("same words", "same words")));
        assert!(!changes(&word_diff("“It’s here,” he said", "\"It's here,\" he said")));
        let runs = word_diff(
            "us, said Councilmember Gareth Vollmer, who",
            "us, Council President Odile Marchetti said, who",
        );
        assert_eq!(
            inline(&runs, false),
            "us, [-said Councilmember Gareth Vollmer,-]{+Council President Odile Marchetti said,+} who"
        );
        assert_eq!(html_escape("<a & b>"), "&lt;a &amp; b&gt;");
        assert_eq!(md_escape("*x* [y]"), "\\*x\\* \\[y\\]");
    }
}
