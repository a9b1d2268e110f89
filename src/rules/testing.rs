//! `crosscheck rules test`: runs each rule's inline `[[test]]` cases
//! through the whole pipeline and compares the findings with those
//! expected.

use std::path::Path;
use std::sync::Arc;

use super::{Rule, RuleSet, RuleTest, Severity};
use crate::align::Aligner;
use crate::check::Finding;
use crate::config::Config;
use crate::document::Document;
use crate::ingest::Ingest;
use crate::lexicon::Lexicon;

/// The outcome of one test case.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub rule: String,
    pub name: String,
    /// Where the case is: the rule file and the `[[test]]` line.
    pub origin: String,
    pub line: usize,
    /// Empty when the case passed.
    pub failures: Vec<String>,
}

/// The documents of a test case: each article as a Markdown file
/// `test-N.md` (every line is article text; line 1 is the text's first
/// line), with the case's outlet, date and title.
pub fn articles(test: &RuleTest, lex: &Lexicon, config: &Config) -> (Vec<Document>, Vec<String>) {
    let ingest = Ingest::new(lex, config);
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (i, a) in test.articles.iter().enumerate() {
        let shown = format!("test-{}.md", i + 1);
        let mut diags = Vec::new();
        let mut doc = ingest.read_text(&shown, Path::new(&shown), Arc::from(a.text.as_str()), &mut diags);
        for d in diags {
            problems.push(d.to_string());
        }
        if let Some(o) = &a.outlet {
            doc.outlet = Some(lex.outlets.canonical(o));
        }
        if let Some(p) = &a.published {
            match crate::ingest::dates::parse_date(p, lex) {
                Some(d) => doc.published = Some(d),
                None => problems.push(format!("article {}: cannot read the date {p:?}", i + 1)),
            }
        }
        if a.title.is_some() {
            doc.title = a.title.clone();
        }
        docs.push(doc);
    }
    (docs, problems)
}

fn describe(docs: &[Document], f: &Finding) -> String {
    let l = f.locations[0];
    let doc = &docs[l.doc];
    let line = doc.span_lines(l.src).0.line;
    format!("article {} line {line}: {}", l.doc + 1, f.message)
}

/// Runs one rule's cases.
pub fn run_rule(rule: &Rule, lex: &Lexicon, config: &Config, aligner: &Aligner) -> Vec<Outcome> {
    let mut only = rule.clone();
    only.enabled = true;
    let mut out = Vec::new();
    for test in &rule.tests {
        let mut this = only.clone();
        if let Some(o) = &test.with_options {
            this.options = o.clone();
        }
        let set = RuleSet { rules: vec![this] };
        let (docs, mut failures) = articles(test, lex, config);
        let (_, _, findings) = crate::check::pipeline(&docs, lex, aligner, &set);
        let mut unmatched: Vec<&Finding> = findings.iter().collect();
        for e in &test.expect {
            let hit = unmatched.iter().position(|f| {
                let l = f.locations[0];
                let line = docs[l.doc].span_lines(l.src).0.line;
                l.doc + 1 == e.article
                    && e.line.is_none_or(|want| want == line)
                    && e.message.as_deref().is_none_or(|m| f.message.contains(m))
                    && e.severity.is_none_or(|s| s == f.severity)
            });
            match hit {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => failures.push(format!(
                    "expected {} finding in article {}{}{}; not found",
                    match e.severity {
                        None => "a",
                        Some(Severity::Info) => "an info",
                        Some(Severity::Warning) => "a warning",
                        Some(Severity::Error) => "an error",
                    },
                    e.article,
                    e.line.map_or(String::new(), |l| format!(" line {l}")),
                    e.message
                        .as_deref()
                        .map_or(String::new(), |m| format!(" containing {m:?}")),
                )),
            }
        }
        for f in unmatched {
            failures.push(format!("unexpected finding: {}", describe(&docs, f)));
        }
        out.push(Outcome {
            rule: rule.id.clone(),
            name: test.name.clone(),
            origin: rule.origin.clone(),
            line: test.line,
            failures,
        });
    }
    out
}

/// Runs the cases of every rule in the set, in order.
pub fn run_all(rules: &RuleSet, lex: &Lexicon, config: &Config, aligner: &Aligner) -> Vec<Outcome> {
    rules
        .rules
        .iter()
        .flat_map(|r| run_rule(r, lex, config, aligner))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rule_cases_pass() {
        let config = Config::default();
        let lex = Lexicon::builtin();
        let aligner = Aligner::builtin();
        let outcomes = run_all(&RuleSet::builtin(), lex, &config, aligner);
        assert!(outcomes.len() >= 12, "{}", outcomes.len());
        let failed: Vec<String> = outcomes
            .iter()
            .filter(|o| !o.failures.is_empty())
            .map(|o| format!("{} / {}: {}", o.rule, o.name, o.failures.join("; ")))
            .collect();
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }
}
