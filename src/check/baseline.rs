//! Baselines: today's findings, recorded by fingerprint, so that a desk
//! can adopt crosscheck on an archive and see only what is new.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Finding;
use crate::diag::Diagnostic;
use crate::document::Document;

/// One recorded finding. Only the fingerprint is matched; the rest says
/// what it was, for people reading the file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub paths: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub hidden: usize,
    /// Entries no finding matched any more: fixed, or edited away.
    pub stale: Vec<Entry>,
}

impl Baseline {
    /// Records `findings` (sorted by fingerprint, each once).
    pub fn record(docs: &[Document], findings: &[Finding]) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|f| {
                let mut paths: Vec<String> = f.locations.iter().map(|l| docs[l.doc].name()).collect();
                paths.dedup();
                Entry {
                    fingerprint: f.fingerprint.clone(),
                    rule: f.rule.clone(),
                    message: f.message.clone(),
                    paths,
                }
            })
            .collect();
        entries.sort();
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Baseline {
            version: 1,
            findings: entries,
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a baseline serialises");
        s.push('\n');
        s
    }

    /// Reads a baseline file; errors name the file (and line).
    pub fn load(path: &std::path::Path) -> Result<Baseline, Diagnostic> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::error(&shown, format!("cannot read the baseline: {e}")))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            Diagnostic::error(&shown, format!("not a crosscheck baseline: {e}")).at(e.line(), Some(e.column()))
        })?;
        if b.version != 1 {
            return Err(Diagnostic::error(
                &shown,
                format!("baseline version {} is not one this crosscheck reads (1)", b.version),
            ));
        }
        Ok(b)
    }

    /// Removes the findings the baseline records.
    pub fn apply(&self, findings: &mut Vec<Finding>) -> Applied {
        let known: BTreeSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let seen: BTreeSet<String> = findings.iter().map(|f| f.fingerprint.clone()).collect();
        let before = findings.len();
        findings.retain(|f| !known.contains(f.fingerprint.as_str()));
        Applied {
            hidden: before - findings.len(),
            stale: self
                .findings
                .iter()
                .filter(|e| !seen.contains(&e.fingerprint))
                .cloned()
                .collect(),
        }
    }
}
