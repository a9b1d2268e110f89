//! Front matter and JSON records: the fields crosscheck reads and the
//! rest, kept as metadata.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::text::Span;

/// Metadata fields of a front matter block or a record, keys as written.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    pub title: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub id: Option<String>,
    /// Categories and tags: outlet names hide here in Hugo exports.
    pub labels: Vec<String>,
    pub rest: BTreeMap<String, Value>,
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(as_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(as_text),
        _ => None,
    }
}

impl Fields {
    /// Sorts a map of fields into the ones crosscheck reads and the rest.
    /// `text_key` is left out of `rest` (a record's article text).
    pub fn from_map(map: serde_json::Map<String, Value>) -> Fields {
        let mut f = Fields::default();
        for (key, value) in map {
            let k = key.to_ascii_lowercase().replace(['-', '_'], "");
            let slot = match k.as_str() {
                "title" | "headline" => &mut f.title,
                "date" | "published" | "publishdate" | "pubdate" | "publishedat" | "datepublished"
                | "publicationdate" | "created" | "createdat" => &mut f.date,
                "outlet" | "publisher" | "source" | "site" | "sitename" | "publication" | "outletname" => &mut f.outlet,
                "url" | "link" | "canonical" | "canonicalurl" | "sourceurl" | "permalink" => &mut f.url,
                "author" | "authors" | "byline" | "by" => &mut f.byline,
                "id" | "uid" | "guid" => &mut f.id,
                "categories" | "category" | "tags" => {
                    match &value {
                        Value::Array(items) => f.labels.extend(items.iter().filter_map(as_text)),
                        other => f.labels.extend(as_text(other)),
                    }
                    f.rest.insert(key, value);
                    continue;
                }
                _ => {
                    f.rest.insert(key, value);
                    continue;
                }
            };
            if slot.is_none() {
                *slot = as_text(&value);
            } else {
                f.rest.insert(key, value);
            }
        }
        f
    }
}

/// The front matter of a markdown file.
#[derive(Clone, Debug)]
pub struct FrontMatter {
    pub fields: Fields,
    /// The whole block, fences included.
    pub span: Span,
}

/// What reading front matter gave.
#[derive(Debug)]
pub enum FrontMatterResult {
    None,
    Yaml(FrontMatter),
    Toml(FrontMatter),
    /// Opened but broken: message, 1-based line and column in the file.
    Broken {
        message: String,
        line: usize,
        column: Option<usize>,
        span: Span,
        toml: bool,
    },
}

/// Finds the end of a fenced block whose first line is `fence`: the
/// offset of the closing fence line and the offset after it.
fn closing_fence(source: &str, from: usize, fences: &[&str]) -> Option<(usize, usize)> {
    let mut pos = from;
    while pos < source.len() {
        let rest = &source[pos..];
        let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..line_len].trim_end_matches(['\n', '\r']);
        if fences.contains(&line.trim_end()) {
            return Some((pos, pos + line_len));
        }
        pos += line_len;
    }
    None
}

/// Reads front matter at the start of `source` (after a byte-order mark).
pub fn read_front_matter(source: &str) -> FrontMatterResult {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let head = &source[start..];
    let first_len = head.find('\n').map_or(head.len(), |i| i + 1);
    let first = head[..first_len].trim_end();
    let toml = match first {
        "---" => false,
        "+++" => true,
        _ => return FrontMatterResult::None,
    };
    let body_from = start + first_len;
    let fences: &[&str] = if toml { &["+++"] } else { &["---", "..."] };
    let Some((close, after)) = closing_fence(source, body_from, fences) else {
        return FrontMatterResult::Broken {
            message: "front matter is never closed; reading the file without it".into(),
            line: 1,
            column: None,
            span: Span::new(start, start + first_len),
            toml,
        };
    };
    let inner = &source[body_from..close];
    let first_line = source[..body_from].matches('\n').count() + 1;
    let span = Span::new(start, after);
    let parsed = if toml { parse_toml(inner) } else { parse_yaml(inner) };
    match parsed {
        Ok(map) => {
            let fm = FrontMatter {
                fields: Fields::from_map(map),
                span,
            };
            if toml {
                FrontMatterResult::Toml(fm)
            } else {
                FrontMatterResult::Yaml(fm)
            }
        }
        Err((message, line, column)) => FrontMatterResult::Broken {
            message,
            line: first_line + line.saturating_sub(1),
            column,
            span,
            toml,
        },
    }
}

type ParseError = (String, usize, Option<usize>);

fn parse_toml(inner: &str) -> Result<serde_json::Map<String, Value>, ParseError> {
    match inner.parse::<toml::Table>() {
        Ok(table) => Ok(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
        Err(e) => {
            let (line, col) = e
                .span()
                .map(|s| crate::diag::line_col(inner, s.start))
                .map_or((1, None), |(l, c)| (l, Some(c)));
            Err((format!("TOML front matter: {}", e.message()), line, col))
        }
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

fn parse_yaml(inner: &str) -> Result<serde_json::Map<String, Value>, ParseError> {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(inner).map_err(|e| {
        let m = e.marker();
        (format!("YAML front matter: {}", e.info()), m.line(), Some(m.col() + 1))
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(serde_json::Map::new());
    };
    fn conv(y: Yaml) -> Value {
        match y {
            Yaml::Real(s) => s
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::String(s), Value::Number),
            Yaml::Integer(i) => Value::from(i),
            Yaml::String(s) => Value::String(s),
            Yaml::Boolean(b) => Value::Bool(b),
            Yaml::Array(a) => Value::Array(a.into_iter().map(conv).collect()),
            Yaml::Hash(h) => Value::Object(
                h.into_iter()
                    .filter_map(|(k, v)| {
                        let key = match k {
                            Yaml::String(s) => s,
                            Yaml::Integer(i) => i.to_string(),
                            Yaml::Boolean(b) => b.to_string(),
                            Yaml::Real(r) => r,
                            _ => return None,
                        };
                        Some((key, conv(v)))
                    })
                    .collect(),
            ),
            _ => Value::Null,
        }
    }
    match conv(doc) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(serde_json::Map::new()),
        _ => Err(("YAML front matter is not a mapping of keys to values".into(), 1, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let src = "---\ntitle: \"A ‘quoted’ title\"\ndate: \"2025-02-13 06:16:10\"\ncategories:\n  - \"thehill\"\nsidebar: right\n---\n\nBody.\n";
        let FrontMatterResult::Yaml(fm) = read_front_matter(src) else {
            panic!("yaml")
        };
        assert_eq!(fm.fields.title.as_deref(), Some("A ‘quoted’ title"));
        assert_eq!(fm.fields.date.as_deref(), Some("2025-02-13 06:16:10"));
        assert_eq!(fm.fields.labels, vec!["thehill"]);
        assert!(fm.fields.rest.contains_key("sidebar"));
        assert_eq!(&src[fm.span.end..], "\nBody.\n");
    }

    #[test]
    fn toml_front_matter_and_errors() {
        let src = "+++\ntitle = \"T\"\ndate = 2025-02-12T10:00:00Z\n+++\nBody";
        let FrontMatterResult::Toml(fm) = read_front_matter(src) else {
            panic!("toml")
        };
        assert_eq!(fm.fields.date.as_deref(), Some("2025-02-12T10:00:00Z"));
        let broken = "---\ntitle: [unclosed\nx: y\n---\nBody";
        match read_front_matter(broken) {
            FrontMatterResult::Broken { line, .. } => assert!(line >= 2, "{line}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_front_matter("---\ntitle: x\n"),
            FrontMatterResult::Broken { line: 1, .. }
        ));
        assert!(matches!(read_front_matter("Plain"), FrontMatterResult::None));
    }
}
