//! Message templates: text with `{placeholder}`s a checker fills in.
//! `{{` and `}}` are literal braces.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(String),
}

/// A parsed message template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
    pub source: String,
}

impl Template {
    /// Parses `text`; every placeholder must be one of `allowed`.
    pub fn parse(text: &str, allowed: &[&str]) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let rest = &text[i + 1..];
                    let Some(end) = rest.find('}') else {
                        return Err(format!("unclosed `{{` at character {} of the message", i + 1));
                    };
                    let name = rest[..end].trim();
                    if !allowed.contains(&name) {
                        return Err(format!(
                            "unknown placeholder `{{{name}}}` in the message; this kind has {}",
                            allowed
                                .iter()
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    if !lit.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Var(name.to_string()));
                    for _ in 0..end + 1 {
                        chars.next();
                    }
                }
                '}' => return Err(format!("unmatched `}}` at character {} of the message", i + 1)),
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Text(lit));
        }
        Ok(Template {
            pieces,
            source: text.to_string(),
        })
    }

    /// Fills in the placeholders; a value the checker did not give is "?".
    pub fn render(&self, vars: &BTreeMap<&str, String>) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => out.push_str(vars.get(v.as_str()).map_or("?", String::as_str)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders_and_braces() {
        let t = Template::parse("{outlet} says {{x}} {value}", &["outlet", "value"]).unwrap();
        let vars = BTreeMap::from([("outlet", "A".to_string()), ("value", "3".to_string())]);
        assert_eq!(t.render(&vars), "A says {x} 3");
    }

    #[test]
    fn rejects_unknown_and_unclosed() {
        assert!(Template::parse("{nope}", &["outlet"]).unwrap_err().contains("nope"));
        assert!(Template::parse("{outlet", &["outlet"]).is_err());
        assert!(Template::parse("a } b", &["outlet"]).is_err());
    }
}
