//! Machine formats for findings: JSON Lines, SARIF 2.1.0, GitHub Actions
//! workflow commands, and one concise line per finding.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::JsonSpan;
use super::findings::JsonFinding;
use crate::check::Finding;
use crate::document::Document;
use crate::rules::{RuleSet, Severity};

/// One finding per line, each as in the JSON format.
pub fn write_jsonl(out: &mut dyn Write, findings: &[JsonFinding]) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, f)?;
        writeln!(out)?;
    }
    Ok(())
}

/// A path as a relative URI reference: `/` kept, anything outside the
/// unreserved set percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A SARIF location: the file, and the region in it. A record of a file
/// of many records is addressed by its line in the file.
fn sarif_location(l: &JsonSpan, id: Option<usize>) -> Value {
    let region = match l.record {
        Some(line) => json!({
            "startLine": line,
            "snippet": {"text": l.text},
        }),
        None => json!({
            "startLine": l.start_line,
            "startColumn": l.start_column,
            "endLine": l.end_line,
            "endColumn": l.end_column + 1,
            "byteOffset": l.byte_start,
            "byteLength": l.byte_end - l.byte_start,
            "snippet": {"text": l.text},
        }),
    };
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(l.file())},
            "region": region,
        },
    });
    if let Some(id) = id {
        loc["id"] = json!(id);
        loc["message"] = json!({"text": l.label()});
    }
    loc
}

/// SARIF 2.1.0: one run, the rules with their help in `tool.driver.rules`,
/// one result per finding with the other outlets as related locations.
pub fn write_sarif(out: &mut dyn Write, rules: &RuleSet, findings: &[JsonFinding]) -> io::Result<()> {
    let driver_rules: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            let mut v = json!({
                "id": r.id,
                "name": r.id.replace(['.', '-'], "_"),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.description.as_deref().map_or(r.summary.as_str(), str::trim)},
                "defaultConfiguration": {"level": level(r.severity), "enabled": r.enabled},
                "properties": {"kind": r.kind.name()},
            });
            if let Some(h) = &r.help {
                v["help"] = json!({"text": h});
            }
            if let Some(u) = &r.url {
                v["helpUri"] = json!(u);
            }
            v
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .filter(|f| !f.locations.is_empty())
        .map(|f| {
            let mut v = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [sarif_location(&f.locations[0], None)],
                "partialFingerprints": {"crosscheck/v1": f.fingerprint},
            });
            if let Some(i) = rules.rules.iter().position(|r| r.id == f.rule) {
                v["ruleIndex"] = json!(i);
            }
            if f.locations.len() > 1 {
                v["relatedLocations"] = Value::Array(
                    f.locations[1..]
                        .iter()
                        .enumerate()
                        .map(|(i, l)| sarif_location(l, Some(i + 1)))
                        .collect(),
                );
            }
            if let Some(s) = f.story {
                v["properties"] = json!({"story": s});
            }
            v
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "crosscheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/crosscheck",
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// Escapes a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: `::error file=…,line=…,endLine=…,title=…::message`,
/// the other outlets' places folded into the message.
pub fn write_github(out: &mut dyn Write, findings: &[JsonFinding]) -> io::Result<()> {
    for f in findings {
        let cmd = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let Some(l) = f.locations.first() else { continue };
        let (line, end) = l.record.map_or((l.start_line, l.end_line), |r| (r, r));
        let mut message = f.message.clone();
        for o in &f.locations[1..] {
            message.push_str(&format!(
                "\n{}: {}:{}: {}",
                o.outlet.as_deref().unwrap_or("outlet unknown"),
                o.path,
                o.start_line,
                o.text
            ));
        }
        writeln!(
            out,
            "::{cmd} file={},line={line},endLine={end},title={}::{}",
            escape_property(l.file()),
            escape_property(&format!("crosscheck {}", f.rule)),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// `path:line:column: severity[rule]: message`, one line per finding.
pub fn write_concise(out: &mut dyn Write, findings: &[JsonFinding]) -> io::Result<()> {
    for f in findings {
        let Some(l) = f.locations.first() else { continue };
        let others: Vec<String> = f.locations[1..]
            .iter()
            .map(|o| format!("{}:{}", o.path, o.start_line))
            .collect();
        write!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            l.path,
            l.start_line,
            l.start_column,
            f.severity.name(),
            f.rule,
            f.message.replace('\n', " ")
        )?;
        if !others.is_empty() {
            write!(out, " (see {})", others.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Location spans of a finding for JSON.
pub(crate) fn json_locations(docs: &[Document], f: &Finding) -> Vec<JsonSpan> {
    f.locations
        .iter()
        .map(|l| {
            let doc = &docs[l.doc];
            JsonSpan::new(doc, l.src, doc.text(l.src))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_escapes() {
        assert_eq!(uri("seeds/002 a,b.txt"), "seeds/002%20a%2Cb.txt");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("a\nb"), "a%0Ab");
    }
}
